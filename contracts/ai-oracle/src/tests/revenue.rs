//! Full flows with the real RevShare token (`imo-revshare-token`): requests pay fees, the model's
//! share accrues in the oracle, `snapshot()` on the token sweeps it through `claimModelRevenue`, and
//! holders claim it.

use alloc::string::String;

use alloy_primitives::{Address, B256, U256};
use imo_revshare_token::IErc20;
use imo_revshare_token::RevShareToken;
use motsu::prelude::*;

use crate::tests::{assert_identity, b, u, Env, Wallet, GAS, MODEL_FEE};

/// The model's share of each inference in these tests.
const PCT: u64 = 50;
const MODEL_ID: U256 = alloy_primitives::uint!(77_U256);

struct Imo {
    env: Env,
    token: Contract<RevShareToken>,
    alice: Contract<Wallet>,
    bob: Contract<Wallet>,
}

/// A token with 100% claimable revenue, window 2, no snapshot interval; Alice holds 600, Bob 400.
/// The model `MODEL_ID` pays `PCT`% of its fee to the token, and the token sweeps it.
fn imo(claimable_bps: u16) -> Imo {
    let env = Env::new();
    let token: Contract<RevShareToken> = Contract::new();
    let alice: Contract<Wallet> = Contract::new();
    let bob: Contract<Wallet> = Contract::new();
    let owner = env.owner.address();
    token
        .sender(owner)
        .constructor(
            String::from("Model"),
            String::from("MDL"),
            u(1_000),
            alice.address(),
            claimable_bps,
            0,
            2,
            owner,
        )
        .motsu_unwrap();
    token
        .sender(alice.address())
        .transfer(bob.address(), u(400))
        .motsu_unwrap();
    env.add_model(MODEL_ID, token.address(), PCT);
    token
        .sender(owner)
        .add_revenue_source(env.oracle.address(), MODEL_ID)
        .motsu_unwrap();
    Imo {
        env,
        token,
        alice,
        bob,
    }
}

fn pay_requests(env: &Env, n: u64) {
    for _ in 0..n {
        let fee = env
            .oracle
            .sender(env.user.address())
            .estimate_fee(MODEL_ID, u(GAS))
            .motsu_unwrap();
        env.oracle
            .sender_and_value(env.user.address(), fee)
            .request_callback(MODEL_ID, b(b"prompt"), env.recorder.address(), GAS, b(b""))
            .motsu_unwrap();
    }
}

#[motsu::test]
fn requests_accrue_the_model_share_snapshot_sweeps_it_and_holders_claim() {
    let Imo {
        env,
        token,
        alice,
        bob,
    } = imo(10_000);
    pay_requests(&env, 3);
    let accrued = u(3 * MODEL_FEE * PCT / 100);
    assert_eq!(
        env.oracle.sender(alice.address()).get_model(MODEL_ID).5,
        accrued
    );

    // A snapshot: at most one per second, final once its second is over.
    imo_common::clock::advance(1);
    let id = token.sender(bob.address()).snapshot().motsu_unwrap();
    imo_common::clock::advance(1);
    assert_eq!(id, u(1));
    assert_eq!(
        env.oracle.sender(alice.address()).get_model(MODEL_ID).5,
        U256::ZERO,
        "swept"
    );
    assert_eq!(token.balance(), accrued);
    assert_eq!(token.sender(alice.address()).claimable_at(id), accrued);
    env.oracle.assert_emitted(&crate::ModelRevenueClaimed {
        modelId: MODEL_ID,
        receiver: token.address(),
        amount: accrued,
    });

    let a0 = alice.balance();
    let b0 = bob.balance();
    token.sender(alice.address()).claim(id).motsu_unwrap();
    token.sender(bob.address()).claim(id).motsu_unwrap();
    assert_eq!(alice.balance() - a0, accrued * u(600) / u(1_000));
    assert_eq!(bob.balance() - b0, accrued * u(400) / u(1_000));
    assert!(
        token.sender(alice.address()).claim(id).motsu_res().is_err(),
        "claimed once"
    );
    assert_identity(&env, &[]);
}

#[motsu::test]
fn each_snapshot_sweeps_only_what_accrued_since_the_last_one() {
    let Imo {
        env, token, alice, ..
    } = imo(10_000);
    pay_requests(&env, 1);
    // A snapshot: at most one per second, final once its second is over.
    imo_common::clock::advance(1);
    let s1 = token.sender(alice.address()).snapshot().motsu_unwrap();
    imo_common::clock::advance(1);
    // Nothing new: the sweep is a no-op and the snapshot carries no new revenue.
    // A snapshot: at most one per second, final once its second is over.
    imo_common::clock::advance(1);
    let s2 = token.sender(alice.address()).snapshot().motsu_unwrap();
    imo_common::clock::advance(1);
    assert_eq!(token.sender(alice.address()).claimable_at(s2), U256::ZERO);
    pay_requests(&env, 2);
    // A snapshot: at most one per second, final once its second is over.
    imo_common::clock::advance(1);
    let s3 = token.sender(alice.address()).snapshot().motsu_unwrap();
    imo_common::clock::advance(1);
    let per_request = u(MODEL_FEE * PCT / 100);
    assert_eq!(token.sender(alice.address()).claimable_at(s1), per_request);
    // Snapshot 1 left the window of 2 at snapshot 3 and rolled its unclaimed part into it.
    assert_eq!(
        token.sender(alice.address()).claimable_at(s3),
        per_request * u(2) + per_request
    );
    assert_eq!(token.balance(), per_request * u(3));
}

#[motsu::test]
fn the_part_not_claimable_goes_to_the_redeem_pool() {
    let Imo {
        env, token, alice, ..
    } = imo(8_000);
    pay_requests(&env, 5);
    let accrued = u(5 * MODEL_FEE * PCT / 100);
    // A snapshot: at most one per second, final once its second is over.
    imo_common::clock::advance(1);
    let id = token.sender(alice.address()).snapshot().motsu_unwrap();
    imo_common::clock::advance(1);
    assert_eq!(
        token.sender(alice.address()).claimable_at(id),
        accrued * u(8) / u(10)
    );
    assert_eq!(
        token.sender(alice.address()).redeem_pool(),
        accrued * u(2) / u(10)
    );
}

#[motsu::test]
fn changing_the_receiver_away_from_the_token_pays_the_token_first() {
    let Imo {
        env, token, alice, ..
    } = imo(10_000);
    pay_requests(&env, 2);
    let accrued = u(2 * MODEL_FEE * PCT / 100);
    env.oracle
        .sender(env.owner.address())
        .update_model(
            MODEL_ID,
            B256::ZERO,
            B256::ZERO,
            u(MODEL_FEE),
            alice.address(),
            u(PCT),
            Address::ZERO,
            false,
        )
        .motsu_unwrap();
    assert_eq!(
        token.balance(),
        accrued,
        "the old receiver got what accrued under it"
    );
    assert_eq!(token.sender(alice.address()).pending_revenue(), accrued);
    // A snapshot: at most one per second, final once its second is over.
    imo_common::clock::advance(1);
    let id = token.sender(alice.address()).snapshot().motsu_unwrap();
    imo_common::clock::advance(1);
    assert_eq!(token.sender(alice.address()).claimable_at(id), accrued);
}
