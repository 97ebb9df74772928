//! Calls to ERC-20 tokens as raw words: `balanceOf`, `transfer`, `transferFrom`.
//!
//! A transfer succeeds when the call succeeds and returns `true`, or returns nothing from an
//! account that has code (OpenZeppelin's `SafeERC20` rule, for tokens such as USDT that return no
//! value). The calldata is built by hand (selector and 32-byte words): a `sol_interface!` method
//! per call costs several hundred bytes of generic encoding and decoding each.
#![allow(deprecated)] // stylus-sdk 0.9's `RawCall` and `AddressVM`, as in `call`.

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use stylus_sdk::{call::RawCall, function_selector, prelude::TopLevelStorage, types::AddressVM};

/// `balanceOf(address)`.
pub const BALANCE_OF: [u8; 4] = function_selector!("balanceOf", Address);
/// `transfer(address,uint256)`.
pub const TRANSFER: [u8; 4] = function_selector!("transfer", Address, U256);
/// `transferFrom(address,address,uint256)`.
pub const TRANSFER_FROM: [u8; 4] = function_selector!("transferFrom", Address, Address, U256);

/// Calldata: `selector` followed by `words`, each 32 bytes big-endian.
#[must_use]
pub fn calldata(selector: [u8; 4], words: &[U256]) -> Vec<u8> {
    let mut data = Vec::with_capacity(4 + 32 * words.len());
    data.extend_from_slice(&selector);
    for word in words {
        data.extend_from_slice(&word.to_be_bytes::<32>());
    }
    data
}

/// An address as an ABI word.
#[must_use]
pub fn word(account: Address) -> U256 {
    U256::from_be_bytes(account.into_word().0)
}

/// The first 32 bytes of `data` as a word, `None` when shorter.
#[must_use]
pub fn first_word(data: &[u8]) -> Option<U256> {
    data.get(..32).map(U256::from_be_slice)
}

/// A static call of `to` with `calldata`, returning the first word of its answer; `None` when
/// it reverted or answered fewer than 32 bytes.
#[must_use]
pub fn static_word(to: Address, calldata: &[u8]) -> Option<U256> {
    // SAFETY: a static call cannot change any storage, ours included.
    let out = unsafe { RawCall::new_static().call(to, calldata) }.ok()?;
    first_word(&out)
}

/// `token.balanceOf(account)`; `None` when the call fails.
#[must_use]
pub fn balance_of(token: Address, account: Address) -> Option<U256> {
    static_word(token, &calldata(BALANCE_OF, &[word(account)]))
}

/// Calls `to` with `calldata` (no value) after flushing and clearing the storage cache; the
/// answer, or the revert data as the error.
pub fn call<S: TopLevelStorage + ?Sized>(
    _storage: &mut S,
    to: Address,
    calldata: &[u8],
) -> Result<Vec<u8>, Vec<u8>> {
    // SAFETY: `_storage` is borrowed mutably for the call, so no storage reference lives across
    // it; the cache is written back and cleared, so the callee and anything it calls back see
    // every write and nothing stale is read afterwards.
    unsafe { RawCall::new().clear_storage_cache().call(to, calldata) }
}

/// Whether a token call succeeded by `SafeERC20`'s rule (see the module documentation).
fn accepted(token: Address, result: &Result<Vec<u8>, Vec<u8>>) -> bool {
    match result {
        Ok(data) if data.is_empty() => token.code_size() > 0,
        Ok(data) => first_word(data) == Some(U256::from(1)),
        Err(_) => false,
    }
}

/// `token.transfer(to, amount)` from the calling contract; whether it succeeded.
pub fn transfer<S: TopLevelStorage + ?Sized>(
    storage: &mut S,
    token: Address,
    to: Address,
    amount: U256,
) -> bool {
    let result = call(storage, token, &calldata(TRANSFER, &[word(to), amount]));
    accepted(token, &result)
}

/// `token.transferFrom(from, to, amount)` by the calling contract; whether it succeeded.
pub fn transfer_from<S: TopLevelStorage + ?Sized>(
    storage: &mut S,
    token: Address,
    from: Address,
    to: Address,
    amount: U256,
) -> bool {
    let data = calldata(TRANSFER_FROM, &[word(from), word(to), amount]);
    let result = call(storage, token, &data);
    accepted(token, &result)
}
