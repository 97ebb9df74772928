//! Unit tests of the verifier alone. Flows that need the oracle (challenges, unbonding, slashing)
//! run in `imo-ai-oracle`'s tests, which deploy both contracts.
use alloy_primitives::{uint, Address, U256};
use motsu::prelude::*;

use super::*;

const BOND: U256 = uint!(500_U256);
const MIN_STAKE: U256 = uint!(10_000_U256);

fn deploy(v: &Contract<OracleVerifier>, owner: Address, oracle: Address, arbiter: Address) {
    v.sender(owner)
        .constructor(
            owner,
            oracle,
            arbiter,
            BOND,
            MIN_STAKE,
            Address::repeat_byte(0x6a),
            Address::ZERO,
        )
        .motsu_unwrap();
}

#[motsu::test]
fn a_node_is_active_when_whitelisted_and_staked(
    v: Contract<OracleVerifier>,
    owner: Address,
    oracle: Address,
    arbiter: Address,
    node: Address,
) {
    deploy(&v, owner, oracle, arbiter);
    node.fund(MIN_STAKE * U256::from(2));
    assert!(!v.sender(node).is_active_node(node));
    v.sender(owner).add_node(node).motsu_unwrap();
    v.assert_emitted(&NodeAdded { node });
    assert!(
        !v.sender(node).is_active_node(node),
        "whitelisted, no stake"
    );
    v.sender_and_value(node, MIN_STAKE - U256::from(1))
        .stake()
        .motsu_unwrap();
    assert!(
        !v.sender(node).is_active_node(node),
        "stake below the minimum"
    );
    v.sender_and_value(node, U256::from(1))
        .stake()
        .motsu_unwrap();
    v.assert_emitted(&Staked {
        node,
        amount: U256::from(1),
    });
    assert!(v.sender(node).is_active_node(node));
    assert_eq!(v.balance(), MIN_STAKE);
    v.sender(owner).remove_node(node).motsu_unwrap();
    v.assert_emitted(&NodeRemoved { node });
    assert!(!v.sender(node).is_active_node(node));
    let info = v.sender(node).node_info(node);
    assert_eq!((info.0, info.1, info.4), (false, MIN_STAKE, 0));
}

#[motsu::test]
fn the_owner_sets_parameters_with_events(
    v: Contract<OracleVerifier>,
    owner: Address,
    oracle: Address,
    arbiter: Address,
    other: Address,
) {
    deploy(&v, owner, oracle, arbiter);
    assert_eq!(
        (v.sender(owner).oracle(), v.sender(owner).arbiter()),
        (oracle, arbiter)
    );
    assert_eq!(
        (
            v.sender(owner).challenge_bond(),
            v.sender(owner).min_node_stake()
        ),
        (BOND, MIN_STAKE)
    );
    v.sender(owner).set_arbiter(other).motsu_unwrap();
    v.assert_emitted(&ArbiterSet { arbiter: other });
    v.sender(owner)
        .set_challenge_bond(U256::from(7))
        .motsu_unwrap();
    v.assert_emitted(&ChallengeBondSet {
        challengeBond: U256::from(7),
    });
    v.sender(owner)
        .set_min_node_stake(U256::from(8))
        .motsu_unwrap();
    v.assert_emitted(&MinNodeStakeSet {
        minNodeStake: U256::from(8),
    });
    assert_eq!(v.sender(owner).arbiter(), other);
    assert_eq!(v.sender(owner).challenge_bond(), U256::from(7));
    assert_eq!(v.sender(owner).min_node_stake(), U256::from(8));
    assert!(matches!(
        v.sender(owner)
            .set_min_node_stake(U256::MAX)
            .motsu_unwrap_err(),
        Error::AmountOverflow(_)
    ));
}

#[motsu::test]
fn only_the_owner_administers_and_only_the_arbiter_resolves(
    v: Contract<OracleVerifier>,
    owner: Address,
    oracle: Address,
    arbiter: Address,
    other: Address,
) {
    deploy(&v, owner, oracle, arbiter);
    let unauthorized = |e: Error| matches!(e, Error::UnauthorizedAccount(_));
    assert!(unauthorized(
        v.sender(other).add_node(other).motsu_unwrap_err()
    ));
    assert!(unauthorized(
        v.sender(other).remove_node(other).motsu_unwrap_err()
    ));
    assert!(unauthorized(
        v.sender(other).set_arbiter(other).motsu_unwrap_err()
    ));
    assert!(unauthorized(
        v.sender(other)
            .set_challenge_bond(U256::ZERO)
            .motsu_unwrap_err()
    ));
    assert!(unauthorized(
        v.sender(other)
            .set_min_node_stake(U256::ZERO)
            .motsu_unwrap_err()
    ));
    assert!(matches!(
        v.sender(other)
            .resolve_challenge(U256::from(1), true, vec![].into())
            .motsu_unwrap_err(),
        Error::NotArbiter(_)
    ));
    assert!(matches!(
        v.sender(arbiter)
            .resolve_challenge(U256::from(1), true, vec![].into())
            .motsu_unwrap_err(),
        Error::NoOpenChallenge(_)
    ));
}

#[motsu::test]
fn challenges_need_a_bond_and_withdrawals_need_a_balance(
    v: Contract<OracleVerifier>,
    owner: Address,
    oracle: Address,
    arbiter: Address,
    alice: Address,
) {
    deploy(&v, owner, oracle, arbiter);
    alice.fund(BOND);
    assert!(matches!(
        v.sender_and_value(alice, BOND - U256::from(1))
            .challenge(
                U256::from(1),
                B256::repeat_byte(1),
                U256::from(1),
                stylus_sdk::abi::Bytes::from(b"in".to_vec())
            )
            .motsu_unwrap_err(),
        Error::InsufficientBond(InsufficientBond { required, .. }) if required == BOND
    ));
    assert!(matches!(
        v.sender(alice).withdraw_credit().motsu_unwrap_err(),
        Error::NothingToWithdraw(_)
    ));
    assert!(matches!(
        v.sender(alice).withdraw_stake().motsu_unwrap_err(),
        Error::NothingToWithdraw(_)
    ));
    assert_eq!(v.sender(alice).credit_of(alice), U256::ZERO);
    assert_eq!(
        v.sender(alice).get_challenge(U256::from(1), 0, alice).0,
        U256::ZERO
    );
    assert!(matches!(
        v.sender(alice)
            .settle_challenge(U256::from(1), alice)
            .motsu_unwrap_err(),
        Error::DisputeNotResolved(_)
    ));
    assert!(matches!(
        v.sender(owner).withdraw_protocol().motsu_unwrap_err(),
        Error::NothingToWithdraw(_)
    ));
    assert!(matches!(
        v.sender(alice).withdraw_protocol().motsu_unwrap_err(),
        Error::UnauthorizedAccount(_)
    ));
}

#[motsu::test]
fn ownership_transfer_takes_two_steps(
    v: Contract<OracleVerifier>,
    owner: Address,
    oracle: Address,
    arbiter: Address,
    next: Address,
) {
    deploy(&v, owner, oracle, arbiter);
    v.sender(owner).transfer_ownership(next).motsu_unwrap();
    assert_eq!(v.sender(owner).owner(), owner);
    assert_eq!(v.sender(owner).pending_owner(), next);
    v.sender(next).accept_ownership().motsu_unwrap();
    assert_eq!(v.sender(owner).owner(), next);
    assert!(matches!(
        v.sender(owner).add_node(owner).motsu_unwrap_err(),
        Error::UnauthorizedAccount(_)
    ));
}
