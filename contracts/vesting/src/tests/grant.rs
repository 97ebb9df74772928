//! The grant: the schedule, funding, release to the beneficiary, revenue forwarding, refusals.

use alloy_primitives::{Address, U256};
use motsu::prelude::*;

use super::{set_time, u, AddressVM, Env, AMOUNT, CLIFF, DURATION, SUPPLY};
use crate::{Error, Released, RevenueForwarded, VestingInitialized};

#[test]
fn nothing_before_the_cliff_then_linear_then_everything() {
    let env = Env::new(false);
    env.grant.assert_emitted(&VestingInitialized {
        token: env.token.address(),
        beneficiary: env.beneficiary.address(),
        revenueRecipient: env.beneficiary.address(),
        start: env.start,
        cliff: CLIFF,
        duration: DURATION,
        amount: u(AMOUNT),
    });
    env.fund(AMOUNT);
    assert!(matches!(env.release(), Err(Error::NothingToRelease(_))));
    set_time(env.start + CLIFF - 1);
    assert!(matches!(env.release(), Err(Error::NothingToRelease(_))));
    set_time(env.start + CLIFF);
    assert_eq!(env.release().motsu_unwrap(), u(AMOUNT / 4));
    env.grant.assert_emitted(&Released {
        beneficiary: env.beneficiary.address(),
        amount: u(AMOUNT / 4),
    });
    assert!(matches!(env.release(), Err(Error::NothingToRelease(_))));
    set_time(env.start + DURATION / 2);
    assert_eq!(env.release().motsu_unwrap(), u(AMOUNT / 4));
    set_time(env.start + DURATION + 100);
    assert_eq!(env.release().motsu_unwrap(), u(AMOUNT / 2));
    assert_eq!(env.tokens_of(env.beneficiary.address()), u(AMOUNT));
    assert_eq!(env.tokens_of(env.grant.address()), U256::ZERO);
    let (.., amount, released) = env.grant.sender(env.funder.address()).grant();
    assert_eq!((amount, released), (u(AMOUNT), u(AMOUNT)));
}

#[test]
fn an_unfunded_grant_releases_nothing_until_it_is_funded() {
    let env = Env::new(false);
    set_time(env.start + DURATION);
    assert!(matches!(env.release(), Err(Error::NothingToRelease(_))));
    assert_eq!(
        env.grant.sender(env.funder.address()).releasable(),
        U256::ZERO
    );
    // Funded late (the sale distributed after the schedule ended): everything at once.
    env.fund(AMOUNT);
    assert_eq!(env.release().motsu_unwrap(), u(AMOUNT));
}

#[test]
fn the_locked_tokens_revenue_goes_to_the_beneficiary_or_the_treasury() {
    for to_treasury in [false, true] {
        let env = Env::new(to_treasury);
        env.fund(AMOUNT);
        let recipient = if to_treasury {
            env.treasury.address()
        } else {
            env.beneficiary.address()
        };
        let revenue = 1_000_000_000_000u128;
        let id = env.revenue_and_snapshot(revenue);
        let share = AMOUNT * (revenue * 8 / 10) / SUPPLY;
        let before = recipient.balance();
        let got = env
            .grant
            .sender(env.funder.address())
            .claim_revenue()
            .motsu_unwrap();
        assert_eq!(got, u(share));
        assert_eq!(recipient.balance(), before + u(share));
        env.grant.assert_emitted(&RevenueForwarded {
            snapshotId: id,
            to: recipient,
            amount: u(share),
        });
        // Once per snapshot.
        let again = env
            .grant
            .sender(env.funder.address())
            .claim_revenue()
            .motsu_unwrap();
        assert_eq!(again, U256::ZERO);
    }
}

#[test]
fn initialize_runs_once_with_a_sound_schedule() {
    let env = Env::new(false);
    let init = |cliff: u64, duration: u64, amount: u128, beneficiary: Address| {
        let grant: Contract<crate::Vesting> = Contract::new();
        grant
            .sender(env.funder.address())
            .initialize(
                env.token.address(),
                beneficiary,
                Address::ZERO,
                env.start,
                cliff,
                duration,
                u(amount),
            )
            .motsu_res()
    };
    let b = env.beneficiary.address();
    assert!(matches!(init(10, 0, 1, b), Err(Error::InvalidSchedule(_))));
    assert!(matches!(init(11, 10, 1, b), Err(Error::InvalidSchedule(_))));
    assert!(matches!(init(0, 10, 0, b), Err(Error::InvalidAmount(_))));
    assert!(matches!(
        init(0, 10, 1, Address::ZERO),
        Err(Error::InvalidAddress(_))
    ));
    assert!(
        init(10, 10, 1, b).is_ok(),
        "a cliff at the end is a plain lock-up"
    );
    let again = env
        .grant
        .sender(env.funder.address())
        .initialize(env.token.address(), b, b, 0, 0, 1, u(1))
        .motsu_unwrap_err();
    assert!(matches!(again, Error::AlreadyInitialized(_)));
}

#[test]
fn the_grant_takes_eth_only_from_its_token_while_it_claims() {
    let env = Env::new(false);
    let err = env
        .grant
        .sender_and_value(env.funder.address(), u(1))
        .receive()
        .motsu_unwrap_err();
    assert!(!err.is_empty());
    let uninitialized: Contract<crate::Vesting> = Contract::new();
    let err = uninitialized
        .sender(env.funder.address())
        .release()
        .motsu_unwrap_err();
    assert!(matches!(err, Error::NotInitialized(_)));
}
