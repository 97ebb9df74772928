//! The revenue the sale's tokens earn, passed on to whoever the tokens belong to.
//!
//! The RevShare token pays a snapshot's revenue to its holders; while the sale holds tokens for
//! its buyers (and for the treasury, the liquidity and the grants), the sale is that holder. For
//! every final snapshot still claimable, it claims the snapshot and adds
//! `received * 1e18 / balanceOfAt(sale, id)` to the revenue per token. A position of `x` tokens
//! that stayed in the sale until now has earned `x * revenuePerToken / 1e18`: a buyer receives it
//! with its claim, the treasury for the tokens that were never sold with the distribution.
//!
//! Every position leaves the sale (a claim, the distribution) only after collecting every final
//! snapshot, and a snapshot counts the balances at the end of its second, so the positions that
//! share a snapshot's revenue are exactly those it counted: the sale never pays out more than it
//! collected (the floors leave dust, swept to the treasury at the end).

use alloy_primitives::{U128, U256, U64};
use imo_common::{
    holder,
    math::{from_stored, mul_div, to_u128, wide},
};
use stylus_sdk::prelude::*;

use crate::{Error, Sale, UnexpectedEth, REVENUE_SCALE};

impl Sale {
    /// Collects every final, claimable snapshot from `next_snapshot` on; returns the wei
    /// collected. Call under the lock (the token pays into `receive()` meanwhile).
    pub(crate) fn collect(&mut self) -> U256 {
        let token = self.token.get();
        let this = self.vm().contract_address();
        let next = self.next_snapshot.get().to::<u64>();
        let Some((first, end)) = holder::collectable(token, next, self.now()) else {
            return U256::ZERO;
        };
        let mut per_token = from_stored(self.revenue_per_token.get());
        let mut collected = 0u128;
        for id in first..end {
            if holder::claimable(token, this, id).is_zero() {
                continue;
            }
            let balance = match holder::balance_at(token, this, id).and_then(to_u128) {
                Some(balance) if balance != 0 => balance,
                _ => continue,
            };
            let received = holder::claim(self, token, id);
            let Some(amount) = to_u128(received) else {
                continue;
            };
            collected = collected.saturating_add(amount);
            // Revenue that would overflow the accumulator stays unassigned: dust for the treasury.
            if let Some(sum) =
                mul_div(amount, REVENUE_SCALE, balance).and_then(|rate| per_token.checked_add(rate))
            {
                per_token = sum;
            }
            self.emit_revenue_collected(id, received);
        }
        if end > next {
            self.next_snapshot.set(U64::from(end));
        }
        if collected != 0 {
            self.revenue_per_token.set(U128::from(per_token));
            let total = from_stored(self.revenue_collected.get()).saturating_add(collected);
            self.revenue_collected.set(U128::from(total));
        }
        wide(collected)
    }

    /// The revenue per token once the snapshots not collected yet are: what [`Self::collect`]
    /// would make it, without claiming.
    pub(crate) fn revenue_per_token_now(&self) -> u128 {
        let token = self.token.get();
        let this = self.vm().contract_address();
        let mut per_token = from_stored(self.revenue_per_token.get());
        let next = self.next_snapshot.get().to::<u64>();
        let Some((first, end)) = holder::collectable(token, next, self.now()) else {
            return per_token;
        };
        for id in first..end {
            let Some(amount) = to_u128(holder::claimable(token, this, id)) else {
                continue;
            };
            let balance = holder::balance_at(token, this, id)
                .and_then(to_u128)
                .unwrap_or(0);
            if let Some(sum) =
                mul_div(amount, REVENUE_SCALE, balance).and_then(|rate| per_token.checked_add(rate))
            {
                per_token = sum;
            }
        }
        per_token
    }

    /// What a position of `tokens` earned at `per_token`: `tokens * per_token / 1e18`.
    pub(crate) fn earned(tokens: u128, per_token: u128) -> u128 {
        mul_div(tokens, per_token, REVENUE_SCALE).unwrap_or(0)
    }

    /// See `receive`: only the token, while the sale collects.
    pub(crate) fn accept_revenue(&mut self) -> Result<(), Error> {
        let from = self.vm().msg_sender();
        if self.locked.get() && from == self.token.get() {
            Ok(())
        } else {
            Err(Error::UnexpectedEth(UnexpectedEth { from }))
        }
    }
}
