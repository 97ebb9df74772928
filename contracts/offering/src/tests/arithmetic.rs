//! Property tests of the sale's arithmetic ([`crate::allocation`], the code the contract runs):
//! allocations never exceed the supply for sale, every buyer's tokens and refund are within one
//! unit below its exact share, and splitting a deposit over `k` addresses changes the total by less
//! than `k` units.

use alloy_primitives::U256;
use proptest::prelude::*;

use crate::Terms;

fn terms() -> impl Strategy<Value = Terms> {
    (1u128..=1u128 << 100, 0u128..=1u128 << 100, 0u16..=10_000).prop_flat_map(
        |(target, tokens, liquidity_bps)| {
            (0..=target).prop_map(move |minimum| Terms {
                target,
                minimum,
                tokens_for_sale: tokens.max(1),
                liquidity_bps,
            })
        },
    )
}

/// `a * b / d` as an exact pair (quotient, remainder > 0).
fn exact(a: u128, b: u128, d: u128) -> (U256, bool) {
    let p = U256::from(a) * U256::from(b);
    (p / U256::from(d), !(p % U256::from(d)).is_zero())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Each buyer's tokens and refund: the floor of its exact share (never above it, less than
    /// one unit below it); together never more than the supply for sale and the surplus.
    #[test]
    fn shares_are_floors_of_the_exact_shares(
        t in terms(),
        deposits in proptest::collection::vec(1u128..=1u128 << 90, 1..12),
    ) {
        let total: u128 = deposits.iter().sum();
        let ok = t.succeeds(total);
        let mut tokens_sum = 0u128;
        let mut refund_sum = 0u128;
        for &d in &deposits {
            let (tokens, refund) = t.entitlement(total, d, ok);
            if !ok {
                prop_assert_eq!((tokens, refund), (0, d));
            } else if total <= t.target {
                prop_assert_eq!(U256::from(tokens), exact(d, t.tokens_for_sale, t.target).0);
                prop_assert_eq!(refund, 0);
            } else {
                prop_assert_eq!(U256::from(tokens), exact(d, t.tokens_for_sale, total).0);
                prop_assert_eq!(U256::from(refund), exact(d, total - t.target, total).0);
            }
            tokens_sum += tokens;
            refund_sum += refund;
        }
        let proceeds = t.proceeds(total, ok);
        prop_assert!(tokens_sum <= t.sold(total, ok));
        prop_assert!(t.sold(total, ok) <= t.tokens_for_sale);
        prop_assert!(refund_sum + proceeds <= total);
        // The dust is less than one unit per buyer.
        let n = deposits.len() as u128;
        prop_assert!(t.sold(total, ok) - tokens_sum < n.max(1));
        prop_assert!(total - proceeds - refund_sum < n.max(1));
        if ok && total >= t.target {
            prop_assert_eq!(proceeds, t.target);
        }
        // Liquidity never needs more tokens than the sale holds for it.
        let (currency, liquidity_tokens) = t.liquidity(proceeds);
        prop_assert!(currency <= proceeds);
        prop_assert!(liquidity_tokens <= t.max_liquidity_tokens());
    }

    /// Splitting one deposit over `k` addresses changes its tokens and its refund by less than
    /// `k` units (and never raises them).
    #[test]
    fn splitting_a_deposit_changes_the_total_by_less_than_k(
        t in terms(),
        others in 0u128..=1u128 << 90,
        parts in proptest::collection::vec(1u128..=1u128 << 80, 1..10),
    ) {
        let d: u128 = parts.iter().sum();
        let total = others + d;
        let ok = t.succeeds(total);
        let (whole_tokens, whole_refund) = t.entitlement(total, d, ok);
        let (mut tokens, mut refund) = (0u128, 0u128);
        for &p in &parts {
            let (a, b) = t.entitlement(total, p, ok);
            tokens += a;
            refund += b;
        }
        let k = parts.len() as u128;
        prop_assert!(tokens <= whole_tokens && whole_tokens - tokens < k);
        prop_assert!(refund <= whole_refund && whole_refund - refund < k);
    }
}
