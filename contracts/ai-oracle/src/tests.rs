//! motsu tests of the oracle, run together with the real verifier (`imo-ai-oracle-verifier`).
//!
//! Actors are small contracts (`Wallet`) rather than plain addresses: motsu aborts the test binary
//! when ETH is sent to an address without a contract. motsu does not meter gas, so the gas-related
//! behaviour is pinned two ways: `can_forward_gas` is tested on numbers, and the gas burner
//! consumer reverts with empty data, which is what an out-of-gas callback looks like to the oracle.
#![allow(clippy::too_many_lines, clippy::unreadable_literal)]

use alloc::{vec, vec::Vec};

use alloy_primitives::{keccak256, uint, Address, Bytes, B256, U256};
use alloy_sol_types::{sol, SolCall, SolEvent, SolValue};
use imo_ai_oracle_verifier::{clock as verifier_clock, OracleVerifier};
use imo_common::interfaces::IAIOracle;
use motsu::prelude::*;
use stylus_sdk::{
    abi::Bytes as AbiBytes,
    prelude::*,
    storage::{StorageBool, StorageBytes, StorageU256, StorageU8},
};

use super::*;

pub(crate) const WINDOW: u64 = 3_600;
pub(crate) const MIN_GAS_PRICE: u64 = 2;
pub(crate) const BOND: u64 = 500;
pub(crate) const MIN_STAKE: u64 = 10_000;
pub(crate) const MODEL: U256 = uint!(11_U256);
pub(crate) const MODEL_FEE: u64 = 1_000;
pub(crate) const PCT: u64 = 40;
pub(crate) const GAS: u64 = 100_000;
const RICH: U256 = uint!(1_000_000_000_000_U256);

pub(crate) fn u(x: u64) -> U256 {
    U256::from(x)
}

pub(crate) fn b(x: &[u8]) -> AbiBytes {
    AbiBytes::from(x.to_vec())
}

/// Moves the clock of both contracts.
pub(crate) fn advance(seconds: u64) {
    crate::clock::advance(seconds);
    verifier_clock::advance(seconds);
}

// ---------------------------------------------------------------------- test contracts

/// An account that accepts ETH.
#[storage]
pub(crate) struct Wallet {
    received: StorageU256,
}

#[public]
impl Wallet {
    #[receive]
    fn receive(&mut self) -> Result<(), Vec<u8>> {
        let v = self.received.get() + self.vm().msg_value();
        self.received.set(v);
        Ok(())
    }
}

unsafe impl TopLevelStorage for Wallet {}

/// An account that rejects ETH. (Its `receive` reverts with data: motsu cannot route a plain
/// transfer to a contract without `receive`, nor pass on empty revert data.)
#[storage]
pub(crate) struct Rejecter {
    #[allow(dead_code)]
    unused: StorageBool,
}

#[public]
impl Rejecter {
    #[receive]
    fn receive(&mut self) -> Result<(), Vec<u8>> {
        Err(b"no ETH".to_vec())
    }
}

unsafe impl TopLevelStorage for Rejecter {}

sol_interface! {
    interface INodeOracle {
        function invokeCallback(uint256 request_id, bytes calldata output) external;
        function isFinalized(uint256 request_id) external view returns (bool);
    }
}

/// Records every callback; can also request inferences itself.
#[storage]
pub(crate) struct Recorder {
    calls: StorageU256,
    errors: StorageU256,
    last_id: StorageU256,
    last_output: StorageBytes,
    last_data: StorageBytes,
    last_code: StorageU8,
}

#[public]
impl Recorder {
    fn ai_oracle_callback(
        &mut self,
        request_id: U256,
        output: AbiBytes,
        callback_data: AbiBytes,
    ) -> Result<(), Vec<u8>> {
        let calls = self.calls.get() + U256::from(1);
        self.calls.set(calls);
        self.last_id.set(request_id);
        self.last_output.set_bytes(&output.0);
        self.last_data.set_bytes(&callback_data.0);
        Ok(())
    }

    fn ai_oracle_callback_error(
        &mut self,
        request_id: U256,
        code: u8,
        message: AbiBytes,
        callback_data: AbiBytes,
    ) -> Result<(), Vec<u8>> {
        let errors = self.errors.get() + U256::from(1);
        self.errors.set(errors);
        self.last_id.set(request_id);
        self.last_code.set(U8::from(code));
        self.last_output.set_bytes(&message.0);
        self.last_data.set_bytes(&callback_data.0);
        Ok(())
    }

    #[payable]
    fn request(&mut self, oracle: Address, gas_limit: u64) -> Result<U256, Vec<u8>> {
        let value = self.vm().msg_value();
        let me = self.vm().contract_address();
        #[allow(deprecated)]
        let id = IAIOracle::new(oracle).request_callback(
            stylus_sdk::call::Call::new_in(self).value(value),
            MODEL,
            Bytes::from_static(b"prompt"),
            me,
            gas_limit,
            Bytes::from_static(b"data"),
        )?;
        Ok(id)
    }
}

unsafe impl TopLevelStorage for Recorder {}

/// A callback that always reverts.
#[storage]
pub(crate) struct Reverter {
    calls: StorageU256,
}

#[public]
impl Reverter {
    fn ai_oracle_callback(
        &mut self,
        _request_id: U256,
        _output: AbiBytes,
        _callback_data: AbiBytes,
    ) -> Result<(), Vec<u8>> {
        let calls = self.calls.get() + U256::from(1);
        self.calls.set(calls);
        Err(b"consumer broken".to_vec())
    }

    fn ai_oracle_callback_error(
        &mut self,
        _request_id: U256,
        _code: u8,
        _message: AbiBytes,
        _callback_data: AbiBytes,
    ) -> Result<(), Vec<u8>> {
        Err(b"consumer broken".to_vec())
    }
}

unsafe impl TopLevelStorage for Reverter {}

/// A callback that burns its gas: it loops over storage writes and then fails. motsu neither meters
/// gas nor passes on empty revert data (what an out-of-gas call returns on chain), so the
/// exhaustion is simulated: the oracle must treat it as any failed callback.
#[storage]
pub(crate) struct GasBurner {
    sink: StorageBytes,
}

#[public]
impl GasBurner {
    fn ai_oracle_callback(
        &mut self,
        _request_id: U256,
        output: AbiBytes,
        _callback_data: AbiBytes,
    ) -> Result<(), Vec<u8>> {
        for _ in 0..64 {
            self.sink.set_bytes(&output.0);
        }
        Err(Vec::new())
    }
}

unsafe impl TopLevelStorage for GasBurner {}

/// Requests a second inference from inside its callback (nested inference) and reads
/// `isFinalized` there.
#[storage]
pub(crate) struct NestedRequester {
    oracle: StorageAddress,
    nested_id: StorageU256,
    calls: StorageU256,
    saw_final: StorageBool,
}

#[public]
impl NestedRequester {
    fn set_oracle(&mut self, oracle: Address) {
        self.oracle.set(oracle);
    }

    fn ai_oracle_callback(
        &mut self,
        request_id: U256,
        _output: AbiBytes,
        _callback_data: AbiBytes,
    ) -> Result<(), Vec<u8>> {
        let calls = self.calls.get() + U256::from(1);
        self.calls.set(calls);
        if !self.nested_id.get().is_zero() {
            return Ok(());
        }
        let oracle = self.oracle.get();
        let me = self.vm().contract_address();
        let fee = IAIOracle::new(oracle).estimate_fee(&*self, MODEL, U256::from(GAS))?;
        let finalized = IAIOracle::new(oracle).is_finalized(&*self, request_id)?;
        self.saw_final.set(finalized);
        #[allow(deprecated)]
        let id = IAIOracle::new(oracle).request_callback(
            stylus_sdk::call::Call::new_in(self).value(fee),
            MODEL,
            Bytes::from_static(b"nested"),
            me,
            GAS,
            Bytes::new(),
        )?;
        self.nested_id.set(id);
        Ok(())
    }
}

unsafe impl TopLevelStorage for NestedRequester {}

/// A node that is also the callback contract and tries to deliver the same request again from
/// inside the callback.
#[storage]
pub(crate) struct ReentrantNode {
    oracle: StorageAddress,
    calls: StorageU256,
    reentry_failed: StorageBool,
}

#[public]
impl ReentrantNode {
    fn deliver(
        &mut self,
        oracle: Address,
        request_id: U256,
        output: AbiBytes,
    ) -> Result<(), Vec<u8>> {
        self.oracle.set(oracle);
        #[allow(deprecated)]
        INodeOracle::new(oracle).invoke_callback(
            stylus_sdk::call::Call::new_in(self),
            request_id,
            output.0.into(),
        )?;
        Ok(())
    }

    fn ai_oracle_callback(
        &mut self,
        request_id: U256,
        output: AbiBytes,
        _callback_data: AbiBytes,
    ) -> Result<(), Vec<u8>> {
        let calls = self.calls.get() + U256::from(1);
        self.calls.set(calls);
        let oracle = self.oracle.get();
        #[allow(deprecated)]
        let again = INodeOracle::new(oracle).invoke_callback(
            stylus_sdk::call::Call::new_in(self),
            request_id,
            output.0.into(),
        );
        self.reentry_failed.set(again.is_err());
        Ok(())
    }

    #[receive]
    fn receive(&mut self) -> Result<(), Vec<u8>> {
        Ok(())
    }
}

unsafe impl TopLevelStorage for ReentrantNode {}

/// Sends raw calldata, to check that the router answers the ORA selectors.
#[storage]
pub(crate) struct RawCaller {
    calls: StorageU256,
}

#[public]
impl RawCaller {
    #[payable]
    fn raw(&mut self, to: Address, data: AbiBytes) -> Result<AbiBytes, Vec<u8>> {
        let value = self.vm().msg_value();
        let calls = self.calls.get() + U256::from(1);
        self.calls.set(calls);
        #[allow(deprecated)]
        let out = stylus_sdk::call::call(
            stylus_sdk::call::Call::new_in(self).value(value),
            to,
            &data.0,
        )
        .map_err(revert_data)?;
        Ok(out.into())
    }

    #[receive]
    fn receive(&mut self) -> Result<(), Vec<u8>> {
        Ok(())
    }
}

unsafe impl TopLevelStorage for RawCaller {}

// ---------------------------------------------------------------------- environment

pub(crate) struct Env {
    pub(crate) oracle: Contract<AIOracle>,
    pub(crate) verifier: Contract<OracleVerifier>,
    pub(crate) owner: Contract<Wallet>,
    pub(crate) node: Contract<Wallet>,
    pub(crate) arbiter: Contract<Wallet>,
    pub(crate) receiver: Contract<Wallet>,
    pub(crate) user: Contract<Wallet>,
    pub(crate) recorder: Contract<Recorder>,
}

impl Env {
    pub(crate) fn new() -> Self {
        let env = Env {
            oracle: Contract::new(),
            verifier: Contract::new(),
            owner: Contract::new(),
            node: Contract::new(),
            arbiter: Contract::new(),
            receiver: Contract::new(),
            user: Contract::new(),
            recorder: Contract::new(),
        };
        let owner = env.owner.address();
        env.oracle
            .sender(owner)
            .constructor(owner, env.verifier.address(), WINDOW, u(MIN_GAS_PRICE))
            .motsu_unwrap();
        env.verifier
            .sender(owner)
            .constructor(
                owner,
                env.oracle.address(),
                env.arbiter.address(),
                u(BOND),
                u(MIN_STAKE),
            )
            .motsu_unwrap();
        env.add_model(MODEL, env.receiver.address(), PCT);
        env.add_node(env.node.address());
        for who in [
            env.user.address(),
            env.arbiter.address(),
            env.owner.address(),
        ] {
            who.fund(RICH);
        }
        env.recorder.address().fund(RICH);
        env
    }

    pub(crate) fn add_model(&self, id: U256, receiver: Address, pct: u64) {
        self.oracle
            .sender(self.owner.address())
            .add_model(
                id,
                B256::repeat_byte(1),
                B256::repeat_byte(2),
                u(MODEL_FEE),
                receiver,
                u(pct),
                receiver,
                false,
            )
            .motsu_unwrap();
    }

    /// Whitelists and stakes `node`.
    pub(crate) fn add_node(&self, node: Address) {
        node.fund(u(MIN_STAKE) * u(3));
        self.verifier
            .sender(self.owner.address())
            .add_node(node)
            .motsu_unwrap();
        self.verifier
            .sender_and_value(node, u(MIN_STAKE))
            .stake()
            .motsu_unwrap();
    }

    pub(crate) fn fee(&self) -> U256 {
        u(MODEL_FEE + MIN_GAS_PRICE * GAS)
    }

    /// A request from `user` with the recorder as callback.
    pub(crate) fn request(&self) -> U256 {
        self.request_to(self.recorder.address(), GAS)
    }

    pub(crate) fn request_to(&self, callback: Address, gas: u64) -> U256 {
        let fee = self
            .oracle
            .sender(self.user.address())
            .estimate_fee(MODEL, u(gas))
            .motsu_unwrap();
        self.oracle
            .sender_and_value(self.user.address(), fee)
            .request_callback(MODEL, b(b"prompt"), callback, gas, b(b"data"))
            .motsu_unwrap()
    }

    pub(crate) fn deliver(&self, id: U256, output: &[u8]) {
        self.oracle
            .sender(self.node.address())
            .invoke_callback(id, b(output))
            .motsu_unwrap();
    }

    /// A request read from storage: `(requester, callback, gasLimit, nodeFee, inputHash, node,
    /// windowEnd, status, outputHash)`.
    pub(crate) fn req(
        &self,
        id: U256,
    ) -> (Address, Address, u64, U256, B256, Address, u64, u8, B256) {
        let o = self.oracle.sender(self.user.address());
        let r = o.requests.getter(id);
        (
            r.requester.get(),
            r.callback.get(),
            r.gas_limit.get().to::<u64>(),
            wide(r.node_fee.get()),
            r.input_hash.get(),
            r.node.get(),
            r.window_end.get().to::<u64>(),
            r.status.get().to::<u8>(),
            r.output_hash.get(),
        )
    }

    pub(crate) fn status(&self, id: U256) -> u8 {
        self.req(id).7
    }

    pub(crate) fn request_count(&self) -> u64 {
        self.oracle
            .sender(self.user.address())
            .request_count
            .get()
            .to::<u64>()
    }

    pub(crate) fn set_min_gas_price(&self, price: u64) {
        let p = self.oracle.sender(self.owner.address()).parameters();
        self.oracle
            .sender(self.owner.address())
            .set_parameters(p.1, u(price), p.3)
            .motsu_unwrap();
    }
}

fn err_bytes(e: impl Into<Vec<u8>>) -> Vec<u8> {
    e.into()
}

// ---------------------------------------------------------------------- ABI

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
    assert_eq!(env.status(u(2)), STATUS_ERRORED);
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

// ---------------------------------------------------------------------- requests

#[motsu::test]
fn request_stores_hashes_emits_input_and_routes_fees() {
    let env = Env::new();
    let id = env.request();
    assert_eq!(id, u(1));
    let r = env.req(id);
    assert_eq!(r.0, env.user.address());
    assert_eq!(r.1, env.recorder.address());
    assert_eq!(r.2, GAS);
    assert_eq!(r.3, u(MIN_GAS_PRICE * GAS));
    assert_eq!(r.4, keccak256(b"prompt"));
    assert_eq!(r.7, STATUS_PENDING);
    env.oracle.assert_emitted(&AICallbackRequest {
        account: env.user.address(),
        requestId: id,
        modelId: MODEL,
        input: Bytes::from_static(b"prompt"),
        callbackContract: env.recorder.address(),
        gasLimit: GAS,
        callbackData: Bytes::from_static(b"data"),
    });
    let model = env.oracle.sender(env.user.address()).get_model(MODEL);
    assert_eq!(model.5, u(MODEL_FEE * PCT / 100));
    assert_eq!(
        env.oracle.sender(env.user.address()).parameters().4,
        u(MODEL_FEE - MODEL_FEE * PCT / 100)
    );
    assert_eq!(env.oracle.balance(), env.fee());
    assert_eq!(env.request(), u(2), "ids increase");
}

#[motsu::test]
fn batch_request_charges_per_item_and_emits_the_batch_event() {
    let env = Env::new();
    let fee = env
        .oracle
        .sender(env.user.address())
        .estimate_fee_batch(MODEL, u(GAS), u(4))
        .motsu_unwrap();
    assert_eq!(fee, u(4 * MODEL_FEE + MIN_GAS_PRICE * GAS));
    let id = env
        .oracle
        .sender_and_value(env.user.address(), fee)
        .request_batch_inference(
            u(4),
            MODEL,
            b(b"in"),
            env.recorder.address(),
            GAS,
            b(b""),
            1,
            2,
        )
        .motsu_unwrap();
    env.oracle.assert_emitted(&batch::AICallbackRequest {
        account: env.user.address(),
        requestId: id,
        modelId: MODEL,
        input: Bytes::from_static(b"in"),
        callbackContract: env.recorder.address(),
        gasLimit: GAS,
        callbackData: Bytes::new(),
        inputDA: 1,
        outputDA: 2,
        batchSize: u(4),
    });
    assert_eq!(
        env.oracle.sender(env.user.address()).get_model(MODEL).5,
        u(4 * MODEL_FEE * PCT / 100)
    );
}

#[motsu::test]
fn every_request_validation_error() {
    let env = Env::new();
    let user = env.user.address();
    let rec = env.recorder.address();
    let fee = env.fee();
    let o = &env.oracle;
    assert!(matches!(
        o.sender_and_value(user, fee)
            .request_callback(u(99), b(b"x"), rec, GAS, b(b""))
            .motsu_unwrap_err(),
        Error::ModelNotActive(_)
    ));
    assert!(matches!(
        o.sender_and_value(user, fee)
            .request_callback(MODEL, b(b""), rec, GAS, b(b""))
            .motsu_unwrap_err(),
        Error::EmptyInput(_)
    ));
    assert!(matches!(
        o.sender_and_value(user, fee)
            .request_callback(MODEL, b(b"x"), Address::ZERO, GAS, b(b""))
            .motsu_unwrap_err(),
        Error::InvalidCallback(_)
    ));
    assert!(matches!(
        o.sender_and_value(user, fee)
            .request_callback(MODEL, b(b"x"), rec, 0, b(b""))
            .motsu_unwrap_err(),
        Error::InvalidCallback(_)
    ));
    assert!(matches!(
        o.sender_and_value(user, fee - u(1)).request_callback(MODEL, b(b"x"), rec, GAS, b(b"")).motsu_unwrap_err(),
        Error::InsufficientFee(InsufficientFee { required, paid }) if required == fee && paid == fee - u(1)
    ));
    assert!(matches!(
        o.sender_and_value(user, fee)
            .request_batch_inference(U256::ZERO, MODEL, b(b"x"), rec, GAS, b(b""), 0, 0)
            .motsu_unwrap_err(),
        Error::InvalidBatchSize(_)
    ));
    assert!(matches!(
        o.sender_and_value(user, fee)
            .request_batch_inference(u(1), MODEL, b(b"x"), rec, GAS, b(b""), DA_IPFS, 0)
            .motsu_unwrap_err(),
        Error::InvalidDataAvailability(_)
    ));
    assert!(matches!(
        o.sender_and_value(user, fee)
            .request_batch_inference(u(1), MODEL, b(b"x"), rec, GAS, b(b""), 0, 3)
            .motsu_unwrap_err(),
        Error::InvalidDataAvailability(_)
    ));
    assert!(matches!(
        o.sender_and_value(user, fee)
            .request_batch_inference(U256::MAX, MODEL, b(b"x"), rec, GAS, b(b""), 0, 0)
            .motsu_unwrap_err(),
        Error::AmountOverflow(_)
    ));
    o.sender(env.owner.address())
        .set_blacklist(rec, true)
        .motsu_unwrap();
    assert!(matches!(
        o.sender_and_value(user, fee)
            .request_callback(MODEL, b(b"x"), rec, GAS, b(b""))
            .motsu_unwrap_err(),
        Error::CallbackBlacklisted(_)
    ));
    o.sender(env.owner.address())
        .set_blacklist(rec, false)
        .motsu_unwrap();
    o.sender(env.owner.address())
        .set_paused(true)
        .motsu_unwrap();
    assert!(matches!(
        o.sender_and_value(user, fee)
            .request_callback(MODEL, b(b"x"), rec, GAS, b(b""))
            .motsu_unwrap_err(),
        Error::RequestsPaused(_)
    ));
    o.sender(env.owner.address())
        .set_paused(false)
        .motsu_unwrap();
    o.sender(env.owner.address())
        .remove_model(MODEL)
        .motsu_unwrap();
    assert!(matches!(
        o.sender_and_value(user, fee)
            .request_callback(MODEL, b(b"x"), rec, GAS, b(b""))
            .motsu_unwrap_err(),
        Error::ModelNotActive(_)
    ));
    assert_eq!(env.request_count(), 0, "nothing was stored");
    assert_eq!(
        o.balance(),
        U256::ZERO,
        "every failed request was rolled back"
    );
}

#[motsu::test]
fn gas_price_is_max_of_basefee_and_min_gas_price_never_zero() {
    let env = Env::new();
    // motsu's basefee is 0: a fresh deployment still charges minGasPrice (the reference charged 0).
    assert_eq!(
        env.oracle
            .sender(env.user.address())
            .estimate_fee(MODEL, u(GAS))
            .motsu_unwrap(),
        env.fee()
    );
    env.set_min_gas_price(7);
    assert_eq!(
        env.oracle
            .sender(env.user.address())
            .estimate_fee(MODEL, u(GAS))
            .motsu_unwrap(),
        u(MODEL_FEE + 7 * GAS)
    );
    assert!(matches!(
        env.oracle
            .sender(env.user.address())
            .estimate_fee(MODEL, U256::MAX)
            .motsu_unwrap_err(),
        Error::AmountOverflow(_)
    ));
}

#[motsu::test]
fn fee_changes_between_estimate_and_request_give_refund_credit_or_revert() {
    let env = Env::new();
    let user = env.user.address();
    let estimate = env
        .oracle
        .sender(user)
        .estimate_fee(MODEL, u(GAS))
        .motsu_unwrap();
    // The price goes down after the estimate: the difference is credited, not kept.
    env.set_min_gas_price(1);
    env.oracle
        .sender_and_value(user, estimate)
        .request_callback(MODEL, b(b"x"), env.recorder.address(), GAS, b(b""))
        .motsu_unwrap();
    let excess = u(GAS);
    assert_eq!(env.oracle.sender(user).refund_of(user), excess);
    env.oracle.assert_emitted(&RefundCredited {
        account: user,
        amount: excess,
    });
    // The price goes up after the estimate: the request reverts, nothing is taken.
    env.set_min_gas_price(5);
    assert!(matches!(
        env.oracle
            .sender_and_value(user, estimate)
            .request_callback(MODEL, b(b"x"), env.recorder.address(), GAS, b(b""))
            .motsu_unwrap_err(),
        Error::InsufficientFee(_)
    ));
    // The credit is withdrawable once.
    let before = env.user.balance();
    env.oracle.sender(user).withdraw_refund().motsu_unwrap();
    assert_eq!(env.user.balance(), before + excess);
    assert!(matches!(
        env.oracle.sender(user).withdraw_refund().motsu_unwrap_err(),
        Error::NothingToWithdraw(_)
    ));
    assert_identity(&env, &[]);
}

// ---------------------------------------------------------------------- delivery

#[motsu::test]
fn delivery_records_result_pays_node_and_calls_back() {
    let env = Env::new();
    let id = env.request();
    env.deliver(id, b"answer");
    let r = env.req(id);
    assert_eq!(r.5, env.node.address());
    assert_eq!(r.7, STATUS_DELIVERED);
    assert_eq!(r.8, keccak256(b"answer"));
    env.oracle.assert_emitted(&AICallbackResult {
        account: env.user.address(),
        requestId: id,
        invoker: env.node.address(),
        output: Bytes::from_static(b"answer"),
    });
    let rec = env.recorder.sender(env.user.address());
    assert_eq!(rec.calls.get(), u(1));
    assert_eq!(rec.last_id.get(), id);
    assert_eq!(rec.last_output.get_bytes(), b"answer".to_vec());
    assert_eq!(rec.last_data.get_bytes(), b"data".to_vec());
    assert_eq!(
        env.oracle
            .sender(env.user.address())
            .earnings_of(env.node.address()),
        u(MIN_GAS_PRICE * GAS)
    );
    let before = env.node.balance();
    env.oracle
        .sender(env.node.address())
        .withdraw_earnings()
        .motsu_unwrap();
    assert_eq!(env.node.balance(), before + u(MIN_GAS_PRICE * GAS));
    assert!(matches!(
        env.oracle
            .sender(env.node.address())
            .withdraw_earnings()
            .motsu_unwrap_err(),
        Error::NothingToWithdraw(_)
    ));
    assert_identity(&env, &[id]);
}

#[motsu::test]
fn delivery_twice_or_for_unknown_id_reverts() {
    let env = Env::new();
    let id = env.request();
    env.deliver(id, b"a");
    assert!(matches!(
        env.oracle
            .sender(env.node.address())
            .invoke_callback(id, b(b"b"))
            .motsu_unwrap_err(),
        Error::RequestNotPending(_)
    ));
    assert!(matches!(
        env.oracle
            .sender(env.node.address())
            .invoke_callback(u(42), b(b"b"))
            .motsu_unwrap_err(),
        Error::UnknownRequest(_)
    ));
    assert_eq!(env.recorder.sender(env.user.address()).calls.get(), u(1));
    assert_eq!(
        env.oracle
            .sender(env.user.address())
            .earnings_of(env.node.address()),
        u(MIN_GAS_PRICE * GAS)
    );
}

#[motsu::test]
fn only_whitelisted_staked_nodes_deliver() {
    let env = Env::new();
    let id = env.request();
    let stranger: Contract<Wallet> = Contract::new();
    assert!(matches!(
        env.oracle
            .sender(stranger.address())
            .invoke_callback(id, b(b"a"))
            .motsu_unwrap_err(),
        Error::NotNode(_)
    ));
    assert!(matches!(
        env.oracle
            .sender(stranger.address())
            .feedback_error(id, 0, b(b"a"))
            .motsu_unwrap_err(),
        Error::NotNode(_)
    ));
    // Whitelisted but not staked enough.
    env.verifier
        .sender(env.owner.address())
        .add_node(stranger.address())
        .motsu_unwrap();
    assert!(matches!(
        env.oracle
            .sender(stranger.address())
            .invoke_callback(id, b(b"a"))
            .motsu_unwrap_err(),
        Error::NotNode(_)
    ));
    // Staked but removed from the whitelist.
    env.verifier
        .sender(env.owner.address())
        .remove_node(env.node.address())
        .motsu_unwrap();
    assert!(matches!(
        env.oracle
            .sender(env.node.address())
            .invoke_callback(id, b(b"a"))
            .motsu_unwrap_err(),
        Error::NotNode(_)
    ));
    // Without a verifier nobody delivers.
    env.oracle
        .sender(env.owner.address())
        .set_parameters(WINDOW, u(MIN_GAS_PRICE), Address::ZERO)
        .motsu_unwrap();
    assert!(matches!(
        env.oracle
            .sender(env.node.address())
            .invoke_callback(id, b(b"a"))
            .motsu_unwrap_err(),
        Error::NotNode(_)
    ));
}

#[motsu::test]
fn reverting_callback_does_not_block_the_result() {
    let env = Env::new();
    let reverter: Contract<Reverter> = Contract::new();
    let id = env.request_to(reverter.address(), GAS);
    env.deliver(id, b"answer");
    env.oracle.assert_emitted(&CallbackFailed {
        requestId: id,
        reason: Bytes::from_static(b"consumer broken"),
    });
    assert_eq!(env.status(id), STATUS_DELIVERED);
    assert_eq!(
        env.oracle
            .sender(env.user.address())
            .earnings_of(env.node.address()),
        u(MIN_GAS_PRICE * GAS)
    );
    // Re-delivery reverts when the callback reverts.
    assert!(matches!(
        env.oracle.sender(env.user.address()).update_result(id, b(b"answer")).motsu_unwrap_err(),
        Error::CallbackReverted(CallbackReverted { reason }) if reason.as_ref() == b"consumer broken"
    ));
    advance(WINDOW);
    assert!(env.oracle.sender(env.user.address()).is_finalized(id));
}

#[motsu::test]
fn callback_that_burns_its_gas_does_not_block_the_result() {
    let env = Env::new();
    let burner: Contract<GasBurner> = Contract::new();
    let id = env.request_to(burner.address(), GAS);
    env.deliver(id, b"answer");
    let failed = env
        .oracle
        .all_events()
        .iter()
        .filter_map(|log| CallbackFailed::decode_log_data(log, true).ok())
        .any(|e| e.requestId == id);
    assert!(failed, "CallbackFailed emitted");
    assert_eq!(env.status(id), STATUS_DELIVERED);
    assert_eq!(env.req(id).8, keccak256(b"answer"));
}

#[motsu::test]
fn request_without_callback_is_delivered_without_a_call() {
    let env = Env::new();
    let user = env.user.address();
    let fee = env
        .oracle
        .sender(user)
        .estimate_fee(MODEL, U256::ZERO)
        .motsu_unwrap();
    assert_eq!(fee, u(MODEL_FEE));
    let id = env
        .oracle
        .sender_and_value(user, fee)
        .request_callback(MODEL, b(b"x"), Address::ZERO, 0, b(b""))
        .motsu_unwrap();
    env.deliver(id, b"y");
    assert_eq!(env.status(id), STATUS_DELIVERED);
    assert!(matches!(
        env.oracle
            .sender(user)
            .update_result(id, b(b"y"))
            .motsu_unwrap_err(),
        Error::InvalidCallback(_)
    ));
    assert_eq!(
        env.oracle.sender(user).earnings_of(env.node.address()),
        U256::ZERO
    );
}

#[motsu::test]
fn update_result_redelivers_only_the_recorded_output() {
    let env = Env::new();
    let id = env.request();
    assert!(matches!(
        env.oracle
            .sender(env.user.address())
            .update_result(id, b(b"a"))
            .motsu_unwrap_err(),
        Error::RequestNotDelivered(_)
    ));
    env.deliver(id, b"a");
    assert!(matches!(
        env.oracle
            .sender(env.user.address())
            .update_result(id, b(b"forged"))
            .motsu_unwrap_err(),
        Error::OutputHashMismatch(_)
    ));
    env.oracle
        .sender(env.user.address())
        .update_result(id, b(b"a"))
        .motsu_unwrap();
    let rec = env.recorder.sender(env.user.address());
    assert_eq!(
        rec.calls.get(),
        u(2),
        "consumers must accept a second delivery"
    );
    assert_eq!(rec.last_output.get_bytes(), b"a".to_vec());
}

#[motsu::test]
fn feedback_error_calls_the_error_callback_and_closes_the_request() {
    let env = Env::new();
    let id = env.request();
    env.oracle
        .sender(env.node.address())
        .feedback_error(id, 1, b(b"bad batch"))
        .motsu_unwrap();
    env.oracle.assert_emitted(&RequestErrored {
        requestId: id,
        node: env.node.address(),
        code: 1,
        message: Bytes::from_static(b"bad batch"),
    });
    let rec = env.recorder.sender(env.user.address());
    assert_eq!(rec.errors.get(), u(1));
    assert_eq!(rec.last_code.get(), U8::from(1));
    assert_eq!(rec.last_output.get_bytes(), b"bad batch".to_vec());
    assert_eq!(rec.last_data.get_bytes(), b"data".to_vec());
    assert_eq!(env.status(id), STATUS_ERRORED);
    assert!(matches!(
        env.oracle
            .sender(env.node.address())
            .invoke_callback(id, b(b"late"))
            .motsu_unwrap_err(),
        Error::RequestNotPending(_)
    ));
    assert!(matches!(
        env.oracle
            .sender(env.node.address())
            .feedback_error(id, 0, b(b""))
            .motsu_unwrap_err(),
        Error::RequestNotPending(_)
    ));
    assert!(matches!(
        env.oracle
            .sender(env.user.address())
            .update_result(id, b(b""))
            .motsu_unwrap_err(),
        Error::RequestNotDelivered(_)
    ));
    assert!(!env.oracle.sender(env.user.address()).is_finalized(id));
    // A consumer whose error callback reverts does not keep the request open.
    let reverter: Contract<Reverter> = Contract::new();
    let id2 = env.request_to(reverter.address(), GAS);
    env.oracle
        .sender(env.node.address())
        .feedback_error(id2, 0, b(b"x"))
        .motsu_unwrap();
    assert_eq!(env.status(id2), STATUS_ERRORED);
    env.oracle.assert_emitted(&CallbackFailed {
        requestId: id2,
        reason: Bytes::from_static(b"consumer broken"),
    });
    assert_identity(&env, &[id, id2]);
}

// ---------------------------------------------------------------------- reentrancy

#[motsu::test]
fn nested_inference_from_inside_a_callback_works() {
    let env = Env::new();
    let nested: Contract<NestedRequester> = Contract::new();
    nested
        .sender(env.user.address())
        .set_oracle(env.oracle.address());
    nested.address().fund(RICH);
    let id = env.request_to(nested.address(), GAS);
    env.deliver(id, b"first");
    let n = nested.sender(env.user.address());
    assert_eq!(n.calls.get(), u(1));
    assert_eq!(n.nested_id.get(), id + u(1));
    assert!(
        !n.saw_final.get(),
        "a result is not final inside its own delivery"
    );
    assert_eq!(env.req(id + u(1)).0, nested.address());
    env.deliver(id + u(1), b"second");
    assert_eq!(nested.sender(env.user.address()).calls.get(), u(2));
    assert_identity(&env, &[id, id + u(1)]);
}

#[motsu::test]
fn a_node_cannot_deliver_twice_through_its_own_callback() {
    let env = Env::new();
    let rnode: Contract<ReentrantNode> = Contract::new();
    env.add_node(rnode.address());
    let id = env.request_to(rnode.address(), GAS);
    rnode
        .sender(env.user.address())
        .deliver(env.oracle.address(), id, b(b"out"))
        .motsu_unwrap();
    let n = rnode.sender(env.user.address());
    assert_eq!(n.calls.get(), u(1));
    assert!(n.reentry_failed.get());
    assert_eq!(
        env.oracle
            .sender(env.user.address())
            .earnings_of(rnode.address()),
        u(MIN_GAS_PRICE * GAS)
    );
    assert_identity(&env, &[id]);
}

// ---------------------------------------------------------------------- money

#[motsu::test]
fn claim_model_revenue_is_permissionless_and_a_noop_when_zero() {
    let env = Env::new();
    let stranger: Contract<Wallet> = Contract::new();
    // Nothing accrued: no-op, also for an unknown model.
    env.oracle
        .sender(stranger.address())
        .claim_model_revenue(MODEL)
        .motsu_unwrap();
    env.oracle
        .sender(stranger.address())
        .claim_model_revenue(u(12345))
        .motsu_unwrap();
    assert_eq!(env.receiver.balance(), U256::ZERO);
    env.request();
    env.request();
    let accrued = u(2 * MODEL_FEE * PCT / 100);
    env.oracle
        .sender(stranger.address())
        .claim_model_revenue(MODEL)
        .motsu_unwrap();
    assert_eq!(env.receiver.balance(), accrued);
    env.oracle.assert_emitted(&ModelRevenueClaimed {
        modelId: MODEL,
        receiver: env.receiver.address(),
        amount: accrued,
    });
    assert_eq!(
        env.oracle.sender(stranger.address()).get_model(MODEL).5,
        U256::ZERO
    );
    env.oracle
        .sender(stranger.address())
        .claim_model_revenue(MODEL)
        .motsu_unwrap();
    assert_eq!(env.receiver.balance(), accrued, "paid once");
}

#[motsu::test]
fn claim_to_a_receiver_that_rejects_eth_reverts_and_keeps_the_revenue() {
    let env = Env::new();
    let rejecter: Contract<Rejecter> = Contract::new();
    env.add_model(u(2), rejecter.address(), 100);
    env.oracle
        .sender_and_value(env.user.address(), u(MODEL_FEE))
        .request_callback(u(2), b(b"x"), Address::ZERO, 0, b(b""))
        .motsu_unwrap();
    assert!(matches!(
        env.oracle
            .sender(env.user.address())
            .claim_model_revenue(u(2))
            .motsu_unwrap_err(),
        Error::TransferFailed(_)
    ));
    assert_eq!(
        env.oracle.sender(env.user.address()).get_model(u(2)).5,
        u(MODEL_FEE)
    );
}

#[motsu::test]
fn changing_the_receiver_pays_the_old_receiver_first() {
    let env = Env::new();
    env.request();
    let accrued = u(MODEL_FEE * PCT / 100);
    let new_receiver: Contract<Wallet> = Contract::new();
    env.oracle
        .sender(env.owner.address())
        .update_model(
            MODEL,
            B256::ZERO,
            B256::ZERO,
            u(MODEL_FEE),
            new_receiver.address(),
            u(50),
            Address::ZERO,
            true,
        )
        .motsu_unwrap();
    assert_eq!(env.receiver.balance(), accrued);
    assert_eq!(new_receiver.balance(), U256::ZERO);
    env.request();
    env.oracle
        .sender(env.user.address())
        .claim_model_revenue(MODEL)
        .motsu_unwrap();
    assert_eq!(new_receiver.balance(), u(MODEL_FEE / 2));
    let m = env.oracle.sender(env.user.address()).get_model(MODEL);
    assert_eq!((m.3, m.4, m.7), (new_receiver.address(), u(50), true));
    // A receiver that rejects ETH is credited instead, so the owner is never blocked.
    let rejecter: Contract<Rejecter> = Contract::new();
    track(rejecter.address());
    env.oracle
        .sender(env.owner.address())
        .update_model(
            MODEL,
            B256::ZERO,
            B256::ZERO,
            u(MODEL_FEE),
            rejecter.address(),
            u(100),
            Address::ZERO,
            false,
        )
        .motsu_unwrap();
    env.request();
    env.oracle
        .sender(env.owner.address())
        .update_model(
            MODEL,
            B256::ZERO,
            B256::ZERO,
            u(MODEL_FEE),
            env.receiver.address(),
            u(100),
            Address::ZERO,
            false,
        )
        .motsu_unwrap();
    assert_eq!(
        env.oracle
            .sender(env.user.address())
            .refund_of(rejecter.address()),
        u(MODEL_FEE)
    );
    assert_identity(&env, &[u(1), u(2), u(3)]);
}

#[motsu::test]
fn remove_model_pays_out_first_and_does_not_revert_when_nothing_accrued() {
    let env = Env::new();
    env.add_model(u(5), env.receiver.address(), 100);
    env.oracle
        .sender(env.owner.address())
        .remove_model(u(5))
        .motsu_unwrap();
    env.oracle.assert_emitted(&ModelRemoved { modelId: u(5) });
    env.request();
    env.oracle
        .sender(env.owner.address())
        .remove_model(MODEL)
        .motsu_unwrap();
    assert_eq!(env.receiver.balance(), u(MODEL_FEE * PCT / 100));
    assert!(matches!(
        env.oracle
            .sender(env.owner.address())
            .remove_model(MODEL)
            .motsu_unwrap_err(),
        Error::ModelNotActive(_)
    ));
    // Pending requests of a removed model are still served.
    env.deliver(u(1), b"still served");
    assert_eq!(env.status(u(1)), STATUS_DELIVERED);
}

#[motsu::test]
fn model_validation() {
    let env = Env::new();
    let o = env.oracle.sender(env.owner.address());
    drop(o);
    let owner = env.owner.address();
    assert!(matches!(
        env.oracle
            .sender(owner)
            .add_model(
                MODEL,
                B256::ZERO,
                B256::ZERO,
                U256::ZERO,
                Address::ZERO,
                U256::ZERO,
                Address::ZERO,
                false
            )
            .motsu_unwrap_err(),
        Error::ModelAlreadyExists(_)
    ));
    assert!(matches!(
        env.oracle
            .sender(owner)
            .add_model(
                u(3),
                B256::ZERO,
                B256::ZERO,
                U256::ZERO,
                env.receiver.address(),
                u(101),
                Address::ZERO,
                false
            )
            .motsu_unwrap_err(),
        Error::InvalidReceiver(_)
    ));
    assert!(matches!(
        env.oracle
            .sender(owner)
            .add_model(
                u(3),
                B256::ZERO,
                B256::ZERO,
                U256::ZERO,
                Address::ZERO,
                u(1),
                Address::ZERO,
                false
            )
            .motsu_unwrap_err(),
        Error::InvalidReceiver(_)
    ));
    assert!(matches!(
        env.oracle
            .sender(owner)
            .add_model(
                u(3),
                B256::ZERO,
                B256::ZERO,
                U256::MAX,
                env.receiver.address(),
                u(1),
                Address::ZERO,
                false
            )
            .motsu_unwrap_err(),
        Error::AmountOverflow(_)
    ));
    assert!(matches!(
        env.oracle
            .sender(owner)
            .update_model(
                u(3),
                B256::ZERO,
                B256::ZERO,
                U256::ZERO,
                Address::ZERO,
                U256::ZERO,
                Address::ZERO,
                false
            )
            .motsu_unwrap_err(),
        Error::ModelNotActive(_)
    ));
    // A free model with no revenue share needs no receiver.
    env.oracle
        .sender(owner)
        .add_model(
            u(3),
            B256::ZERO,
            B256::ZERO,
            U256::ZERO,
            Address::ZERO,
            U256::ZERO,
            Address::ZERO,
            false,
        )
        .motsu_unwrap();
    env.oracle.assert_emitted(&ModelAdded {
        modelId: u(3),
        receiver: Address::ZERO,
        fee: U256::ZERO,
        receiverPercentage: U256::ZERO,
    });
}

#[motsu::test]
fn protocol_revenue_goes_to_the_owner_only() {
    let env = Env::new();
    env.request();
    let protocol = u(MODEL_FEE - MODEL_FEE * PCT / 100);
    assert!(matches!(
        env.oracle
            .sender(env.user.address())
            .withdraw_protocol_revenue()
            .motsu_unwrap_err(),
        Error::UnauthorizedAccount(_)
    ));
    let before = env.owner.balance();
    env.oracle
        .sender(env.owner.address())
        .withdraw_protocol_revenue()
        .motsu_unwrap();
    assert_eq!(env.owner.balance(), before + protocol);
    env.oracle.assert_emitted(&ProtocolRevenueWithdrawn {
        to: env.owner.address(),
        amount: protocol,
    });
    assert!(matches!(
        env.oracle
            .sender(env.owner.address())
            .withdraw_protocol_revenue()
            .motsu_unwrap_err(),
        Error::NothingToWithdraw(_)
    ));
}

// ---------------------------------------------------------------------- administration

#[motsu::test]
fn a_non_owner_cannot_administer() {
    let env = Env::new();
    let x = env.user.address();
    let o = &env.oracle;
    let unauthorized = |e: Error| matches!(e, Error::UnauthorizedAccount(_));
    assert!(unauthorized(
        o.sender(x)
            .add_model(
                u(7),
                B256::ZERO,
                B256::ZERO,
                U256::ZERO,
                x,
                U256::ZERO,
                x,
                false
            )
            .motsu_unwrap_err()
    ));
    assert!(unauthorized(
        o.sender(x)
            .update_model(
                MODEL,
                B256::ZERO,
                B256::ZERO,
                U256::ZERO,
                x,
                U256::ZERO,
                x,
                false
            )
            .motsu_unwrap_err()
    ));
    assert!(unauthorized(
        o.sender(x).remove_model(MODEL).motsu_unwrap_err()
    ));
    assert!(unauthorized(
        o.sender(x)
            .set_parameters(1, U256::ZERO, x)
            .motsu_unwrap_err()
    ));
    assert!(unauthorized(
        o.sender(x).set_paused(true).motsu_unwrap_err()
    ));
    assert!(unauthorized(
        o.sender(x).set_paused(false).motsu_unwrap_err()
    ));
    assert!(unauthorized(
        o.sender(x).set_blacklist(x, true).motsu_unwrap_err()
    ));
    assert!(unauthorized(
        o.sender(x).withdraw_protocol_revenue().motsu_unwrap_err()
    ));
    // Only the verifier calls the challenge hooks (not even the owner).
    assert!(unauthorized(
        o.sender(x).on_challenge_opened(u(1)).motsu_unwrap_err()
    ));
    assert!(unauthorized(
        o.sender(x)
            .on_challenge_resolved(u(1), true, b(b""))
            .motsu_unwrap_err()
    ));
    assert!(unauthorized(
        env.oracle
            .sender(env.owner.address())
            .on_challenge_opened(u(1))
            .motsu_unwrap_err()
    ));
    let v = &env.verifier;
    use imo_ai_oracle_verifier::Error as VError;
    let v_unauthorized = |e: VError| matches!(e, VError::UnauthorizedAccount(_));
    assert!(v_unauthorized(v.sender(x).add_node(x).motsu_unwrap_err()));
    assert!(v_unauthorized(
        v.sender(x).remove_node(x).motsu_unwrap_err()
    ));
    assert!(v_unauthorized(
        v.sender(x).set_arbiter(x).motsu_unwrap_err()
    ));
    assert!(v_unauthorized(
        v.sender(x)
            .set_challenge_bond(U256::ZERO)
            .motsu_unwrap_err()
    ));
    assert!(v_unauthorized(
        v.sender(x)
            .set_min_node_stake(U256::ZERO)
            .motsu_unwrap_err()
    ));
    assert!(matches!(
        v.sender(x)
            .resolve_challenge(u(1), true, b(b""))
            .motsu_unwrap_err(),
        VError::NotArbiter(_)
    ));
}

#[motsu::test]
fn setters_change_state_and_emit_events() {
    let env = Env::new();
    let owner = env.owner.address();
    let o = &env.oracle;
    o.sender(owner)
        .set_parameters(10, u(9), env.user.address())
        .motsu_unwrap();
    o.assert_emitted(&ParametersSet {
        challengeWindow: 10,
        minGasPrice: u(9),
        verifier: env.user.address(),
    });
    let p = o.sender(owner).parameters();
    assert_eq!((p.0, p.1, p.2, p.3), (false, 10, u(9), env.user.address()));
    o.sender(owner)
        .set_blacklist(env.user.address(), true)
        .motsu_unwrap();
    o.assert_emitted(&BlacklistSet {
        account: env.user.address(),
        blacklisted: true,
    });
    assert!(o.sender(owner).blacklist.get(env.user.address()));
    o.sender(owner).set_paused(true).motsu_unwrap();
    o.assert_emitted(&PausedSet { paused: true });
    assert!(o.sender(owner).parameters().0);
    o.sender(owner).set_paused(false).motsu_unwrap();
    o.assert_emitted(&PausedSet { paused: false });
    assert!(!o.sender(owner).parameters().0);
    assert!(matches!(
        o.sender(owner)
            .set_parameters(10, U256::MAX, Address::ZERO)
            .motsu_unwrap_err(),
        Error::AmountOverflow(_)
    ));
}

#[motsu::test]
fn ownership_transfer_takes_two_steps() {
    let env = Env::new();
    let owner = env.owner.address();
    let next = env.user.address();
    env.oracle
        .sender(owner)
        .transfer_ownership(next)
        .motsu_unwrap();
    assert_eq!(env.oracle.sender(owner).owner(), owner, "not yet");
    assert_eq!(env.oracle.sender(owner).pending_owner(), next);
    assert!(matches!(
        env.oracle
            .sender(env.node.address())
            .accept_ownership()
            .motsu_unwrap_err(),
        ownable::Error::UnauthorizedAccount(_)
    ));
    env.oracle.sender(next).accept_ownership().motsu_unwrap();
    assert_eq!(env.oracle.sender(owner).owner(), next);
    assert!(matches!(
        env.oracle.sender(owner).set_paused(true).motsu_unwrap_err(),
        Error::UnauthorizedAccount(_)
    ));
    env.oracle.sender(next).set_paused(true).motsu_unwrap();
}

// ---------------------------------------------------------------------- challenges

fn challenge(
    env: &Env,
    challenger: Address,
    id: U256,
    claim: &[u8],
) -> Result<(), imo_ai_oracle_verifier::Error> {
    env.verifier
        .sender_and_value(challenger, u(BOND))
        .challenge(id, keccak256(claim))
        .motsu_res()
}

#[motsu::test]
fn challenge_inside_the_window_blocks_finality_and_only_one_is_open() {
    let env = Env::new();
    let id = env.request();
    env.deliver(id, b"wrong");
    assert!(!env.oracle.sender(env.user.address()).is_finalized(id));
    advance(WINDOW - 1);
    challenge(&env, env.user.address(), id, b"right").unwrap();
    assert_eq!(env.status(id), STATUS_CHALLENGED);
    assert!(matches!(
        challenge(&env, env.arbiter.address(), id, b"other").unwrap_err(),
        imo_ai_oracle_verifier::Error::ChallengeAlreadyOpen(_)
    ));
    advance(10 * WINDOW);
    assert!(
        !env.oracle.sender(env.user.address()).is_finalized(id),
        "an open challenge blocks finality"
    );
    assert_identity(&env, &[id]);
}

#[motsu::test]
fn challenge_after_the_window_or_before_delivery_is_rejected() {
    let env = Env::new();
    let id = env.request();
    let e = challenge(&env, env.user.address(), id, b"right").unwrap_err();
    assert!(
        matches!(e, imo_ai_oracle_verifier::Error::OracleCallFailed(ref f)
        if f.reason.as_ref() == err_bytes(Error::RequestNotDelivered(RequestNotDelivered { requestId: id })).as_slice())
    );
    env.deliver(id, b"wrong");
    advance(WINDOW);
    let e = challenge(&env, env.user.address(), id, b"right").unwrap_err();
    assert!(
        matches!(e, imo_ai_oracle_verifier::Error::OracleCallFailed(ref f)
        if f.reason.as_ref() == err_bytes(Error::ChallengeWindowClosed(ChallengeWindowClosed { requestId: id })).as_slice())
    );
    assert!(env.oracle.sender(env.user.address()).is_finalized(id));
    assert_eq!(
        env.verifier.balance(),
        u(MIN_STAKE),
        "bonds were returned with the reverts"
    );
}

#[motsu::test]
fn challenge_needs_a_bond_and_a_different_claim() {
    let env = Env::new();
    let id = env.request();
    env.deliver(id, b"out");
    assert!(matches!(
        env.verifier
            .sender_and_value(env.user.address(), u(BOND - 1))
            .challenge(id, keccak256(b"x"))
            .motsu_unwrap_err(),
        imo_ai_oracle_verifier::Error::InsufficientBond(_)
    ));
    assert!(matches!(
        challenge(&env, env.user.address(), id, b"out").unwrap_err(),
        imo_ai_oracle_verifier::Error::ClaimMatchesResult(_)
    ));
    assert_eq!(
        env.status(id),
        STATUS_DELIVERED,
        "the failed challenge left no mark"
    );
}

#[motsu::test]
fn challenger_wins_result_replaced_callback_rerun_bond_and_slash_credited_final() {
    let env = Env::new();
    let challenger: Contract<Wallet> = Contract::new();
    challenger.address().fund(RICH);
    let id = env.request();
    env.deliver(id, b"wrong");
    challenge(&env, challenger.address(), id, b"right").unwrap();
    let arbiter = env.arbiter.address();
    assert!(matches!(
        env.verifier
            .sender(arbiter)
            .resolve_challenge(id, true, b(b"not the claim"))
            .motsu_unwrap_err(),
        imo_ai_oracle_verifier::Error::OutputHashMismatch(_)
    ));
    env.verifier
        .sender(arbiter)
        .resolve_challenge(id, true, b(b"right"))
        .motsu_unwrap();
    assert_eq!(env.status(id), STATUS_CORRECTED);
    assert_eq!(env.req(id).8, keccak256(b"right"));
    assert!(env.oracle.sender(arbiter).is_finalized(id), "final at once");
    let rec = env.recorder.sender(arbiter);
    assert_eq!(rec.calls.get(), u(2));
    assert_eq!(rec.last_output.get_bytes(), b"right".to_vec());
    env.oracle.assert_emitted(&AICallbackResult {
        account: env.user.address(),
        requestId: id,
        invoker: env.verifier.address(),
        output: Bytes::from_static(b"right"),
    });
    // Bond back plus the slash (min(minNodeStake, stake) = the whole stake here).
    assert_eq!(
        env.verifier.sender(arbiter).credit_of(challenger.address()),
        u(BOND + MIN_STAKE)
    );
    env.verifier
        .assert_emitted(&imo_ai_oracle_verifier::Slashed {
            node: env.node.address(),
            requestId: id,
            amount: u(MIN_STAKE),
        });
    assert_eq!(
        env.verifier.sender(arbiter).node_info(env.node.address()).1,
        U256::ZERO
    );
    // Slashed below the minimum: the node can no longer deliver.
    let id2 = env.request();
    assert!(matches!(
        env.oracle
            .sender(env.node.address())
            .invoke_callback(id2, b(b"x"))
            .motsu_unwrap_err(),
        Error::NotNode(_)
    ));
    // No second resolution, no new challenge on a final result.
    assert!(matches!(
        env.verifier
            .sender(arbiter)
            .resolve_challenge(id, true, b(b"right"))
            .motsu_unwrap_err(),
        imo_ai_oracle_verifier::Error::NoOpenChallenge(_)
    ));
    assert!(challenge(&env, challenger.address(), id, b"again").is_err());
    let before = challenger.balance();
    env.verifier
        .sender(challenger.address())
        .withdraw_credit()
        .motsu_unwrap();
    assert_eq!(challenger.balance(), before + u(BOND + MIN_STAKE));
    assert_identity(&env, &[id, id2]);
}

#[motsu::test]
fn node_wins_bond_goes_to_node_and_request_finalizes_after_the_window() {
    let env = Env::new();
    let id = env.request();
    env.deliver(id, b"right");
    challenge(&env, env.user.address(), id, b"wrong").unwrap();
    env.verifier
        .sender(env.arbiter.address())
        .resolve_challenge(id, false, b(b""))
        .motsu_unwrap();
    assert_eq!(env.status(id), STATUS_DELIVERED);
    assert_eq!(
        env.verifier
            .sender(env.user.address())
            .credit_of(env.node.address()),
        u(BOND)
    );
    assert_eq!(
        env.recorder.sender(env.user.address()).calls.get(),
        u(1),
        "no re-delivery"
    );
    assert!(!env.oracle.sender(env.user.address()).is_finalized(id));
    advance(WINDOW);
    assert!(env.oracle.sender(env.user.address()).is_finalized(id));
    assert_identity(&env, &[id]);
}

#[motsu::test]
fn unbonding_waits_one_window_and_for_open_challenges() {
    let env = Env::new();
    let node = env.node.address();
    let v = &env.verifier;
    use imo_ai_oracle_verifier::Error as VError;
    assert!(matches!(
        v.sender(node)
            .request_unstake(u(MIN_STAKE + 1))
            .motsu_unwrap_err(),
        VError::AmountExceedsStake(_)
    ));
    assert!(matches!(
        v.sender(node).withdraw_stake().motsu_unwrap_err(),
        VError::NothingToWithdraw(_)
    ));
    let id = env.request();
    env.deliver(id, b"out");
    challenge(&env, env.user.address(), id, b"claim").unwrap();
    v.sender(node).request_unstake(u(MIN_STAKE)).motsu_unwrap();
    assert!(
        !v.sender(node).is_active_node(node),
        "unbonding stake does not count"
    );
    assert!(matches!(
        v.sender(node).withdraw_stake().motsu_unwrap_err(),
        VError::UnbondingNotOver(_)
    ));
    advance(WINDOW);
    assert!(matches!(
        v.sender(node).withdraw_stake().motsu_unwrap_err(),
        VError::NodeHasOpenChallenges(_)
    ));
    v.sender(env.arbiter.address())
        .resolve_challenge(id, false, b(b""))
        .motsu_unwrap();
    let before = env.node.balance();
    v.sender(node).withdraw_stake().motsu_unwrap();
    assert_eq!(env.node.balance(), before + u(MIN_STAKE));
    assert_identity(&env, &[id]);
}

#[motsu::test]
fn unbonding_stake_is_still_slashed() {
    let env = Env::new();
    let node = env.node.address();
    let id = env.request();
    env.deliver(id, b"wrong");
    env.verifier
        .sender(node)
        .request_unstake(u(MIN_STAKE / 2))
        .motsu_unwrap();
    challenge(&env, env.user.address(), id, b"right").unwrap();
    env.verifier
        .sender(env.arbiter.address())
        .resolve_challenge(id, true, b(b"right"))
        .motsu_unwrap();
    let info = env.verifier.sender(node).node_info(node);
    assert_eq!((info.1, info.2), (U256::ZERO, U256::ZERO));
    assert_eq!(
        env.verifier.sender(node).credit_of(env.user.address()),
        u(BOND + MIN_STAKE)
    );
    assert_identity(&env, &[id]);
}

// ---------------------------------------------------------------------- accounting

/// Checks the accounting identity of both contracts.
pub(crate) fn assert_identity(env: &Env, request_ids: &[U256]) {
    let who = env.user.address();
    let o = env.oracle.sender(who);
    let mut accounts: Vec<Address> = vec![
        env.owner.address(),
        env.node.address(),
        env.arbiter.address(),
        env.receiver.address(),
        env.user.address(),
        env.recorder.address(),
    ];
    let count = env.request_count();
    let mut pending = U256::ZERO;
    for id in 1..=count {
        let r = env.req(u(id));
        accounts.push(r.0);
        accounts.push(r.5);
        if r.5.is_zero() {
            pending += r.3;
        }
    }
    let _ = request_ids;
    EXTRA_ACCOUNTS.with(|a| accounts.extend(a.borrow().iter().copied()));
    accounts.sort();
    accounts.dedup();
    let models: U256 = [MODEL, u(2), u(3), u(5)]
        .iter()
        .map(|m| o.get_model(*m).5)
        .sum();
    let earnings: U256 = accounts.iter().map(|a| o.earnings_of(*a)).sum();
    let refunds: U256 = accounts.iter().map(|a| o.refund_of(*a)).sum();
    drop(o);
    assert_eq!(
        env.oracle.balance(),
        models + env.oracle.sender(who).parameters().4 + earnings + refunds + pending,
        "oracle: balance == model revenue + protocol revenue + node earnings + refunds + pending delivery fees"
    );
    let v = env.verifier.sender(who);
    let mut held = U256::ZERO;
    for a in &accounts {
        let n = v.node_info(*a);
        held += n.1 + n.2 + v.credit_of(*a);
    }
    for id in 1..=count {
        held += v.get_challenge(u(id)).2;
    }
    drop(v);
    assert_eq!(
        env.verifier.balance(),
        held,
        "verifier: balance == stakes + unbonding + open bonds + credits"
    );
}

thread_local! {
    static EXTRA_ACCOUNTS: core::cell::RefCell<Vec<Address>> = const { core::cell::RefCell::new(Vec::new()) };
}

/// Accounts outside the environment that may hold a refund (e.g. a rejecting receiver).
pub(crate) fn track(account: Address) {
    EXTRA_ACCOUNTS.with(|a| a.borrow_mut().push(account));
}
