//! Speed: 1,000 ERC-20 transfers on the devchain-probe program (an OpenZeppelin ERC-20).
//! Ignored by default; run with
//!   cargo test --release -p stylus-devchain --test speed -- --ignored --nocapture

use std::time::Instant;

use alloy_sol_types::{sol, SolCall};
use stylus_devchain::{address, load_artifact, Devchain, U256};

sol! {
    function mint(address to, uint256 amount) external;
    function transfer(address to, uint256 value) external returns (bool);
}

#[test]
#[ignore = "timing; run explicitly (see the file header)"]
fn thousand_erc20_transfers() {
    let wasm = load_artifact("devchain-probe", "cargo xtask wasm -p devchain-probe")
        .unwrap_or_else(|e| panic!("{e:#}"));
    let mut chain = Devchain::new().unwrap();
    let started = Instant::now();
    let token = chain.deploy_stylus(&wasm, &[], U256::ZERO).unwrap();
    let deploy = started.elapsed();
    let me = Devchain::DEV_ACCOUNT;
    let mint = mintCall {
        to: me,
        amount: U256::from(1_000_000u64),
    }
    .abi_encode();
    chain
        .send(me, token, &mint, U256::ZERO)
        .unwrap()
        .ok()
        .unwrap();

    let started = Instant::now();
    let mut gas = 0;
    for i in 0..1_000u64 {
        let to = address!("0000000000000000000000000000000000001000");
        let call = transferCall {
            to,
            value: U256::from(1 + i % 3),
        }
        .abi_encode();
        let r = chain.send(me, token, &call, U256::ZERO).unwrap();
        assert!(r.success, "{}", r.describe());
        gas += r.gas_used;
    }
    let elapsed = started.elapsed();
    println!(
        "deploy+activate {:?}; 1,000 transfers in {:?}: {:.0} calls/s, {:.1} us/call, average gas {}",
        deploy,
        elapsed,
        1_000.0 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1e6 / 1_000.0,
        gas / 1_000
    );
}

/// Baseline: 1,000 calls to a minimal hand-written program (tests/programs/hostio.wat, echo).
#[test]
#[ignore = "timing; run explicitly (see the file header)"]
fn thousand_minimal_calls() {
    let wasm = wat::parse_str(include_str!("programs/hostio.wat")).unwrap();
    let mut chain = Devchain::new().unwrap();
    let program = chain.deploy_stylus(&wasm, &[], U256::ZERO).unwrap();
    let me = Devchain::DEV_ACCOUNT;
    let started = Instant::now();
    for _ in 0..1_000 {
        let r = chain.send(me, program, &[0, 1, 2, 3], U256::ZERO).unwrap();
        assert!(r.success, "{}", r.describe());
    }
    let elapsed = started.elapsed();
    println!(
        "1,000 minimal calls in {:?}: {:.0} calls/s",
        elapsed,
        1_000.0 / elapsed.as_secs_f64()
    );
}
