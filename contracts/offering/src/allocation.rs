//! The sale's arithmetic as pure functions of its terms and the total deposits: what a buyer gets,
//! the proceeds, the tokens sold, the liquidity share. The contract and the property tests run
//! the same code.
//!
//! With `T` the target, `S` the minimum raise, `A` the tokens for sale, `D` the total deposits
//! and `d` one buyer's deposits (every division rounds down, so every rounding error is against
//! the buyer and smaller than one unit):
//!
//! | outcome | tokens | refund |
//! |---|---|---|
//! | failed (`D < S`) | 0 | `d` |
//! | `S <= D <= T` | `d * A / T` | 0 |
//! | oversubscribed (`D > T`) | `d * A / D` | `d * (D - T) / D` |
//!
//! The proceeds are `min(D, T)` (0 when failed). The buyers' tokens add up to at most
//! [`sold`] (`D * A / max(D, T)`), their refunds to at most `D - min(D, T)`; what rounding leaves
//! over is dust, swept to the treasury once every buyer has claimed, so that
//! `Σ refunds + proceeds + currency dust == D` and `Σ tokens + unsold + token dust == A` hold
//! exactly.

use imo_common::math::{mul_div, BPS};

/// The terms of a sale that the arithmetic depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Terms {
    /// `T`: the most the sale keeps (at least 1).
    pub target: u128,
    /// `S <= T`: the least it must raise to succeed.
    pub minimum: u128,
    /// `A`: the tokens sold for `T`.
    pub tokens_for_sale: u128,
    /// Share of the proceeds (basis points) for the liquidity recipient, with tokens at the sale
    /// price.
    pub liquidity_bps: u16,
}

impl Terms {
    /// Whether a sale that took `total` in deposits succeeded: `total >= S`.
    #[must_use]
    pub fn succeeds(&self, total: u128) -> bool {
        total >= self.minimum
    }

    /// Tokens and refund of a buyer who deposited `deposit` of `total` (see the module table).
    #[must_use]
    pub fn entitlement(&self, total: u128, deposit: u128, succeeded: bool) -> (u128, u128) {
        if !succeeded {
            return (0, deposit);
        }
        // `deposit <= total`, so each quotient is at most `A` or `deposit`: none overflows.
        if total <= self.target {
            (
                mul_div(deposit, self.tokens_for_sale, self.target).unwrap_or(0),
                0,
            )
        } else {
            (
                mul_div(deposit, self.tokens_for_sale, total).unwrap_or(0),
                mul_div(deposit, total - self.target, total).unwrap_or(0),
            )
        }
    }

    /// What the sale keeps of `total`: `min(total, T)`, 0 when it failed.
    #[must_use]
    pub fn proceeds(&self, total: u128, succeeded: bool) -> u128 {
        if succeeded {
            total.min(self.target)
        } else {
            0
        }
    }

    /// The most tokens the buyers of `total` can receive together: `total * A / max(total, T)`
    /// (0 when the sale failed). `A` minus this is unsold.
    #[must_use]
    pub fn sold(&self, total: u128, succeeded: bool) -> u128 {
        if succeeded {
            mul_div(total, self.tokens_for_sale, total.max(self.target)).unwrap_or(0)
        } else {
            0
        }
    }

    /// The liquidity share of `proceeds`: `(currency, tokens)` with `currency = proceeds * bps /
    /// 10,000` and as many tokens at the sale price (`currency * A / T`).
    #[must_use]
    pub fn liquidity(&self, proceeds: u128) -> (u128, u128) {
        let currency =
            mul_div(proceeds, u128::from(self.liquidity_bps), u128::from(BPS)).unwrap_or(0);
        let tokens = mul_div(currency, self.tokens_for_sale, self.target).unwrap_or(0);
        (currency, tokens)
    }

    /// The liquidity tokens of a sale that raises its whole target: what the sale must hold for
    /// liquidity.
    #[must_use]
    pub fn max_liquidity_tokens(&self) -> u128 {
        self.liquidity(self.target).1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms() -> Terms {
        Terms {
            target: 150,
            minimum: 150,
            tokens_for_sale: 500_000_000,
            liquidity_bps: 0,
        }
    }

    #[test]
    fn openlm_prices_and_the_three_outcomes() {
        // OpenLM: 150 ETH for 500M tokens (3e-7 ETH each); S = T.
        let t = terms();
        assert_eq!(t.entitlement(150, 150, true), (500_000_000, 0));
        assert_eq!(t.entitlement(150, 3, true), (10_000_000, 0));
        // Oversubscribed twice: half the tokens, half the deposit back.
        assert_eq!(t.entitlement(300, 100, true), (166_666_666, 50));
        assert_eq!(t.proceeds(300, true), 150);
        assert_eq!(t.sold(300, true), 500_000_000);
        // Missed: everything back.
        assert!(!t.succeeds(149));
        assert_eq!(t.entitlement(149, 149, false), (0, 149));
        assert_eq!(t.proceeds(149, false), 0);
        // Under the target with S < T: unsold tokens stay with the treasury.
        let t = Terms { minimum: 50, ..t };
        assert_eq!(t.sold(60, true), 200_000_000);
        assert_eq!(t.entitlement(60, 60, true), (200_000_000, 0));
    }

    #[test]
    fn liquidity_is_priced_at_the_sale_price() {
        let t = Terms {
            liquidity_bps: 2_000,
            ..terms()
        };
        // 20% of 150 = 30 ETH, with 30 / 150 of the sale's tokens.
        assert_eq!(t.liquidity(150), (30, 100_000_000));
        assert_eq!(t.max_liquidity_tokens(), 100_000_000);
        assert_eq!(t.liquidity(75), (15, 50_000_000));
    }
}
