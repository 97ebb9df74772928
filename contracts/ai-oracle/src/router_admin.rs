//! The administration extension's ABI router (the crate's `admin` build). The oracle forwards
//! these selectors here with a delegate call, so `AIOracleAdmin` runs on the oracle's storage:
//! its only field is the oracle's storage, at slot 0.

use alloc::{vec, vec::Vec};

use alloy_primitives::{Address, B256, U256};
use stylus_sdk::prelude::*;

use crate::{AIOracle, Error};

/// The administration extension: the oracle's storage and the administration functions.
#[entrypoint]
#[storage]
pub struct AIOracleAdmin {
    oracle: AIOracle,
}

#[public]
impl AIOracleAdmin {
    /// See [`AIOracle::add_model`].
    #[allow(clippy::too_many_arguments)]
    pub fn add_model(
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
        self.oracle.add_model(
            model_id,
            model_hash,
            program_hash,
            fee,
            receiver,
            receiver_percentage,
            token,
            unverifiable,
        )
    }

    /// See [`AIOracle::register_model`].
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
        self.oracle.register_model(
            model_id,
            model_hash,
            program_hash,
            fee,
            receiver,
            receiver_percentage,
            token,
            unverifiable,
        )
    }

    /// See [`AIOracle::set_registrar`].
    pub fn set_registrar(&mut self, registrar: Address) -> Result<(), Error> {
        self.oracle.set_registrar(registrar)
    }

    /// See [`AIOracle::registrar`].
    pub fn registrar(&self) -> Address {
        self.oracle.registrar()
    }

    /// See [`AIOracle::update_model`].
    #[allow(clippy::too_many_arguments)]
    pub fn update_model(
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
        self.oracle.update_model(
            model_id,
            model_hash,
            program_hash,
            fee,
            receiver,
            receiver_percentage,
            token,
            unverifiable,
        )
    }

    /// See [`AIOracle::remove_model`].
    pub fn remove_model(&mut self, model_id: U256) -> Result<(), Error> {
        self.oracle.remove_model(model_id)
    }

    /// See [`AIOracle::set_parameters`].
    pub fn set_parameters(
        &mut self,
        challenge_window: u64,
        min_gas_price: U256,
        verifier: Address,
    ) -> Result<(), Error> {
        self.oracle
            .set_parameters(challenge_window, min_gas_price, verifier)
    }

    /// See [`AIOracle::set_paused`].
    pub fn set_paused(&mut self, paused: bool) -> Result<(), Error> {
        self.oracle.set_paused(paused)
    }

    /// See [`AIOracle::set_blacklist`].
    pub fn set_blacklist(&mut self, account: Address, blacklisted: bool) -> Result<(), Error> {
        self.oracle.set_blacklist(account, blacklisted)
    }

    /// See [`AIOracle::withdraw_protocol_revenue`].
    pub fn withdraw_protocol_revenue(&mut self) -> Result<(), Error> {
        self.oracle.withdraw_protocol_revenue()
    }

    /// See [`AIOracle::owner`].
    pub fn owner(&self) -> Address {
        self.oracle.owner()
    }

    /// See [`AIOracle::pending_owner`].
    pub fn pending_owner(&self) -> Address {
        self.oracle.pending_owner()
    }

    /// See [`AIOracle::transfer_ownership`].
    pub fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Error> {
        self.oracle.transfer_ownership(new_owner)
    }

    /// See [`AIOracle::accept_ownership`].
    pub fn accept_ownership(&mut self) -> Result<(), Error> {
        self.oracle.accept_ownership()
    }

    /// See [`AIOracle::renounce_ownership`].
    pub fn renounce_ownership(&mut self) -> Result<(), Error> {
        self.oracle.renounce_ownership()
    }
}
