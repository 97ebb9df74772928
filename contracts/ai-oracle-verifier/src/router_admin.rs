//! The administration extension's ABI router (the crate's `admin` build). The verifier forwards
//! these selectors here with a delegate call, so `OracleVerifierAdmin` runs on the verifier's
//! storage: its only field is the verifier's storage, at slot 0.

use alloc::{vec, vec::Vec};

use alloy_primitives::{Address, B256, U256};
use stylus_sdk::prelude::*;

use crate::{Error, OracleVerifier};

/// The administration extension: the verifier's storage, its administration functions and views.
#[entrypoint]
#[storage]
pub struct OracleVerifierAdmin {
    verifier: OracleVerifier,
}

#[public]
impl OracleVerifierAdmin {
    /// See [`OracleVerifier::add_node`].
    pub fn add_node(&mut self, node: Address) -> Result<(), Error> {
        self.verifier.add_node(node)
    }

    /// See [`OracleVerifier::remove_node`].
    pub fn remove_node(&mut self, node: Address) -> Result<(), Error> {
        self.verifier.remove_node(node)
    }

    /// See [`OracleVerifier::set_arbiter`].
    pub fn set_arbiter(&mut self, arbiter: Address) -> Result<(), Error> {
        self.verifier.set_arbiter(arbiter)
    }

    /// See [`OracleVerifier::set_challenge_bond`].
    pub fn set_challenge_bond(&mut self, challenge_bond: U256) -> Result<(), Error> {
        self.verifier.set_challenge_bond(challenge_bond)
    }

    /// See [`OracleVerifier::set_min_node_stake`].
    pub fn set_min_node_stake(&mut self, min_node_stake: U256) -> Result<(), Error> {
        self.verifier.set_min_node_stake(min_node_stake)
    }

    /// See [`OracleVerifier::node_info`].
    pub fn node_info(&self, node: Address) -> (bool, U256, U256, u64, u32) {
        self.verifier.node_info(node)
    }

    /// See [`OracleVerifier::get_challenge`].
    pub fn get_challenge(
        &self,
        request_id: U256,
        round: u32,
        challenger: Address,
    ) -> (U256, B256, bool, u64) {
        self.verifier.get_challenge(request_id, round, challenger)
    }

    /// See [`OracleVerifier::get_dispute`].
    pub fn get_dispute(&self, request_id: U256) -> (Address, u32, bool, bool, B256) {
        self.verifier.get_dispute(request_id)
    }

    /// See [`OracleVerifier::get_round`].
    pub fn get_round(&self, request_id: U256) -> (bool, u32, Address, U256, u32, bool) {
        self.verifier.get_round(request_id)
    }

    /// See [`OracleVerifier::protocol_balance`].
    pub fn protocol_balance(&self) -> U256 {
        self.verifier.protocol_balance()
    }

    /// See [`OracleVerifier::withdraw_protocol`].
    pub fn withdraw_protocol(&mut self) -> Result<(), Error> {
        self.verifier.withdraw_protocol()
    }

    /// See [`OracleVerifier::credit_of`].
    pub fn credit_of(&self, account: Address) -> U256 {
        self.verifier.credit_of(account)
    }

    /// See [`OracleVerifier::oracle`].
    pub fn oracle(&self) -> Address {
        self.verifier.oracle()
    }

    /// See [`OracleVerifier::arbiter`].
    pub fn arbiter(&self) -> Address {
        self.verifier.arbiter()
    }

    /// See [`OracleVerifier::dispute_game`].
    pub fn dispute_game(&self) -> Address {
        self.verifier.dispute_game()
    }

    /// See [`OracleVerifier::challenge_bond`].
    pub fn challenge_bond(&self) -> U256 {
        self.verifier.challenge_bond()
    }

    /// See [`OracleVerifier::min_node_stake`].
    pub fn min_node_stake(&self) -> U256 {
        self.verifier.min_node_stake()
    }

    /// See [`OracleVerifier::owner`].
    pub fn owner(&self) -> Address {
        self.verifier.owner()
    }

    /// See [`OracleVerifier::pending_owner`].
    pub fn pending_owner(&self) -> Address {
        self.verifier.pending_owner()
    }

    /// See [`OracleVerifier::transfer_ownership`].
    pub fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Error> {
        self.verifier.transfer_ownership(new_owner)
    }

    /// See [`OracleVerifier::accept_ownership`].
    pub fn accept_ownership(&mut self) -> Result<(), Error> {
        self.verifier.accept_ownership()
    }

    /// See [`OracleVerifier::renounce_ownership`].
    pub fn renounce_ownership(&mut self) -> Result<(), Error> {
        self.verifier.renounce_ownership()
    }
}
