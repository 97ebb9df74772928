//! Setting a token up: the `#[constructor]` of a direct deployment and `initialize` of a clone
//! (an EIP-1167 proxy that delegates to a deployed token: the launchpad creates one per model).
//!
//! Both run [`RevShareToken::init`] once. A token is set up when its claim window is non-zero
//! (every valid setup stores a window of at least 1), so the check costs no storage; a clone
//! starts with empty storage. The SDK's own constructor guard lives in the storage of the
//! contract it runs in: on a clone, the constructor's selector would reach the implementation's
//! `#[constructor]` with the clone's empty guard, which is why the constructor checks too.

use alloc::string::String;

use alloy_primitives::{Address, U16, U256, U32, U64};
use imo_common::{
    clock,
    math::{from_small, to_u128},
};
use stylus_sdk::prelude::*;

use crate::{
    errors::{
        AlreadyInitialized, Error, InvalidClaimWindow, InvalidClaimableBps, InvalidInitialSupply,
    },
    metadata, RevShareToken, BPS,
};

/// The token's parameters, as the constructor and `initialize` take them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parameters {
    /// ERC-20 name, at most 31 bytes.
    pub name: String,
    /// ERC-20 symbol, at most 31 bytes.
    pub symbol: String,
    /// The fixed supply, at most `2^128 - 1`.
    pub initial_supply: U256,
    /// Receives the supply.
    pub initial_holder: Address,
    /// Share of new revenue claimable by holders, 0..=10000.
    pub claimable_bps: u16,
    /// Minimum seconds between snapshots, and from the setup to the first one.
    pub snapshot_interval: u64,
    /// Number of newest snapshots that stay claimable, >= 1.
    pub claim_window: u32,
    /// Manages the revenue sources.
    pub owner: Address,
}

impl RevShareToken {
    /// Whether the token is set up.
    pub(crate) fn is_initialized(&self) -> bool {
        from_small(self.claim_window.get()) != 0
    }

    /// Validates and stores the parameters, mints the supply; once.
    pub(crate) fn init(&mut self, p: Parameters) -> Result<(), Error> {
        if self.is_initialized() {
            return Err(Error::AlreadyInitialized(AlreadyInitialized {}));
        }
        if p.claimable_bps > BPS {
            return Err(Error::InvalidClaimableBps(InvalidClaimableBps {
                claimableBps: p.claimable_bps,
            }));
        }
        if p.claim_window == 0 {
            return Err(Error::InvalidClaimWindow(InvalidClaimWindow {}));
        }
        if to_u128(p.initial_supply).is_none() {
            return Err(Error::InvalidInitialSupply(InvalidInitialSupply {
                initialSupply: p.initial_supply,
            }));
        }
        self.name.set(metadata::short_string(&p.name)?);
        self.symbol.set(metadata::short_string(&p.symbol)?);
        self.set_owner(p.owner)?;
        self.mint(p.initial_holder, p.initial_supply)?;
        self.claimable_bps
            .set(U16::from_limbs([u64::from(p.claimable_bps)]));
        self.snapshot_interval
            .set(U64::from_limbs([p.snapshot_interval]));
        // As ORA's token: the first snapshot comes one interval (and at least one second) after
        // the setup.
        self.last_snapshot_timestamp
            .set(U64::from_limbs([clock::now(self.vm())]));
        self.claim_window
            .set(U32::from_limbs([u64::from(p.claim_window)]));
        Ok(())
    }
}
