//! The pull-payment ledger: what an account may withdraw (refunds, won bonds, rejected payouts).

use alloc::{vec, vec::Vec};

use alloy_primitives::{Address, U256};
use stylus_sdk::{
    prelude::*,
    storage::{StorageMap, StorageU256},
};

/// Credit per account, withdrawn by its owner. One storage slot (a mapping), the same layout as
/// a `mapping(address => uint256)` field.
#[storage]
pub struct Credits {
    balances: StorageMap<Address, StorageU256>,
}

impl Credits {
    /// `account`'s credit.
    #[must_use]
    pub fn of(&self, account: Address) -> U256 {
        self.balances.get(account)
    }

    /// Adds `amount` to `account`'s credit; the new credit, or `None` on overflow (the credit is
    /// then unchanged).
    pub fn add(&mut self, account: Address, amount: U256) -> Option<U256> {
        let credit = self.balances.get(account).checked_add(amount)?;
        self.balances.setter(account).set(credit);
        Some(credit)
    }

    /// Zeroes `account`'s credit and returns what it was.
    pub fn take(&mut self, account: Address) -> U256 {
        let credit = self.balances.get(account);
        if !credit.is_zero() {
            self.balances.setter(account).erase();
        }
        credit
    }
}
