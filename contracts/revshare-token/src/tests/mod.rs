//! Tests of the RevShare token (motsu), including the spec's worked example,
//! every error path, the revenue sweep, reentrancy attackers, permit with a
//! real secp256k1 signature, and property tests of the spec's invariants.

use alloc::{string::String, vec, vec::Vec};

pub(crate) use alloy_primitives::{keccak256, Address, B256, U256};
pub(crate) use alloy_sol_types::{SolError, SolEvent, SolValue};
use imo_common::eth;
pub(crate) use imo_testkit::{clock, u, Wallet};
pub(crate) use motsu::prelude::*;
pub(crate) use stylus_sdk::prelude::*;
use stylus_sdk::storage::{StorageAddress, StorageU256};

pub(crate) use super::*;

/// motsu's fixed block timestamp.
pub(crate) const MOTSU_NOW: u64 = 1_735_689_600;

// ---------------------------------------------------------------------------
// Test contracts
// ---------------------------------------------------------------------------

/// An oracle whose `claimModelRevenue` pays what it owes to the caller.
#[storage]
pub struct PayingSource {
    owed: StorageU256,
    calls: StorageU256,
}

unsafe impl TopLevelStorage for PayingSource {}

#[public]
impl PayingSource {
    fn set_owed(&mut self, owed: U256) {
        self.owed.set(owed);
    }

    fn calls(&self) -> U256 {
        self.calls.get()
    }

    fn claim_model_revenue(&mut self, _model_id: U256) -> Result<(), Vec<u8>> {
        self.calls.set(self.calls.get() + U256::from(1));
        let owed = self.owed.get();
        self.owed.set(U256::ZERO);
        let to = self.vm().msg_sender();
        eth::send(self, to, owed).map_err(|_| b"payment rejected".to_vec())
    }
}

/// An oracle that owes nothing.
#[storage]
pub struct SilentSource {
    calls: StorageU256,
}

unsafe impl TopLevelStorage for SilentSource {}

#[public]
impl SilentSource {
    fn calls(&self) -> U256 {
        self.calls.get()
    }

    fn claim_model_revenue(&mut self, _model_id: U256) -> Result<(), Vec<u8>> {
        self.calls.set(self.calls.get() + U256::from(1));
        Ok(())
    }
}

/// An oracle whose `claimModelRevenue` always reverts.
#[storage]
pub struct RevertingSource {}

unsafe impl TopLevelStorage for RevertingSource {}

#[public]
impl RevertingSource {
    fn claim_model_revenue(&mut self, _model_id: U256) -> Result<(), Vec<u8>> {
        Err(b"source broken".to_vec())
    }
}

stylus_sdk::prelude::sol_interface! {
    interface IToken {
        function claim(uint256 snapshot_id) external;
        function claimBatch(uint256[] calldata snapshot_ids) external;
        function burn(uint256 amount) external;
        function snapshot() external returns (uint256);
    }
}

/// A holder (and revenue source) whose `receive` and `claimModelRevenue`
/// re-enter `claim`, `claimBatch`, `burn` and `snapshot`, counting which
/// attempts succeeded.
#[storage]
pub struct Attacker {
    token: StorageAddress,
    target: StorageU256,
    attempts: StorageU256,
    successes: StorageU256,
    locked_out: StorageU256,
}

unsafe impl TopLevelStorage for Attacker {}

impl Attacker {
    /// Tries all four guarded entry points; counts the attempts, the
    /// successes, and the refusals that are exactly `ReentrantCall()`.
    fn reenter(&mut self) {
        let token = IToken::new(self.token.get());
        let target = self.target.get();
        let results = [
            token.claim(&mut *self, target),
            token.claim_batch(&mut *self, vec![target]),
            token.burn(&mut *self, U256::from(1)),
            token.snapshot(&mut *self).map(|_| ()),
        ];
        let (mut ok, mut locked) = (0u64, 0u64);
        for result in results {
            match result.map_err(imo_common::call::revert_data) {
                Ok(()) => ok += 1,
                Err(data) if data == ReentrantCall::SELECTOR => locked += 1,
                Err(_) => {}
            }
        }
        self.attempts.set(self.attempts.get() + U256::from(4));
        self.successes.set(self.successes.get() + U256::from(ok));
        self.locked_out
            .set(self.locked_out.get() + U256::from(locked));
    }
}

#[public]
impl Attacker {
    fn setup(&mut self, token: Address, target: U256) {
        self.token.set(token);
        self.target.set(target);
    }

    fn attempts(&self) -> U256 {
        self.attempts.get()
    }

    fn successes(&self) -> U256 {
        self.successes.get()
    }

    fn locked_out(&self) -> U256 {
        self.locked_out.get()
    }

    #[receive]
    fn receive(&mut self) -> Result<(), Vec<u8>> {
        self.reenter();
        Ok(())
    }

    /// As a revenue source: re-enter, then pay everything it holds.
    fn claim_model_revenue(&mut self, _model_id: U256) -> Result<(), Vec<u8>> {
        self.reenter();
        let to = self.vm().msg_sender();
        let amount = self.vm().balance(self.vm().contract_address());
        eth::send(self, to, amount).map_err(|_| b"payment rejected".to_vec())
    }
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// Deploys the token with `supply` minted to `holder`, owned by `owner`, and lets its first
/// snapshot interval (at least a second) pass.
pub(crate) fn deploy(
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
    // The first snapshot may come one interval (at least a second) after the deployment.
    clock::advance(interval.max(1));
}

pub(crate) fn deposit(token: &Contract<RevShareToken>, from: Address, amount: u64) {
    from.fund(u(amount));
    token.sender_and_value(from, u(amount)).deposit_revenue();
}

/// Takes a snapshot and lets its second pass, so that it is final (its balances are those at
/// the end of that second).
pub(crate) fn snapshot(token: &Contract<RevShareToken>, by: Address) -> U256 {
    let id = token.sender(by).snapshot().motsu_unwrap();
    clock::advance(1);
    id
}

/// Sum over open snapshots of (claimable - claimed), from the views.
pub(crate) fn open_unclaimed(token: &Contract<RevShareToken>) -> U256 {
    let t = token.sender(Address::ZERO);
    let current = t.current_snapshot_id().to::<u64>();
    let window = u64::from(t.claim_window());
    let first = current.saturating_sub(window) + 1;
    (first..=current).fold(U256::ZERO, |acc, s| {
        acc + t.claimable_at(u(s)) - t.claimed_at(u(s))
    })
}

mod claims;
mod deployment;
mod encoding;
mod events;
mod init;
mod interface;
mod ownable;
mod permit;
mod records;
mod redeem;
mod reentrancy;
mod revenue;
mod sources;
