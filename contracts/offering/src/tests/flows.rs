//! Whole sales: oversubscribed, under the target, failed, with liquidity and grants, in an ERC-20,
//! canceled; every amount checked to the unit, and the spec's identities at the end.

use alloy_primitives::{Address, U256};
use motsu::prelude::*;

use super::{set_time, u, AddressVM, Env, SaleParams, KO, OK};
use crate::{
    Claimed, Distributed, DustSwept, GrantFunded, LiquidityFunded, ACTIVE, ENDED, PENDING,
};

/// After every buyer claimed and a distribution: the sale holds nothing, and
/// `Σ refunds + proceeds + currency dust == D`, `Σ tokens + unsold + token dust == A`.
fn assert_settled(env: &Env) {
    let sale = env.sale.address();
    assert_eq!(env.tokens_of(sale), U256::ZERO, "tokens left in the sale");
    assert_eq!(
        env.currency_of(sale),
        U256::ZERO,
        "currency left in the sale"
    );
    assert_eq!(sale.balance(), U256::ZERO, "ETH left in the sale");
    let (claimed, _, refunds, proceeds, swept, ..) = env.sale.sender(sale).accounting();
    let total = env.sale.sender(sale).total_deposits();
    assert_eq!(claimed, total);
    assert_eq!(
        refunds + proceeds + swept,
        total,
        "refunds + proceeds + dust == D"
    );
}

#[test]
fn oversubscribed_sale_prorates_tokens_and_refunds() {
    let env = Env::new(SaleParams::default(), 3);
    assert_eq!(env.sale.sender(env.buyer(0)).state(), PENDING);
    set_time(env.start);
    assert_eq!(env.sale.sender(env.buyer(0)).state(), ACTIVE);
    for (i, amount) in [100_000, 150_000, 50_000].into_iter().enumerate() {
        env.deposit(i, amount).motsu_unwrap();
    }
    assert_eq!(env.sale.sender(env.buyer(0)).total_deposits(), u(300_000));
    set_time(env.end);
    assert_eq!(env.sale.sender(env.buyer(0)).state(), ENDED);

    // D = 2T: half of each deposit buys, half comes back.
    let expected = [
        (166_666_666, 50_000),
        (250_000_000, 75_000),
        (83_333_333, 25_000),
    ];
    for (i, (tokens, refund)) in expected.into_iter().enumerate() {
        assert_eq!(
            env.sale.sender(env.buyer(i)).preview_claim(env.buyer(i)),
            (u(tokens), u(refund), U256::ZERO)
        );
        let before = env.buyer(i).balance();
        let got = env.claim(i).motsu_unwrap();
        assert_eq!(got, (u(tokens), u(refund), U256::ZERO));
        assert_eq!(env.tokens_of(env.buyer(i)), u(tokens));
        assert_eq!(env.buyer(i).balance(), before + u(refund));
        env.sale.assert_emitted(&Claimed {
            buyer: env.buyer(i),
            to: env.buyer(i),
            tokens: u(tokens),
            refund: u(refund),
            revenue: U256::ZERO,
        });
    }
    assert_eq!(env.sale.sender(env.buyer(0)).state(), OK);
    // The proceeds, then the token dust of the floors (1 unit).
    env.distribute().motsu_unwrap();
    env.sale.assert_emitted(&Distributed {
        treasury: env.treasury.address(),
        proceeds: u(150_000),
        tokens: U256::ZERO,
        revenue: U256::ZERO,
    });
    env.sale.assert_emitted(&DustSwept {
        treasury: env.treasury.address(),
        currency: U256::ZERO,
        tokens: u(1),
        revenue: U256::ZERO,
    });
    assert_eq!(env.treasury.address().balance(), u(150_000));
    assert_eq!(env.tokens_of(env.treasury.address()), u(1));
    assert_settled(&env);
    // Idempotent.
    env.distribute().motsu_unwrap();
    assert_eq!(env.treasury.address().balance(), u(150_000));
}

#[test]
fn under_the_target_buyers_pay_the_price_and_the_rest_is_unsold() {
    let params = SaleParams {
        minimum: 50_000,
        ..SaleParams::default()
    };
    let env = Env::new(params, 2);
    set_time(env.start + 10);
    env.deposit(0, 40_000).motsu_unwrap();
    env.deposit(1, 20_001).motsu_unwrap();
    assert_eq!(env.end_sale(), OK);
    // Distribution first this time: proceeds and the unsold tokens.
    env.distribute().motsu_unwrap();
    let sold = 60_001u128 * 500_000_000 / 150_000; // 200,003,333
    assert_eq!(env.treasury.address().balance(), u(60_001));
    assert_eq!(env.tokens_of(env.treasury.address()), u(500_000_000 - sold));
    assert_eq!(env.claim(0).motsu_unwrap().0, u(133_333_333));
    assert_eq!(env.claim(1).motsu_unwrap().0, u(66_670_000));
    // Dust: 200,003,333 - 133,333,333 - 66,670,000 = 0 here; the sale is empty.
    env.distribute().motsu_unwrap();
    assert_settled(&env);
}

#[test]
fn a_missed_minimum_refunds_everyone_and_returns_every_token() {
    let params = SaleParams {
        grants: [1_000, 2_000],
        liquidity_bps: 1_000,
        ..SaleParams::default()
    };
    let env = Env::new(params, 3);
    set_time(env.start);
    env.deposit(0, 70_000).motsu_unwrap();
    env.deposit(1, 30_000).motsu_unwrap();
    env.deposit(2, 49_999).motsu_unwrap();
    assert_eq!(env.end_sale(), KO);
    for (i, amount) in [70_000, 30_000, 49_999].into_iter().enumerate() {
        let before = env.buyer(i).balance();
        assert_eq!(
            env.claim(i).motsu_unwrap(),
            (U256::ZERO, u(amount), U256::ZERO)
        );
        assert_eq!(env.buyer(i).balance(), before + u(amount));
        assert_eq!(env.tokens_of(env.buyer(i)), U256::ZERO);
    }
    env.distribute().motsu_unwrap();
    // Everything back to the treasury, no grant funded, no liquidity, no ETH kept.
    assert_eq!(env.tokens_of(env.treasury.address()), u(env.held()));
    for vesting in &env.vestings {
        assert_eq!(env.tokens_of(vesting.address()), U256::ZERO);
    }
    assert_eq!(env.treasury.address().balance(), U256::ZERO);
    assert_settled(&env);
}

#[test]
fn success_funds_liquidity_at_the_sale_price_and_the_grants() {
    let params = SaleParams {
        grants: [7_000_000, 3_000_000],
        liquidity_bps: 2_000,
        ..SaleParams::default()
    };
    let env = Env::new(params, 2);
    set_time(env.start);
    env.deposit(0, 100_000).motsu_unwrap();
    env.deposit(1, 50_000).motsu_unwrap();
    assert_eq!(env.end_sale(), OK);
    env.distribute().motsu_unwrap();
    // 20% of 150,000 = 30,000 with 30,000 * 500M / 150,000 = 100M tokens.
    env.sale.assert_emitted(&LiquidityFunded {
        recipient: env.liquidity.address(),
        currency: u(30_000),
        tokens: u(100_000_000),
    });
    assert_eq!(env.liquidity.address().balance(), u(30_000));
    assert_eq!(env.tokens_of(env.liquidity.address()), u(100_000_000));
    assert_eq!(env.treasury.address().balance(), u(120_000));
    for (vesting, amount) in env.vestings.iter().zip([7_000_000, 3_000_000]) {
        env.sale.assert_emitted(&GrantFunded {
            vesting: vesting.address(),
            amount: u(amount),
        });
        assert_eq!(env.tokens_of(vesting.address()), u(amount));
    }
    // Sold out: the treasury gets no token.
    assert_eq!(env.tokens_of(env.treasury.address()), U256::ZERO);
    env.claim(0).motsu_unwrap();
    env.claim(1).motsu_unwrap();
    env.distribute().motsu_unwrap();
    assert_settled(&env);
}

#[test]
fn liquidity_follows_the_actual_proceeds() {
    let params = SaleParams {
        minimum: 1,
        liquidity_bps: 2_000,
        ..SaleParams::default()
    };
    let env = Env::new(params, 1);
    set_time(env.start);
    env.deposit(0, 75_000).motsu_unwrap();
    env.end_sale();
    env.distribute().motsu_unwrap();
    // Half the target raised: half the liquidity; the other half of its tokens and the unsold
    // half of the sale go to the treasury.
    assert_eq!(env.liquidity.address().balance(), u(15_000));
    assert_eq!(env.tokens_of(env.liquidity.address()), u(50_000_000));
    assert_eq!(
        env.tokens_of(env.treasury.address()),
        u(50_000_000 + 250_000_000)
    );
}

#[test]
fn an_erc20_sale_pulls_the_currency_and_pays_it_back() {
    let params = SaleParams {
        erc20: true,
        ..SaleParams::default()
    };
    let env = Env::new(params, 2);
    set_time(env.start);
    env.deposit(0, 200_000).motsu_unwrap();
    env.deposit(1, 100_000).motsu_unwrap();
    assert_eq!(env.currency_of(env.sale.address()), u(300_000));
    env.end_sale();
    let before = env.currency_of(env.buyer(0));
    assert_eq!(
        env.claim(0).motsu_unwrap(),
        (u(333_333_333), u(100_000), U256::ZERO)
    );
    assert_eq!(env.currency_of(env.buyer(0)), before + u(100_000));
    env.claim(1).motsu_unwrap();
    env.distribute().motsu_unwrap();
    assert_eq!(env.currency_of(env.treasury.address()), u(150_000));
    assert_settled(&env);
}

#[test]
fn a_claim_can_go_to_another_address() {
    let env = Env::new(SaleParams::default(), 1);
    set_time(env.start);
    env.deposit(0, 300_000).motsu_unwrap();
    env.end_sale();
    let to = env.treasury.address(); // any account that takes ETH
    let before = to.balance();
    env.sale.sender(env.buyer(0)).claim(to).motsu_unwrap();
    assert_eq!(env.tokens_of(to), u(500_000_000));
    assert_eq!(to.balance(), before + u(150_000));
    assert_eq!(env.tokens_of(env.buyer(0)), U256::ZERO);
    assert!(env.sale.sender(to).has_claimed(env.buyer(0)));
}

#[test]
fn the_creator_cancels_before_the_start_and_every_token_goes_back() {
    let params = SaleParams {
        grants: [5, 0],
        ..SaleParams::default()
    };
    let env = Env::new(params, 1);
    env.sale
        .sender(env.launcher.address())
        .cancel()
        .motsu_unwrap();
    assert_eq!(env.sale.sender(env.buyer(0)).state(), KO);
    set_time(env.start);
    assert!(env.deposit(0, 1).is_err());
    env.distribute().motsu_unwrap();
    assert_eq!(env.tokens_of(env.treasury.address()), u(env.held()));
    assert_eq!(env.tokens_of(env.sale.address()), U256::ZERO);
    let _ = Address::ZERO;
}

#[test]
fn finalize_is_permissionless_and_the_first_claim_does_it_too() {
    let env = Env::new(SaleParams::default(), 1);
    set_time(env.start);
    env.deposit(0, 150_000).motsu_unwrap();
    set_time(env.end);
    // No finalize call: the claim fixes the outcome.
    assert_eq!(env.claim(0).motsu_unwrap().0, u(500_000_000));
    assert_eq!(env.sale.sender(env.buyer(0)).state(), OK);
}
