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
use stylus_devchain::{constructor_calldata, load_artifact, Devchain, Receipt};

sol! {
    interface IOracle {
        function addModel(uint256 modelId, bytes32 modelHash, bytes32 programHash, uint256 fee, address receiver, uint256 receiverPercentage, address token, bool unverifiable) external;
        function setParameters(uint64 challengeWindow, uint256 minGasPrice, address verifier) external;
        function invokeCallback(uint256 requestId, bytes output) external;
        event AICallbackRequest(address indexed account, uint256 indexed requestId, uint256 modelId, bytes input, address callbackContract, uint64 gasLimit, bytes callbackData);
        event CallbackFailed(uint256 indexed requestId, bytes reason);
    }
    interface IVerifier {
        function addNode(address node) external;
        function stake() external payable;
    }
    interface IToken {
        function transfer(address to, uint256 value) external returns (bool);
        function approve(address spender, uint256 value) external returns (bool);
        function addRevenueSource(address oracle, uint256 modelId) external;
        function snapshot() external returns (uint256);
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

const CMD: &str = "cargo xtask wasm";
const MODEL: u64 = 1;
const GWEI: u64 = 1_000_000_000;
const MODEL_FEE: u64 = 1_000_000_000_000_000;
const ETHER: u64 = 1_000_000_000_000_000_000;

fn solidity_out() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../solidity/out")
}

fn artifact(name: &str) -> serde_json::Value {
    let path = solidity_out().join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run scripts/solc.sh)", path.display()));
    serde_json::from_str(&text).expect("artifact JSON")
}

fn ok(r: Receipt) -> Receipt {
    assert!(r.success, "{}", r.describe());
    r
}

struct World {
    chain: Devchain,
    oracle: Address,
    verifier: Address,
    token: Address,
    node: Address,
    user: Address,
    owner: Address,
    gas: Vec<(String, u64)>,
}

impl World {
    fn new() -> Self {
        let mut chain = Devchain::new().expect("devchain");
        let owner = Devchain::DEV_ACCOUNT;
        let (node, user) = (Address::repeat_byte(0x11), Address::repeat_byte(0x22));
        chain.fund(node, U256::from(ETHER));
        chain.fund(user, U256::from(ETHER));
        let deploy = |chain: &mut Devchain, name: &str, args: Vec<u8>| {
            let code = load_artifact(name, CMD).unwrap_or_else(|e| panic!("{e:#}"));
            chain
                .deploy_stylus(&code, &constructor_calldata(&args), U256::ZERO)
                .expect(name)
        };
        let oracle = deploy(
            &mut chain,
            "imo-ai-oracle",
            (owner, Address::ZERO, 3_600u64, U256::from(GWEI)).abi_encode_params(),
        );
        let verifier = deploy(
            &mut chain,
            "imo-ai-oracle-verifier",
            (
                owner,
                oracle,
                owner,
                U256::from(1_000u64),
                U256::from(10_000u64),
            )
                .abi_encode_params(),
        );
        let token = deploy(
            &mut chain,
            "imo-revshare-token",
            (
                String::from("Model"),
                String::from("MDL"),
                U256::from(1_000u64),
                owner,
                10_000u16,
                0u64,
                2u32,
                owner,
            )
                .abi_encode_params(),
        );
        let mut w = World {
            chain,
            oracle,
            verifier,
            token,
            node,
            user,
            owner,
            gas: Vec::new(),
        };
        w.send(
            owner,
            oracle,
            IOracle::setParametersCall {
                challengeWindow: 3_600,
                minGasPrice: U256::from(GWEI),
                verifier,
            },
            0,
        );
        w.send(
            owner,
            oracle,
            IOracle::addModelCall {
                modelId: U256::from(MODEL),
                modelHash: B256::repeat_byte(1),
                programHash: B256::repeat_byte(2),
                fee: U256::from(MODEL_FEE),
                receiver: token,
                receiverPercentage: U256::from(50),
                token,
                unverifiable: false,
            },
            0,
        );
        w.send(owner, verifier, IVerifier::addNodeCall { node }, 0);
        w.send(node, verifier, IVerifier::stakeCall {}, 10_000);
        w.send(
            owner,
            token,
            IToken::addRevenueSourceCall {
                oracle,
                modelId: U256::from(MODEL),
            },
            0,
        );
        w
    }

    fn send_value(
        &mut self,
        from: Address,
        to: Address,
        call: impl SolCall,
        value: U256,
    ) -> Receipt {
        ok(self
            .chain
            .send(from, to, &call.abi_encode(), value)
            .expect("valid transaction"))
    }

    fn send(&mut self, from: Address, to: Address, call: impl SolCall, value: u64) -> Receipt {
        self.send_value(from, to, call, U256::from(value))
    }

    fn measured(
        &mut self,
        step: &str,
        from: Address,
        to: Address,
        call: impl SolCall,
        value: U256,
    ) -> Receipt {
        let r = self.send_value(from, to, call, value);
        self.gas.push((step.to_owned(), r.gas_used));
        r
    }

    fn view<C: SolCall>(&mut self, to: Address, call: C) -> C::Return {
        let r = ok(self
            .chain
            .call(self.user, to, &call.abi_encode())
            .expect("call"));
        C::abi_decode_returns(&r.output, true).expect("decodes")
    }

    /// Deploys a compiled Solidity contract with ABI-encoded constructor arguments.
    fn deploy_solidity(&mut self, name: &str, args: Vec<u8>) -> Address {
        let bytecode = artifact(name)["bytecode"]
            .as_str()
            .expect("bytecode")
            .to_owned();
        let mut init = hex::decode(bytecode).expect("hex");
        init.extend_from_slice(&args);
        self.chain
            .deploy_evm(&init, U256::ZERO)
            .unwrap_or_else(|e| panic!("{name}: {e:#}"))
    }

    /// The request id of the last `AICallbackRequest` in `receipt`.
    fn requests(receipt: &Receipt) -> Vec<U256> {
        receipt
            .logs
            .iter()
            .filter_map(|l| IOracle::AICallbackRequest::decode_log(l, true).ok())
            .map(|l| l.data.requestId)
            .collect()
    }

    fn deliver(&mut self, step: &str, request_id: U256, output: &[u8]) -> Receipt {
        let r = self.measured(
            step,
            self.node,
            self.oracle,
            IOracle::invokeCallbackCall {
                requestId: request_id,
                output: output.to_vec().into(),
            },
            U256::ZERO,
        );
        assert!(
            !r.logs
                .iter()
                .any(|l| l.topics().first() == Some(&IOracle::CallbackFailed::SIGNATURE_HASH)),
            "the Solidity callback succeeded"
        );
        r
    }

    fn report(&self, title: &str) {
        println!("{title}");
        for (step, gas) in &self.gas {
            println!("  {step:<52} {gas:>9} gas");
        }
    }
}

#[test]
fn solidity_prompt_dapp_round_trips_through_the_stylus_oracle() {
    let mut w = World::new();
    let prompt = w.deploy_solidity("Prompt", w.oracle.abi_encode());
    let fee = w
        .view(
            prompt,
            IPrompt::estimateFeeCall {
                modelId: U256::from(MODEL),
            },
        )
        ._0;
    assert_eq!(fee, U256::from(MODEL_FEE + GWEI * 500_000));
    let user = w.user;
    let request = w.measured(
        "Prompt.calculateAIResult (Solidity -> oracle)",
        user,
        prompt,
        IPrompt::calculateAIResultCall {
            modelId: U256::from(MODEL),
            prompt: "What is 2+2?".into(),
        },
        fee,
    );
    let ids = World::requests(&request);
    assert_eq!(ids.len(), 1);
    w.deliver(
        "invokeCallback (node -> oracle -> Prompt.sol)",
        ids[0],
        b"4",
    );
    let answer = w
        .view(
            prompt,
            IPrompt::getAIResultCall {
                modelId: U256::from(MODEL),
                prompt: "What is 2+2?".into(),
            },
        )
        ._0;
    assert_eq!(answer, "4");

    // The model's share of the fee reaches the RevShare token at the next snapshot.
    let owner = w.owner;
    let token = w.token;
    let snap = w.measured(
        "RevShare snapshot (sweeps the oracle)",
        owner,
        token,
        IToken::snapshotCall {},
        U256::ZERO,
    );
    let id = U256::abi_decode(&snap.output, true).unwrap();
    assert_eq!(
        w.view(token, IToken::claimableAtCall { snapshotId: id })._0,
        U256::from(MODEL_FEE / 2)
    );
    w.report("Prompt.sol on the Stylus oracle:");
}

#[test]
fn solidity_callback_requests_a_nested_inference() {
    let mut w = World::new();
    let nested = w.deploy_solidity(
        "NestedPrompt",
        (w.oracle, U256::from(MODEL)).abi_encode_params(),
    );
    let fee = w.view(nested, INestedPrompt::estimateFeeCall {})._0;
    w.chain.fund(nested, fee); // pre-funded for the nested request
    let user = w.user;
    let first = w.measured(
        "NestedPrompt.ask",
        user,
        nested,
        INestedPrompt::askCall {
            prompt: b"seed".to_vec().into(),
        },
        fee,
    );
    let first_id = World::requests(&first)[0];
    let delivery = w.deliver(
        "invokeCallback: callback requests again (reentrant)",
        first_id,
        b"first answer",
    );
    let nested_ids = World::requests(&delivery);
    assert_eq!(
        nested_ids.len(),
        1,
        "the callback made a request inside the oracle's invokeCallback"
    );
    assert_eq!(
        w.view(
            nested,
            INestedPrompt::nestedOfCall {
                requestId: first_id
            }
        )
        ._0,
        nested_ids[0]
    );
    let second = w.deliver(
        "invokeCallback of the nested request",
        nested_ids[0],
        b"second answer",
    );
    assert!(second
        .logs
        .iter()
        .any(|l| INestedPrompt::SecondAnswer::decode_log(l, true).is_ok()));
    assert_eq!(
        w.view(
            nested,
            INestedPrompt::answersCall {
                requestId: nested_ids[0]
            }
        )
        ._0,
        Bytes::from_static(b"second answer")
    );
    assert_eq!(
        w.chain.balance(nested),
        U256::ZERO,
        "the nested fee came from the pre-funding"
    );
    w.report("NestedPrompt.sol:");
}

#[test]
fn revshare_vault_claims_for_its_depositors() {
    let mut w = World::new();
    let (owner, token, user) = (w.owner, w.token, w.user);
    let vault = w.deploy_solidity("RevShareVault", token.abi_encode());
    let bob = Address::repeat_byte(0x33);
    w.chain.fund(bob, U256::from(ETHER));
    // The owner holds all 1,000 shares: the user gets 300 and Bob 100; both deposit into the vault.
    w.send(
        owner,
        token,
        IToken::transferCall {
            to: user,
            value: U256::from(300u64),
        },
        0,
    );
    w.send(
        owner,
        token,
        IToken::transferCall {
            to: bob,
            value: U256::from(100u64),
        },
        0,
    );
    for (who, amount) in [(user, 300u64), (bob, 100u64)] {
        w.send(
            who,
            token,
            IToken::approveCall {
                spender: vault,
                value: U256::from(amount),
            },
            0,
        );
        w.measured(
            "RevShareVault.deposit",
            who,
            vault,
            IVault::depositCall {
                amount: U256::from(amount),
            },
            U256::ZERO,
        );
    }
    // 1 ETH of revenue, then a snapshot: the vault holds 400 of 1,000 shares.
    ok(w.chain.send(owner, token, &[], U256::from(ETHER)).unwrap());
    let snap = w.send(owner, token, IToken::snapshotCall {}, 0);
    let id = U256::abi_decode(&snap.output, true).unwrap();
    let vault_share = w
        .view(
            token,
            IToken::claimableRevenueCall {
                account: vault,
                snapshotId: id,
            },
        )
        ._0;
    assert_eq!(
        vault_share,
        U256::from(ETHER) * U256::from(400u64) / U256::from(1_000u64)
    );
    // A deposit change after the snapshot does not move what the snapshot pays.
    w.send(
        bob,
        vault,
        IVault::withdrawCall {
            amount: U256::from(50u64),
        },
        0,
    );

    let before = w.chain.balance(user);
    w.measured(
        "RevShareVault.claim (collects from the token, pays)",
        user,
        vault,
        IVault::claimCall { snapshotId: id },
        U256::ZERO,
    );
    assert_eq!(
        w.chain.balance(user) - before,
        vault_share * U256::from(3u64) / U256::from(4u64)
    );
    let before = w.chain.balance(bob);
    w.measured(
        "RevShareVault.claim (already collected)",
        bob,
        vault,
        IVault::claimCall { snapshotId: id },
        U256::ZERO,
    );
    assert_eq!(
        w.chain.balance(bob) - before,
        vault_share / U256::from(4u64)
    );
    let again = w
        .chain
        .send(
            bob,
            vault,
            &IVault::claimCall { snapshotId: id }.abi_encode(),
            U256::ZERO,
        )
        .unwrap();
    assert!(!again.success, "paid once");
    w.report("RevShareVault.sol:");
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
    let mut w = World::new();
    let (oracle, token, verifier, owner) = (w.oracle, w.token, w.verifier, w.owner);
    let stylus = |w: &mut World, name: &str, args: Vec<u8>| {
        let code = load_artifact(name, CMD).unwrap_or_else(|e| panic!("{e:#}"));
        let init = if args.is_empty() {
            Vec::new()
        } else {
            constructor_calldata(&args)
        };
        w.chain.deploy_stylus(&code, &init, U256::ZERO).expect(name)
    };
    let renderer = stylus(&mut w, "imo-aigc-renderer", Vec::new());
    let minter = stylus(
        &mut w,
        "imo-aigc-minter",
        (
            oracle,
            U256::from(MODEL),
            token,
            U256::from(1u64),
            500_000u64,
            owner,
        )
            .abi_encode_params(),
    );
    let nft = stylus(
        &mut w,
        "imo-aigc-nft",
        (
            String::from("Art"),
            String::from("ART"),
            oracle,
            renderer,
            minter,
            token,
            alloy_primitives::aliases::U96::from(100u64),
        )
            .abi_encode_params(),
    );
    let governor = stylus(
        &mut w,
        "imo-governor",
        (token, 1u64, 100u64, 400u16, U256::from(1u64), 10u64).abi_encode_params(),
    );
    // The interface that describes each deployed contract.
    let cases = [
        ("IImoAIOracle", oracle),
        ("IImoAIOracleVerifier", verifier),
        ("IRevShareToken", token),
        ("IAigcNft", nft),
        ("IAigcMinter", minter),
        ("IAigcRenderer", renderer),
        ("IModelGovernor", governor),
    ];
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
            let r = w
                .chain
                .call(Address::repeat_byte(0x77), contract, &calldata)
                .unwrap();
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
    let r = w
        .chain
        .call(w.user, token, &[0xde, 0xad, 0xbe, 0xef])
        .unwrap();
    assert!(!r.success && r.output.is_empty());

    // Every event the contracts emit during a Prompt.sol round trip and a snapshot is declared.
    let prompt = w.deploy_solidity("Prompt", oracle.abi_encode());
    let fee = w
        .view(
            prompt,
            IPrompt::estimateFeeCall {
                modelId: U256::from(MODEL),
            },
        )
        ._0;
    let user = w.user;
    let r = w.send_value(
        user,
        prompt,
        IPrompt::calculateAIResultCall {
            modelId: U256::from(MODEL),
            prompt: "hi".into(),
        },
        fee,
    );
    let id = World::requests(&r)[0];
    let mut logs: Vec<Log> = r.logs.clone();
    logs.extend(w.deliver("deliver", id, b"hello").logs);
    logs.extend(w.send(w.owner, token, IToken::snapshotCall {}, 0).logs);
    let declared = [("IImoAIOracle", oracle), ("IRevShareToken", token)]
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
