//! [`TestErc20`]: a minimal ERC-20 for tests, mintable by anyone, with an optional fee on every
//! transfer (burned) to stand for fee-on-transfer tokens.

use alloc::{vec, vec::Vec};

use alloy_primitives::{Address, U256};
use stylus_sdk::{
    prelude::*,
    storage::{StorageMap, StorageU16, StorageU256},
};

/// A mintable ERC-20 whose transfers burn `fee_bps` of the amount.
#[storage]
pub struct TestErc20 {
    balances: StorageMap<Address, StorageU256>,
    allowances: StorageMap<Address, StorageMap<Address, StorageU256>>,
    total_supply: StorageU256,
    fee_bps: StorageU16,
}

#[public]
impl TestErc20 {
    /// Mints `amount` to `to`.
    pub fn mint(&mut self, to: Address, amount: U256) {
        let balance = self.balances.get(to) + amount;
        self.balances.setter(to).set(balance);
        let supply = self.total_supply.get() + amount;
        self.total_supply.set(supply);
    }

    /// Sets the fee every transfer burns, in basis points.
    pub fn set_fee_bps(&mut self, fee_bps: u16) {
        self.fee_bps.set(alloy_primitives::U16::from(fee_bps));
    }

    /// ERC-20 `balanceOf`.
    pub fn balance_of(&self, account: Address) -> U256 {
        self.balances.get(account)
    }

    /// ERC-20 `totalSupply`.
    pub fn total_supply(&self) -> U256 {
        self.total_supply.get()
    }

    /// ERC-20 `allowance`.
    pub fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.allowances.getter(owner).get(spender)
    }

    /// ERC-20 `approve`.
    pub fn approve(&mut self, spender: Address, amount: U256) -> bool {
        let owner = self.vm().msg_sender();
        self.allowances.setter(owner).setter(spender).set(amount);
        true
    }

    /// ERC-20 `transfer`.
    pub fn transfer(&mut self, to: Address, amount: U256) -> Result<bool, Vec<u8>> {
        let from = self.vm().msg_sender();
        self.move_tokens(from, to, amount)?;
        Ok(true)
    }

    /// ERC-20 `transferFrom`.
    pub fn transfer_from(
        &mut self,
        from: Address,
        to: Address,
        amount: U256,
    ) -> Result<bool, Vec<u8>> {
        let spender = self.vm().msg_sender();
        let allowed = self.allowances.getter(from).get(spender);
        if allowed < amount {
            return Err(b"allowance".to_vec());
        }
        self.allowances
            .setter(from)
            .setter(spender)
            .set(allowed - amount);
        self.move_tokens(from, to, amount)?;
        Ok(true)
    }
}

impl TestErc20 {
    fn move_tokens(&mut self, from: Address, to: Address, amount: U256) -> Result<(), Vec<u8>> {
        let balance = self.balances.get(from);
        if balance < amount {
            return Err(b"balance".to_vec());
        }
        let fee = amount * U256::from(self.fee_bps.get()) / U256::from(10_000);
        self.balances.setter(from).set(balance - amount);
        let received = self.balances.get(to) + amount - fee;
        self.balances.setter(to).set(received);
        let supply = self.total_supply.get() - fee;
        self.total_supply.set(supply);
        Ok(())
    }
}

// SAFETY: a test contract deployed on its own; nothing else shares its storage.
unsafe impl TopLevelStorage for TestErc20 {}
