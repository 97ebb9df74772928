//! The compiled oracle and verifier (the exact deployable WASM) on the in-process devchain:
//! deployment through the StylusDeployer, the ORA router, gas of `requestCallback` and
//! `invokeCallback`, a callback that really burns all its gas, and the 63/64 gas check.
//!
//! Needs the artifacts of `cargo xtask wasm -p imo-ai-oracle -p imo-ai-oracle-verifier`
//! (scripts/test.sh builds them before `cargo test`).

use alloy_sol_types::{sol, SolCall, SolError, SolEvent, SolValue};
use stylus_devchain::{
    constructor_calldata, load_artifact, Address, Devchain, Receipt, B256, U256,
};

sol! {
    interface IOracle {
        function requestCallback(uint256 modelId, bytes input, address callbackContract, uint64 gasLimit, bytes callbackData) external payable returns (uint256);
        function estimateFee(uint256 modelId, uint256 gasLimit) external view returns (uint256);
        function isFinalized(uint256 requestId) external view returns (bool);
        function invokeCallback(uint256 requestId, bytes output) external;
        function addModel(uint256 modelId, bytes32 modelHash, bytes32 programHash, uint256 fee, address receiver, uint256 receiverPercentage, address token, bool unverifiable) external;
        function setParameters(uint64 challengeWindow, uint256 minGasPrice, address verifier) external;
        function earningsOf(address node) external view returns (uint256);
        event AICallbackResult(address indexed account, uint256 indexed requestId, address invoker, bytes output);
        event CallbackFailed(uint256 indexed requestId, bytes reason);
        event AICallbackRequest(address indexed account, uint256 indexed requestId, uint256 modelId, bytes input, address callbackContract, uint64 gasLimit, bytes callbackData);
        error InsufficientGasForCallback(uint256 gasLeft, uint64 gasLimit);
    }
    interface IVerifier {
        function addNode(address node) external;
        function stake() external payable;
        function challenge(uint256 requestId, bytes32 claimedOutputHash, uint256 modelId, bytes input) external payable;
        function resolveChallenge(uint256 requestId, bool challengerWins, bytes correctOutput) external;
        function settleChallenge(uint256 requestId, address challenger) external;
        function creditOf(address account) external view returns (uint256);
        function isActiveNode(address node) external view returns (bool);
    }
}

const CMD: &str = "cargo xtask wasm -p imo-ai-oracle -p imo-ai-oracle-verifier";
const MODEL: u64 = 1;
/// The input of every request here.
const REQUEST_INPUT: &[u8] = b"a prompt for the model";
const CALLBACK_GAS: u64 = 200_000;

struct Chain {
    chain: Devchain,
    oracle: Address,
    verifier: Address,
    node: Address,
    user: Address,
}

/// Deploys init code that installs `runtime` as an EVM contract.
fn deploy_evm(chain: &mut Devchain, runtime: &[u8]) -> Address {
    let [hi, lo] = u16::try_from(runtime.len()).unwrap().to_be_bytes();
    // PUSH2 len PUSH1 14 PUSH1 0 CODECOPY PUSH2 len PUSH1 0 RETURN ‖ runtime
    let mut init = vec![
        0x61, hi, lo, 0x60, 14, 0x60, 0, 0x39, 0x61, hi, lo, 0x60, 0, 0xf3,
    ];
    init.extend_from_slice(runtime);
    chain.deploy_evm(&init, U256::ZERO).unwrap()
}

/// EVM runtime of a consumer that, whatever it is called with, calls `target` with `calldata`
/// and its whole balance as value, and reverts if that call fails.
fn caller_runtime(target: Address, calldata: &[u8]) -> Vec<u8> {
    let [lh, ll] = u16::try_from(calldata.len()).unwrap().to_be_bytes();
    let mut code = vec![
        0x61, lh, ll, // PUSH2 len
        0x61, 0x00, 54, // PUSH2 offset of the data in this code
        0x60, 0x00, // PUSH1 0
        0x39, // CODECOPY
        0x60, 0x20, // retSize
        0x61, 0x10, 0x00, // retOffset
        0x61, lh, ll, // argsSize
        0x60, 0x00, // argsOffset
        0x47, // SELFBALANCE (value)
        0x73, // PUSH20 target
    ];
    code.extend_from_slice(target.as_slice());
    code.extend_from_slice(&[
        0x5a, // GAS
        0xf1, // CALL
        0x15, // ISZERO
        0x60, 48,   // PUSH1 revert label
        0x57, // JUMPI
        0x00, // STOP
        0x5b, // JUMPDEST
        0x60, 0x00, 0x60, 0x00, 0xfd, // REVERT(0, 0)
    ]);
    assert_eq!(code.len(), 54);
    code.extend_from_slice(calldata);
    code
}

fn ok(r: Receipt) -> Receipt {
    assert!(r.success, "{}", r.describe());
    r
}

fn setup() -> Chain {
    let mut chain = Devchain::new().unwrap();
    chain.register_sol_error::<IOracle::InsufficientGasForCallback>();
    let owner = Devchain::DEV_ACCOUNT;
    let node = Address::repeat_byte(0x11);
    let user = Address::repeat_byte(0x22);
    chain.fund(node, U256::from(10u64.pow(18)));
    chain.fund(user, U256::from(10u64.pow(18)));
    let oracle_code = load_artifact("imo-ai-oracle", CMD).unwrap();
    let admin_code = load_artifact("imo-ai-oracle-admin", CMD).unwrap();
    let verifier_code = load_artifact("imo-ai-oracle-verifier", CMD).unwrap();
    let verifier_admin_code = load_artifact("imo-ai-oracle-verifier-admin", CMD).unwrap();
    let admin = chain.deploy_stylus(&admin_code, &[], U256::ZERO).unwrap();
    let verifier_admin = chain
        .deploy_stylus(&verifier_admin_code, &[], U256::ZERO)
        .unwrap();
    let args = (
        owner,
        Address::ZERO,
        3_600u64,
        U256::from(1_000_000_000u64),
        admin,
    )
        .abi_encode_params();
    let oracle = chain
        .deploy_stylus(&oracle_code, &constructor_calldata(&args), U256::ZERO)
        .unwrap();
    let args = (
        owner,
        oracle,
        owner,
        U256::from(1_000u64),
        U256::from(10_000u64),
        // No dispute game: the model below is registered without an opML program, so its
        // disputes go to the arbiter (games are tested in tests/opml of imo-e2e).
        Address::ZERO,
        verifier_admin,
    )
        .abi_encode_params();
    let verifier = chain
        .deploy_stylus(&verifier_code, &constructor_calldata(&args), U256::ZERO)
        .unwrap();
    let set = IOracle::setParametersCall {
        challengeWindow: 3_600,
        minGasPrice: U256::from(1_000_000_000u64),
        verifier,
    };
    ok(chain
        .send(owner, oracle, &set.abi_encode(), U256::ZERO)
        .unwrap());
    let add = IOracle::addModelCall {
        modelId: U256::from(MODEL),
        modelHash: B256::repeat_byte(1),
        programHash: B256::repeat_byte(2),
        fee: U256::from(10u64.pow(14)),
        receiver: owner,
        receiverPercentage: U256::from(50),
        token: Address::ZERO,
        unverifiable: true,
    };
    ok(chain
        .send(owner, oracle, &add.abi_encode(), U256::ZERO)
        .unwrap());
    ok(chain
        .send(
            owner,
            verifier,
            &IVerifier::addNodeCall { node }.abi_encode(),
            U256::ZERO,
        )
        .unwrap());
    ok(chain
        .send(
            node,
            verifier,
            &IVerifier::stakeCall {}.abi_encode(),
            U256::from(10_000u64),
        )
        .unwrap());
    Chain {
        chain,
        oracle,
        verifier,
        node,
        user,
    }
}

impl Chain {
    fn request(&mut self, callback: Address) -> (U256, Receipt) {
        self.request_with(callback, CALLBACK_GAS)
    }

    fn request_with(&mut self, callback: Address, gas: u64) -> (U256, Receipt) {
        let fee_call = IOracle::estimateFeeCall {
            modelId: U256::from(MODEL),
            gasLimit: U256::from(gas),
        };
        let fee = ok(self
            .chain
            .call(self.user, self.oracle, &fee_call.abi_encode())
            .unwrap());
        let fee = U256::abi_decode(&fee.output, true).unwrap();
        let call = IOracle::requestCallbackCall {
            modelId: U256::from(MODEL),
            input: REQUEST_INPUT.to_vec().into(),
            callbackContract: callback,
            gasLimit: gas,
            callbackData: vec![7u8; 32].into(),
        };
        let r = ok(self
            .chain
            .send(self.user, self.oracle, &call.abi_encode(), fee)
            .unwrap());
        (U256::abi_decode(&r.output, true).unwrap(), r)
    }

    fn deliver(&mut self, id: U256) -> Receipt {
        let call = IOracle::invokeCallbackCall {
            requestId: id,
            output: b"the model's answer".to_vec().into(),
        };
        self.chain
            .send(self.node, self.oracle, &call.abi_encode(), U256::ZERO)
            .unwrap()
    }

    fn failed(&self, r: &Receipt, id: U256) -> Option<Vec<u8>> {
        r.logs
            .iter()
            .filter(|l| l.address == self.oracle)
            .filter_map(|l| IOracle::CallbackFailed::decode_log_data(&l.data, true).ok())
            .find(|e| e.requestId == id)
            .map(|e| e.reason.to_vec())
    }
}

#[test]
fn request_and_delivery_gas_on_the_compiled_contracts() {
    let mut c = setup();
    // A consumer that accepts every call (STOP).
    let consumer = deploy_evm(&mut c.chain, &[0x00]);
    let (id1, r1) = c.request(consumer);
    let (id2, r2) = c.request(consumer);
    let d1 = ok(c.deliver(id1));
    let d2 = ok(c.deliver(id2));
    assert!(c.failed(&d1, id1).is_none());
    assert!(d1
        .logs
        .iter()
        .any(|l| IOracle::AICallbackResult::decode_log_data(&l.data, true).is_ok()));
    println!(
        "gas: requestCallback {} (first) / {} (steady); invokeCallback {} (first for the node) / {}",
        r1.gas_used, r2.gas_used, d1.gas_used, d2.gas_used
    );
    // Storage dominates: 3 new slots + 1 word of callback data + 2 updates for a request,
    // 2 new slots + 1 update for a delivery (plus the callback's gas). Nitro's pricing with the
    // program uncached (2026-12, 1-page module): 160,224 and 141,660.
    assert!(r2.gas_used < 170_000, "requestCallback {}", r2.gas_used);
    assert!(d2.gas_used < 150_000, "invokeCallback {}", d2.gas_used);
    let twice = c.deliver(id1);
    assert!(!twice.success, "a request is delivered once");
}

#[test]
fn a_callback_that_burns_all_its_gas_does_not_block_the_result() {
    let mut c = setup();
    // JUMPDEST PUSH1 0 JUMP: loops until its gas is gone.
    let burner = deploy_evm(&mut c.chain, &[0x5b, 0x60, 0x00, 0x56]);
    let (id, _) = c.request(burner);
    let r = ok(c.deliver(id));
    assert_eq!(
        c.failed(&r, id),
        Some(Vec::new()),
        "out of gas: CallbackFailed with empty reason"
    );
    assert!(
        r.gas_used > CALLBACK_GAS,
        "the callback got its whole gasLimit ({} used)",
        r.gas_used
    );
    // A reverting consumer: PUSH1 0 PUSH1 0 REVERT.
    let reverter = deploy_evm(&mut c.chain, &[0x60, 0x00, 0x60, 0x00, 0xfd]);
    let (id, _) = c.request(reverter);
    let r = ok(c.deliver(id));
    assert!(c.failed(&r, id).is_some());
}

#[test]
fn a_node_cannot_starve_the_callback() {
    let mut c = setup();
    let burner = deploy_evm(&mut c.chain, &[0x5b, 0x60, 0x00, 0x56]);
    let (id, _) = c.request(burner);
    // Enough gas for the oracle's own work but not for the callback's full gasLimit.
    c.chain.tx_gas_limit = 250_000;
    let r = c.deliver(id);
    assert!(!r.success, "{}", r.describe());
    let err = IOracle::InsufficientGasForCallback::abi_decode(&r.output, true);
    assert!(err.is_ok(), "{}", r.describe());
    // With enough gas the same delivery goes through.
    c.chain.tx_gas_limit = 30_000_000;
    ok(c.deliver(id));
}

#[test]
fn nested_inference_from_inside_a_callback_works_on_the_compiled_oracle() {
    let mut c = setup();
    // The consumer's callback requests a second inference (no callback) from the oracle: a
    // reentrant call, which the SDK's default guard would revert. The oracle is built `reentrant`.
    let nested = IOracle::requestCallbackCall {
        modelId: U256::from(MODEL),
        input: b"nested".to_vec().into(),
        callbackContract: Address::ZERO,
        gasLimit: 0,
        callbackData: Vec::new().into(),
    };
    let consumer = deploy_evm(
        &mut c.chain,
        &caller_runtime(c.oracle, &nested.abi_encode()),
    );
    c.chain.fund(consumer, U256::from(10u64.pow(14)));
    let (id, _) = c.request_with(consumer, 500_000);
    let r = ok(c.deliver(id));
    assert_eq!(
        c.failed(&r, id),
        None,
        "the nested request succeeded inside the callback"
    );
    let nested_request = r
        .logs
        .iter()
        .filter(|l| l.address == c.oracle)
        .filter_map(|l| IOracle::AICallbackRequest::decode_log_data(&l.data, true).ok())
        .find(|e| e.account == consumer)
        .expect("nested AICallbackRequest");
    assert_eq!(nested_request.requestId, id + U256::from(1));
    let fin = IOracle::isFinalizedCall { requestId: id }.abi_encode();
    let out = ok(c.chain.call(c.user, c.oracle, &fin).unwrap());
    assert!(
        !bool::abi_decode(&out.output, true).unwrap(),
        "inside the challenge window"
    );
    c.chain.advance_time(3_600);
    let out = ok(c.chain.call(c.user, c.oracle, &fin).unwrap());
    assert!(
        bool::abi_decode(&out.output, true).unwrap(),
        "final after the window"
    );
}

#[test]
fn a_won_challenge_corrects_the_result_through_the_compiled_verifier() {
    let mut c = setup();
    let consumer = deploy_evm(&mut c.chain, &[0x00]);
    let (id, _) = c.request(consumer);
    ok(c.deliver(id));
    let right = b"the right answer".to_vec();
    let claim = alloy_primitives::keccak256(&right);
    let challenger = c.user;
    let open = IVerifier::challengeCall {
        requestId: id,
        claimedOutputHash: claim,
        modelId: U256::from(MODEL),
        input: REQUEST_INPUT.to_vec().into(),
    };
    let r = ok(c
        .chain
        .send(
            challenger,
            c.verifier,
            &open.abi_encode(),
            U256::from(1_000u64),
        )
        .unwrap());
    println!("gas: challenge {}", r.gas_used);
    let fin = IOracle::isFinalizedCall { requestId: id }.abi_encode();
    c.chain.advance_time(7_200);
    let out = ok(c.chain.call(c.user, c.oracle, &fin).unwrap());
    assert!(
        !bool::abi_decode(&out.output, true).unwrap(),
        "an open challenge blocks finality"
    );
    // The arbiter (the deployer here) resolves for the challenger.
    let resolve = IVerifier::resolveChallengeCall {
        requestId: id,
        challengerWins: true,
        correctOutput: right.clone().into(),
    };
    let r = ok(c
        .chain
        .send(
            Devchain::DEV_ACCOUNT,
            c.verifier,
            &resolve.abi_encode(),
            U256::ZERO,
        )
        .unwrap());
    println!(
        "gas: resolveChallenge (challenger wins, callback re-run) {}",
        r.gas_used
    );
    let corrected = r
        .logs
        .iter()
        .filter_map(|l| IOracle::AICallbackResult::decode_log_data(&l.data, true).ok())
        .find(|e| e.requestId == id)
        .expect("corrected AICallbackResult");
    assert_eq!(corrected.invoker, c.verifier);
    assert_eq!(corrected.output.to_vec(), right);
    let out = ok(c.chain.call(c.user, c.oracle, &fin).unwrap());
    assert!(
        bool::abi_decode(&out.output, true).unwrap(),
        "final once corrected"
    );
    let credit = IVerifier::creditOfCall {
        account: challenger,
    }
    .abi_encode();
    // Half of the slash (the whole 10,000 stake) rewards the challenger at once; its bond comes
    // back when its challenge is settled; the other half went to the protocol.
    let out = ok(c.chain.call(c.user, c.verifier, &credit).unwrap());
    assert_eq!(
        U256::abi_decode(&out.output, true).unwrap(),
        U256::from(10_000u64 / 2)
    );
    let settle = IVerifier::settleChallengeCall {
        requestId: id,
        challenger,
    };
    ok(c.chain
        .send(c.user, c.verifier, &settle.abi_encode(), U256::ZERO)
        .unwrap());
    let out = ok(c.chain.call(c.user, c.verifier, &credit).unwrap());
    assert_eq!(
        U256::abi_decode(&out.output, true).unwrap(),
        U256::from(1_000u64 + 10_000 / 2)
    );
    let active = IVerifier::isActiveNodeCall { node: c.node }.abi_encode();
    let out = ok(c.chain.call(c.user, c.verifier, &active).unwrap());
    assert!(
        !bool::abi_decode(&out.output, true).unwrap(),
        "slashed below the minimum stake"
    );
}
