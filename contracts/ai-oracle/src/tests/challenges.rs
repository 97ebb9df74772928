//! Challenges through the verifier: windows, bonds, several challengers, the arbiter's truth,
//! slashing split between the first right challenger and the protocol, settlement, unbonding,
//! and a node disputing its own result.
#![allow(clippy::too_many_lines, clippy::unreadable_literal)]

use alloy_primitives::{keccak256, Address, Bytes, U256};
use imo_ai_oracle_verifier::{Error as VError, ProtocolCredited, Slashed};
use imo_testkit::Wallet;
use motsu::prelude::*;

use super::*;

fn challenge(env: &Env, challenger: Address, id: U256, claim: &[u8]) -> Result<(), VError> {
    env.verifier
        .sender_and_value(challenger, u(BOND))
        .challenge(id, keccak256(claim), MODEL, b(b"prompt"))
        .motsu_res()
}

fn funded(env: &Env) -> Contract<Wallet> {
    let w: Contract<Wallet> = Contract::new();
    w.address().fund(RICH);
    track(w.address());
    let _ = env;
    w
}

fn resolve(env: &Env, id: U256, challenger_wins: bool, output: &[u8]) {
    env.verifier
        .sender(env.arbiter.address())
        .resolve_challenge(id, challenger_wins, b(output))
        .motsu_unwrap();
}

fn settle(env: &Env, id: U256, challenger: Address) {
    env.verifier
        .sender(env.arbiter.address())
        .settle_challenge(id, challenger)
        .motsu_unwrap();
}

fn credit(env: &Env, who: Address) -> U256 {
    env.verifier.sender(env.arbiter.address()).credit_of(who)
}

#[motsu::test]
fn several_accounts_challenge_one_result_and_none_blocks_another() {
    let env = Env::new();
    let id = env.request();
    env.deliver(id, b"wrong");
    assert!(!env.oracle.sender(env.user.address()).is_finalized(id));
    advance(WINDOW - 1);
    challenge(&env, env.user.address(), id, b"right").unwrap();
    assert_eq!(env.status(id), Status::Challenged as u8);
    // A second challenger, with another claim, is not blocked by the first.
    challenge(&env, env.arbiter.address(), id, b"other").unwrap();
    // One challenge per account.
    assert!(matches!(
        challenge(&env, env.user.address(), id, b"third").unwrap_err(),
        VError::ChallengeAlreadyOpen(_)
    ));
    let d = env.verifier.sender(env.user.address()).get_dispute(id);
    assert_eq!((d.0, d.1, d.2), (env.node.address(), 2, false));
    advance(10 * WINDOW);
    assert!(
        !env.oracle.sender(env.user.address()).is_finalized(id),
        "an open dispute blocks finality"
    );
    assert_identity(&env, &[id]);
}

#[motsu::test]
fn challenge_after_the_window_or_before_delivery_is_rejected() {
    let env = Env::new();
    let id = env.request();
    let e = challenge(&env, env.user.address(), id, b"right").unwrap_err();
    assert!(matches!(e, VError::OracleCallFailed(ref f)
        if f.reason.as_ref() == err_bytes(Error::RequestNotDelivered(RequestNotDelivered { requestId: id })).as_slice()));
    env.deliver(id, b"wrong");
    advance(WINDOW);
    let e = challenge(&env, env.user.address(), id, b"right").unwrap_err();
    assert!(matches!(e, VError::OracleCallFailed(ref f)
        if f.reason.as_ref() == err_bytes(Error::ChallengeWindowClosed(ChallengeWindowClosed { requestId: id })).as_slice()));
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
            .challenge(id, keccak256(b"x"), MODEL, b(b"prompt"))
            .motsu_unwrap_err(),
        VError::InsufficientBond(_)
    ));
    assert!(matches!(
        challenge(&env, env.user.address(), id, b"out").unwrap_err(),
        VError::ClaimMatchesResult(_)
    ));
    assert_eq!(
        env.status(id),
        Status::Delivered as u8,
        "the failed challenge left no mark"
    );
}

#[motsu::test]
fn a_wrong_result_is_replaced_by_the_arbiters_output_whatever_the_claims() {
    let env = Env::new();
    let (first, second, third) = (funded(&env), funded(&env), funded(&env));
    let id = env.request();
    env.deliver(id, b"wrong");
    challenge(&env, first.address(), id, b"other").unwrap();
    challenge(&env, second.address(), id, b"right").unwrap();
    challenge(&env, third.address(), id, b"right").unwrap();
    let arbiter = env.arbiter.address();
    assert!(
        matches!(
            env.verifier
                .sender(arbiter)
                .resolve_challenge(id, true, b(b"wrong"))
                .motsu_unwrap_err(),
            VError::ClaimMatchesResult(_)
        ),
        "the arbiter cannot rule for the node's own output as a correction"
    );
    assert!(matches!(
        env.verifier
            .sender(first.address())
            .resolve_challenge(id, true, b(b"right"))
            .motsu_unwrap_err(),
        VError::NotArbiter(_)
    ));
    assert!(matches!(
        env.verifier
            .sender(arbiter)
            .settle_challenge(id, second.address())
            .motsu_unwrap_err(),
        VError::DisputeNotResolved(_)
    ));
    // The truth is "right", although the first challenger claimed something else.
    resolve(&env, id, true, b"right");
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
    // The slash (min(minNodeStake, stake) = the whole stake) is split: half to the first
    // challenger who claimed the truth, half to the protocol.
    env.verifier.assert_emitted(&Slashed {
        node: env.node.address(),
        requestId: id,
        amount: u(MIN_STAKE),
    });
    assert_eq!(credit(&env, second.address()), u(MIN_STAKE / 2));
    assert_eq!(credit(&env, third.address()), U256::ZERO);
    let protocol = env.verifier.sender(arbiter).protocol_balance();
    assert_eq!(protocol, u(MIN_STAKE - MIN_STAKE / 2));
    // Settlement: right claims get their bonds back, the wrong claim's bond goes to the
    // protocol (the node was wrong too).
    for w in [&first, &second, &third] {
        settle(&env, id, w.address());
    }
    assert_eq!(credit(&env, first.address()), U256::ZERO);
    assert_eq!(credit(&env, second.address()), u(MIN_STAKE / 2 + BOND));
    assert_eq!(credit(&env, third.address()), u(BOND));
    env.verifier
        .assert_emitted(&ProtocolCredited { amount: u(BOND) });
    assert_eq!(
        env.verifier.sender(arbiter).protocol_balance(),
        protocol + u(BOND)
    );
    assert!(matches!(
        env.verifier
            .sender(arbiter)
            .settle_challenge(id, first.address())
            .motsu_unwrap_err(),
        VError::NoChallenge(_)
    ));
    // Slashed below the minimum: the node can no longer deliver.
    let id2 = env.request();
    assert!(matches!(
        env.oracle
            .sender(env.node.address())
            .invoke_callback(id2, b(b"x"))
            .motsu_unwrap_err(),
        Error::NotNode(_)
    ));
    // No second resolution, no new challenge on a resolved dispute.
    assert!(matches!(
        env.verifier
            .sender(arbiter)
            .resolve_challenge(id, true, b(b"right"))
            .motsu_unwrap_err(),
        VError::NoOpenChallenge(_)
    ));
    assert!(challenge(&env, env.user.address(), id, b"again").is_err());
    let before = second.balance();
    env.verifier
        .sender(second.address())
        .withdraw_credit()
        .motsu_unwrap();
    assert_eq!(second.balance(), before + u(MIN_STAKE / 2 + BOND));
    // The owner withdraws the protocol's share.
    let before = env.owner.balance();
    env.verifier
        .sender(env.owner.address())
        .withdraw_protocol()
        .motsu_unwrap();
    assert_eq!(env.owner.balance(), before + protocol + u(BOND));
    assert_identity(&env, &[id, id2]);
}

#[motsu::test]
fn the_arbiter_may_name_a_truth_nobody_claimed_and_the_protocol_takes_the_reward() {
    let env = Env::new();
    let id = env.request();
    env.deliver(id, b"wrong");
    challenge(&env, env.user.address(), id, b"also wrong").unwrap();
    resolve(&env, id, true, b"right");
    assert_eq!(env.req(id).8, keccak256(b"right"));
    let v = env.verifier.sender(env.arbiter.address());
    assert_eq!(v.protocol_balance(), u(MIN_STAKE));
    drop(v);
    settle(&env, id, env.user.address());
    assert_eq!(credit(&env, env.user.address()), U256::ZERO);
    assert_identity(&env, &[id]);
}

#[motsu::test]
fn node_wins_bonds_go_to_node_and_request_finalizes_after_the_window() {
    let env = Env::new();
    let id = env.request();
    env.deliver(id, b"right");
    challenge(&env, env.user.address(), id, b"wrong").unwrap();
    resolve(&env, id, false, b"");
    assert_eq!(env.status(id), Status::Delivered as u8);
    assert_eq!(
        credit(&env, env.node.address()),
        U256::ZERO,
        "not settled yet"
    );
    settle(&env, id, env.user.address());
    assert_eq!(credit(&env, env.node.address()), u(BOND));
    assert_eq!(
        env.recorder.sender(env.user.address()).calls.get(),
        u(1),
        "no re-delivery"
    );
    // The dispute is closed: the result stands.
    assert!(matches!(
        challenge(&env, env.arbiter.address(), id, b"wrong again").unwrap_err(),
        VError::DisputeResolved(_)
    ));
    assert!(!env.oracle.sender(env.user.address()).is_finalized(id));
    advance(WINDOW);
    assert!(env.oracle.sender(env.user.address()).is_finalized(id));
    assert_identity(&env, &[id]);
}

/// Attack (security review, item 1): the node delivers a wrong output, then squats its own
/// result with a made-up claim from another address. Before: honest challengers were refused,
/// the arbiter could only rule for the squatter's claim, the wrong output became final and the
/// node got its bond back. Now the honest challenger still challenges, the arbiter names the
/// truth, and the node loses its slash and its squatting bond.
#[motsu::test]
fn a_node_squatting_its_own_wrong_result_cannot_make_it_final() {
    let env = Env::new();
    let node_alt = funded(&env);
    let honest = funded(&env);
    let id = env.request();
    env.deliver(id, b"wrong");
    challenge(&env, node_alt.address(), id, b"made up").unwrap();
    challenge(&env, honest.address(), id, b"right").unwrap();
    resolve(&env, id, true, b"right");
    assert_eq!(env.req(id).8, keccak256(b"right"), "the true output stands");
    settle(&env, id, node_alt.address());
    settle(&env, id, honest.address());
    assert_eq!(
        credit(&env, node_alt.address()),
        U256::ZERO,
        "squat bond lost"
    );
    assert_eq!(credit(&env, honest.address()), u(MIN_STAKE / 2 + BOND));
    let info = env
        .verifier
        .sender(honest.address())
        .node_info(env.node.address());
    assert_eq!(info.1, U256::ZERO, "slashed");
    assert_identity(&env, &[id]);
}

/// Attack variant: the node challenges its own wrong result first, with the correct claim, to be
/// "slashed" into its own pocket and leave with its stake. Now at most half of the slash comes
/// back to it: it loses at least half, whatever address it uses.
#[motsu::test]
fn a_node_challenging_its_own_result_loses_at_least_half_of_its_slash() {
    let env = Env::new();
    let node_alt = funded(&env);
    let id = env.request();
    env.deliver(id, b"wrong");
    challenge(&env, node_alt.address(), id, b"right").unwrap();
    // An honest challenger later claims the same truth: it gets its bond back.
    challenge(&env, env.user.address(), id, b"right").unwrap();
    resolve(&env, id, true, b"right");
    settle(&env, id, node_alt.address());
    settle(&env, id, env.user.address());
    let gained = credit(&env, node_alt.address()) - u(BOND);
    assert_eq!(gained, u(MIN_STAKE / 2));
    assert!(
        gained * u(2) <= u(MIN_STAKE),
        "the node and its address together lost at least half of the slash"
    );
    assert_eq!(credit(&env, env.user.address()), u(BOND));
    // The rest of the node's stake still waits for unbonding (nothing left here: all slashed).
    assert_identity(&env, &[id]);
}

#[motsu::test]
fn unbonding_waits_one_window_and_for_open_disputes() {
    let env = Env::new();
    let node = env.node.address();
    let v = &env.verifier;
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
    challenge(&env, env.arbiter.address(), id, b"claim 2").unwrap();
    assert_eq!(v.sender(node).node_info(node).4, 1, "one open dispute");
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
    resolve(&env, id, false, b"");
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
    resolve(&env, id, true, b"right");
    let info = env.verifier.sender(node).node_info(node);
    assert_eq!((info.1, info.2), (U256::ZERO, U256::ZERO));
    settle(&env, id, env.user.address());
    assert_eq!(credit(&env, env.user.address()), u(BOND + MIN_STAKE / 2));
    assert_identity(&env, &[id]);
}
