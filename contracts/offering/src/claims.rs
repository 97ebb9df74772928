//! Claims: each buyer, once, for itself or another address: its tokens, its refund and the
//! revenue its tokens earned in the sale. Nothing depends on the order of claims or on other
//! buyers: a buyer's tokens and refund are functions of its deposit and the total only (see
//! [`crate::allocation`]).

use alloy_primitives::{Address, U128, U256};
use imo_common::math::{from_stored, wide};
use stylus_sdk::prelude::*;

use crate::{
    errors::overflow, AlreadyClaimed, Error, InvalidRecipient, NothingToClaim, Sale, FAILED,
    SUCCEEDED,
};

impl Sale {
    /// See `claim`.
    pub(crate) fn claim_to(&mut self, to: Address) -> Result<(U256, U256, U256), Error> {
        if to.is_zero() {
            return Err(Error::InvalidRecipient(InvalidRecipient {}));
        }
        let buyer = self.vm().msg_sender();
        let outcome = self.settle()?;
        let record = self.buyers.getter(buyer);
        let deposit = from_stored(record.deposit.get());
        if deposit == 0 {
            return Err(Error::NothingToClaim(NothingToClaim { account: buyer }));
        }
        if record.claimed.get() {
            return Err(Error::AlreadyClaimed(AlreadyClaimed { account: buyer }));
        }
        // The buyer's tokens leave the sale: first collect what they earned in it.
        self.collect();

        let terms = self.terms();
        let total = from_stored(self.total_deposits.get());
        let (tokens, refund) = terms.entitlement(total, deposit, outcome == SUCCEEDED);
        let revenue = Self::earned(tokens, from_stored(self.revenue_per_token.get()));

        self.buyers.setter(buyer).claimed.set(true);
        let add = |slot: U128, x: u128| -> Result<U128, Error> {
            Ok(U128::from(
                from_stored(slot).checked_add(x).ok_or_else(overflow)?,
            ))
        };
        let claimed = add(self.claimed_deposits.get(), deposit)?;
        self.claimed_deposits.set(claimed);
        let paid = add(self.tokens_claimed.get(), tokens)?;
        self.tokens_claimed.set(paid);
        let refunded = add(self.refunds_paid.get(), refund)?;
        self.refunds_paid.set(refunded);
        let revenue_paid = add(self.revenue_paid.get(), revenue)?;
        self.revenue_paid.set(revenue_paid);
        self.emit_claimed(buyer, to, tokens, refund, revenue);

        self.pay_tokens(to, tokens)?;
        self.pay_currency_and_revenue(to, refund, wide(revenue))?;
        Ok((wide(tokens), wide(refund), wide(revenue)))
    }

    /// See `previewClaim`.
    pub(crate) fn preview(&self, account: Address) -> (U256, U256, U256) {
        let record = self.buyers.getter(account);
        let deposit = from_stored(record.deposit.get());
        if deposit == 0 || record.claimed.get() {
            return (U256::ZERO, U256::ZERO, U256::ZERO);
        }
        let terms = self.terms();
        let total = from_stored(self.total_deposits.get());
        let succeeded = match self.outcome.get().to::<u8>() {
            FAILED => false,
            SUCCEEDED => true,
            _ => terms.succeeds(total),
        };
        let (tokens, refund) = terms.entitlement(total, deposit, succeeded);
        let revenue = Self::earned(tokens, self.revenue_per_token_now());
        (wide(tokens), wide(refund), wide(revenue))
    }
}
