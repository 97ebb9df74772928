//! What the token's property tests share (each runs in its own test binary: motsu keeps every
//! test thread's contracts in one process-wide map, and long property tests next to others in
//! one binary made that map's locks time out under load).

#![allow(dead_code)] // each test binary uses a part

use alloy_primitives::{Address, U256};
use imo_revshare_token::RevShareToken;
use imo_testkit::u;
use motsu::prelude::*;

/// motsu's fixed block timestamp.
pub const MOTSU_NOW: u64 = 1_735_689_600;

/// Deploys the token with `supply` minted to `holder`, owned by `owner`.
pub fn deploy(
    token: &Contract<RevShareToken>,
    owner: Address,
    holder: Address,
    supply: u64,
    bps: u16,
    interval: u64,
    window: u32,
) {
    token
        .sender(owner)
        .constructor(
            String::from("Llama IMO"),
            String::from("LLAMA"),
            u(supply),
            holder,
            bps,
            interval,
            window,
            owner,
        )
        .motsu_unwrap();
}

/// Sum over open snapshots of (claimable - claimed), from the views.
pub fn open_unclaimed(token: &Contract<RevShareToken>) -> U256 {
    let current = token
        .sender(Address::ZERO)
        .current_snapshot_id()
        .to::<u64>();
    let window = u64::from(token.sender(Address::ZERO).claim_window());
    let first = current.saturating_sub(window) + 1;
    (first..=current).fold(U256::ZERO, |acc, s| {
        acc + token.sender(Address::ZERO).claimable_at(u(s))
            - token.sender(Address::ZERO).claimed_at(u(s))
    })
}
