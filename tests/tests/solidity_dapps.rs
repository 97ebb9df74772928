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

use std::collections::BTreeSet;

use alloy_primitives::{hex, keccak256, Address, Bytes, Log, B256, U256};
use alloy_sol_types::{sol, SolCall, SolEvent, SolValue};
use imo_e2e::{facade, imo::ETHER, Backend, Config, DevchainBackend, Imo, RpcBackend, TxReceipt};

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

fn solidity_out() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../solidity/out")
}

fn artifact(name: &str) -> serde_json::Value {
    let path = solidity_out().join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run scripts/solc.sh)", path.display()));
    serde_json::from_str(&text).expect("artifact JSON")
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
    prompt_round_trip(imo());
}

#[test]
fn solidity_callback_requests_a_nested_inference() {
    nested_inference(imo());
}

#[test]
fn revshare_vault_claims_for_its_depositors() {
    vault_claims(imo());
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
    prompt_round_trip(rpc());
    nested_inference(rpc());
    vault_claims(rpc());
}

/// The nitro devnode's public development key (the devchain funds the same account).
const DEV_KEY: &str = "0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659";

fn prompt_round_trip<B: Backend>(mut imo: Imo<B>) {
    let node = node(&mut imo);
    let (oracle, token, owner, model) = (
        imo.c.oracle,
        imo.c.token,
        imo.owner,
        U256::from(imo.cfg.model_id),
    );
    let user = imo.backend.new_account("user", U256::from(ETHER)).unwrap();
    imo.steps.clear();
    let prompt = deploy_solidity(&mut imo, "Prompt", oracle.abi_encode());
    let fee = view(
        &mut imo,
        prompt,
        IPrompt::estimateFeeCall { modelId: model },
    )
    ._0;
    assert_eq!(
        fee,
        imo.cfg.model_fee + imo.cfg.min_gas_price * U256::from(500_000u64)
    );
    let request = exec(
        &mut imo,
        "Prompt.calculateAIResult (Solidity -> oracle)",
        user,
        prompt,
        IPrompt::calculateAIResultCall {
            modelId: model,
            prompt: "What is 2+2?".into(),
        },
        fee,
    );
    let ids = requests(&request);
    assert_eq!(ids.len(), 1);
    deliver(&mut imo, node, ids[0], b"4");
    let answer = view(
        &mut imo,
        prompt,
        IPrompt::getAIResultCall {
            modelId: model,
            prompt: "What is 2+2?".into(),
        },
    )
    ._0;
    assert_eq!(answer, "4");

    // The model's share of the fee reaches the RevShare token at the next snapshot.
    let snap = exec(
        &mut imo,
        "RevShare snapshot (sweeps the oracle)",
        owner,
        token,
        IToken::snapshotCall {},
        U256::ZERO,
    );
    let _ = snap;
    let id = view(&mut imo, token, IToken::currentSnapshotIdCall {})._0;
    let share = imo.cfg.model_fee * U256::from(imo.cfg.receiver_percentage) / U256::from(100u64);
    let expected = share * U256::from(imo.cfg.claimable_bps) / U256::from(10_000u64);
    assert_eq!(
        view(&mut imo, token, IToken::claimableAtCall { snapshotId: id })._0,
        expected
    );
    report(&imo, "Prompt.sol on the Stylus oracle:");
}

fn nested_inference<B: Backend>(mut imo: Imo<B>) {
    let node = node(&mut imo);
    let (oracle, model) = (imo.c.oracle, U256::from(imo.cfg.model_id));
    let user = imo.backend.new_account("user", U256::from(ETHER)).unwrap();
    imo.steps.clear();
    let nested = deploy_solidity(
        &mut imo,
        "NestedPrompt",
        (oracle, model).abi_encode_params(),
    );
    let fee = view(&mut imo, nested, INestedPrompt::estimateFeeCall {})._0;
    // Pre-fund the nested request through the contract's receive().
    assert!(imo.backend.send(user, nested, &[], fee).unwrap().success);
    let first = exec(
        &mut imo,
        "NestedPrompt.ask",
        user,
        nested,
        INestedPrompt::askCall {
            prompt: b"seed".to_vec().into(),
        },
        fee,
    );
    let first_id = requests(&first)[0];
    let delivery = deliver(&mut imo, node, first_id, b"first answer");
    let nested_ids = requests(&delivery);
    assert_eq!(
        nested_ids.len(),
        1,
        "the callback made a request inside the oracle's invokeCallback"
    );
    assert_eq!(
        view(
            &mut imo,
            nested,
            INestedPrompt::nestedOfCall {
                requestId: first_id
            }
        )
        ._0,
        nested_ids[0]
    );
    let second = deliver(&mut imo, node, nested_ids[0], b"second answer");
    assert!(second
        .logs
        .iter()
        .any(|l| INestedPrompt::SecondAnswer::decode_log(l, true).is_ok()));
    assert_eq!(
        view(
            &mut imo,
            nested,
            INestedPrompt::answersCall {
                requestId: nested_ids[0]
            }
        )
        ._0,
        Bytes::from_static(b"second answer")
    );
    assert_eq!(
        imo.balance(nested).unwrap(),
        U256::ZERO,
        "the nested fee came from the pre-funding"
    );
    report(&imo, "NestedPrompt.sol:");
}

fn vault_claims<B: Backend>(mut imo: Imo<B>) {
    let (owner, token) = (imo.owner, imo.c.token);
    let user = imo.backend.new_account("user", U256::from(ETHER)).unwrap();
    let bob = imo.backend.new_account("bob", U256::from(ETHER)).unwrap();
    imo.steps.clear();
    let vault = deploy_solidity(&mut imo, "RevShareVault", token.abi_encode());
    // Of the supply the owner holds, the user gets 30% and Bob 10%; both deposit into the vault.
    let supply = imo.cfg.supply;
    let pct = |p: u64| supply * U256::from(p) / U256::from(100u64);
    exec(
        &mut imo,
        "token.transfer",
        owner,
        token,
        IToken::transferCall {
            to: user,
            value: pct(30),
        },
        U256::ZERO,
    );
    exec(
        &mut imo,
        "token.transfer",
        owner,
        token,
        IToken::transferCall {
            to: bob,
            value: pct(10),
        },
        U256::ZERO,
    );
    for (who, amount) in [(user, pct(30)), (bob, pct(10))] {
        exec(
            &mut imo,
            "token.approve",
            who,
            token,
            IToken::approveCall {
                spender: vault,
                value: amount,
            },
            U256::ZERO,
        );
        exec(
            &mut imo,
            "RevShareVault.deposit",
            who,
            vault,
            IVault::depositCall { amount },
            U256::ZERO,
        );
    }
    // 1 ETH of revenue, then a snapshot: the vault holds 40% of the supply.
    assert!(
        imo.backend
            .send(owner, token, &[], U256::from(ETHER))
            .unwrap()
            .success
    );
    let snap = exec(
        &mut imo,
        "token.snapshot",
        owner,
        token,
        IToken::snapshotCall {},
        U256::ZERO,
    );
    let _ = snap;
    // The snapshot is final (claimable) once its second is over.
    imo_e2e::scenarios::next_second(&mut imo.backend).unwrap();
    let id = view(&mut imo, token, IToken::currentSnapshotIdCall {})._0;
    let vault_share = view(
        &mut imo,
        token,
        IToken::claimableRevenueCall {
            account: vault,
            snapshotId: id,
        },
    )
    ._0;
    let claimable = U256::from(ETHER) * U256::from(imo.cfg.claimable_bps) / U256::from(10_000u64);
    assert_eq!(
        vault_share,
        claimable * U256::from(40u64) / U256::from(100u64)
    );
    // A deposit change after the snapshot does not move what the snapshot pays.
    exec(
        &mut imo,
        "RevShareVault.withdraw",
        bob,
        vault,
        IVault::withdrawCall { amount: pct(5) },
        U256::ZERO,
    );

    let before = imo.balance(user).unwrap();
    let r = exec(
        &mut imo,
        "RevShareVault.claim (collects from the token, pays)",
        user,
        vault,
        IVault::claimCall { snapshotId: id },
        U256::ZERO,
    );
    assert_eq!(
        imo.balance(user).unwrap() + r.fee - before,
        vault_share * U256::from(3u64) / U256::from(4u64)
    );
    let before = imo.balance(bob).unwrap();
    let r = exec(
        &mut imo,
        "RevShareVault.claim (already collected)",
        bob,
        vault,
        IVault::claimCall { snapshotId: id },
        U256::ZERO,
    );
    assert_eq!(
        imo.balance(bob).unwrap() + r.fee - before,
        vault_share / U256::from(4u64)
    );
    let again = imo
        .send(bob, vault, IVault::claimCall { snapshotId: id }, U256::ZERO)
        .unwrap();
    assert!(!again.success, "paid once");
    report(&imo, "RevShareVault.sol:");
}

/// ABI-encodes default (zero / empty) arguments for the given Solidity parameter types.
fn default_args(types: &[&str]) -> Vec<u8> {
    let mut head = Vec::new();
    let mut tail = Vec::new();
    let dynamic = |t: &str| t == "bytes" || t == "string" || t.ends_with("[]");
    let head_len = 32 * types.len();
    for t in types {
        if dynamic(t) {
            head.extend_from_slice(&U256::from(head_len + tail.len()).to_be_bytes::<32>());
            tail.extend_from_slice(&[0u8; 32]); // length 0
        } else if t.starts_with("uint")
            || t.starts_with("int")
            || t.starts_with("bytes")
            || *t == "address"
            || *t == "bool"
        {
            head.extend_from_slice(&[0u8; 32]);
        } else {
            panic!("default_args: unsupported parameter type {t}");
        }
    }
    head.extend_from_slice(&tail);
    head
}

/// `(selector, parameter types)` of every function in a compiled interface.
fn functions(abi: &serde_json::Value) -> Vec<([u8; 4], String, Vec<String>)> {
    abi.as_array()
        .unwrap()
        .iter()
        .filter(|item| item["type"] == "function")
        .map(|f| {
            let types: Vec<String> = f["inputs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["type"].as_str().unwrap().to_owned())
                .collect();
            let signature = format!("{}({})", f["name"].as_str().unwrap(), types.join(","));
            let hash = keccak256(signature.as_bytes());
            ([hash[0], hash[1], hash[2], hash[3]], signature, types)
        })
        .collect()
}

/// Selectors of every error declared in a compiled interface.
fn error_selectors(abi: &serde_json::Value) -> BTreeSet<[u8; 4]> {
    abi.as_array()
        .unwrap()
        .iter()
        .filter(|item| item["type"] == "error")
        .map(|e| {
            let types: Vec<&str> = e["inputs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["type"].as_str().unwrap())
                .collect();
            let hash = keccak256(format!(
                "{}({})",
                e["name"].as_str().unwrap(),
                types.join(",")
            ));
            [hash[0], hash[1], hash[2], hash[3]]
        })
        .collect()
}

/// topic0 of every event declared in a compiled interface.
fn event_topics(abi: &serde_json::Value) -> BTreeSet<B256> {
    abi.as_array()
        .unwrap()
        .iter()
        .filter(|item| item["type"] == "event")
        .map(|e| {
            let types: Vec<&str> = e["inputs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["type"].as_str().unwrap())
                .collect();
            keccak256(format!(
                "{}({})",
                e["name"].as_str().unwrap(),
                types.join(",")
            ))
        })
        .collect()
}

#[test]
fn compiled_interfaces_match_what_the_wasm_contracts_route_and_emit() {
    let mut imo = imo();
    let node = node(&mut imo);
    let c = imo.c;
    let (owner, model) = (imo.owner, U256::from(imo.cfg.model_id));
    let governor = imo
        .backend
        .deploy_stylus(
            "imo-governor",
            &(
                c.token,
                1u64,
                100u64,
                400u16,
                U256::from(1u64),
                10u64,
                1_000u64,
            )
                .abi_encode_params(),
        )
        .unwrap_or_else(|e| panic!("{e:#}"));
    // The interface that describes each deployed contract.
    let cases = [
        ("IImoAIOracle", c.oracle),
        ("IImoAIOracleVerifier", c.verifier),
        ("IRevShareToken", c.token),
        ("IAigcNft", c.nft),
        ("IAigcMinter", c.minter),
        ("IAigcRenderer", c.renderer),
        ("IModelGovernor", governor),
    ];
    let stranger = Address::repeat_byte(0x77);
    for (interface, contract) in cases {
        let abi = artifact(interface)["abi"].clone();
        let listed = artifact(interface)["methodIdentifiers"]
            .as_object()
            .unwrap()
            .len();
        let errors = error_selectors(&abi);
        let fns = functions(&abi);
        assert_eq!(
            fns.len(),
            listed,
            "{interface}: every function has a selector"
        );
        for (selector, signature, types) in fns {
            let types: Vec<&str> = types.iter().map(String::as_str).collect();
            let mut calldata = selector.to_vec();
            calldata.extend_from_slice(&default_args(&types));
            // A routed function answers well-formed calldata with success or a named error; an
            // unknown selector reverts with no data.
            let r = imo.backend.call(stranger, contract, &calldata).unwrap();
            assert!(
                r.success || !r.output.is_empty(),
                "{interface}: {signature} is not routed by the contract ({})",
                r.describe()
            );
            // Every error the contract answers with is declared in its interface.
            if !r.success {
                let got: [u8; 4] = r.output[..4].try_into().unwrap();
                assert!(
                    errors.contains(&got),
                    "{interface}: {signature} reverted with an undeclared error {} ({})",
                    hex::encode(got),
                    r.describe()
                );
            }
        }
    }
    // Unknown selectors do revert with no data, so the check above can fail.
    let r = imo
        .backend
        .call(stranger, c.token, &[0xde, 0xad, 0xbe, 0xef])
        .unwrap();
    assert!(!r.success && r.output.is_empty());

    // Every event the contracts emit during a Prompt.sol round trip and a snapshot is declared.
    let user = imo.backend.new_account("user", U256::from(ETHER)).unwrap();
    let prompt = deploy_solidity(&mut imo, "Prompt", c.oracle.abi_encode());
    let fee = view(
        &mut imo,
        prompt,
        IPrompt::estimateFeeCall { modelId: model },
    )
    ._0;
    let r = exec(
        &mut imo,
        "request",
        user,
        prompt,
        IPrompt::calculateAIResultCall {
            modelId: model,
            prompt: "hi".into(),
        },
        fee,
    );
    let id = requests(&r)[0];
    let mut logs: Vec<Log> = r.logs.clone();
    logs.extend(deliver(&mut imo, node, id, b"hello").logs);
    logs.extend(
        exec(
            &mut imo,
            "snapshot",
            owner,
            c.token,
            IToken::snapshotCall {},
            U256::ZERO,
        )
        .logs,
    );
    let declared = [("IImoAIOracle", c.oracle), ("IRevShareToken", c.token)]
        .map(|(name, address)| (address, event_topics(&artifact(name)["abi"])));
    let mut seen = 0;
    for log in &logs {
        if let Some((_, topics)) = declared.iter().find(|(a, _)| *a == log.address) {
            let topic0 = log.topics()[0];
            assert!(
                topics.contains(&topic0),
                "{}: event {topic0} is not declared in its interface",
                log.address
            );
            seen += 1;
        }
    }
    assert!(seen >= 4, "the scenario emitted events to check ({seen})");
}
