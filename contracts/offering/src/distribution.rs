//! The distribution: the treasury's, the liquidity recipient's and the grants' shares, once, and
//! the dust once every buyer has claimed. Anyone may call it, any number of times.
//!
//! On success the treasury receives the proceeds less the liquidity share, the unsold tokens
//! (`A - sold`) and the liquidity tokens not needed at the actual proceeds; the liquidity
//! recipient receives its share of the proceeds and tokens at the sale price; each grant's vesting
//! contract receives its tokens. On failure every token goes back to the treasury and the
//! currency stays for the buyers' refunds. Either way the treasury also receives the revenue that
//! the tokens it takes (and the liquidity and grant tokens, until now) earned in the sale.

use alloy_primitives::{U128, U256};
use imo_common::{
    erc20,
    math::{from_stored, wide},
};
use stylus_sdk::prelude::*;

use crate::{errors::overflow, Error, Sale, SUCCEEDED};

impl Sale {
    /// See `distribute`.
    pub(crate) fn distribute_all(&mut self) -> Result<(), Error> {
        let outcome = self.settle()?;
        self.collect();
        if !self.distributed.get() {
            self.distribute_shares(outcome == SUCCEEDED)?;
        }
        if self.claimed_deposits.get() == self.total_deposits.get() {
            self.sweep_dust()?;
        }
        Ok(())
    }

    /// The one-time distribution of the treasury's, liquidity's and grants' shares.
    fn distribute_shares(&mut self, succeeded: bool) -> Result<(), Error> {
        let terms = self.terms();
        let total = from_stored(self.total_deposits.get());
        let held = self.tokens_held_for(&terms).ok_or_else(overflow)?;
        let sold = terms.sold(total, succeeded);
        let proceeds = terms.proceeds(total, succeeded);
        let (liquidity_currency, liquidity_tokens) = if succeeded {
            terms.liquidity(proceeds)
        } else {
            (0, 0)
        };
        let granted = if succeeded {
            from_stored(self.grant_total.get())
        } else {
            0
        };
        // Everything but the buyers' tokens was the treasury's position in the sale's revenue.
        let position = held - sold;
        let revenue = Self::earned(position, from_stored(self.revenue_per_token.get()));
        let treasury_tokens = position - liquidity_tokens - granted;
        let treasury_currency = proceeds - liquidity_currency;

        self.distributed.set(true);
        self.proceeds_paid.set(U128::from(proceeds));
        let paid = from_stored(self.revenue_paid.get())
            .checked_add(revenue)
            .ok_or_else(overflow)?;
        self.revenue_paid.set(U128::from(paid));
        let treasury = self.treasury.get();
        self.emit_distributed(treasury, treasury_currency, treasury_tokens, revenue);

        self.pay_tokens(treasury, treasury_tokens)?;
        self.pay_currency_and_revenue(treasury, treasury_currency, wide(revenue))?;
        if liquidity_currency != 0 || liquidity_tokens != 0 {
            let recipient = self.liquidity_recipient.get();
            self.emit_liquidity_funded(recipient, liquidity_currency, liquidity_tokens);
            self.pay_tokens(recipient, liquidity_tokens)?;
            self.pay_currency_and_revenue(recipient, liquidity_currency, U256::ZERO)?;
        }
        if succeeded {
            for i in 0..self.grants.len() {
                let Some(grant) = self.grants.get(i) else {
                    continue;
                };
                let (vesting, amount) = (grant.vesting.get(), from_stored(grant.amount.get()));
                self.emit_grant_funded(vesting, amount);
                self.pay_tokens(vesting, amount)?;
            }
        }
        Ok(())
    }

    /// Every buyer has claimed and the shares are distributed: whatever the sale still holds
    /// (rounding dust of the currency, the tokens and the revenue, and anything sent to it
    /// unasked) goes to the treasury.
    fn sweep_dust(&mut self) -> Result<(), Error> {
        let this = self.vm().contract_address();
        let token = self.token.get();
        let currency = self.currency.get();
        let tokens = erc20::balance_of(token, this).unwrap_or_default();
        let eth = self.vm().balance(this);
        let (currency_dust, revenue_dust) = if currency.is_zero() {
            // The currency's share of the ETH: deposits not refunded, kept or swept yet.
            let kept = from_stored(self.total_deposits.get())
                - from_stored(self.refunds_paid.get())
                - from_stored(self.proceeds_paid.get())
                - from_stored(self.currency_swept.get());
            let kept = wide(kept).min(eth);
            (kept, eth - kept)
        } else {
            (erc20::balance_of(currency, this).unwrap_or_default(), eth)
        };
        if currency_dust.is_zero() && tokens.is_zero() && revenue_dust.is_zero() {
            return Ok(());
        }
        let swept = from_stored(self.currency_swept.get())
            .checked_add(imo_common::math::to_u128(currency_dust).ok_or_else(overflow)?)
            .ok_or_else(overflow)?;
        self.currency_swept.set(U128::from(swept));
        let treasury = self.treasury.get();
        self.emit_dust_swept(treasury, currency_dust, tokens, revenue_dust);
        self.pay_erc20(token, treasury, tokens)?;
        if currency.is_zero() {
            self.pay_eth(treasury, eth)
        } else {
            self.pay_erc20(currency, treasury, currency_dust)?;
            self.pay_eth(treasury, revenue_dust)
        }
    }
}
