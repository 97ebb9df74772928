//! Revenue follows allocation: the snapshots of the tokens the sale holds pay the sale, which
//! passes the revenue on to the buyers (claimed or not) and to the treasury for what was not sold.

use alloy_primitives::U256;
use motsu::prelude::*;

use super::{set_time, u, AddressVM, Env, SaleParams, SUPPLY};
use crate::{RevenueCollected, REVENUE_SCALE};

/// What a holder of `balance` tokens can claim from a snapshot of `revenue` wei (80% claimable).
fn share(balance: u128, revenue: u128) -> u128 {
    balance * (revenue * 8 / 10) / SUPPLY
}

#[test]
fn buyers_earn_from_the_first_snapshot_after_the_sale_claimed_or_not() {
    let env = Env::new(SaleParams::default(), 2);
    set_time(env.start);
    env.deposit(0, 200_000).motsu_unwrap();
    env.deposit(1, 100_000).motsu_unwrap();
    env.end_sale();
    let (t0, t1) = (333_333_333u128, 166_666_666u128);

    // Snapshot 1: the sale holds every token for sale.
    let r1 = 1_000_000_000_000u128;
    let id1 = env.revenue_and_snapshot(r1);
    let held1 = 500_000_000u128;
    let got1 = share(held1, r1);
    let per_token1 = got1 * REVENUE_SCALE / held1;
    // Not collected yet, but previewed.
    let preview = env.sale.sender(env.buyer(1)).preview_claim(env.buyer(1));
    assert_eq!(preview.2, u(t1 * per_token1 / REVENUE_SCALE));

    // Buyer 0 claims: the sale collects snapshot 1 first.
    let (tokens, _, revenue) = env.claim(0).motsu_unwrap();
    assert_eq!(tokens, u(t0));
    assert_eq!(revenue, u(t0 * per_token1 / REVENUE_SCALE));
    env.sale.assert_emitted(&RevenueCollected {
        snapshotId: id1,
        amount: u(got1),
    });

    // Snapshot 2: buyer 0 holds its own tokens now; the sale holds buyer 1's and the dust.
    let r2 = 3_000_000_000_000u128;
    let id2 = env.revenue_and_snapshot(r2);
    let held2 = held1 - t0;
    let got2 = share(held2, r2);
    let per_token2 = per_token1 + got2 * REVENUE_SCALE / held2;
    let before = env.buyer(1).balance();
    let (_, refund, revenue) = env.claim(1).motsu_unwrap();
    assert_eq!(revenue, u(t1 * per_token2 / REVENUE_SCALE));
    assert_eq!(env.buyer(1).balance(), before + refund + revenue);
    // Buyer 0 claims snapshot 2 from the token itself.
    let before = env.buyer(0).balance();
    env.token.sender(env.buyer(0)).claim(id2).motsu_unwrap();
    assert_eq!(env.buyer(0).balance(), before + u(share(t0, r2)));

    // The books: everything paid comes from what was collected; the rest is dust, swept.
    let (.., collected, paid, next) = env.sale.sender(env.buyer(0)).accounting();
    assert_eq!(collected, u(got1 + got2));
    assert!(paid <= collected);
    assert_eq!(next, 3);
    env.distribute().motsu_unwrap();
    assert_eq!(env.sale.address().balance(), U256::ZERO);
    assert_eq!(env.tokens_of(env.sale.address()), U256::ZERO);
}

#[test]
fn the_treasury_earns_for_the_unsold_tokens_and_revenue_during_the_sale_is_shared() {
    let params = SaleParams {
        minimum: 1,
        grants: [100_000_000, 0],
        ..SaleParams::default()
    };
    let env = Env::new(params, 1);
    // A snapshot during the sale: every token the sale holds earns.
    set_time(env.start);
    let r1 = 2_000_000_000_000u128;
    env.revenue_and_snapshot(r1);
    env.deposit(0, 75_000).motsu_unwrap(); // half the target: half the tokens sold
    env.end_sale();
    let held = 600_000_000u128; // 500M for sale + 100M granted
    let per_token = share(held, r1) * REVENUE_SCALE / held;
    let sold = 250_000_000u128;
    env.distribute().motsu_unwrap();
    let treasury = env.treasury.address();
    // The treasury's position: everything but the buyers' tokens, until the distribution.
    assert_eq!(
        treasury.balance(),
        u(75_000 + (held - sold) * per_token / REVENUE_SCALE)
    );
    assert_eq!(env.tokens_of(treasury), u(500_000_000 - sold));
    assert_eq!(env.tokens_of(env.vestings[0].address()), u(100_000_000));
    let (_, _, revenue) = env.claim(0).motsu_unwrap();
    assert_eq!(revenue, u(sold * per_token / REVENUE_SCALE));
}

#[test]
fn a_failed_sale_passes_all_revenue_to_the_treasury() {
    let env = Env::new(SaleParams::default(), 1);
    set_time(env.start);
    env.deposit(0, 1_000).motsu_unwrap();
    set_time(env.end + 10);
    let r = 1_000_000_000_000u128;
    env.revenue_and_snapshot(r);
    assert_eq!(
        env.claim(0).motsu_unwrap(),
        (U256::ZERO, u(1_000), U256::ZERO)
    );
    env.distribute().motsu_unwrap();
    let got = share(500_000_000, r);
    // All of it: the treasury's position is the whole holding (no dust at this rate).
    assert_eq!(env.treasury.address().balance(), u(got));
    assert_eq!(env.sale.address().balance(), U256::ZERO);
}

#[test]
fn collect_revenue_is_permissionless_and_skips_what_is_not_final() {
    let env = Env::new(SaleParams::default(), 1);
    set_time(env.start);
    env.deposit(0, 150_000).motsu_unwrap();
    let launcher = env.launcher.address();
    env.token
        .sender_and_value(launcher, u(1_000_000_000_000))
        .deposit_revenue();
    env.token.sender(launcher).snapshot().motsu_unwrap();
    // Same second: the snapshot is not final, nothing is collected and it stays next.
    let got = env
        .sale
        .sender(env.buyer(0))
        .collect_revenue()
        .motsu_unwrap();
    assert_eq!(got, U256::ZERO);
    imo_testkit::clock::advance(1);
    let got = env
        .sale
        .sender(env.buyer(0))
        .collect_revenue()
        .motsu_unwrap();
    assert_eq!(got, u(share(500_000_000, 1_000_000_000_000)));
    // Collected once.
    let again = env
        .sale
        .sender(env.buyer(0))
        .collect_revenue()
        .motsu_unwrap();
    assert_eq!(again, U256::ZERO);
}
