//! Two-step ownership with OpenZeppelin's ABI, events, errors and storage layout, for contracts
//! that need nothing else from openzeppelin-stylus.
//!
//! Why not OpenZeppelin's `Ownable2Step`: depending on openzeppelin-stylus 0.3 turns on alloy's
//! `tiny-keccak` feature for the whole build, so every `keccak256` (every mapping slot, every
//! hash) runs in WASM instead of the host's `native_keccak256`: about 1.6 KB of code and ink on
//! every mapping access. A contract whose only use of OpenZeppelin was ownership drops the
//! dependency with this module. The behaviour is OpenZeppelin's (`Ownable2Step.sol` 5.x):
//! `transferOwnership` only starts a transfer (and may name zero to cancel one), the pending owner
//! accepts, `renounceOwnership` clears both.
#![allow(missing_docs)] // `sol!` generates the fields.

use alloc::{vec, vec::Vec};

use alloy_primitives::Address;
use alloy_sol_types::sol;
use stylus_sdk::{prelude::*, storage::StorageAddress};

sol! {
    /// The caller is not the owner (or, for `acceptOwnership`, not the pending owner).
    #[derive(Debug)]
    error OwnableUnauthorizedAccount(address account);
    /// The owner cannot be the zero address.
    #[derive(Debug)]
    error OwnableInvalidOwner(address owner);

    /// Ownership moved from `previousOwner` to `newOwner`.
    #[derive(Debug)]
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
    /// `previousOwner` started a transfer to `newOwner`, who must accept it.
    #[derive(Debug)]
    event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner);
}

/// Why an ownership call failed.
#[derive(Debug)]
pub enum OwnershipError {
    /// See [`OwnableUnauthorizedAccount`].
    Unauthorized(OwnableUnauthorizedAccount),
    /// See [`OwnableInvalidOwner`].
    InvalidOwner(OwnableInvalidOwner),
}

/// The owner and the pending owner, in two slots (OpenZeppelin's `Ownable2Step` layout).
#[storage]
pub struct Ownable2Step {
    owner: StorageAddress,
    pending_owner: StorageAddress,
}

impl Ownable2Step {
    /// Sets the first owner (constructor or initializer).
    ///
    /// # Errors
    /// [`OwnershipError::InvalidOwner`] for the zero address.
    pub fn init(&mut self, owner: Address) -> Result<(), OwnershipError> {
        if owner.is_zero() {
            return Err(OwnershipError::InvalidOwner(OwnableInvalidOwner {
                owner: Address::ZERO,
            }));
        }
        self.set_owner(owner);
        Ok(())
    }

    /// The owner.
    #[must_use]
    pub fn owner(&self) -> Address {
        self.owner.get()
    }

    /// The account that may accept ownership (zero when no transfer is pending).
    #[must_use]
    pub fn pending_owner(&self) -> Address {
        self.pending_owner.get()
    }

    /// Fails unless the caller is the owner; returns the owner.
    ///
    /// # Errors
    /// [`OwnershipError::Unauthorized`].
    pub fn only_owner(&self) -> Result<Address, OwnershipError> {
        let caller = self.vm().msg_sender();
        if caller != self.owner.get() {
            return Err(OwnershipError::Unauthorized(OwnableUnauthorizedAccount {
                account: caller,
            }));
        }
        Ok(caller)
    }

    /// Starts a transfer to `new_owner` (zero cancels a pending one). Owner only.
    ///
    /// # Errors
    /// [`OwnershipError::Unauthorized`].
    pub fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), OwnershipError> {
        let owner = self.only_owner()?;
        self.pending_owner.set(new_owner);
        log(
            self.vm(),
            OwnershipTransferStarted {
                previousOwner: owner,
                newOwner: new_owner,
            },
        );
        Ok(())
    }

    /// Completes a transfer. Pending owner only.
    ///
    /// # Errors
    /// [`OwnershipError::Unauthorized`].
    pub fn accept_ownership(&mut self) -> Result<(), OwnershipError> {
        let caller = self.vm().msg_sender();
        if caller != self.pending_owner.get() {
            return Err(OwnershipError::Unauthorized(OwnableUnauthorizedAccount {
                account: caller,
            }));
        }
        self.set_owner(caller);
        Ok(())
    }

    /// Leaves the contract without an owner. Owner only.
    ///
    /// # Errors
    /// [`OwnershipError::Unauthorized`].
    pub fn renounce_ownership(&mut self) -> Result<(), OwnershipError> {
        self.only_owner()?;
        self.set_owner(Address::ZERO);
        Ok(())
    }

    fn set_owner(&mut self, new_owner: Address) {
        let previous = self.owner.get();
        self.pending_owner.set(Address::ZERO);
        self.owner.set(new_owner);
        log(
            self.vm(),
            OwnershipTransferred {
                previousOwner: previous,
                newOwner: new_owner,
            },
        );
    }
}
