//! The ORA ABI: selectors, event topics, the router, the 63/64 rule.
#![allow(clippy::too_many_lines, clippy::unreadable_literal)]

use alloc::vec::Vec;

use alloy_primitives::{keccak256, Address, Bytes, U256};
use alloy_sol_types::{sol, SolCall, SolEvent, SolValue};
use motsu::prelude::*;

use super::*;

sol! {
    interface IOra {
        function requestCallback(uint256 modelId, bytes input, address callbackContract, uint64 gasLimit, bytes callbackData) external payable returns (uint256);
        function requestBatchInference(uint256 batchSize, uint256 modelId, bytes input, address callbackContract, uint64 gasLimit, bytes callbackData, uint8 inputDA, uint8 outputDA) external payable returns (uint256);
        function estimateFee(uint256 modelId, uint256 gasLimit) external view returns (uint256);
        function estimateFeeBatch(uint256 modelId, uint256 gasLimit, uint256 batchSize) external view returns (uint256);
        function isFinalized(uint256 requestId) external view returns (bool);
        function getModel(uint256 modelId) external view returns (bytes32, bytes32, uint256, address, uint256, uint256, address, bool);
        function claimModelRevenue(uint256 modelId) external;
        function invokeCallback(uint256 requestId, bytes output) external;
        function feedbackError(uint256 requestId, uint8 code, bytes message) external;
        function updateResult(uint256 requestId, bytes output) external;
        function aiOracleCallback(uint256 requestId, bytes output, bytes callbackData) external;
        function aiOracleCallbackError(uint256 requestId, uint8 code, bytes message, bytes callbackData) external;
    }
}

fn selector(signature: &str) -> [u8; 4] {
    let h = keccak256(signature.as_bytes());
    [h[0], h[1], h[2], h[3]]
}

#[test]
fn ora_selectors_match_the_spec() {
    let spec: [(&str, u32); 12] = [
        (
            "requestCallback(uint256,bytes,address,uint64,bytes)",
            0x5b953806,
        ),
        (
            "requestBatchInference(uint256,uint256,bytes,address,uint64,bytes,uint8,uint8)",
            0x409694fa,
        ),
        ("estimateFee(uint256,uint256)", 0x00e1d8d0),
        ("estimateFeeBatch(uint256,uint256,uint256)", 0x5170b6af),
        ("isFinalized(uint256)", 0x33727c4d),
        ("getModel(uint256)", 0x6d361694),
        ("claimModelRevenue(uint256)", 0x5638101b),
        ("invokeCallback(uint256,bytes)", 0x55d15d93),
        ("feedbackError(uint256,uint8,bytes)", 0x67a16913),
        ("updateResult(uint256,bytes)", 0x3c785493),
        ("aiOracleCallback(uint256,bytes,bytes)", 0xb0347814),
        (
            "aiOracleCallbackError(uint256,uint8,bytes,bytes)",
            0x8e6fd006,
        ),
    ];
    for (sig, hex) in spec {
        assert_eq!(selector(sig), hex.to_be_bytes(), "{sig}");
    }
    assert_eq!(
        IOra::requestCallbackCall::SELECTOR,
        0x5b953806_u32.to_be_bytes()
    );
    assert_eq!(
        IOra::requestBatchInferenceCall::SELECTOR,
        0x409694fa_u32.to_be_bytes()
    );
    assert_eq!(
        IOra::invokeCallbackCall::SELECTOR,
        0x55d15d93_u32.to_be_bytes()
    );
    assert_eq!(
        IOra::aiOracleCallbackCall::SELECTOR,
        0xb0347814_u32.to_be_bytes()
    );
}

#[test]
fn ora_event_topics_match_the_spec_signatures() {
    assert_eq!(
        AICallbackRequest::SIGNATURE_HASH,
        keccak256("AICallbackRequest(address,uint256,uint256,bytes,address,uint64,bytes)")
    );
    assert_eq!(
        batch::AICallbackRequest::SIGNATURE_HASH,
        keccak256("AICallbackRequest(address,uint256,uint256,bytes,address,uint64,bytes,uint8,uint8,uint256)")
    );
    assert_ne!(
        AICallbackRequest::SIGNATURE_HASH,
        batch::AICallbackRequest::SIGNATURE_HASH
    );
    assert_eq!(
        AICallbackResult::SIGNATURE_HASH,
        keccak256("AICallbackResult(address,uint256,address,bytes)")
    );
    assert_eq!(
        CallbackFailed::SIGNATURE_HASH,
        keccak256("CallbackFailed(uint256,bytes)")
    );
}

#[motsu::test]
fn router_answers_the_ora_selectors() {
    let env = Env::new();
    let caller: Contract<RawCaller> = Contract::new();
    caller.address().fund(RICH);
    env.add_node(caller.address());
    let oracle = env.oracle.address();
    let raw = |data: Vec<u8>, value: U256| {
        caller
            .sender_and_value(env.user.address(), value)
            .raw(oracle, data.into())
            .motsu_unwrap()
            .0
    };
    env.user.address().fund(RICH);
    let fee = raw(
        IOra::estimateFeeCall {
            modelId: MODEL,
            gasLimit: u(GAS),
        }
        .abi_encode(),
        U256::ZERO,
    );
    assert_eq!(U256::abi_decode(&fee, true).unwrap(), env.fee());
    let fee3 = raw(
        IOra::estimateFeeBatchCall {
            modelId: MODEL,
            gasLimit: u(GAS),
            batchSize: u(3),
        }
        .abi_encode(),
        U256::ZERO,
    );
    assert_eq!(
        U256::abi_decode(&fee3, true).unwrap(),
        u(3 * MODEL_FEE + MIN_GAS_PRICE * GAS)
    );
    let id = raw(
        IOra::requestCallbackCall {
            modelId: MODEL,
            input: Bytes::from_static(b"hi"),
            callbackContract: env.recorder.address(),
            gasLimit: GAS,
            callbackData: Bytes::new(),
        }
        .abi_encode(),
        env.fee(),
    );
    let id = U256::abi_decode(&id, true).unwrap();
    assert_eq!(id, u(1));
    let id2 = raw(
        IOra::requestBatchInferenceCall {
            batchSize: u(2),
            modelId: MODEL,
            input: Bytes::from_static(b"hi"),
            callbackContract: Address::ZERO,
            gasLimit: 0,
            callbackData: Bytes::new(),
            inputDA: 0,
            outputDA: 2,
        }
        .abi_encode(),
        u(2 * MODEL_FEE),
    );
    assert_eq!(U256::abi_decode(&id2, true).unwrap(), u(2));
    raw(
        IOra::invokeCallbackCall {
            requestId: id,
            output: Bytes::from_static(b"out"),
        }
        .abi_encode(),
        U256::ZERO,
    );
    assert_eq!(env.recorder.sender(env.user.address()).calls.get(), u(1));
    raw(
        IOra::updateResultCall {
            requestId: id,
            output: Bytes::from_static(b"out"),
        }
        .abi_encode(),
        U256::ZERO,
    );
    assert_eq!(env.recorder.sender(env.user.address()).calls.get(), u(2));
    raw(
        IOra::feedbackErrorCall {
            requestId: u(2),
            code: 1,
            message: Bytes::from_static(b"bad"),
        }
        .abi_encode(),
        U256::ZERO,
    );
    assert_eq!(env.status(u(2)), Status::Errored as u8);
    let fin = raw(
        IOra::isFinalizedCall { requestId: id }.abi_encode(),
        U256::ZERO,
    );
    assert!(!bool::abi_decode(&fin, true).unwrap());
    let model = raw(
        IOra::getModelCall { modelId: MODEL }.abi_encode(),
        U256::ZERO,
    );
    let decoded = IOra::getModelCall::abi_decode_returns(&model, true).unwrap();
    assert_eq!(decoded._2, u(MODEL_FEE));
    assert_eq!(decoded._3, env.receiver.address());
    raw(
        IOra::claimModelRevenueCall { modelId: MODEL }.abi_encode(),
        U256::ZERO,
    );
    assert_eq!(env.receiver.balance(), u(3 * MODEL_FEE * PCT / 100));
}

#[test]
fn can_forward_gas_follows_the_63_64_rule() {
    assert!(!can_forward_gas(0, 1));
    assert!(can_forward_gas(0, 0));
    assert!(!can_forward_gas(100_000, 100_000));
    // usable = gasLeft - reserve; the callee gets usable - usable/64.
    let need = |limit: u64| {
        let mut g = limit;
        while !can_forward_gas(g, limit) {
            g += 1;
        }
        g
    };
    let g = need(100_000);
    let usable = g - CALLBACK_GAS_RESERVE;
    assert!(usable - usable / 64 >= 100_000);
    let prev = g - 1 - CALLBACK_GAS_RESERVE;
    assert!(prev - prev / 64 < 100_000);
    assert!(can_forward_gas(u64::MAX, u64::MAX / 2));
}
