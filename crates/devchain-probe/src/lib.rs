//! Test fixture for `stylus-devchain` (not a product contract).
//!
//! An OpenZeppelin ERC-20 (so it is ERC-20-sized, for the speed benchmark) plus methods that
//! exercise what only a chain running the WASM shows: raw calls, static calls, delegate calls,
//! value transfers, named reverts, events, `#[payable]` and the SDK's reentrancy guard.
//!
//! Build: `cargo xtask wasm -p devchain-probe` (guard on) and
//! `cargo xtask wasm -p devchain-probe --features reentrant --name devchain_probe_reentrant`.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(target_arch = "wasm32"), warn(missing_docs))]
#![deny(rustdoc::broken_intra_doc_links)]
#![allow(deprecated)] // RawCall: the one call API that is the same with and without `reentrant`.
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use openzeppelin_stylus::token::erc20::{self, Erc20, IErc20};
use stylus_sdk::{abi::Bytes, call::RawCall, prelude::*, storage::StorageU256};

mod sol {
    use alloy_sol_types::sol;

    sol! {
        /// The counter changed.
        #[derive(Debug)]
        event Incremented(address indexed caller, uint256 value);
        /// `fail` was called.
        #[derive(Debug)]
        error Boom(uint256 code);
        /// Minting overflowed or went to the zero address.
        #[derive(Debug)]
        error MintFailed();
    }
}

pub use sol::*;

/// The probe's errors.
#[derive(SolidityError, Debug)]
pub enum Error {
    /// `fail(code)` was called.
    Boom(Boom),
    /// `mint` failed.
    MintFailed(MintFailed),
}

/// The probe: an ERC-20 and a counter.
#[entrypoint]
#[storage]
pub struct Probe {
    erc20: Erc20,
    counter: StorageU256,
}

#[public]
#[implements(IErc20<Error = erc20::Error>)]
impl Probe {
    /// Sets the counter's starting value (run once, by the StylusDeployer's init call).
    ///
    /// # Arguments
    ///
    /// * `initial` - the starting value of the counter.
    #[constructor]
    pub fn constructor(&mut self, initial: U256) {
        self.counter.set(initial);
    }

    /// The counter.
    pub fn counter(&self) -> U256 {
        self.counter.get()
    }

    /// Adds one to the counter and returns it.
    ///
    /// # Events
    ///
    /// `Incremented(caller, value)`.
    pub fn increment(&mut self) -> U256 {
        let value = self.counter.get() + U256::from(1);
        self.counter.set(value);
        log(
            self.vm(),
            Incremented {
                caller: self.vm().msg_sender(),
                value,
            },
        );
        value
    }

    /// Returns the value sent.
    #[payable]
    pub fn deposit(&mut self) -> U256 {
        self.vm().msg_value()
    }

    /// Always reverts with `Boom(code)`.
    ///
    /// # Errors
    ///
    /// `Boom(code)`.
    pub fn fail(&mut self, code: U256) -> Result<(), Error> {
        Err(Error::Boom(Boom { code }))
    }

    /// Mints `amount` tokens to `to` (a test fixture: anyone may mint).
    ///
    /// # Errors
    ///
    /// `MintFailed()` on overflow or the zero address.
    pub fn mint(&mut self, to: Address, amount: U256) -> Result<(), Error> {
        self.erc20
            ._mint(to, amount)
            .map_err(|_| Error::MintFailed(MintFailed {}))
    }

    /// Calls `target` with `data` and `value`; returns its return data.
    ///
    /// # Errors
    ///
    /// The callee's revert data.
    #[payable]
    pub fn call_other(
        &mut self,
        target: Address,
        data: Bytes,
        value: U256,
    ) -> Result<Bytes, Vec<u8>> {
        let out = unsafe {
            RawCall::new_with_value(value)
                .clear_storage_cache()
                .call(target, &data)?
        };
        Ok(out.into())
    }

    /// Static-calls `target` with `data`; returns its return data.
    ///
    /// # Errors
    ///
    /// The callee's revert data.
    pub fn static_call_other(&self, target: Address, data: Bytes) -> Result<Bytes, Vec<u8>> {
        let out = unsafe { RawCall::new_static().call(target, &data)? };
        Ok(out.into())
    }

    /// Delegate-calls `target` with `data` (its code runs on this storage).
    ///
    /// # Errors
    ///
    /// The callee's revert data.
    pub fn delegate_call_other(&mut self, target: Address, data: Bytes) -> Result<Bytes, Vec<u8>> {
        let out = unsafe {
            RawCall::new_delegate()
                .clear_storage_cache()
                .call(target, &data)?
        };
        Ok(out.into())
    }

    /// Sends `amount` wei to `to` with no data.
    ///
    /// # Errors
    ///
    /// The recipient's revert data.
    pub fn send_value(&mut self, to: Address, amount: U256) -> Result<(), Vec<u8>> {
        unsafe {
            RawCall::new_with_value(amount)
                .clear_storage_cache()
                .call(to, &[])?
        };
        Ok(())
    }

    /// Calls this contract's own `increment()` from inside a call: a reentrant call, which
    /// the SDK's guard reverts unless built with `reentrant`. Returns the counter after it.
    ///
    /// # Errors
    ///
    /// The inner call's revert data (empty when the guard refused it).
    pub fn reenter(&mut self) -> Result<U256, Vec<u8>> {
        let me = self.vm().contract_address();
        // increment()
        let selector = alloy_primitives::keccak256(b"increment()");
        unsafe {
            RawCall::new()
                .clear_storage_cache()
                .call(me, &selector[..4])?
        };
        Ok(self.counter.get())
    }
}

#[public]
impl IErc20 for Probe {
    type Error = erc20::Error;

    fn total_supply(&self) -> U256 {
        self.erc20.total_supply()
    }

    fn balance_of(&self, account: Address) -> U256 {
        self.erc20.balance_of(account)
    }

    fn transfer(&mut self, to: Address, value: U256) -> Result<bool, Self::Error> {
        self.erc20.transfer(to, value)
    }

    fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.erc20.allowance(owner, spender)
    }

    fn approve(&mut self, spender: Address, value: U256) -> Result<bool, Self::Error> {
        self.erc20.approve(spender, value)
    }

    fn transfer_from(
        &mut self,
        from: Address,
        to: Address,
        value: U256,
    ) -> Result<bool, Self::Error> {
        self.erc20.transfer_from(from, to, value)
    }
}
