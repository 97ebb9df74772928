//! Burn to redeem: burning `x` tokens pays `x / totalSupply` of the redeem pool and of the
//! redeem share of the revenue pending since the last snapshot.

use alloy_primitives::{U128, U256};
use imo_common::math::{from_stored, mul_div, to_u128, wide};
use stylus_sdk::prelude::*;

use crate::{
    errors::{overflow, Error},
    RevShareToken,
};

impl RevShareToken {
    /// What burning `amount` of `supply` pays, from the redeem pool and from the redeem share of
    /// the pending revenue. `amount <= supply`.
    pub(crate) fn redeem_parts(&self, amount: u128, supply: u128) -> (u128, u128) {
        let pool = from_stored(self.redeem_pool.get());
        let (gross, taken) = self.pending_gross();
        let available = (gross - self.claim_part(gross)).saturating_sub(taken);
        // amount <= supply, so each quotient is at most its pool; 0 when the supply is 0.
        (
            mul_div(amount, pool, supply).unwrap_or(0),
            mul_div(amount, available, supply).unwrap_or(0),
        )
    }

    /// Wei paid for burning `amount` tokens now (`amount` capped at the supply).
    pub(crate) fn redeemable(&self, amount: U256) -> U256 {
        let supply = to_u128(self.total_supply.get()).unwrap_or(u128::MAX);
        let amount = to_u128(amount).unwrap_or(u128::MAX).min(supply);
        let (from_pool, from_pending) = self.redeem_parts(amount, supply);
        wide(from_pool.saturating_add(from_pending))
    }

    /// Burns `amount` of the caller's tokens and pays the redeemed ETH.
    pub(crate) fn burn_and_redeem(&mut self, amount: U256) -> Result<(), Error> {
        let account = self.vm().msg_sender();
        let supply = self.total_supply.get();
        let balance = self.balances.get(account);
        self.before_burn(account, amount, balance, supply);
        // Fails with ERC20InsufficientBalance when amount > balance, so below
        // amount <= balance <= supply <= u128::MAX.
        self.burn_tokens(account, amount)?;
        let (from_pool, from_pending) = self.redeem_parts(
            to_u128(amount).unwrap_or(u128::MAX),
            to_u128(supply).unwrap_or(u128::MAX),
        );
        let pool = from_stored(self.redeem_pool.get())
            .checked_sub(from_pool)
            .ok_or_else(overflow)?;
        self.redeem_pool.set(U128::from(pool));
        if from_pending != 0 {
            let taken = from_stored(self.taken_from_pending.get())
                .checked_add(from_pending)
                .ok_or_else(overflow)?;
            self.taken_from_pending.set(U128::from(taken));
        }
        let paid = from_pool.checked_add(from_pending).ok_or_else(overflow)?;
        self.emit_redeemed(account, amount, wide(paid));
        self.pay(account, paid)
    }
}
