//! The token's ERC-20 (with metadata), written for this contract instead of taken from
//! OpenZeppelin: the same storage layout (balances, allowances, total supply in slots 0 to 2),
//! the same ABI, events and ERC-6093 errors, and OpenZeppelin's semantics (an allowance of
//! `2^256 - 1` is never spent; spending an allowance emits no `Approval`). Every balance change
//! first records the values the newest snapshot needs ([`records`](crate::records)).
//!
//! Why not `openzeppelin-stylus`: it turns on alloy's `tiny-keccak`, so every mapping access
//! (and every other keccak) of a contract that depends on it hashes in WASM instead of through
//! the host, about 1.5 KB of code and ink on every access; with it the token could not carry
//! its features under the 24 KB limit (see the README's size table).

use alloc::{string::String, vec::Vec};

use alloy_primitives::{Address, U256};
use stylus_sdk::{function_selector, prelude::*};

use crate::{
    errors::{
        ERC20InsufficientAllowance, ERC20InsufficientBalance, ERC20InvalidApprover,
        ERC20InvalidReceiver, ERC20InvalidSender, ERC20InvalidSpender, Error,
    },
    metadata::from_short_string,
    selector_xor, RevShareToken,
};

/// ERC-165 id of `IERC20` (the XOR of its six selectors): `0x36372b07`.
pub const IERC20_ID: u32 = selector_xor(&[
    function_selector!("totalSupply"),
    function_selector!("balanceOf", Address),
    function_selector!("transfer", Address, U256),
    function_selector!("allowance", Address, Address),
    function_selector!("approve", Address, U256),
    function_selector!("transferFrom", Address, Address, U256),
]);

/// ERC-165 id of `IERC20Metadata` (`name`, `symbol`, `decimals`): `0xa219a025`.
pub const IERC20_METADATA_ID: u32 = selector_xor(&[
    function_selector!("name"),
    function_selector!("symbol"),
    function_selector!("decimals"),
]);

/// Decimals of the token (ERC-20 metadata).
pub const DECIMALS: u8 = 18;

/// ERC-20 (EIP-20).
pub trait IErc20 {
    /// Tokens in existence.
    fn total_supply(&self) -> U256;

    /// Tokens held by `account`.
    fn balance_of(&self, account: Address) -> U256;

    /// Moves `value` of the caller's tokens to `to`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidReceiver`] for the zero address, [`Error::InsufficientBalance`].
    fn transfer(&mut self, to: Address, value: U256) -> Result<bool, Error>;

    /// What `spender` may still spend of `owner`'s tokens.
    fn allowance(&self, owner: Address, spender: Address) -> U256;

    /// Lets `spender` spend `value` of the caller's tokens.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidSpender`] for the zero address.
    fn approve(&mut self, spender: Address, value: U256) -> Result<bool, Error>;

    /// Moves `value` of `from`'s tokens to `to`, spending the caller's allowance.
    ///
    /// # Errors
    ///
    /// [`Error::InsufficientAllowance`], then the errors of [`IErc20::transfer`] (with
    /// [`Error::InvalidSender`] for a zero `from`).
    fn transfer_from(&mut self, from: Address, to: Address, value: U256) -> Result<bool, Error>;
}

/// ERC-20 metadata.
pub trait IErc20Metadata {
    /// The token's name.
    fn name(&self) -> String;

    /// The token's symbol.
    fn symbol(&self) -> String;

    /// Always 18.
    fn decimals(&self) -> u8;
}

#[public]
impl IErc20 for RevShareToken {
    fn total_supply(&self) -> U256 {
        self.total_supply.get()
    }

    fn balance_of(&self, account: Address) -> U256 {
        self.balances.get(account)
    }

    fn transfer(&mut self, to: Address, value: U256) -> Result<bool, Error> {
        let from = self.vm().msg_sender();
        self.move_tokens(from, to, value)?;
        Ok(true)
    }

    fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.allowances.getter(owner).get(spender)
    }

    fn approve(&mut self, spender: Address, value: U256) -> Result<bool, Error> {
        let owner = self.vm().msg_sender();
        self.set_allowance(owner, spender, value, true)?;
        Ok(true)
    }

    fn transfer_from(&mut self, from: Address, to: Address, value: U256) -> Result<bool, Error> {
        let spender = self.vm().msg_sender();
        self.spend_allowance(from, spender, value)?;
        self.move_tokens(from, to, value)?;
        Ok(true)
    }
}

#[public]
impl IErc20Metadata for RevShareToken {
    fn name(&self) -> String {
        from_short_string(self.name.get())
    }

    fn symbol(&self) -> String {
        from_short_string(self.symbol.get())
    }

    fn decimals(&self) -> u8 {
        DECIMALS
    }
}

impl RevShareToken {
    /// Moves `value` from `from` to `to` (both non-zero), recording their balances for the
    /// newest snapshot first.
    pub(crate) fn move_tokens(
        &mut self,
        from: Address,
        to: Address,
        value: U256,
    ) -> Result<(), Error> {
        if from.is_zero() {
            return Err(Error::InvalidSender(ERC20InvalidSender { sender: from }));
        }
        if to.is_zero() {
            return Err(Error::InvalidReceiver(ERC20InvalidReceiver {
                receiver: to,
            }));
        }
        self.before_transfer(from, to, value);
        self.update(from, to, value)
    }

    /// Mints `value` to `account` (the constructor's whole supply).
    pub(crate) fn mint(&mut self, account: Address, value: U256) -> Result<(), Error> {
        if account.is_zero() {
            return Err(Error::InvalidReceiver(ERC20InvalidReceiver {
                receiver: account,
            }));
        }
        self.update(Address::ZERO, account, value)
    }

    /// Burns `value` of `account`'s tokens (the caller records the snapshot values first).
    pub(crate) fn burn_tokens(&mut self, account: Address, value: U256) -> Result<(), Error> {
        if account.is_zero() {
            return Err(Error::InvalidSender(ERC20InvalidSender { sender: account }));
        }
        self.update(account, Address::ZERO, value)
    }

    /// Moves, mints (`from` zero) or burns (`to` zero) `value` tokens and emits `Transfer`.
    /// The supply never exceeds `2^128 - 1` (the constructor caps it and nothing mints later),
    /// so no sum below can overflow.
    fn update(&mut self, from: Address, to: Address, value: U256) -> Result<(), Error> {
        if from.is_zero() {
            let supply = self.total_supply.get();
            self.total_supply.set(supply + value);
        } else {
            let balance = self.balances.get(from);
            if balance < value {
                return Err(Error::InsufficientBalance(ERC20InsufficientBalance {
                    sender: from,
                    balance,
                    needed: value,
                }));
            }
            self.balances.setter(from).set(balance - value);
        }
        if to.is_zero() {
            let supply = self.total_supply.get();
            self.total_supply.set(supply - value);
        } else {
            let balance = self.balances.get(to);
            self.balances.setter(to).set(balance + value);
        }
        self.emit_transfer(from, to, value);
        Ok(())
    }

    /// Sets `owner`'s allowance for `spender`; emits `Approval` when `emit`.
    pub(crate) fn set_allowance(
        &mut self,
        owner: Address,
        spender: Address,
        value: U256,
        emit: bool,
    ) -> Result<(), Error> {
        if owner.is_zero() {
            return Err(Error::InvalidApprover(ERC20InvalidApprover {
                approver: owner,
            }));
        }
        if spender.is_zero() {
            return Err(Error::InvalidSpender(ERC20InvalidSpender { spender }));
        }
        self.allowances.setter(owner).setter(spender).set(value);
        if emit {
            self.emit_approval(owner, spender, value);
        }
        Ok(())
    }

    /// Spends `value` of `owner`'s allowance for `spender` (an infinite allowance stays).
    fn spend_allowance(
        &mut self,
        owner: Address,
        spender: Address,
        value: U256,
    ) -> Result<(), Error> {
        let allowance = self.allowances.getter(owner).get(spender);
        if allowance != U256::MAX {
            if allowance < value {
                return Err(Error::InsufficientAllowance(ERC20InsufficientAllowance {
                    spender,
                    allowance,
                    needed: value,
                }));
            }
            self.set_allowance(owner, spender, allowance - value, false)?;
        }
        Ok(())
    }
}
