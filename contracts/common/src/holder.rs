//! For contracts that hold RevShare tokens on someone's behalf (the sale for its buyers, a
//! vesting grant for its beneficiary): which of the token's snapshots they can still collect, and
//! the calls that collect them.
//!
//! The token pays a snapshot's revenue to the holder that claims it (`claim(id)`), in ETH, only
//! while the snapshot is inside the claim window (the `claimWindow()` newest snapshots) and once
//! it is final (the token counts balances at the end of the snapshot's second, and refuses to
//! answer for a snapshot taken in the current second). A holder keeps the first snapshot id it has
//! not looked at yet (`next`) and, on each collection, claims every final snapshot in the window
//! from there: at most `claimWindow()` calls.
#![allow(deprecated)] // stylus-sdk 0.9's `contract::address`/`balance`, as in `call`.

use alloy_primitives::{Address, U256};
use stylus_sdk::{function_selector, prelude::TopLevelStorage};

use crate::{
    erc20::{call, calldata, static_word, word},
    math::to_u64,
};

/// `currentSnapshotId()`.
pub const CURRENT_SNAPSHOT_ID: [u8; 4] = function_selector!("currentSnapshotId");
/// `lastSnapshotTimestamp()`.
pub const LAST_SNAPSHOT_TIMESTAMP: [u8; 4] = function_selector!("lastSnapshotTimestamp");
/// `claimWindow()`.
pub const CLAIM_WINDOW: [u8; 4] = function_selector!("claimWindow");
/// `balanceOfAt(address,uint256)`.
pub const BALANCE_OF_AT: [u8; 4] = function_selector!("balanceOfAt", Address, U256);
/// `claimableRevenue(address,uint256)`.
pub const CLAIMABLE_REVENUE: [u8; 4] = function_selector!("claimableRevenue", Address, U256);
/// `claim(uint256)`.
pub const CLAIM: [u8; 4] = function_selector!("claim", U256);

/// A view of `token` without arguments, as `u64`; `None` when it fails or does not fit.
fn view_u64(token: Address, selector: [u8; 4]) -> Option<u64> {
    to_u64(static_word(token, &selector)?)
}

/// `token.claimWindow()`; `None` when the call fails.
#[must_use]
pub fn claim_window(token: Address) -> Option<u64> {
    view_u64(token, CLAIM_WINDOW)
}

/// The snapshot ids a holder can collect now: from `max(next, oldest id in the window)` up to
/// but excluding `end`, where `end` leaves out the newest snapshot while it was taken in the
/// current second (`now`). `None` when the token does not answer.
#[must_use]
pub fn collectable(token: Address, next: u64, now: u64) -> Option<(u64, u64)> {
    let current = view_u64(token, CURRENT_SNAPSHOT_ID)?;
    let window = view_u64(token, CLAIM_WINDOW)?;
    let last = view_u64(token, LAST_SNAPSHOT_TIMESTAMP)?;
    let end = if last >= now { current } else { current + 1 };
    let oldest = (current + 1).saturating_sub(window).max(1);
    Some((next.max(oldest), end))
}

/// What `holder` can claim from snapshot `id` (`claimableRevenue`); 0 when the call fails.
#[must_use]
pub fn claimable(token: Address, holder: Address, id: u64) -> U256 {
    static_word(
        token,
        &calldata(CLAIMABLE_REVENUE, &[word(holder), U256::from(id)]),
    )
    .unwrap_or_default()
}

/// `holder`'s balance at snapshot `id` (`balanceOfAt`); `None` when the call fails.
#[must_use]
pub fn balance_at(token: Address, holder: Address, id: u64) -> Option<U256> {
    static_word(
        token,
        &calldata(BALANCE_OF_AT, &[word(holder), U256::from(id)]),
    )
}

/// Claims snapshot `id` for the calling contract and returns the wei it received (measured by
/// its balance, so only what the token actually paid counts); 0 when the claim fails.
///
/// The token pays through the caller's `receive()` while this call runs: the caller must be
/// built with the SDK's `reentrant` feature and accept that payment.
pub fn claim<S: TopLevelStorage + ?Sized>(storage: &mut S, token: Address, id: u64) -> U256 {
    let before = stylus_sdk::contract::balance();
    if call(storage, token, &calldata(CLAIM, &[U256::from(id)])).is_err() {
        return U256::ZERO;
    }
    stylus_sdk::contract::balance().saturating_sub(before)
}
