//! The registrar: one account (for an IMO, the launchpad) that the owner allows to register new
//! models, so that a model's whole IMO starts in one transaction. Served by the administration
//! extension, like `addModel`; the oracle's main program is unchanged.
//!
//! The registrar can only add models (`registerModel`, with `addModel`'s checks: a model id
//! that is not active); updating, removing and every other administration stay with the owner,
//! who sets or clears the registrar (`setRegistrar`, zero for none). The owner trusts the
//! registrar's code: the IMO launchpad registers only the model of the launch it runs, with the
//! token it just created as the model's receiver.

use alloy_primitives::{Address, B256, U256};
use imo_common::access::OwnableUnauthorizedAccount;
use stylus_sdk::{keccak_const::Keccak256, prelude::*, storage::StorageAddress};

use crate::{models::ModelParams, AIOracle, Error, RegistrarSet};

/// The registrar's storage slot, `keccak256("imo.ai-oracle.registrar")`: outside the oracle's
/// struct layout (whose fields sit at small slots and at mapping hashes), so that adding it
/// changed neither the layout nor the main program.
pub const REGISTRAR_SLOT: [u8; 32] = Keccak256::new()
    .update(b"imo.ai-oracle.registrar")
    .finalize();

impl AIOracle {
    /// The registrar's storage cell.
    fn registrar_cell(&self) -> StorageAddress {
        // SAFETY: the slot is this field's alone (see `REGISTRAR_SLOT`).
        unsafe {
            StorageAddress::new(
                U256::from_be_bytes(REGISTRAR_SLOT),
                0,
                self.__stylus_host.clone(),
            )
        }
    }

    /// Sets the registrar (owner only; zero: none).
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`].
    ///
    /// # Events
    ///
    /// * [`RegistrarSet`].
    pub fn set_registrar(&mut self, registrar: Address) -> Result<(), Error> {
        self.only_owner()?;
        self.registrar_cell().set(registrar);
        log(self.vm(), RegistrarSet { registrar });
        Ok(())
    }

    /// The account allowed to register models (zero: none).
    pub fn registrar(&self) -> Address {
        self.registrar_cell().get()
    }

    /// Registers a model as `addModel` does, called by the registrar.
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`] unless the caller is the registrar,
    ///   [`Error::ModelAlreadyExists`], [`Error::InvalidReceiver`], [`Error::AmountOverflow`].
    ///
    /// # Events
    ///
    /// * `ModelAdded`.
    #[allow(clippy::too_many_arguments)]
    pub fn register_model(
        &mut self,
        model_id: U256,
        model_hash: B256,
        program_hash: B256,
        fee: U256,
        receiver: Address,
        receiver_percentage: U256,
        token: Address,
        unverifiable: bool,
    ) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        let registrar = self.registrar_cell().get();
        if registrar.is_zero() || caller != registrar {
            return Err(Error::UnauthorizedAccount(OwnableUnauthorizedAccount {
                account: caller,
            }));
        }
        let params = ModelParams {
            model_hash,
            program_hash,
            fee,
            receiver,
            receiver_percentage,
            token,
            unverifiable,
        };
        self.insert_model(model_id, &params)
    }
}
