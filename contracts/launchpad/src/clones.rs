//! The clones: EIP-1167 minimal proxies of the implementations, created with CREATE2 at
//! addresses that follow from the creator, its salt and the clone's role, so a front-end can
//! predict them (`predict`) and nobody can take them: the salt of each clone is
//! `keccak256(creator ‖ salt ‖ role)`, and the launchpad initializes each clone in the
//! transaction that creates it.
#![allow(deprecated)] // stylus-sdk 0.9's `RawDeploy`, the SDK's CREATE2.

use alloy_primitives::{Address, B256};
use imo_common::clone::init_code;
use stylus_sdk::{deploy::RawDeploy, prelude::*};

use crate::{CloneFailed, Error, Launchpad};

/// The roles of a launch's clones, the last byte of each clone's salt.
pub mod role {
    /// The token.
    pub const TOKEN: u8 = 0;
    /// The governor.
    pub const GOVERNOR: u8 = 1;
    /// The sale.
    pub const SALE: u8 = 2;
    /// The first vesting grant (the second is `VESTING + 1`).
    pub const VESTING: u8 = 3;
}

impl Launchpad {
    /// The CREATE2 salt of `creator`'s clone with `role`.
    pub(crate) fn clone_salt(&self, creator: Address, salt: B256, role: u8) -> B256 {
        let mut input = [0u8; 20 + 32 + 1];
        input[..20].copy_from_slice(creator.as_slice());
        input[20..52].copy_from_slice(salt.as_slice());
        input[52] = role;
        self.vm().native_keccak256(&input)
    }

    /// Where `creator`'s clone of `implementation` with `role` is (or will be).
    pub(crate) fn clone_address(
        &self,
        implementation: Address,
        creator: Address,
        salt: B256,
        role: u8,
    ) -> Address {
        let code_hash = self.vm().native_keccak256(&init_code(implementation));
        let mut input = [0u8; 1 + 20 + 32 + 32];
        input[0] = 0xff;
        input[1..21].copy_from_slice(self.vm().contract_address().as_slice());
        input[21..53].copy_from_slice(self.clone_salt(creator, salt, role).as_slice());
        input[53..].copy_from_slice(code_hash.as_slice());
        Address::from_word(self.vm().native_keccak256(&input))
    }

    /// Creates `creator`'s clone of `implementation` with `role`.
    pub(crate) fn create_clone(
        &mut self,
        implementation: Address,
        creator: Address,
        salt: B256,
        role: u8,
    ) -> Result<Address, Error> {
        let clone_salt = self.clone_salt(creator, salt, role);
        // SAFETY: the clone's creation code only copies its runtime code; it calls nothing, so
        // no storage reference of the launchpad can be aliased.
        unsafe {
            RawDeploy::new()
                .salt(clone_salt)
                .deploy(&init_code(implementation), alloy_primitives::U256::ZERO)
        }
        .map_err(|_| Error::CloneFailed(CloneFailed { salt: clone_salt }))
    }
}
