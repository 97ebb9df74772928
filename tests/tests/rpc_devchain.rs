//! The RPC path end to end without a node: every scenario through [`RpcBackend`] (signed
//! EIP-1559 transactions, StylusDeployer deployments of the `.initcode` artifacts, receipts and
//! logs over JSON-RPC) against the devchain behind `imo_e2e::facade`.

use imo_client::{Backend, RpcBackend};
use imo_e2e::{facade, scenarios};

/// The nitro devnode's public development key (the devchain funds the same account).
const DEV_KEY: &str = "0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659";

fn backend() -> RpcBackend {
    let url = facade::serve_devchain().expect("facade");
    let mut b = RpcBackend::connect(&url, DEV_KEY).expect("connects");
    b.poll = std::time::Duration::from_millis(1);
    b
}

#[test]
fn the_lifecycle_over_json_rpc_ends_with_exact_balances() {
    let summary = scenarios::lifecycle(backend(), false).unwrap_or_else(|e| panic!("{e:#}"));
    assert!(!summary.waited_window, "an RPC backend cannot move time");
    assert!(summary.steps.iter().all(|(_, gas)| *gas > 21_000));
}

#[test]
fn the_other_scenarios_over_json_rpc() {
    scenarios::nested_inference(backend()).unwrap_or_else(|e| panic!("nested: {e:#}"));
    scenarios::sweep_reenters_token(backend()).unwrap_or_else(|e| panic!("sweep: {e:#}"));
    scenarios::challenges(backend()).unwrap_or_else(|e| panic!("challenges: {e:#}"));
    scenarios::reverting_callback(backend()).unwrap_or_else(|e| panic!("callback: {e:#}"));
    scenarios::value_to_non_payable(backend()).unwrap_or_else(|e| panic!("payable: {e:#}"));
    scenarios::malformed_calldata(backend()).unwrap_or_else(|e| panic!("calldata: {e:#}"));
}

#[test]
fn derived_accounts_are_funded_and_can_send() {
    let mut b = backend();
    let a = b
        .new_account("a", alloy_primitives::U256::from(1_000u64))
        .unwrap();
    assert_eq!(
        b.balance(a).unwrap(),
        alloy_primitives::U256::from(1_000u64)
    );
    let deployer = b.deployer();
    let r = b
        .send(a, deployer, &[], alloy_primitives::U256::from(400u64))
        .unwrap();
    assert!(r.success, "{}", r.describe());
    assert_eq!(b.balance(a).unwrap(), alloy_primitives::U256::from(600u64));
}
