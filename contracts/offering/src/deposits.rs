//! Deposits: the minimum deposit, the per-address cap or the allowlist, and the currency taken in
//! (ETH with the call, or an ERC-20 pulled with `transferFrom` and measured by the sale's balance,
//! so that a fee-on-transfer token is refused).
//!
//! The allowlist is OpenZeppelin's standard Merkle tree of `(address, uint256 cap)` leaves:
//! `leaf = keccak256(keccak256(abi.encode(account, cap)))`, pairs hashed in sorted order, so
//! `@openzeppelin/merkle-tree` builds the root and the proofs.

use alloy_primitives::{Address, B256, U128, U256};
use imo_common::{
    erc20::{self, word},
    math::{from_stored, to_u128, wide},
};
use stylus_sdk::prelude::*;

use crate::{
    errors::overflow, CurrencyTransferFailed, DepositBelowMinimum, DepositOverCap, Error,
    FeeOnTransferCurrency, NotAllowlisted, Sale, SaleNotActive, WrongValue, ACTIVE,
};

impl Sale {
    /// `keccak256(a ‖ b)` with the host's keccak.
    fn hash_pair(&self, a: &[u8; 32], b: &[u8; 32]) -> B256 {
        let mut buffer = [0u8; 64];
        buffer[..32].copy_from_slice(a);
        buffer[32..].copy_from_slice(b);
        self.vm().native_keccak256(&buffer)
    }

    /// Whether `proof` proves the leaf `(account, cap)` against the allowlist root.
    pub(crate) fn allowlisted(&self, account: Address, cap: U256, proof: &[B256]) -> bool {
        let inner = self.hash_pair(&word(account).to_be_bytes(), &cap.to_be_bytes());
        let mut node = self.vm().native_keccak256(inner.as_slice());
        for sibling in proof {
            node = if node <= *sibling {
                self.hash_pair(&node.0, &sibling.0)
            } else {
                self.hash_pair(&sibling.0, &node.0)
            };
        }
        node == self.allowlist_root.get()
    }

    /// See `deposit`: `allowance` is the allowlisted cap and its proof, when given.
    pub(crate) fn take_deposit(
        &mut self,
        amount: U256,
        allowance: Option<(U256, &[B256])>,
    ) -> Result<(), Error> {
        let state = self.current_state();
        if state != ACTIVE {
            return Err(Error::SaleNotActive(SaleNotActive { state }));
        }
        let buyer = self.vm().msg_sender();
        let minimum = from_stored(self.min_deposit.get());
        let value = to_u128(amount).ok_or_else(overflow)?;
        if value == 0 || value < minimum {
            return Err(Error::DepositBelowMinimum(DepositBelowMinimum {
                amount,
                minimum: wide(minimum),
            }));
        }

        // The cap: from the allowlist when there is one, else the sale's cap per address.
        let root = self.allowlist_root.get();
        let cap = if root.is_zero() {
            from_stored(self.max_per_address.get())
        } else {
            let (cap, proof) = allowance.unwrap_or((U256::ZERO, &[]));
            if !self.allowlisted(buyer, cap, proof) {
                return Err(Error::NotAllowlisted(NotAllowlisted {
                    account: buyer,
                    cap,
                }));
            }
            // A cap of 0 in the tree means no cap.
            to_u128(cap).unwrap_or(u128::MAX)
        };
        let previous = from_stored(self.buyers.getter(buyer).deposit.get());
        let deposited = previous.checked_add(value).ok_or_else(overflow)?;
        if cap != 0 && deposited > cap {
            return Err(Error::DepositOverCap(DepositOverCap {
                account: buyer,
                cap: wide(cap),
                total: wide(deposited),
            }));
        }
        let total = from_stored(self.total_deposits.get())
            .checked_add(value)
            .ok_or_else(overflow)?;

        // Effects, then the currency (the lock is held; a failed check reverts both).
        self.buyers.setter(buyer).deposit.set(U128::from(deposited));
        self.total_deposits.set(U128::from(total));
        self.emit_deposited(buyer, value, deposited);
        self.receive_currency(buyer, amount)
    }

    /// Takes `amount` of the currency from `buyer`: the call's value for ETH, `transferFrom` for
    /// an ERC-20 (exactly `amount` must arrive).
    fn receive_currency(&mut self, buyer: Address, amount: U256) -> Result<(), Error> {
        let value = self.vm().msg_value();
        let currency = self.currency.get();
        let expected = if currency.is_zero() {
            amount
        } else {
            U256::ZERO
        };
        if value != expected {
            return Err(Error::WrongValue(WrongValue {
                expected,
                sent: value,
            }));
        }
        if currency.is_zero() {
            return Ok(());
        }
        let this = self.vm().contract_address();
        let before = erc20::balance_of(currency, this).unwrap_or_default();
        if !erc20::transfer_from(self, currency, buyer, this, amount) {
            return Err(Error::CurrencyTransferFailed(CurrencyTransferFailed {
                from: buyer,
                amount,
            }));
        }
        let received = erc20::balance_of(currency, this)
            .unwrap_or_default()
            .saturating_sub(before);
        if received != amount {
            return Err(Error::FeeOnTransferCurrency(FeeOnTransferCurrency {
                amount,
                received,
            }));
        }
        Ok(())
    }
}
