//! Property tests of the sale contract (with the real token) on random sequences of deposits,
//! revenue and snapshots, claims, distributions and collections, with random terms. After every
//! operation: the tokens paid to buyers never exceed the supply for sale, the revenue paid never
//! exceeds the revenue collected, and the sale holds what it owes. At the end (every buyer claimed,
//! one more distribution): the sale holds nothing, `Σ refunds + proceeds + dust == D` and
//! `Σ tokens + unsold + liquidity + grants + dust == what the sale held`, exactly; each buyer got
//! the floor of its exact share of tokens and refund, and its revenue within rounding of its
//! exact share of every snapshot it was in; a second claim is refused. A second test: the order
//! of deposits and of claims changes nobody's tokens or refund.

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolEvent;
use motsu::prelude::*;
use proptest::prelude::*;

use super::{set_time, u, AddressVM, Env, SaleParams};
use crate::{Error, RevenueCollected, REVENUE_SCALE};

const BUYERS: usize = 4;

#[derive(Clone, Debug)]
enum Op {
    Deposit { buyer: usize, amount: u128 },
    Revenue { amount: u128 },
    Claim { buyer: usize },
    Distribute,
    Collect,
}

fn params() -> impl Strategy<Value = SaleParams> {
    (
        1u128..2_000_000,
        0u128..=100,
        1u128..100_000_000_000,
        prop_oneof![Just(0u16), 0u16..=10_000],
        (0u128..1_000_000, 0u128..1_000_000),
        any::<bool>(),
    )
        .prop_map(
            |(target, minimum_pct, tokens_for_sale, liquidity_bps, grants, erc20)| SaleParams {
                target,
                minimum: target * minimum_pct / 100,
                tokens_for_sale,
                liquidity_bps,
                grants: [grants.0, grants.1],
                erc20,
                ..SaleParams::default()
            },
        )
}

fn ops() -> impl Strategy<Value = (Vec<Op>, Vec<Op>)> {
    let during = prop_oneof![
        6 => (0..BUYERS, 1u128..1_500_000).prop_map(|(buyer, amount)| Op::Deposit { buyer, amount }),
        1 => (0u128..10_000_000_000_000).prop_map(|amount| Op::Revenue { amount }),
    ];
    let after = prop_oneof![
        3 => (0..BUYERS).prop_map(|buyer| Op::Claim { buyer }),
        2 => (0u128..10_000_000_000_000).prop_map(|amount| Op::Revenue { amount }),
        1 => Just(Op::Distribute),
        1 => Just(Op::Collect),
    ];
    (
        proptest::collection::vec(during, 0..14),
        proptest::collection::vec(after, 0..12),
    )
}

/// What the test saw of one buyer.
#[derive(Clone, Copy, Default, Debug)]
struct Seen {
    deposit: u128,
    tokens: u128,
    refund: u128,
    revenue: u128,
    /// Snapshots collected before its claim.
    snapshots_before: usize,
    claimed: bool,
}

struct Run {
    env: Env,
    seen: [Seen; BUYERS],
    /// `(amount, sale balance)` of every snapshot the sale collected, in order.
    collected: Vec<(u128, u128)>,
    events_seen: usize,
}

impl Run {
    fn new(params: SaleParams) -> Self {
        Self {
            env: Env::new(params, BUYERS),
            seen: [Seen::default(); BUYERS],
            collected: Vec::new(),
            events_seen: 0,
        }
    }

    /// Records the snapshots the sale collected since the last look.
    fn record_collections(&mut self) {
        let events = self.env.sale.all_events();
        for log in &events[self.events_seen..] {
            if let Ok(e) = RevenueCollected::decode_log_data(log, true) {
                let balance = self
                    .env
                    .token
                    .sender(self.env.launcher.address())
                    .balance_of_at(self.env.sale.address(), e.snapshotId)
                    .motsu_unwrap();
                self.collected
                    .push((e.amount.to::<u128>(), balance.to::<u128>()));
            }
        }
        self.events_seen = events.len();
    }

    fn apply(&mut self, op: &Op) {
        let env = &self.env;
        match *op {
            Op::Deposit { buyer, amount } => {
                if env.deposit(buyer, amount).is_ok() {
                    self.seen[buyer].deposit += amount;
                }
            }
            Op::Revenue { amount } => {
                env.revenue_and_snapshot(amount);
            }
            Op::Claim { buyer } => {
                let result = env.claim(buyer);
                self.record_collections();
                match result {
                    Ok((tokens, refund, revenue)) => {
                        let s = &mut self.seen[buyer];
                        assert!(!s.claimed, "claimed twice");
                        *s = Seen {
                            tokens: tokens.to(),
                            refund: refund.to(),
                            revenue: revenue.to(),
                            snapshots_before: self.collected.len(),
                            claimed: true,
                            ..*s
                        };
                    }
                    Err(Error::AlreadyClaimed(_)) => assert!(self.seen[buyer].claimed),
                    Err(Error::NothingToClaim(_)) => assert_eq!(self.seen[buyer].deposit, 0),
                    Err(e) => panic!("claim failed: {e:?}"),
                }
            }
            Op::Distribute => {
                env.distribute().motsu_unwrap();
                self.record_collections();
            }
            Op::Collect => {
                env.sale
                    .sender(env.launcher.address())
                    .collect_revenue()
                    .motsu_unwrap();
                self.record_collections();
            }
        }
        self.check_books();
    }

    /// After every operation.
    fn check_books(&self) {
        let env = &self.env;
        let (_, tokens_claimed, ..) = env.sale.sender(env.launcher.address()).accounting();
        assert!(tokens_claimed <= u(env.params.tokens_for_sale));
        let (.., collected, paid, _) = env.sale.sender(env.launcher.address()).accounting();
        assert!(
            paid <= collected,
            "revenue paid {paid} > collected {collected}"
        );
    }

    /// Every buyer's revenue: within rounding of `tokens * Σ amount / balance` over the
    /// snapshots collected before its claim.
    fn check_revenue(&self, buyer: usize) {
        let s = self.seen[buyer];
        let t = U256::from(s.tokens);
        let (mut low, mut high) = (U256::ZERO, U256::ZERO);
        for &(amount, balance) in &self.collected[..s.snapshots_before] {
            let p = t * U256::from(amount);
            low += p / U256::from(balance);
            high += p.div_ceil(U256::from(balance));
        }
        let n = U256::from(s.snapshots_before);
        let slack = n * (t / U256::from(REVENUE_SCALE) + U256::from(1)) + U256::from(1);
        let revenue = U256::from(s.revenue);
        assert!(
            revenue <= high,
            "buyer {buyer}: revenue {revenue} > exact {high}"
        );
        assert!(
            revenue + slack >= low,
            "buyer {buyer}: revenue {revenue} below exact {low} - {slack}"
        );
    }
}

fn exact_floor(a: u128, b: u128, d: u128) -> u128 {
    (U256::from(a) * U256::from(b) / U256::from(d)).to()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_sales_keep_every_invariant(params in params(), (during, after) in ops()) {
        let mut run = Run::new(params.clone());
        set_time(run.env.start);
        for op in &during {
            run.apply(op);
        }
        set_time(run.env.end);
        for op in &after {
            run.apply(op);
        }
        // Everyone claims, then a last distribution.
        for buyer in 0..BUYERS {
            run.apply(&Op::Claim { buyer });
        }
        run.apply(&Op::Distribute);

        let env = &run.env;
        let sale = env.sale.address();
        let total: u128 = run.seen.iter().map(|s| s.deposit).sum();
        prop_assert_eq!(env.sale.sender(sale).total_deposits(), u(total));
        let succeeded = total >= params.minimum;
        let keep = if succeeded { total.min(params.target) } else { 0 };
        let price_base = total.max(params.target);
        for (buyer, s) in run.seen.iter().enumerate() {
            if s.deposit == 0 {
                continue;
            }
            prop_assert!(s.claimed);
            // Tokens and refund: the floors of the exact shares.
            if succeeded {
                prop_assert_eq!(s.tokens, exact_floor(s.deposit, params.tokens_for_sale, price_base));
                prop_assert_eq!(s.refund, exact_floor(s.deposit, total - keep, total));
            } else {
                prop_assert_eq!((s.tokens, s.refund), (0, s.deposit));
            }
            prop_assert_eq!(env.tokens_of(env.buyer(buyer)) >= u(s.tokens), true);
            run.check_revenue(buyer);
            // Once.
            prop_assert!(matches!(env.claim(buyer), Err(Error::AlreadyClaimed(_))));
        }
        // The sale is empty and the identities hold exactly.
        prop_assert_eq!(env.tokens_of(sale), U256::ZERO);
        prop_assert_eq!(env.currency_of(sale), U256::ZERO);
        prop_assert_eq!(sale.balance(), U256::ZERO);
        let (claimed, tokens_claimed, refunds, proceeds, swept, _, collected, paid, _) =
            env.sale.sender(sale).accounting();
        prop_assert_eq!(claimed, u(total));
        prop_assert_eq!(refunds + proceeds + swept, u(total));
        prop_assert_eq!(proceeds, u(keep));
        prop_assert!(paid <= collected);
        let sum_tokens: u128 = run.seen.iter().map(|s| s.tokens).sum();
        prop_assert_eq!(tokens_claimed, u(sum_tokens));
        let others = [env.treasury.address(), env.liquidity.address(), env.vestings[0].address(), env.vestings[1].address()]
            .iter()
            .fold(U256::ZERO, |acc, a| acc + env.tokens_of(*a));
        prop_assert_eq!(u(sum_tokens) + others, u(env.held()));
    }

    #[test]
    fn the_order_of_deposits_and_claims_changes_no_entitlement(
        params in params(),
        deposits in proptest::collection::vec((0..BUYERS, 1u128..1_500_000), 1..10),
        claim_order in Just((0..BUYERS).collect::<Vec<_>>()).prop_shuffle(),
        revenue in 0u128..10_000_000_000_000,
    ) {
        let outcomes: Vec<Vec<(U256, U256)>> = [false, true]
            .iter()
            .map(|&reversed| {
                let run = Run::new(params.clone());
                set_time(run.env.start);
                let mut order = deposits.clone();
                if reversed {
                    order.reverse();
                }
                for (buyer, amount) in order {
                    let _ = run.env.deposit(buyer, amount);
                }
                set_time(run.env.end);
                run.env.revenue_and_snapshot(revenue);
                let claims: Vec<usize> = if reversed { claim_order.clone() } else { (0..BUYERS).collect() };
                let mut got = vec![(U256::ZERO, U256::ZERO); BUYERS];
                for buyer in claims {
                    if let Ok((tokens, refund, _)) = run.env.claim(buyer) {
                        got[buyer] = (tokens, refund);
                    }
                }
                got
            })
            .collect();
        prop_assert_eq!(&outcomes[0], &outcomes[1]);
        let _ = Address::ZERO;
    }
}
