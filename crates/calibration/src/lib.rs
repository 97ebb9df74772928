//! Calibration of the devchain against Nitro's own Stylus runtime.
//!
//! [`scenarios`] writes this project's operations as [`Scenario`]s (fixed addresses, calldata
//! from the `sol!` bindings of `solidity/interfaces`), which run unchanged on the devchain
//! ([`Scenario::run`]) and on Nitro's runtime (the `nitro-meter` tool, outside this repository;
//! see the crate README). `data/nitro/` holds Nitro's figures; `tests/calibration.rs` holds the
//! devchain to them.

use std::path::PathBuf;

use alloy_primitives::{Address, Bytes, U256};
use alloy_sol_types::{SolCall, SolValue};
use imo_client::bindings::{erc7641, revshare};
use stylus_devchain::{
    constructor_calldata,
    scenario::{Block, Scenario, Step},
    Devchain,
};

mod oracle_and_governor;

pub use oracle_and_governor::{governor, oracle};

/// Every scenario.
pub fn scenarios() -> Vec<Scenario> {
    vec![token(), oracle(), governor()]
}

/// The crate's data directory: `artifacts/`, `scenarios/`, `nitro/`.
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// The contracts calibrated, as (program name, artifact file in `data/artifacts/`).
pub const PROGRAMS: [(&str, &str); 7] = [
    ("token", "imo-revshare-token.wasm"),
    ("oracle", "imo-ai-oracle.wasm"),
    ("verifier", "imo-ai-oracle-verifier.wasm"),
    ("renderer", "imo-aigc-renderer.wasm"),
    ("minter", "imo-aigc-minter.wasm"),
    ("nft", "imo-aigc-nft.wasm"),
    ("governor", "imo-governor.wasm"),
];

const ETH: u128 = 1_000_000_000_000_000_000;
const GWEI: u128 = 1_000_000_000;
const OWNER: Address = Devchain::DEV_ACCOUNT;
const ALICE: Address = Address::repeat_byte(0xa1);
const BOB: Address = Address::repeat_byte(0xb0);
const CAROL: Address = Address::repeat_byte(0xc0);
const TOKEN: Address = Address::repeat_byte(0x70);
const ORACLE: Address = Address::repeat_byte(0x0a);
const VERIFIER: Address = Address::repeat_byte(0x0b);
const NFT: Address = Address::repeat_byte(0x0c);
const MINTER: Address = Address::repeat_byte(0x0d);
const RENDERER: Address = Address::repeat_byte(0x0e);
const GOVERNOR: Address = Address::repeat_byte(0x60);
const NODE: Address = Address::repeat_byte(0x11);
const USER: Address = Address::repeat_byte(0x22);
/// A consumer without code: the callback call succeeds and returns nothing.
const CONSUMER: Address = Address::repeat_byte(0xcc);

fn eth(n: u128) -> U256 {
    U256::from(n) * U256::from(ETH)
}

fn block() -> Block {
    Block {
        number: 1,
        timestamp: 1_700_000_000,
        basefee: "0".into(),
        chain_id: 412_346,
        coinbase: Address::ZERO,
        gas_limit: 32_000_000,
    }
}

fn fund(account: Address, wei: U256) -> Step {
    Step::Fund {
        account,
        wei: wei.to_string(),
    }
}

fn deploy(program: &str, address: Address, args: Vec<u8>) -> Step {
    Step::Deploy {
        program: program.into(),
        address,
        from: OWNER,
        constructor: if args.is_empty() {
            Bytes::new()
        } else {
            constructor_calldata(&args).into()
        },
        value: "0".into(),
    }
}

fn call(label: &str, from: Address, to: Address, data: impl SolCall, value: U256) -> Step {
    Step::Call {
        label: label.into(),
        from,
        to,
        data: data.abi_encode().into(),
        value: value.to_string(),
        measure: true,
    }
}

fn setup(mut step: Step) -> Step {
    if let Step::Call { measure, .. } = &mut step {
        *measure = false;
    }
    step
}

fn scenario(name: &str, programs: &[&str], steps: Vec<Step>) -> Scenario {
    Scenario {
        name: name.into(),
        block: block(),
        tx_gas_limit: 30_000_000,
        programs: PROGRAMS
            .iter()
            .filter(|(p, _)| programs.contains(p))
            .map(|(p, file)| (p.to_string(), format!("../artifacts/{file}")))
            .collect(),
        steps,
    }
}

/// The token's constructor: name, symbol, supply, holder, claimable bps, snapshot interval,
/// claim window, owner.
fn token_args() -> Vec<u8> {
    (
        String::from("Llama IMO"),
        String::from("LLAMA"),
        eth(1_000_000),
        OWNER,
        8_000u16,
        0u64,
        2u32,
        OWNER,
    )
        .abi_encode_params()
}

fn transfer(to: Address, value: U256) -> revshare::IRevShareToken::transferCall {
    revshare::IRevShareToken::transferCall { to, value }
}

/// The RevShare token: transfers in each state, revenue, snapshot, claim, burn.
pub fn token() -> Scenario {
    use erc7641::IERC7641::{burnCall, claimCall, snapshotCall};
    scenario(
        "revshare-token",
        &["token"],
        vec![
            fund(OWNER, eth(100)),
            fund(ALICE, eth(1)),
            deploy("token", TOKEN, token_args()),
            call(
                "token transfer, new holder, no snapshot yet",
                OWNER,
                TOKEN,
                transfer(ALICE, eth(250_000)),
                U256::ZERO,
            ),
            call(
                "token depositRevenue (10 ETH)",
                OWNER,
                TOKEN,
                revshare::IRevShareToken::depositRevenueCall {},
                eth(10),
            ),
            Step::AdvanceTime { seconds: 3_600 },
            call("token snapshot", ALICE, TOKEN, snapshotCall {}, U256::ZERO),
            call(
                "token transfer, first after a snapshot (new holder)",
                OWNER,
                TOKEN,
                transfer(BOB, eth(1)),
                U256::ZERO,
            ),
            call(
                "token transfer, steady state",
                OWNER,
                TOKEN,
                transfer(BOB, eth(1)),
                U256::ZERO,
            ),
            call(
                "token claim",
                ALICE,
                TOKEN,
                claimCall {
                    snapshotId: U256::from(1),
                },
                U256::ZERO,
            ),
            call(
                "token burn, first after a snapshot",
                OWNER,
                TOKEN,
                burnCall {
                    amount: eth(100_000),
                },
                U256::ZERO,
            ),
        ],
    )
}
