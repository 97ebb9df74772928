//! The AIGC collection as deployed: the exact WASM of the oracle, its verifier, the RevShare
//! token, the renderer, the NFT and the minter on the in-process devchain, called through the ABI.
//! What motsu cannot show: the callback really runs inside the oracle's gas limit, finality
//! really follows the chain's clock, the router's payable checks, and the gas of each step.
//!
//! Needs the artifacts of `cargo xtask wasm` (scripts/test.sh builds them before the tests).

use alloy_primitives::{keccak256, Address, Bytes, B256, U256};
use alloy_sol_types::{sol, SolCall, SolEvent, SolValue};
use stylus_devchain::{constructor_calldata, load_artifact, Devchain, Receipt};

#[path = "support/base64.rs"]
mod base64;

sol! {
    interface IOracle {
        function addModel(uint256 modelId, bytes32 modelHash, bytes32 programHash, uint256 fee, address receiver, uint256 receiverPercentage, address token, bool unverifiable) external;
        function setParameters(uint64 challengeWindow, uint256 minGasPrice, address verifier) external;
        function invokeCallback(uint256 requestId, bytes output) external;
        function isFinalized(uint256 requestId) external view returns (bool);
        event CallbackFailed(uint256 indexed requestId, bytes reason);
    }
    interface IVerifier {
        function addNode(address node) external;
        function stake() external payable;
    }
    interface IToken {
        function addRevenueSource(address oracle, uint256 modelId) external;
        function snapshot() external returns (uint256);
        function claimableAt(uint256 snapshotId) external view returns (uint256);
    }
    interface INft {
        function ownerOf(uint256 tokenId) external view returns (address);
        function verify(bytes prompt, bytes aigcData, bytes proof) external view returns (bool);
        function tokenURI(uint256 tokenId) external view returns (string memory);
        function prompt(uint256 tokenId) external view returns (string memory);
        function supportsInterface(bytes4 interfaceId) external view returns (bool);
        function setRoyalty(address receiver, uint96 bps) external;
        event AigcData(uint256 indexed tokenId, bytes indexed prompt, bytes indexed aigcData, bytes proof);
        error NotMinter(address caller);
    }
    interface IMinter {
        function setCollection(address nft) external;
        function mint(bytes prompt) external payable returns (uint256);
        function mintCost() external view returns (uint256);
        function requestOf(uint256 tokenId) external view returns (uint256 requestId, uint8 status);
        function withdrawRefund() external;
        error InsufficientPayment(uint256 required, uint256 sent);
    }
}

const CMD: &str = "cargo xtask wasm";
const MODEL: u64 = 1;
const WINDOW: u64 = 3_600;
const GWEI: u64 = 1_000_000_000;
const PRICE: u64 = 10_000_000_000_000_000; // 0.01 ETH
const MODEL_FEE: u64 = 1_000_000_000_000_000; // 0.001 ETH
const CALLBACK_GAS: u64 = 1_000_000;

struct Imo {
    chain: Devchain,
    oracle: Address,
    token: Address,
    nft: Address,
    minter: Address,
    node: Address,
    user: Address,
}

fn ok(r: Receipt) -> Receipt {
    assert!(r.success, "{}", r.describe());
    r
}

fn deploy(chain: &mut Devchain, name: &str, args: Vec<u8>) -> Address {
    let code = load_artifact(name, CMD).unwrap_or_else(|e| panic!("{e:#}"));
    // No constructor (the renderer): no constructor call, as with StylusDeployer's empty initData.
    let init = if args.is_empty() {
        Vec::new()
    } else {
        constructor_calldata(&args)
    };
    chain
        .deploy_stylus(&code, &init, U256::ZERO)
        .unwrap_or_else(|e| panic!("deploying {name}: {e:#}"))
}

impl Imo {
    fn send(&mut self, from: Address, to: Address, call: impl SolCall, value: U256) -> Receipt {
        self.chain
            .send(from, to, &call.abi_encode(), value)
            .expect("valid transaction")
    }

    fn view<C: SolCall>(&mut self, to: Address, call: C) -> C::Return {
        self.chain.view(self.user, to, &call).unwrap()
    }

    fn new() -> Self {
        let mut chain = Devchain::new().expect("devchain");
        chain.register_sol_error::<IMinter::InsufficientPayment>();
        chain.register_sol_error::<INft::NotMinter>();
        let owner = Devchain::DEV_ACCOUNT;
        let (node, user) = (Address::repeat_byte(0x11), Address::repeat_byte(0x22));
        chain.fund(node, U256::from(10u64.pow(18)));
        chain.fund(user, U256::from(10u64.pow(18)));
        let admin = deploy(&mut chain, "imo-ai-oracle-admin", Vec::new());
        let oracle = deploy(
            &mut chain,
            "imo-ai-oracle",
            (owner, Address::ZERO, WINDOW, U256::from(GWEI), admin).abi_encode_params(),
        );
        let verifier_admin = deploy(&mut chain, "imo-ai-oracle-verifier-admin", Vec::new());
        let verifier = deploy(
            &mut chain,
            "imo-ai-oracle-verifier",
            (
                owner,
                oracle,
                owner,
                U256::from(1_000u64),
                U256::from(10_000u64),
                Address::ZERO,
                verifier_admin,
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
        let renderer = deploy(&mut chain, "imo-aigc-renderer", Vec::new());
        let minter = deploy(
            &mut chain,
            "imo-aigc-minter",
            (
                oracle,
                U256::from(MODEL),
                token,
                U256::from(PRICE),
                CALLBACK_GAS,
                owner,
            )
                .abi_encode_params(),
        );
        let nft = deploy(
            &mut chain,
            "imo-aigc-nft",
            (
                String::from("Model Art"),
                String::from("ART"),
                oracle,
                renderer,
                minter,
                token,
                alloy_primitives::aliases::U96::from(500u64),
            )
                .abi_encode_params(),
        );
        let mut imo = Imo {
            chain,
            oracle,
            token,
            nft,
            minter,
            node,
            user,
        };
        let calls: Vec<(Address, Address, Vec<u8>, U256)> = vec![
            (
                owner,
                oracle,
                IOracle::setParametersCall {
                    challengeWindow: WINDOW,
                    minGasPrice: U256::from(GWEI),
                    verifier,
                }
                .abi_encode(),
                U256::ZERO,
            ),
            (
                owner,
                oracle,
                IOracle::addModelCall {
                    modelId: U256::from(MODEL),
                    modelHash: B256::repeat_byte(1),
                    programHash: B256::repeat_byte(2),
                    fee: U256::from(MODEL_FEE),
                    receiver: token,
                    receiverPercentage: U256::from(50),
                    token: Address::ZERO,
                    unverifiable: false,
                }
                .abi_encode(),
                U256::ZERO,
            ),
            (
                owner,
                verifier,
                IVerifier::addNodeCall { node }.abi_encode(),
                U256::ZERO,
            ),
            (
                node,
                verifier,
                IVerifier::stakeCall {}.abi_encode(),
                U256::from(10_000u64),
            ),
            (
                owner,
                token,
                IToken::addRevenueSourceCall {
                    oracle,
                    modelId: U256::from(MODEL),
                }
                .abi_encode(),
                U256::ZERO,
            ),
            (
                owner,
                minter,
                IMinter::setCollectionCall { nft }.abi_encode(),
                U256::ZERO,
            ),
        ];
        for (from, to, data, value) in calls {
            ok(imo
                .chain
                .send(from, to, &data, value)
                .expect("valid transaction"));
        }
        imo
    }
}

#[test]
fn compiled_collection_mints_delivers_and_verifies_after_the_window() {
    let mut imo = Imo::new();
    let prompt = b"a \"cat\" on the moon\n";
    let cost = imo.view(imo.minter, IMinter::mintCostCall {})._0;
    assert_eq!(
        cost,
        U256::from(PRICE + MODEL_FEE) + U256::from(GWEI * CALLBACK_GAS)
    );

    // Too little value: the named error comes back through the router.
    let r = imo.send(
        imo.user,
        imo.minter,
        IMinter::mintCall {
            prompt: prompt.to_vec().into(),
        },
        cost - U256::from(1),
    );
    assert!(!r.success);
    assert!(
        r.describe().contains("InsufficientPayment"),
        "{}",
        r.describe()
    );

    let token_before = imo.chain.balance(imo.token);
    let mint = ok(imo.send(
        imo.user,
        imo.minter,
        IMinter::mintCall {
            prompt: prompt.to_vec().into(),
        },
        cost,
    ));
    let token_id = U256::from_be_bytes(keccak256(prompt).0);
    assert_eq!(U256::abi_decode(&mint.output, true).unwrap(), token_id);
    assert_eq!(
        imo.chain.balance(imo.token) - token_before,
        U256::from(PRICE)
    );
    assert_eq!(
        imo.view(imo.nft, INft::ownerOfCall { tokenId: token_id })
            ._0,
        imo.user
    );
    let request = imo.view(imo.minter, IMinter::requestOfCall { tokenId: token_id });
    assert_eq!(request.status, 1);

    let output = b"ipfs://bafy-cat".to_vec();
    let deliver = ok(imo.send(
        imo.node,
        imo.oracle,
        IOracle::invokeCallbackCall {
            requestId: request.requestId,
            output: output.clone().into(),
        },
        U256::ZERO,
    ));
    assert!(
        !deliver
            .logs
            .iter()
            .any(|l| l.topics().first() == Some(&IOracle::CallbackFailed::SIGNATURE_HASH)),
        "the callback ran to completion within its gas limit"
    );
    assert!(deliver.logs.iter().any(
        |l| l.address == imo.nft && l.topics().first() == Some(&INft::AigcData::SIGNATURE_HASH)
    ));
    assert_eq!(
        imo.view(imo.minter, IMinter::requestOfCall { tokenId: token_id })
            .status,
        2
    );

    let verify = |imo: &mut Imo, data: &[u8], proof: &[u8]| {
        imo.view(
            imo.nft,
            INft::verifyCall {
                prompt: prompt.to_vec().into(),
                aigcData: data.to_vec().into(),
                proof: Bytes::copy_from_slice(proof),
            },
        )
        ._0
    };
    assert!(
        !verify(&mut imo, &output, b""),
        "not final inside the challenge window"
    );
    imo.chain.advance_time(WINDOW);
    assert!(verify(&mut imo, &output, b""), "final after the window");
    assert!(verify(&mut imo, &output, &request.requestId.abi_encode()));
    assert!(!verify(&mut imo, b"ipfs://other", b""));

    let uri = imo
        .view(imo.nft, INft::tokenURICall { tokenId: token_id })
        ._0;
    let json: serde_json::Value = serde_json::from_slice(&base64::decode(
        uri.strip_prefix("data:application/json;base64,").unwrap(),
    ))
    .unwrap();
    assert_eq!(json["prompt"], "a \"cat\" on the moon\n");
    assert_eq!(json["aigc_data"], "ipfs://bafy-cat");

    // The mint price and the model's share of the fee are claimable after one snapshot.
    let owner = Devchain::DEV_ACCOUNT;
    let snap = ok(imo.send(owner, imo.token, IToken::snapshotCall {}, U256::ZERO));
    let id = U256::abi_decode(&snap.output, true).unwrap();
    assert_eq!(
        imo.view(imo.token, IToken::claimableAtCall { snapshotId: id })
            ._0,
        U256::from(PRICE + MODEL_FEE / 2)
    );

    println!(
        "gas: mint {} / deliver (oracle -> minter -> NFT) {} / snapshot sweep {}",
        mint.gas_used, deliver.gas_used, snap.gas_used
    );
}

#[test]
fn the_router_rejects_value_to_non_payable_methods_and_strangers() {
    let mut imo = Imo::new();
    let r = imo.send(
        imo.user,
        imo.minter,
        IMinter::withdrawRefundCall {},
        U256::from(1),
    );
    assert!(!r.success, "withdrawRefund is not payable");
    let r = imo.send(
        imo.user,
        imo.nft,
        INft::setRoyaltyCall {
            receiver: imo.user,
            bps: alloy_primitives::aliases::U96::from(1u64),
        },
        U256::ZERO,
    );
    assert!(!r.success);
    assert!(r.describe().contains("NotMinter"), "{}", r.describe());
    for id in [
        0x01ffc9a7u32,
        0x80ac58cd,
        0x5b5e139f,
        0x702c55a6,
        0xfa1a557a,
        0x3f37dce2,
        0x2a55205a,
        0x49064906,
    ] {
        assert!(
            imo.view(
                imo.nft,
                INft::supportsInterfaceCall {
                    interfaceId: id.to_be_bytes().into()
                }
            )
            ._0
        );
    }
    // Malformed calldata: short, unknown selector.
    for data in [vec![0x12], vec![0xde, 0xad, 0xbe, 0xef]] {
        for to in [imo.nft, imo.minter] {
            let r = imo.chain.send(imo.user, to, &data, U256::ZERO).unwrap();
            assert!(!r.success, "{data:?} to {to}");
        }
    }
}
