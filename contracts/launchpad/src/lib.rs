//! The IMO launchpad, on Arbitrum Stylus: one transaction starts a model's Initial Model
//! Offering.
//!
//! A Stylus contract cannot embed another's code (each is up to 24 KB compressed), so the
//! launchpad clones deployed, activated implementations: `launch` creates the model's RevShare
//! token, its governor (the IMO's treasury), its vesting grants and its sale as EIP-1167 minimal
//! proxies with CREATE2, initializes each in the same transaction, moves the supply where it
//! belongs, makes the AI Oracle the token's revenue source (and registers the model in the oracle
//! when the launchpad is the oracle's registrar), hands the token's ownership to the governor and
//! emits one `Launched` event with every address ([`launch`]). A launch costs a few clones and
//! their initializations instead of four deployments and activations.
//!
//! The implementations and the oracle are fixed at construction. The implementations lock
//! themselves against initialization (the token and the governor because they were set up by
//! their constructors, the sale and the vesting grant because their code is not a clone's), so
//! only clones are ever initialized.
//!
//! Modules: [`launch`] (the sequence), [`clones`] (CREATE2 of EIP-1167 proxies, predicted
//! addresses), [`params`] (the launch's parameters), [`errors`], [`events`].
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
// Warn, not deny: built natively without the SDK's `reentrant` feature (which implies
// `stylus-test`) on its own, `#[entrypoint]` emits an undocumented `user_entrypoint`; the
// workspace's clippy (`-D warnings`) still holds every item of this crate to it.
#![cfg_attr(not(target_arch = "wasm32"), warn(missing_docs))]
#![deny(rustdoc::broken_intra_doc_links)]
extern crate alloc;

pub mod clones;
pub mod errors;
pub mod events;
pub mod launch;
pub mod params;

#[cfg(test)]
mod tests;

use alloc::{vec, vec::Vec};

use alloy_primitives::{Address, B256};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageU64},
};

pub use errors::*;
pub use events::*;
pub use params::*;

/// The launchpad: the implementations it clones and the oracle it wires models to.
#[entrypoint]
#[storage]
pub struct Launchpad {
    pub(crate) token_impl: StorageAddress,
    pub(crate) launches: StorageU64,
    pub(crate) governor_impl: StorageAddress,
    pub(crate) sale_impl: StorageAddress,
    pub(crate) vesting_impl: StorageAddress,
    pub(crate) oracle: StorageAddress,
}

#[public]
impl Launchpad {
    /// Fixes the implementations and the oracle.
    ///
    /// # Arguments
    ///
    /// * `token`, `governor`, `sale`, `vesting` - Deployed, activated implementations
    ///   (`imo-revshare-token` and `imo-governor` deployed with their constructors, so they are
    ///   locked; `imo-offering` and `imo-vesting` lock themselves).
    /// * `oracle` - The AI Oracle launched models earn from (zero: none).
    ///
    /// # Errors
    ///
    /// * [`Error::InvalidImplementation`] - an implementation is zero.
    #[constructor]
    pub fn constructor(
        &mut self,
        token: Address,
        governor: Address,
        sale: Address,
        vesting: Address,
        oracle: Address,
    ) -> Result<(), Error> {
        if [token, governor, sale, vesting].iter().any(|a| a.is_zero()) {
            return Err(Error::InvalidImplementation(InvalidImplementation {}));
        }
        self.token_impl.set(token);
        self.governor_impl.set(governor);
        self.sale_impl.set(sale);
        self.vesting_impl.set(vesting);
        self.oracle.set(oracle);
        Ok(())
    }

    /// Launches a model's IMO (see [`launch`]). Returns the token, the governor, the sale and
    /// the vesting grants (zero where there is none).
    ///
    /// # Arguments
    ///
    /// * `token` - The token's name, symbol, supply and revenue parameters.
    /// * `governor` - The governor's voting parameters.
    /// * `sale` - The sale's terms (`IImoSale.initialize`); the treasury is the governor and the
    ///   creator (who may cancel before the start) the caller.
    /// * `grants` - Up to two vesting grants, vesting from the sale's end.
    /// * `model` - The model in the oracle (`modelId` 0: none).
    /// * `salt` - Any value: with the caller, it fixes every address (see `predict`).
    ///
    /// # Errors
    ///
    /// * [`Error::TooManyGrants`], [`Error::InsufficientSupply`], [`Error::AmountOverflow`].
    /// * [`Error::CloneFailed`] - the caller already launched with this salt.
    /// * [`Error::SetupFailed`] - a clone refused its parameters, or the oracle refused the
    ///   registration (the launchpad is not its registrar, the model id is taken).
    ///
    /// # Events
    ///
    /// * [`Launched`], and every clone's own events.
    pub fn launch(
        &mut self,
        token: TokenParams,
        governor: GovernorParams,
        sale: SaleParams,
        grants: Vec<GrantParams>,
        model: ModelParams,
        salt: B256,
    ) -> Result<(Address, Address, Address, [Address; 2]), Error> {
        let launch = self.run_launch(token, governor, sale, grants, model, salt)?;
        // Fixed-size (zero where there is no grant): the SDK encodes a returned tuple with a
        // dynamic member as one tuple value, not as Solidity's return parameters.
        Ok((launch.token, launch.governor, launch.sale, launch.vestings))
    }

    /// Where `creator`'s launch with `salt` puts the token, the governor, the sale and the two
    /// possible vesting grants.
    pub fn predict(
        &self,
        creator: Address,
        salt: B256,
    ) -> (Address, Address, Address, [Address; 2]) {
        let at = |implementation: Address, role: u8| {
            self.clone_address(implementation, creator, salt, role)
        };
        let vesting = self.vesting_impl.get();
        (
            at(self.token_impl.get(), clones::role::TOKEN),
            at(self.governor_impl.get(), clones::role::GOVERNOR),
            at(self.sale_impl.get(), clones::role::SALE),
            [
                at(vesting, clones::role::VESTING),
                at(vesting, clones::role::VESTING + 1),
            ],
        )
    }

    /// `(token, governor, sale, vesting, oracle)`: the implementations and the oracle.
    pub fn implementations(&self) -> (Address, Address, Address, Address, Address) {
        (
            self.token_impl.get(),
            self.governor_impl.get(),
            self.sale_impl.get(),
            self.vesting_impl.get(),
            self.oracle.get(),
        )
    }

    /// The number of launches so far.
    pub fn launches(&self) -> u64 {
        self.launches.get().to::<u64>()
    }
}
