//! Calls to other contracts: a payable call context for `sol_interface!` methods, bounded raw
//! calls, and revert data.
//!
//! `sol_interface!` methods take a call context. `&*self` serves view calls and `&mut *self`
//! non-payable writes; a call with value or a gas limit needs [`Payable`] (the SDK's own `Call`
//! type is deprecated in 0.9, which is the only reason this module exists).
#![allow(deprecated)] // stylus-sdk 0.9's `call::Error` and `RawCall`: the one place they are named.

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use stylus_sdk::{
    call::{CallContext, MutatingCallContext, RawCall},
    prelude::TopLevelStorage,
};

/// The most revert or return data a bounded call copies back, in bytes: enough for any named
/// error with a short reason, small enough that a callee cannot make its caller pay for copying
/// and logging kilobytes.
pub const MAX_RETURN_DATA: usize = 1_024;

/// A mutating call context with value and gas, for payable `sol_interface!` methods.
///
/// It borrows the calling contract mutably for the call's duration, as the SDK requires of a
/// mutating context (so no storage reference can be held across the call).
pub struct Payable<'a, S: TopLevelStorage + ?Sized> {
    _storage: &'a mut S,
    value: U256,
    gas: u64,
}

impl<'a, S: TopLevelStorage + ?Sized> Payable<'a, S> {
    /// A call from `storage` sending `value` wei with all the gas the 63/64 rule allows.
    pub fn new(storage: &'a mut S, value: U256) -> Self {
        Self {
            _storage: storage,
            value,
            gas: u64::MAX,
        }
    }

    /// The same call with at most `gas` gas.
    #[must_use]
    pub fn gas(self, gas: u64) -> Self {
        Self { gas, ..self }
    }
}

impl<S: TopLevelStorage + ?Sized> CallContext for Payable<'_, S> {
    fn gas(&self) -> u64 {
        self.gas
    }
}

// SAFETY: the context holds `&mut S` for its lifetime, so the caller's storage cannot be aliased
// while the call runs (the SDK's own `Call` gives the same guarantee the same way).
unsafe impl<S: TopLevelStorage + ?Sized> MutatingCallContext for Payable<'_, S> {
    fn value(&self) -> U256 {
        self.value
    }
}

/// The revert data of a failed `sol_interface!` call (empty when the call succeeded but its
/// return data did not decode).
#[must_use]
pub fn revert_data(error: stylus_sdk::call::Error) -> Vec<u8> {
    match error {
        stylus_sdk::call::Error::Revert(data) => data,
        stylus_sdk::call::Error::AbiDecodingFailed(_) => Vec::new(),
    }
}

/// The outcome of [`call_bounded`].
pub type BoundedResult = Result<Vec<u8>, Vec<u8>>;

/// Calls `to` with `calldata`, `value` and at most `gas` gas, and copies back at most
/// [`MAX_RETURN_DATA`] bytes of its return or revert data. Storage is flushed and the cache
/// cleared first, so the callee (and anything it calls back) sees every write, and nothing
/// stale is read afterwards.
pub fn call_bounded<S: TopLevelStorage + ?Sized>(
    _storage: &mut S,
    to: Address,
    calldata: &[u8],
    value: U256,
    gas: u64,
) -> BoundedResult {
    // SAFETY: `_storage` is borrowed mutably for the call, so no storage reference lives across it.
    let status = unsafe {
        RawCall::new_with_value(value)
            .gas(gas)
            .skip_return_data()
            .clear_storage_cache()
            .call(to, calldata)
    };
    // Read at most MAX_RETURN_DATA bytes, never past the end (the host clips on Nitro; motsu's
    // shim does not, so the length is bounded here).
    let len = stylus_sdk::contract::return_data_len().min(MAX_RETURN_DATA);
    let data = stylus_sdk::contract::read_return_data(0, Some(len));
    match status {
        Ok(_) => Ok(data),
        Err(_) => Err(data),
    }
}

/// Sends `amount` wei to `to` with an empty call and all the gas the 63/64 rule allows; `true`
/// when it was accepted. Storage is flushed and the cache cleared first (the recipient may call
/// back). No return data is copied.
pub fn send_value<S: TopLevelStorage + ?Sized>(
    _storage: &mut S,
    to: Address,
    amount: U256,
) -> bool {
    // SAFETY: as in `call_bounded`.
    unsafe {
        RawCall::new_with_value(amount)
            .skip_return_data()
            .clear_storage_cache()
            .call(to, &[])
            .is_ok()
    }
}

/// Forwards `calldata` to `implementation` with a delegate call (the caller's storage, sender
/// and value) and returns its return data, or its revert data as the error, unbounded: this is
/// a contract's own extension speaking, as if it were the contract.
pub fn delegate<S: TopLevelStorage + ?Sized>(
    _storage: &mut S,
    implementation: Address,
    calldata: &[u8],
) -> Result<Vec<u8>, Vec<u8>> {
    // SAFETY: as in `call_bounded`; the extension shares this contract's storage layout.
    unsafe {
        RawCall::new_delegate()
            .clear_storage_cache()
            .call(implementation, calldata)
    }
}
