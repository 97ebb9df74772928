//! Every refusal, with its named error: bad parameters, deposits outside the sale, below the
//! minimum, over a cap, off the allowlist, with the wrong value or a fee-on-transfer currency;
//! claims too early, twice, for nothing; a buyer that rejects ETH blocks only itself.

use alloy_primitives::{keccak256, Address, B256, U256};
use alloy_sol_types::SolValue;
use imo_testkit::Rejecter;
use motsu::prelude::*;

use super::{set_time, u, AddressVM, Env, IErc20, SaleParams};
use crate::{Error, MAX_CLAIM_WINDOW};

fn leaf(account: Address, cap: u128) -> B256 {
    keccak256(keccak256((account, u(cap)).abi_encode()))
}

fn pair(a: B256, b: B256) -> B256 {
    if a <= b {
        keccak256([a.as_slice(), b.as_slice()].concat())
    } else {
        keccak256([b.as_slice(), a.as_slice()].concat())
    }
}

#[test]
fn initialize_refuses_bad_parameters_and_runs_once() {
    let env = Env::new(SaleParams::default(), 0);
    assert!(matches!(
        env.initialize().motsu_unwrap_err(),
        Error::AlreadyInitialized(_)
    ));
    // Each bad parameter on a fresh sale.
    type Expect = fn(&Error) -> bool;
    let cases: [(SaleParams, Expect); 4] = [
        (
            SaleParams {
                minimum: 150_001,
                ..SaleParams::default()
            },
            |e| matches!(e, Error::InvalidTarget(_)),
        ),
        (
            SaleParams {
                target: 0,
                minimum: 0,
                ..SaleParams::default()
            },
            |e| matches!(e, Error::InvalidTarget(_)),
        ),
        (
            SaleParams {
                tokens_for_sale: 0,
                ..SaleParams::default()
            },
            |e| matches!(e, Error::InvalidAmount(_)),
        ),
        (
            SaleParams {
                liquidity_bps: 10_001,
                ..SaleParams::default()
            },
            |e| matches!(e, Error::InvalidLiquidity(_)),
        ),
    ];
    for (params, expected) in cases {
        let fresh = Env::new(SaleParams::default(), 0);
        let fresh_sale: Contract<crate::Sale> = Contract::new();
        let _ = &fresh;
        let bad = Env {
            sale: fresh_sale,
            params,
            ..fresh
        };
        let err = bad.initialize().motsu_unwrap_err();
        assert!(expected(&err), "{err:?}");
    }
}

#[test]
fn an_unfunded_sale_cannot_start() {
    let env = Env::new(SaleParams::default(), 0);
    let sale: Contract<crate::Sale> = Contract::new();
    let unfunded = Env { sale, ..env };
    let err = unfunded.initialize().motsu_unwrap_err();
    assert!(matches!(err, Error::SaleNotFunded(_)), "{err:?}");
}

#[test]
fn a_token_with_a_long_claim_window_is_refused() {
    let env = Env::new(SaleParams::default(), 0);
    let token: Contract<imo_revshare_token::RevShareToken> = Contract::new();
    let launcher = env.launcher.address();
    token
        .sender(launcher)
        .constructor(
            "M".into(),
            "M".into(),
            u(super::SUPPLY),
            launcher,
            8_000,
            0,
            u32::try_from(MAX_CLAIM_WINDOW + 1).unwrap(),
            launcher,
        )
        .motsu_unwrap();
    let sale: Contract<crate::Sale> = Contract::new();
    let long = Env { sale, token, ..env };
    let err = long.initialize().motsu_unwrap_err();
    assert!(matches!(err, Error::UnsupportedClaimWindow(_)), "{err:?}");
}

#[test]
fn deposits_only_while_active_and_above_the_minimum() {
    let params = SaleParams {
        min_deposit: 1_000,
        ..SaleParams::default()
    };
    let env = Env::new(params, 1);
    let err = env.deposit(0, 5_000).unwrap_err();
    assert!(matches!(err, Error::SaleNotActive(ref e) if e.state == crate::PENDING));
    set_time(env.start);
    let err = env.deposit(0, 999).unwrap_err();
    assert!(matches!(err, Error::DepositBelowMinimum(_)), "{err:?}");
    let err = env.deposit(0, 0).unwrap_err();
    assert!(matches!(err, Error::DepositBelowMinimum(_)), "{err:?}");
    env.deposit(0, 1_000).motsu_unwrap();
    set_time(env.end);
    let err = env.deposit(0, 5_000).unwrap_err();
    assert!(matches!(err, Error::SaleNotActive(ref e) if e.state == crate::ENDED));
    assert_eq!(
        env.sale.sender(env.buyer(0)).deposit_of(env.buyer(0)),
        u(1_000)
    );
}

#[test]
fn the_value_must_match_the_currency() {
    let env = Env::new(SaleParams::default(), 1);
    set_time(env.start);
    let buyer = env.buyer(0);
    let err = env
        .sale
        .sender_and_value(buyer, u(10))
        .deposit(u(11))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::WrongValue(_)), "{err:?}");
    let env = Env::new(
        SaleParams {
            erc20: true,
            ..SaleParams::default()
        },
        1,
    );
    set_time(env.start);
    let err = env
        .sale
        .sender_and_value(env.buyer(0), u(10))
        .deposit(u(10))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::WrongValue(_)), "{err:?}");
}

#[test]
fn a_cap_per_address_holds_across_deposits() {
    let params = SaleParams {
        max_per_address: 10_000,
        ..SaleParams::default()
    };
    let env = Env::new(params, 1);
    set_time(env.start);
    env.deposit(0, 6_000).motsu_unwrap();
    let err = env.deposit(0, 4_001).unwrap_err();
    assert!(matches!(err, Error::DepositOverCap(ref e) if e.total == u(10_001)));
    env.deposit(0, 4_000).motsu_unwrap();
}

#[test]
fn the_allowlist_takes_a_proof_of_address_and_cap() {
    let env = Env::new(SaleParams::default(), 3);
    let (a, b, c) = (env.buyer(0), env.buyer(1), env.buyer(2));
    let (la, lb) = (leaf(a, 5_000), leaf(b, 0));
    let root = pair(la, lb);
    let sale: Contract<crate::Sale> = Contract::new();
    let listed = Env {
        sale,
        params: SaleParams {
            allowlist_root: root,
            ..SaleParams::default()
        },
        ..env
    };
    let held = listed.held();
    listed
        .token
        .sender(listed.launcher.address())
        .transfer(listed.sale.address(), u(held))
        .motsu_unwrap();
    listed.initialize().motsu_unwrap();
    set_time(env.start);
    let deposit = |who: Address, amount: u128, cap: u128, proof: Vec<B256>| {
        listed
            .sale
            .sender_and_value(who, u(amount))
            .deposit_allowlisted(u(amount), u(cap), proof)
            .motsu_res()
    };
    deposit(a, 5_000, 5_000, vec![lb]).motsu_unwrap();
    let err = deposit(a, 1, 5_000, vec![lb]).unwrap_err();
    assert!(matches!(err, Error::DepositOverCap(_)), "{err:?}");
    // A claimed cap the tree does not hold, someone else's proof, no proof at all.
    let err = deposit(a, 1, 6_000, vec![lb]).unwrap_err();
    assert!(matches!(err, Error::NotAllowlisted(_)), "{err:?}");
    let err = deposit(c, 1, 0, vec![la]).unwrap_err();
    assert!(matches!(err, Error::NotAllowlisted(_)), "{err:?}");
    let err = listed
        .sale
        .sender_and_value(b, u(1))
        .deposit(u(1))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::NotAllowlisted(_)), "{err:?}");
    // Cap 0 in the tree: no cap.
    deposit(b, 200_000, 0, vec![la]).motsu_unwrap();
}

#[test]
fn a_fee_on_transfer_currency_is_refused() {
    let env = Env::new(
        SaleParams {
            erc20: true,
            ..SaleParams::default()
        },
        1,
    );
    env.currency.sender(env.launcher.address()).set_fee_bps(100);
    set_time(env.start);
    let err = env.deposit(0, 10_000).unwrap_err();
    assert!(
        matches!(err, Error::FeeOnTransferCurrency(ref e) if e.received == u(9_900)),
        "{err:?}"
    );
    assert_eq!(env.currency_of(env.sale.address()), U256::ZERO);
    assert_eq!(env.sale.sender(env.buyer(0)).total_deposits(), U256::ZERO);
}

#[test]
fn a_missing_allowance_is_a_named_refusal() {
    let env = Env::new(
        SaleParams {
            erc20: true,
            ..SaleParams::default()
        },
        1,
    );
    env.currency
        .sender(env.buyer(0))
        .approve(env.sale.address(), u(5));
    set_time(env.start);
    let err = env.deposit(0, 10).unwrap_err();
    assert!(matches!(err, Error::CurrencyTransferFailed(_)), "{err:?}");
}

#[test]
fn claims_wait_for_the_end_come_once_and_need_a_deposit() {
    let env = Env::new(SaleParams::default(), 2);
    set_time(env.start);
    env.deposit(0, 10).motsu_unwrap();
    let err = env.claim(0).unwrap_err();
    assert!(matches!(err, Error::SaleNotEnded(_)), "{err:?}");
    let err = env
        .sale
        .sender(env.launcher.address())
        .finalize()
        .motsu_unwrap_err();
    assert!(matches!(err, Error::SaleNotEnded(_)), "{err:?}");
    env.end_sale();
    let err = env
        .sale
        .sender(env.launcher.address())
        .finalize()
        .motsu_unwrap_err();
    assert!(matches!(err, Error::AlreadyFinalized(_)), "{err:?}");
    let err = env.claim(1).unwrap_err();
    assert!(matches!(err, Error::NothingToClaim(_)), "{err:?}");
    let err = env
        .sale
        .sender(env.buyer(0))
        .claim(Address::ZERO)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidRecipient(_)), "{err:?}");
    env.claim(0).motsu_unwrap();
    let err = env.claim(0).unwrap_err();
    assert!(matches!(err, Error::AlreadyClaimed(_)), "{err:?}");
}

#[test]
fn a_buyer_that_rejects_eth_waits_and_blocks_nobody() {
    let env = Env::new(SaleParams::default(), 1);
    let rejecter: Contract<Rejecter> = Contract::new();
    let r = rejecter.address();
    r.fund(u(1_000_000));
    set_time(env.start);
    env.sale
        .sender_and_value(r, u(200_000))
        .deposit(u(200_000))
        .motsu_unwrap();
    env.deposit(0, 100_000).motsu_unwrap();
    env.end_sale();
    // Its refund cannot be pushed to it: the claim reverts, nothing is marked.
    let err = env.sale.sender(r).claim(r).motsu_unwrap_err();
    assert!(matches!(err, Error::EthTransferFailed(_)), "{err:?}");
    assert!(!env.sale.sender(r).has_claimed(r));
    // Everyone else goes on.
    env.claim(0).motsu_unwrap();
    env.distribute().motsu_unwrap();
    // It claims to an address that takes ETH.
    let to = env.treasury.address();
    let before = to.balance();
    env.sale.sender(r).claim(to).motsu_unwrap();
    assert_eq!(to.balance(), before + u(100_000));
}

#[test]
fn only_the_token_pays_into_the_sale_and_only_while_it_collects() {
    let env = Env::new(SaleParams::default(), 1);
    let buyer = env.buyer(0);
    let err = env
        .sale
        .sender_and_value(buyer, u(1))
        .receive()
        .motsu_unwrap_err();
    assert!(!err.is_empty());
}

#[test]
fn only_the_creator_cancels_and_only_before_the_start() {
    let env = Env::new(SaleParams::default(), 1);
    let err = env.sale.sender(env.buyer(0)).cancel().motsu_unwrap_err();
    assert!(matches!(err, Error::CannotCancel(_)), "{err:?}");
    set_time(env.start);
    let err = env
        .sale
        .sender(env.launcher.address())
        .cancel()
        .motsu_unwrap_err();
    assert!(matches!(err, Error::CannotCancel(_)), "{err:?}");
}

#[test]
fn an_uninitialized_sale_does_nothing() {
    let sale: Contract<crate::Sale> = Contract::new();
    let who = Address::repeat_byte(1);
    let err = sale.sender(who).distribute().motsu_unwrap_err();
    assert!(matches!(err, Error::NotInitialized(_)), "{err:?}");
    let err = sale.sender(who).deposit(u(1)).motsu_unwrap_err();
    assert!(matches!(err, Error::NotInitialized(_)), "{err:?}");
    let _ = B256::ZERO;
}
