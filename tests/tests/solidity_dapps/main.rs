//! Solidity dApps against the Stylus contracts, on the devchain: the exact WASM of the oracle, its
//! verifier and the RevShare token, and the EVM bytecode solc-js compiled from `solidity/`
//! (`solidity/out/`, checked by `scripts/solc.sh --check`).
//!
//! - `Prompt.sol` -> Stylus oracle -> node -> callback into Solidity;
//! - `NestedPrompt.sol` requests a second inference from inside its callback (the oracle is re-entered);
//! - the fees' model share reaches the RevShare token and is claimable after a snapshot;
//! - `RevShareVault.sol` claims for its depositors, pro rata to their deposits at the snapshot;
//! - every function selector of the compiled interfaces is routed by the WASM contract it describes,
//!   and every event the contracts emit here is declared in their interface.

//!
//! `dapps.rs` has the dApp scenarios (run on the devchain directly and through JSON-RPC),
//! `interfaces.rs` the check of the compiled interfaces against the WASM contracts.

mod dapps;
mod interfaces;

use alloy_primitives::{hex, Address, U256};
use alloy_sol_types::{sol, SolCall, SolEvent};
use imo_client::{Backend, Config, DevchainBackend, Imo, RpcBackend, TxReceipt, ETHER};
use imo_e2e::facade;
use imo_e2e::fixtures::artifact;

sol! {
    interface IOracle {
        event AICallbackRequest(address indexed account, uint256 indexed requestId, uint256 modelId, bytes input, address callbackContract, uint64 gasLimit, bytes callbackData);
    }
    interface IToken {
        function transfer(address to, uint256 value) external returns (bool);
        function approve(address spender, uint256 value) external returns (bool);
        function addRevenueSource(address oracle, uint256 modelId) external;
        function snapshot() external returns (uint256);
        function currentSnapshotId() external view returns (uint256);
        function claimableAt(uint256 snapshotId) external view returns (uint256);
        function claimableRevenue(address account, uint256 snapshotId) external view returns (uint256);
    }
    interface IPrompt {
        function estimateFee(uint256 modelId) external view returns (uint256);
        function calculateAIResult(uint256 modelId, string prompt) external payable returns (uint256);
        function getAIResult(uint256 modelId, string prompt) external view returns (string);
    }
    interface INestedPrompt {
        function estimateFee() external view returns (uint256);
        function ask(bytes prompt) external payable returns (uint256);
        function nestedOf(uint256 requestId) external view returns (uint256);
        function answers(uint256 requestId) external view returns (bytes);
        event SecondAnswer(uint256 indexed requestId, bytes output);
    }
    interface IVault {
        function deposit(uint256 amount) external;
        function withdraw(uint256 amount) external;
        function claim(uint256 snapshotId) external;
        function claimable(address account, uint256 snapshotId) external view returns (uint256);
    }
}

/// Runs the scenarios on the devchain, through the suite's `Backend` trait and `Imo` deployment.
fn imo() -> Imo<DevchainBackend> {
    let backend = DevchainBackend::new().expect("devchain");
    Imo::deploy(backend, Config::default(), false).unwrap_or_else(|e| panic!("{e:#}"))
}

/// Deploys a compiled Solidity contract with ABI-encoded constructor arguments.
fn deploy_solidity<B: Backend>(imo: &mut Imo<B>, name: &str, args: Vec<u8>) -> Address {
    let bytecode = artifact(name)["bytecode"]
        .as_str()
        .expect("bytecode")
        .to_owned();
    let mut init = hex::decode(bytecode).expect("hex");
    init.extend_from_slice(&args);
    imo.backend
        .deploy_evm(&init)
        .unwrap_or_else(|e| panic!("{name}: {e:#}"))
}

/// The request ids of the `AICallbackRequest` events in `receipt`.
fn requests(receipt: &TxReceipt) -> Vec<U256> {
    receipt
        .logs
        .iter()
        .filter_map(|l| IOracle::AICallbackRequest::decode_log(l, true).ok())
        .map(|l| l.data.requestId)
        .collect()
}

/// A staked node, funded.
fn node<B: Backend>(imo: &mut Imo<B>) -> Address {
    let stake = imo.cfg.min_node_stake;
    let node = imo
        .backend
        .new_account("node", stake + U256::from(ETHER))
        .expect("node");
    imo.add_node(node).expect("staked node");
    node
}

/// The node delivers `output`; the Solidity callback must not fail.
fn deliver<B: Backend>(
    imo: &mut Imo<B>,
    node: Address,
    request_id: U256,
    output: &[u8],
) -> TxReceipt {
    let r = imo
        .deliver(node, request_id, output)
        .unwrap_or_else(|e| panic!("{e:#}"));
    assert!(
        imo.callback_failed(&r, request_id).is_none(),
        "the Solidity callback succeeded"
    );
    r
}

fn exec<B: Backend>(
    imo: &mut Imo<B>,
    label: &str,
    from: Address,
    to: Address,
    call: impl SolCall,
    value: U256,
) -> TxReceipt {
    imo.exec(label, from, to, call, value)
        .unwrap_or_else(|e| panic!("{e:#}"))
}

fn view<B: Backend, C: SolCall>(imo: &mut Imo<B>, to: Address, call: C) -> C::Return {
    imo.view(to, call).unwrap_or_else(|e| panic!("{e:#}"))
}

fn report<B: Backend>(imo: &Imo<B>, title: &str) {
    println!("{title}");
    for step in &imo.steps {
        println!("  {:<52} {:>9} gas", step.label, step.gas);
    }
}

#[test]
fn solidity_prompt_dapp_round_trips_through_the_stylus_oracle() {
    dapps::prompt_round_trip(imo());
}

#[test]
fn solidity_callback_requests_a_nested_inference() {
    dapps::nested_inference(imo());
}

#[test]
fn revshare_vault_claims_for_its_depositors() {
    dapps::vault_claims(imo());
}

/// The same dApp scenarios through the RPC backend (signed transactions, StylusDeployer
/// deployments, receipts and logs over JSON-RPC) against the devchain behind `imo_e2e::facade`.
#[test]
fn solidity_dapps_over_json_rpc() {
    let rpc = || {
        let url = facade::serve_devchain().expect("facade");
        let mut backend = RpcBackend::connect(&url, DEV_KEY).expect("connects");
        backend.poll = std::time::Duration::from_millis(1);
        Imo::deploy(backend, Config::default(), false).unwrap_or_else(|e| panic!("{e:#}"))
    };
    dapps::prompt_round_trip(rpc());
    dapps::nested_inference(rpc());
    dapps::vault_claims(rpc());
}

/// The nitro devnode's public development key (the devchain funds the same account).
const DEV_KEY: &str = "0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659";
