//! What the IMO contracts' motsu tests share: actor contracts and the clock. Dev-only: no
//! contract depends on it outside `[dev-dependencies]`.
//!
//! Actors are small contracts rather than plain addresses because motsu aborts the test binary
//! when ETH is sent to an address without a contract.
#![deny(missing_docs, rustdoc::broken_intra_doc_links)]
extern crate alloc;

use alloc::{vec, vec::Vec};

use alloy_primitives::U256;
use stylus_sdk::{
    prelude::*,
    storage::{StorageBool, StorageU256},
};

pub mod erc20;

pub use erc20::TestErc20;

/// The clock every contract of a test reads (see `imo_common::clock`).
pub mod clock {
    pub use imo_common::clock::{advance, offset};
}

/// An account that accepts ETH and counts what it received.
#[storage]
pub struct Wallet {
    received: StorageU256,
}

#[public]
impl Wallet {
    /// Accepts ETH.
    #[receive]
    pub fn receive(&mut self) -> Result<(), Vec<u8>> {
        let total = self.received.get() + self.vm().msg_value();
        self.received.set(total);
        Ok(())
    }

    /// Wei received so far.
    pub fn received(&self) -> U256 {
        self.received.get()
    }
}

// SAFETY: a test actor deployed on its own; nothing else shares its storage.
unsafe impl TopLevelStorage for Wallet {}

/// An account that rejects ETH. Its `receive` reverts with data (`"no ETH"`): motsu cannot route
/// a plain transfer to a contract without `receive`, nor pass on empty revert data.
#[storage]
pub struct Rejecter {
    #[allow(dead_code)]
    unused: StorageBool,
}

#[public]
impl Rejecter {
    /// Rejects ETH.
    #[receive]
    pub fn receive(&mut self) -> Result<(), Vec<u8>> {
        Err(b"no ETH".to_vec())
    }
}

// SAFETY: as for `Wallet`.
unsafe impl TopLevelStorage for Rejecter {}

/// `U256::from(x)`, short for test tables.
#[must_use]
pub fn u(x: u64) -> U256 {
    U256::from(x)
}
