//! Challenges through the verifier: windows, bonds, both outcomes, slashing, unbonding.
#![allow(clippy::too_many_lines, clippy::unreadable_literal)]

use alloy_primitives::{keccak256, Address, Bytes, U256};

use imo_testkit::Wallet;
use motsu::prelude::*;

use super::*;

fn challenge(
    env: &Env,
    challenger: Address,
    id: U256,
    claim: &[u8],
) -> Result<(), imo_ai_oracle_verifier::Error> {
    env.verifier
        .sender_and_value(challenger, u(BOND))
        .challenge(id, keccak256(claim))
        .motsu_res()
}

#[motsu::test]
fn challenge_inside_the_window_blocks_finality_and_only_one_is_open() {
    let env = Env::new();
    let id = env.request();
    env.deliver(id, b"wrong");
    assert!(!env.oracle.sender(env.user.address()).is_finalized(id));
    advance(WINDOW - 1);
    challenge(&env, env.user.address(), id, b"right").unwrap();
    assert_eq!(env.status(id), Status::Challenged as u8);
    assert!(matches!(
        challenge(&env, env.arbiter.address(), id, b"other").unwrap_err(),
        imo_ai_oracle_verifier::Error::ChallengeAlreadyOpen(_)
    ));
    advance(10 * WINDOW);
    assert!(
        !env.oracle.sender(env.user.address()).is_finalized(id),
        "an open challenge blocks finality"
    );
    assert_identity(&env, &[id]);
}

#[motsu::test]
fn challenge_after_the_window_or_before_delivery_is_rejected() {
    let env = Env::new();
    let id = env.request();
    let e = challenge(&env, env.user.address(), id, b"right").unwrap_err();
    assert!(
        matches!(e, imo_ai_oracle_verifier::Error::OracleCallFailed(ref f)
        if f.reason.as_ref() == err_bytes(Error::RequestNotDelivered(RequestNotDelivered { requestId: id })).as_slice())
    );
    env.deliver(id, b"wrong");
    advance(WINDOW);
    let e = challenge(&env, env.user.address(), id, b"right").unwrap_err();
    assert!(
        matches!(e, imo_ai_oracle_verifier::Error::OracleCallFailed(ref f)
        if f.reason.as_ref() == err_bytes(Error::ChallengeWindowClosed(ChallengeWindowClosed { requestId: id })).as_slice())
    );
    assert!(env.oracle.sender(env.user.address()).is_finalized(id));
    assert_eq!(
        env.verifier.balance(),
        u(MIN_STAKE),
        "bonds were returned with the reverts"
    );
}

#[motsu::test]
fn challenge_needs_a_bond_and_a_different_claim() {
    let env = Env::new();
    let id = env.request();
    env.deliver(id, b"out");
    assert!(matches!(
        env.verifier
            .sender_and_value(env.user.address(), u(BOND - 1))
            .challenge(id, keccak256(b"x"))
            .motsu_unwrap_err(),
        imo_ai_oracle_verifier::Error::InsufficientBond(_)
    ));
    assert!(matches!(
        challenge(&env, env.user.address(), id, b"out").unwrap_err(),
        imo_ai_oracle_verifier::Error::ClaimMatchesResult(_)
    ));
    assert_eq!(
        env.status(id),
        Status::Delivered as u8,
        "the failed challenge left no mark"
    );
}

#[motsu::test]
fn challenger_wins_result_replaced_callback_rerun_bond_and_slash_credited_final() {
    let env = Env::new();
    let challenger: Contract<Wallet> = Contract::new();
    challenger.address().fund(RICH);
    let id = env.request();
    env.deliver(id, b"wrong");
    challenge(&env, challenger.address(), id, b"right").unwrap();
    let arbiter = env.arbiter.address();
    assert!(matches!(
        env.verifier
            .sender(arbiter)
            .resolve_challenge(id, true, b(b"not the claim"))
            .motsu_unwrap_err(),
        imo_ai_oracle_verifier::Error::OutputHashMismatch(_)
    ));
    env.verifier
        .sender(arbiter)
        .resolve_challenge(id, true, b(b"right"))
        .motsu_unwrap();
    assert_eq!(env.status(id), Status::Corrected as u8);
    assert_eq!(env.req(id).8, keccak256(b"right"));
    assert!(env.oracle.sender(arbiter).is_finalized(id), "final at once");
    let rec = env.recorder.sender(arbiter);
    assert_eq!(rec.calls.get(), u(2));
    assert_eq!(rec.last_output.get_bytes(), b"right".to_vec());
    env.oracle.assert_emitted(&AICallbackResult {
        account: env.user.address(),
        requestId: id,
        invoker: env.verifier.address(),
        output: Bytes::from_static(b"right"),
    });
    // Bond back plus the slash (min(minNodeStake, stake) = the whole stake here).
    assert_eq!(
        env.verifier.sender(arbiter).credit_of(challenger.address()),
        u(BOND + MIN_STAKE)
    );
    env.verifier
        .assert_emitted(&imo_ai_oracle_verifier::Slashed {
            node: env.node.address(),
            requestId: id,
            amount: u(MIN_STAKE),
        });
    assert_eq!(
        env.verifier.sender(arbiter).node_info(env.node.address()).1,
        U256::ZERO
    );
    // Slashed below the minimum: the node can no longer deliver.
    let id2 = env.request();
    assert!(matches!(
        env.oracle
            .sender(env.node.address())
            .invoke_callback(id2, b(b"x"))
            .motsu_unwrap_err(),
        Error::NotNode(_)
    ));
    // No second resolution, no new challenge on a final result.
    assert!(matches!(
        env.verifier
            .sender(arbiter)
            .resolve_challenge(id, true, b(b"right"))
            .motsu_unwrap_err(),
        imo_ai_oracle_verifier::Error::NoOpenChallenge(_)
    ));
    assert!(challenge(&env, challenger.address(), id, b"again").is_err());
    let before = challenger.balance();
    env.verifier
        .sender(challenger.address())
        .withdraw_credit()
        .motsu_unwrap();
    assert_eq!(challenger.balance(), before + u(BOND + MIN_STAKE));
    assert_identity(&env, &[id, id2]);
}

#[motsu::test]
fn node_wins_bond_goes_to_node_and_request_finalizes_after_the_window() {
    let env = Env::new();
    let id = env.request();
    env.deliver(id, b"right");
    challenge(&env, env.user.address(), id, b"wrong").unwrap();
    env.verifier
        .sender(env.arbiter.address())
        .resolve_challenge(id, false, b(b""))
        .motsu_unwrap();
    assert_eq!(env.status(id), Status::Delivered as u8);
    assert_eq!(
        env.verifier
            .sender(env.user.address())
            .credit_of(env.node.address()),
        u(BOND)
    );
    assert_eq!(
        env.recorder.sender(env.user.address()).calls.get(),
        u(1),
        "no re-delivery"
    );
    assert!(!env.oracle.sender(env.user.address()).is_finalized(id));
    advance(WINDOW);
    assert!(env.oracle.sender(env.user.address()).is_finalized(id));
    assert_identity(&env, &[id]);
}

#[motsu::test]
fn unbonding_waits_one_window_and_for_open_challenges() {
    let env = Env::new();
    let node = env.node.address();
    let v = &env.verifier;
    use imo_ai_oracle_verifier::Error as VError;
    assert!(matches!(
        v.sender(node)
            .request_unstake(u(MIN_STAKE + 1))
            .motsu_unwrap_err(),
        VError::AmountExceedsStake(_)
    ));
    assert!(matches!(
        v.sender(node).withdraw_stake().motsu_unwrap_err(),
        VError::NothingToWithdraw(_)
    ));
    let id = env.request();
    env.deliver(id, b"out");
    challenge(&env, env.user.address(), id, b"claim").unwrap();
    v.sender(node).request_unstake(u(MIN_STAKE)).motsu_unwrap();
    assert!(
        !v.sender(node).is_active_node(node),
        "unbonding stake does not count"
    );
    assert!(matches!(
        v.sender(node).withdraw_stake().motsu_unwrap_err(),
        VError::UnbondingNotOver(_)
    ));
    advance(WINDOW);
    assert!(matches!(
        v.sender(node).withdraw_stake().motsu_unwrap_err(),
        VError::NodeHasOpenChallenges(_)
    ));
    v.sender(env.arbiter.address())
        .resolve_challenge(id, false, b(b""))
        .motsu_unwrap();
    let before = env.node.balance();
    v.sender(node).withdraw_stake().motsu_unwrap();
    assert_eq!(env.node.balance(), before + u(MIN_STAKE));
    assert_identity(&env, &[id]);
}

#[motsu::test]
fn unbonding_stake_is_still_slashed() {
    let env = Env::new();
    let node = env.node.address();
    let id = env.request();
    env.deliver(id, b"wrong");
    env.verifier
        .sender(node)
        .request_unstake(u(MIN_STAKE / 2))
        .motsu_unwrap();
    challenge(&env, env.user.address(), id, b"right").unwrap();
    env.verifier
        .sender(env.arbiter.address())
        .resolve_challenge(id, true, b(b"right"))
        .motsu_unwrap();
    let info = env.verifier.sender(node).node_info(node);
    assert_eq!((info.1, info.2), (U256::ZERO, U256::ZERO));
    assert_eq!(
        env.verifier.sender(node).credit_of(env.user.address()),
        u(BOND + MIN_STAKE)
    );
    assert_identity(&env, &[id]);
}
