//! Single-owner access control (OpenZeppelin's `Ownable`: same slot, ABI, event and errors).
//! The owner manages the revenue sources; the launchpad hands it to the model's governor.

use alloc::vec::Vec;

use alloy_primitives::Address;
use stylus_sdk::{function_selector, prelude::*, storage::StorageAddress};

use crate::{
    errors::{Error, OwnableInvalidOwner, OwnableUnauthorizedAccount},
    selector_xor, RevShareToken,
};

/// ERC-165 id of OpenZeppelin's `IOwnable` (`owner`, `transferOwnership`,
/// `renounceOwnership`): `0x0e083076`.
pub const IOWNABLE_ID: u32 = selector_xor(&[
    function_selector!("owner"),
    function_selector!("transferOwnership", Address),
    function_selector!("renounceOwnership"),
]);

/// The owner's slot (a struct of its own, so the fields after it start a new slot, as in
/// OpenZeppelin's layout).
#[storage]
pub struct Ownable {
    /// The owner; zero after renouncing.
    pub(crate) owner: StorageAddress,
}

/// Ownership.
pub trait IOwnable {
    /// The owner.
    fn owner(&self) -> Address;

    /// Hands ownership to `new_owner`. Owner only.
    ///
    /// # Errors
    ///
    /// [`Error::UnauthorizedAccount`]; [`Error::InvalidOwner`] for the zero address.
    fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Error>;

    /// Leaves the token without an owner (no revenue source can change afterwards). Owner only.
    ///
    /// # Errors
    ///
    /// [`Error::UnauthorizedAccount`].
    fn renounce_ownership(&mut self) -> Result<(), Error>;
}

#[public]
impl IOwnable for RevShareToken {
    fn owner(&self) -> Address {
        self.ownable.owner.get()
    }

    fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Error> {
        self.only_owner()?;
        self.set_owner(new_owner)
    }

    fn renounce_ownership(&mut self) -> Result<(), Error> {
        self.only_owner()?;
        self.change_owner(Address::ZERO);
        Ok(())
    }
}

impl RevShareToken {
    /// [`Error::UnauthorizedAccount`] unless the caller is the owner.
    pub(crate) fn only_owner(&self) -> Result<(), Error> {
        let account = self.vm().msg_sender();
        if self.ownable.owner.get() != account {
            return Err(Error::UnauthorizedAccount(OwnableUnauthorizedAccount {
                account,
            }));
        }
        Ok(())
    }

    /// Makes `owner` (non-zero) the owner.
    pub(crate) fn set_owner(&mut self, owner: Address) -> Result<(), Error> {
        if owner.is_zero() {
            return Err(Error::InvalidOwner(OwnableInvalidOwner { owner }));
        }
        self.change_owner(owner);
        Ok(())
    }

    /// Writes the owner and emits `OwnershipTransferred`.
    fn change_owner(&mut self, owner: Address) {
        let previous = self.ownable.owner.get();
        self.ownable.owner.set(owner);
        self.emit_ownership_transferred(previous, owner);
    }
}
