//! Test contracts: consumers that record, revert, burn gas, request again from their callback, or
//! re-enter the oracle; a raw caller that drives the ABI router.

use alloc::{vec, vec::Vec};

use alloy_primitives::{aliases::U8, Address, Bytes, U256};
use stylus_sdk::{
    abi::Bytes as AbiBytes,
    prelude::*,
    storage::{StorageAddress, StorageBool, StorageBytes, StorageU256, StorageU8},
};

use imo_common::interfaces::IAIOracle;

use super::{GAS, MODEL};

sol_interface! {
    interface INodeOracle {
        function invokeCallback(uint256 request_id, bytes calldata output) external;
        function isFinalized(uint256 request_id) external view returns (bool);
    }
}

/// Records every callback; can also request inferences itself.
#[storage]
pub(crate) struct Recorder {
    pub(crate) calls: StorageU256,
    pub(crate) errors: StorageU256,
    pub(crate) last_id: StorageU256,
    pub(crate) last_output: StorageBytes,
    pub(crate) last_data: StorageBytes,
    pub(crate) last_code: StorageU8,
}

#[public]
impl Recorder {
    pub(crate) fn ai_oracle_callback(
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

    pub(crate) fn ai_oracle_callback_error(
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
    pub(crate) fn request(&mut self, oracle: Address, gas_limit: u64) -> Result<U256, Vec<u8>> {
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
    pub(crate) calls: StorageU256,
}

#[public]
impl Reverter {
    pub(crate) fn ai_oracle_callback(
        &mut self,
        _request_id: U256,
        _output: AbiBytes,
        _callback_data: AbiBytes,
    ) -> Result<(), Vec<u8>> {
        let calls = self.calls.get() + U256::from(1);
        self.calls.set(calls);
        Err(b"consumer broken".to_vec())
    }

    pub(crate) fn ai_oracle_callback_error(
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

/// A consumer whose callback reverts with `size` bytes of revert data (the security review's
/// "revert data as a weapon").
#[storage]
pub(crate) struct BigReverter {
    pub(crate) size: StorageU256,
}

#[public]
impl BigReverter {
    pub(crate) fn ai_oracle_callback(
        &mut self,
        _request_id: U256,
        _output: AbiBytes,
        _callback_data: AbiBytes,
    ) -> Result<(), Vec<u8>> {
        let size = usize::try_from(self.size.get()).unwrap_or(0);
        Err((0..size).map(|i| (i % 251) as u8).collect())
    }
}

unsafe impl TopLevelStorage for BigReverter {}

/// A callback that burns its gas: it loops over storage writes and then fails. motsu neither meters
/// gas nor passes on empty revert data (what an out-of-gas call returns on chain), so the
/// exhaustion is simulated: the oracle must treat it as any failed callback.
#[storage]
pub(crate) struct GasBurner {
    pub(crate) sink: StorageBytes,
}

#[public]
impl GasBurner {
    pub(crate) fn ai_oracle_callback(
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
    pub(crate) oracle: StorageAddress,
    pub(crate) nested_id: StorageU256,
    pub(crate) calls: StorageU256,
    pub(crate) saw_final: StorageBool,
}

#[public]
impl NestedRequester {
    pub(crate) fn set_oracle(&mut self, oracle: Address) {
        self.oracle.set(oracle);
    }

    pub(crate) fn ai_oracle_callback(
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
    pub(crate) oracle: StorageAddress,
    pub(crate) calls: StorageU256,
    pub(crate) reentry_failed: StorageBool,
}

#[public]
impl ReentrantNode {
    pub(crate) fn deliver(
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

    pub(crate) fn ai_oracle_callback(
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
    pub(crate) fn receive(&mut self) -> Result<(), Vec<u8>> {
        Ok(())
    }
}

unsafe impl TopLevelStorage for ReentrantNode {}

/// Sends raw calldata, to check that the router answers the ORA selectors.
#[storage]
pub(crate) struct RawCaller {
    pub(crate) calls: StorageU256,
}

#[public]
impl RawCaller {
    #[payable]
    pub(crate) fn raw(&mut self, to: Address, data: AbiBytes) -> Result<AbiBytes, Vec<u8>> {
        let value = self.vm().msg_value();
        let calls = self.calls.get() + U256::from(1);
        self.calls.set(calls);
        let out = imo_common::call::call_bounded(self, to, &data.0, value, u64::MAX)?;
        Ok(out.into())
    }

    #[receive]
    pub(crate) fn receive(&mut self) -> Result<(), Vec<u8>> {
        Ok(())
    }
}

unsafe impl TopLevelStorage for RawCaller {}
