//! The offering's operations: a launch through the launchpad (against deploying and activating
//! the same four programs one by one), a deposit, the finalization and distribution, a buyer's
//! claim, a vesting release.

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolValue;
use anyhow::{ensure, Context};
use imo_client::bindings::{sale::IImoSale as Sale, vesting::IImoVesting as Vesting};
use imo_client::launch::LaunchConfig;
use imo_client::sales::launch_config;
use imo_client::{Backend, ETHER};
use stylus_devchain::{constructor_calldata, load_artifact};

use super::Bench;
use crate::Row;

fn ether(n: u128) -> U256 {
    U256::from(n * ETHER)
}

/// The demo's launch (`imo_client::sales::launch_config`) with a 10% liquidity share, so that
/// `distribute` pays every kind of recipient.
fn config(team: Address) -> LaunchConfig {
    let mut cfg = launch_config("GAS", 7, ether(10), team);
    cfg.sale.liquidity_recipient = Address::repeat_byte(0x11);
    cfg.sale.liquidity_bps = 1_000;
    cfg
}

/// Gas of deploying and activating the four programs a launch clones, with the token's and the
/// governor's constructors, as a deployment without the launchpad pays it.
fn one_by_one(b: &mut Bench) -> anyhow::Result<u64> {
    let owner = b.imo.owner;
    let token_args = (
        "GAS model",
        "GAS",
        ether(1_000_000),
        owner,
        8_000u16,
        0u64,
        2u32,
        owner,
    )
        .abi_encode_params();
    let mut total = 0;
    let mut token = Address::ZERO;
    for name in [
        "imo-revshare-token",
        "imo-governor",
        "imo-offering",
        "imo-vesting",
    ] {
        let args = match name {
            "imo-revshare-token" => token_args.clone(),
            "imo-governor" => {
                (token, 60u64, 3_600u64, 400u16, ether(1), 600u64, 86_400u64).abi_encode_params()
            }
            _ => Vec::new(),
        };
        let code = load_artifact(name, imo_client::artifacts::BUILD_COMMAND)?;
        let init = if args.is_empty() {
            Vec::new()
        } else {
            constructor_calldata(&args)
        };
        let chain = &mut b.imo.backend.chain;
        let r = chain.deploy_stylus_from(owner, &code, &init, U256::ZERO, B256::ZERO)?;
        ensure!(r.success, "deploying {name}: {}", r.describe());
        if name == "imo-revshare-token" {
            token = r.contract_address.context("no address")?;
        }
        total += r.gas_used;
    }
    Ok(total)
}

/// The offering's rows.
///
/// # Errors
///
/// A failed step.
pub fn rows() -> anyhow::Result<Vec<Row>> {
    let mut b = Bench::new()?;
    let reference = one_by_one(&mut b)?;
    b.imo.deploy_launchpad()?;
    let creator = b.account("creator")?;
    let team = b.account("team")?;
    let cfg = config(team);
    let pad = b.imo.c.launchpad;
    let now = b.imo.backend.timestamp()?;
    let launch = b.measure(
        "launchpad `launch`: token, governor, sale, 1 grant as clones, wired, model registered",
        None,
        creator,
        pad,
        cfg.call(now),
        U256::ZERO,
    )?;
    b.rows.push(Row {
        label: format!(
            "reference: the same 4 programs deployed and activated one by one (launch = {}%)",
            launch.uncached * 100 / reference.max(1)
        ),
        ora: None,
        uncached: reference,
        cached: reference,
    });
    // The measured launch kept its (uncached) state: read its addresses by launching the same
    // config again would collide; predict them instead.
    let pad_view = imo_client::bindings::launchpad::IImoLaunchpad::predictCall {
        creator,
        salt: cfg.call(now).salt,
    };
    let predicted = b.imo.view(pad, pad_view)?;
    let (sale, grant) = (predicted.sale, predicted.vestings[0]);
    let start = now + 60;
    let now = b.imo.backend.timestamp()?;
    b.imo.backend.advance_time(start.saturating_sub(now))?;
    let buyers = [b.account("buyer1")?, b.account("buyer2")?];
    b.imo.exec(
        "sale.deposit (first)",
        buyers[0],
        sale,
        Sale::deposit_0Call { amount: ether(20) },
        ether(20),
    )?;
    b.measure(
        "sale `deposit` (ETH, a second buyer)",
        None,
        buyers[1],
        sale,
        Sale::deposit_0Call { amount: ether(15) },
        ether(15),
    )?;
    let now = b.imo.backend.timestamp()?;
    b.imo.backend.advance_time(start + 3_601 - now)?;
    b.measure(
        "sale `finalize` (oversubscribed: succeeded)",
        None,
        creator,
        sale,
        Sale::finalizeCall {},
        U256::ZERO,
    )?;
    b.measure(
        "sale `distribute`: proceeds, liquidity, grant, unsold",
        None,
        creator,
        sale,
        Sale::distributeCall {},
        U256::ZERO,
    )?;
    b.measure(
        "sale `claim(to)`: pro-rata tokens + refund",
        None,
        buyers[0],
        sale,
        Sale::claimCall { to: buyers[0] },
        U256::ZERO,
    )?;
    b.imo.backend.advance_time(1_200)?;
    b.measure(
        "vesting `release` (after the cliff)",
        None,
        creator,
        grant,
        Vesting::releaseCall {},
        U256::ZERO,
    )?;
    Ok(b.rows)
}
