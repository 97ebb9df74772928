//! The RevShare token's rows of ORA's table, on a token without revenue sources (ORA's token sweeps
//! nothing either), and the reference row: a plain OpenZeppelin ERC-20 (the devchain's Stylus probe,
//! `openzeppelin-stylus`'s `Erc20`).

use alloy_primitives::U256;
use alloy_sol_types::{sol, SolValue};
use anyhow::Context;
use imo_client::bindings::{erc7641::IERC7641, revshare::IRevShareToken};
use imo_client::{Backend, ETHER};

use super::Bench;
use crate::{ora::gas, Row};

sol! {
    /// The parts of ERC-20 and of the devchain probe these rows call.
    interface IErc20 {
        function transfer(address to, uint256 value) external returns (bool);
        function mint(address to, uint256 amount) external;
    }
}

/// Seconds between snapshots in this scenario.
const INTERVAL: u64 = 3_600;

/// The token's rows, in ORA's order.
///
/// # Errors
///
/// A failed step.
pub fn rows() -> anyhow::Result<Vec<Row>> {
    let mut b = Bench::new()?;
    let owner = b.imo.owner;
    let token = b.imo.backend.deploy_stylus(
        "imo-revshare-token",
        &(
            String::from("IMO Model"),
            String::from("MODEL"),
            U256::from(1_000_000u128 * ETHER),
            owner,
            8_000u16,
            INTERVAL,
            2u32,
            owner,
        )
            .abi_encode_params(),
    )?;
    let (alice, bob) = (b.account("alice")?, b.account("bob")?);
    let share = U256::from(1_000u128 * ETHER);
    for holder in [alice, bob] {
        b.imo.exec(
            "token.transfer (set-up)",
            owner,
            token,
            IErc20::transferCall {
                to: holder,
                value: share,
            },
            U256::ZERO,
        )?;
    }
    let amount = U256::from(ETHER);
    let fresh = |b: &mut Bench, label: &str| b.account(label);

    let to = fresh(&mut b, "new holder 0")?;
    b.measure(
        "token `transfer` before any snapshot exists",
        Some(gas::TRANSFER_BEFORE_SNAPSHOT),
        alice,
        token,
        IErc20::transferCall { to, value: amount },
        U256::ZERO,
    )?;

    // A period's revenue, then the first snapshot (after the first interval).
    b.imo.exec(
        "token.depositRevenue",
        owner,
        token,
        IRevShareToken::depositRevenueCall {},
        U256::from(ETHER),
    )?;
    b.imo.backend.advance_time(INTERVAL + 1)?;
    b.measure(
        "token `snapshot()`, first",
        Some(gas::SNAPSHOT_FIRST),
        bob,
        token,
        IERC7641::snapshotCall {},
        U256::ZERO,
    )?;
    b.imo.backend.advance_time(1)?;

    let to = fresh(&mut b, "new holder 1")?;
    b.measure(
        "token `transfer` to a new address, first transfer after a snapshot",
        Some(gas::TRANSFER_FIRST_AFTER_SNAPSHOT),
        alice,
        token,
        IErc20::transferCall { to, value: amount },
        U256::ZERO,
    )?;
    let to = fresh(&mut b, "new holder 2")?;
    b.measure(
        "token `transfer` to a new address, second in the same period",
        Some(gas::TRANSFER_NEW_ADDRESS_SAME_PERIOD),
        alice,
        token,
        IErc20::transferCall { to, value: amount },
        U256::ZERO,
    )?;
    b.imo.exec(
        "token.transfer (records bob this period)",
        bob,
        token,
        IErc20::transferCall {
            to: owner,
            value: amount,
        },
        U256::ZERO,
    )?;
    b.measure(
        "token `transfer` between two holders already recorded this period",
        Some(gas::TRANSFER_RECORDED_HOLDERS),
        alice,
        token,
        IErc20::transferCall {
            to: bob,
            value: amount,
        },
        U256::ZERO,
    )?;

    let id = U256::from(1);
    b.measure(
        "token `claim(id)`, first claimer of a snapshot",
        Some(gas::CLAIM_FIRST),
        alice,
        token,
        IERC7641::claimCall { snapshotId: id },
        U256::ZERO,
    )?;
    b.measure(
        "token `claim(id)`, later claimer",
        Some(gas::CLAIM_LATER),
        bob,
        token,
        IERC7641::claimCall { snapshotId: id },
        U256::ZERO,
    )?;
    b.measure(
        "token `burn(amount)`, first burn in a period",
        Some(gas::BURN_FIRST),
        alice,
        token,
        IERC7641::burnCall { amount },
        U256::ZERO,
    )?;
    b.measure(
        "token `burn(amount)`, later burn",
        Some(gas::BURN_LATER),
        alice,
        token,
        IERC7641::burnCall { amount },
        U256::ZERO,
    )?;

    b.imo.exec(
        "token.depositRevenue",
        owner,
        token,
        IRevShareToken::depositRevenueCall {},
        U256::from(ETHER),
    )?;
    b.imo.backend.advance_time(INTERVAL + 1)?;
    b.measure(
        "token `snapshot()`, second",
        Some(gas::SNAPSHOT_SECOND),
        bob,
        token,
        IERC7641::snapshotCall {},
        U256::ZERO,
    )?;
    b.measure_raw(
        "token receives ETH (plain send)",
        Some(gas::RECEIVE),
        bob,
        token,
        &[],
        U256::from(1_000u64),
    )?;

    // The reference row: a plain OpenZeppelin ERC-20 compiled for Stylus (the devchain's probe).
    let probe = b
        .imo
        .backend
        .deploy_stylus("devchain-probe", &U256::ZERO.abi_encode())
        .context(
            "the reference ERC-20 is the devchain probe: `cargo xtask wasm -p devchain-probe`",
        )?;
    b.imo.exec(
        "probe.mint (set-up)",
        owner,
        probe,
        IErc20::mintCall {
            to: alice,
            amount: share,
        },
        U256::ZERO,
    )?;
    let to = fresh(&mut b, "new holder 3")?;
    b.measure("plain OpenZeppelin ERC-20 `transfer`, new recipient (reference row; ours: openzeppelin-stylus)", Some(gas::OZ_TRANSFER_NEW), alice, probe, IErc20::transferCall { to, value: amount }, U256::ZERO)?;
    b.measure("plain OpenZeppelin ERC-20 `transfer`, existing recipient (reference row; ours: openzeppelin-stylus)", Some(gas::OZ_TRANSFER_EXISTING), alice, probe, IErc20::transferCall { to, value: amount }, U256::ZERO)?;
    Ok(b.rows)
}
