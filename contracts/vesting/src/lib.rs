//! A vesting grant of an AI model's RevShare tokens (team, contributors), on Arbitrum Stylus.
//!
//! The grant holds `amount` tokens for a beneficiary: nothing is released before
//! `start + cliff`, then the tokens vest linearly until `start + duration` ([`schedule`]).
//! Anyone may `release()` what has vested; it always goes to the beneficiary. The grant is funded
//! by the sale only when the sale succeeds (for an IMO, `start` is the sale's end), so a failed
//! sale leaves it empty. While the tokens are locked they earn revenue like any holding: anyone
//! may `claimRevenue()`, which claims every final snapshot still claimable from the token and
//! forwards the ETH to the revenue recipient (the beneficiary, or the treasury) ([`revenue`]).
//!
//! The grant is an EIP-1167 clone of a deployed implementation, created and initialized by the
//! launchpad in one transaction ([`imo_common::clone`]): `initialize` replaces the constructor and
//! the implementation itself can never be initialized. It is built with the SDK's `reentrant`
//! feature (the token pays revenue into `receive()` while the grant claims it); `release` and
//! `claimRevenue` take a lock and write their effects before any transfer.
//!
//! This file is the ABI router; [`setup`] (initialization, views), [`schedule`], [`revenue`],
//! [`errors`] and [`events`] hold the logic.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
// `#[entrypoint]` emits undocumented fns for wasm and under `export-abi`.
#![cfg_attr(
    not(any(target_arch = "wasm32", feature = "export-abi")),
    deny(missing_docs)
)]
#![deny(rustdoc::broken_intra_doc_links)]
extern crate alloc;

pub mod errors;
pub mod events;
pub mod revenue;
pub mod schedule;
pub mod setup;

#[cfg(test)]
mod tests;

use alloc::{vec, vec::Vec};

use alloy_primitives::{Address, U256};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageBool, StorageU128, StorageU64},
};

pub use errors::*;
pub use events::*;
pub use schedule::Schedule;

/// The most snapshots the grant's token may keep claimable (`claimWindow`): `claimRevenue` looks
/// at each of them once.
pub const MAX_CLAIM_WINDOW: u64 = 16;

/// A vesting grant. Five slots.
#[entrypoint]
#[storage]
pub struct Vesting {
    // Slot 0.
    pub(crate) token: StorageAddress,
    pub(crate) initialized: StorageBool,
    pub(crate) locked: StorageBool,
    // Slots 1 to 3: who, and when.
    pub(crate) beneficiary: StorageAddress,
    pub(crate) start: StorageU64,
    pub(crate) revenue_recipient: StorageAddress,
    pub(crate) cliff: StorageU64,
    pub(crate) duration: StorageU64,
    pub(crate) next_snapshot: StorageU64,
    // Slot 4: how much.
    pub(crate) amount: StorageU128,
    pub(crate) released: StorageU128,
}

#[public]
impl Vesting {
    /// Sets up the grant, once, on a clone.
    ///
    /// # Arguments
    ///
    /// * `token` - The RevShare token; its `claimWindow()` must be at most
    ///   [`MAX_CLAIM_WINDOW`].
    /// * `beneficiary` - Receives the released tokens.
    /// * `revenue_recipient` - Receives the locked tokens' revenue (zero: the beneficiary).
    /// * `start`, `cliff`, `duration` - The schedule (`cliff <= duration`, `duration > 0`).
    /// * `amount` - The grant's tokens.
    ///
    /// # Errors
    ///
    /// * [`Error::NotAClone`], [`Error::AlreadyInitialized`], [`Error::InvalidAddress`],
    ///   [`Error::InvalidSchedule`], [`Error::InvalidAmount`], [`Error::UnsupportedClaimWindow`].
    ///
    /// # Events
    ///
    /// * [`VestingInitialized`].
    #[allow(clippy::too_many_arguments)]
    pub fn initialize(
        &mut self,
        token: Address,
        beneficiary: Address,
        revenue_recipient: Address,
        start: u64,
        cliff: u64,
        duration: u64,
        amount: U256,
    ) -> Result<(), Error> {
        self.init(
            token,
            beneficiary,
            revenue_recipient,
            Schedule {
                start,
                cliff,
                duration,
                amount: 0,
            },
            amount,
        )
    }

    /// Releases every vested token not released yet to the beneficiary (anyone). Returns the
    /// amount.
    ///
    /// # Errors
    ///
    /// * [`Error::NothingToRelease`], [`Error::TransferFailed`], [`Error::ReentrantCall`],
    ///   [`Error::NotInitialized`].
    ///
    /// # Events
    ///
    /// * [`Released`].
    pub fn release(&mut self) -> Result<U256, Error> {
        self.guarded(Self::release_vested)
    }

    /// Claims the locked tokens' revenue of every final snapshot still claimable and forwards it
    /// to the revenue recipient (anyone). Returns the wei forwarded.
    ///
    /// # Errors
    ///
    /// * [`Error::EthTransferFailed`], [`Error::ReentrantCall`], [`Error::NotInitialized`].
    ///
    /// # Events
    ///
    /// * [`RevenueForwarded`] per snapshot that paid.
    pub fn claim_revenue(&mut self) -> Result<U256, Error> {
        self.guarded(Self::forward_revenue)
    }

    /// Takes the revenue the token pays while the grant claims; refuses any other ETH.
    ///
    /// # Errors
    ///
    /// * [`Error::UnexpectedEth`].
    #[receive]
    #[payable]
    pub fn receive(&mut self) -> Result<(), Vec<u8>> {
        Ok(self.accept_revenue()?)
    }

    /// Tokens vested at `timestamp` (released or not).
    pub fn vested_amount(&self, timestamp: u64) -> U256 {
        U256::from(self.schedule().vested(timestamp))
    }

    /// Tokens `release` would pay now.
    pub fn releasable(&self) -> U256 {
        U256::from(self.releasable_now())
    }

    /// `(token, beneficiary, revenueRecipient, start, cliff, duration, amount, released)`.
    #[allow(clippy::type_complexity)]
    pub fn grant(&self) -> (Address, Address, Address, u64, u64, u64, U256, U256) {
        self.grant_values()
    }
}
