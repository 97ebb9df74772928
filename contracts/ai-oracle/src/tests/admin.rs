//! Administration: owner-only functions, setters, two-step ownership.
#![allow(clippy::too_many_lines, clippy::unreadable_literal)]

use alloy_primitives::{Address, B256, U256};

use motsu::prelude::*;

use super::*;

#[motsu::test]
fn a_non_owner_cannot_administer() {
    let env = Env::new();
    let x = env.user.address();
    let o = &env.oracle;
    let unauthorized = |e: Error| matches!(e, Error::UnauthorizedAccount(_));
    assert!(unauthorized(
        o.sender(x)
            .add_model(
                u(7),
                B256::ZERO,
                B256::ZERO,
                U256::ZERO,
                x,
                U256::ZERO,
                x,
                false
            )
            .motsu_unwrap_err()
    ));
    assert!(unauthorized(
        o.sender(x)
            .update_model(
                MODEL,
                B256::ZERO,
                B256::ZERO,
                U256::ZERO,
                x,
                U256::ZERO,
                x,
                false
            )
            .motsu_unwrap_err()
    ));
    assert!(unauthorized(
        o.sender(x).remove_model(MODEL).motsu_unwrap_err()
    ));
    assert!(unauthorized(
        o.sender(x)
            .set_parameters(1, U256::ZERO, x)
            .motsu_unwrap_err()
    ));
    assert!(unauthorized(
        o.sender(x).set_paused(true).motsu_unwrap_err()
    ));
    assert!(unauthorized(
        o.sender(x).set_paused(false).motsu_unwrap_err()
    ));
    assert!(unauthorized(
        o.sender(x).set_blacklist(x, true).motsu_unwrap_err()
    ));
    assert!(unauthorized(
        o.sender(x).withdraw_protocol_revenue().motsu_unwrap_err()
    ));
    // Only the verifier calls the challenge hooks (not even the owner).
    assert!(unauthorized(
        o.sender(x).on_challenge_opened(u(1)).motsu_unwrap_err()
    ));
    assert!(unauthorized(
        o.sender(x)
            .on_challenge_resolved(u(1), 3, b(b""))
            .motsu_unwrap_err()
    ));
    assert!(unauthorized(
        env.oracle
            .sender(env.owner.address())
            .on_challenge_opened(u(1))
            .motsu_unwrap_err()
    ));
    let v = &env.verifier;
    use imo_ai_oracle_verifier::Error as VError;
    let v_unauthorized = |e: VError| matches!(e, VError::UnauthorizedAccount(_));
    assert!(v_unauthorized(v.sender(x).add_node(x).motsu_unwrap_err()));
    assert!(v_unauthorized(
        v.sender(x).remove_node(x).motsu_unwrap_err()
    ));
    assert!(v_unauthorized(
        v.sender(x).set_arbiter(x).motsu_unwrap_err()
    ));
    assert!(v_unauthorized(
        v.sender(x)
            .set_challenge_bond(U256::ZERO)
            .motsu_unwrap_err()
    ));
    assert!(v_unauthorized(
        v.sender(x)
            .set_min_node_stake(U256::ZERO)
            .motsu_unwrap_err()
    ));
    assert!(matches!(
        v.sender(x)
            .resolve_challenge(u(1), true, b(b""))
            .motsu_unwrap_err(),
        VError::NotArbiter(_)
    ));
}

#[motsu::test]
fn setters_change_state_and_emit_events() {
    let env = Env::new();
    let owner = env.owner.address();
    let o = &env.oracle;
    o.sender(owner)
        .set_parameters(10, u(9), env.user.address())
        .motsu_unwrap();
    o.assert_emitted(&ParametersSet {
        challengeWindow: 10,
        minGasPrice: u(9),
        verifier: env.user.address(),
    });
    let p = o.sender(owner).parameters();
    assert_eq!((p.0, p.1, p.2, p.3), (false, 10, u(9), env.user.address()));
    o.sender(owner)
        .set_blacklist(env.user.address(), true)
        .motsu_unwrap();
    o.assert_emitted(&BlacklistSet {
        account: env.user.address(),
        blacklisted: true,
    });
    assert!(o.sender(owner).blacklist.get(env.user.address()));
    o.sender(owner).set_paused(true).motsu_unwrap();
    o.assert_emitted(&PausedSet { paused: true });
    assert!(o.sender(owner).parameters().0);
    o.sender(owner).set_paused(false).motsu_unwrap();
    o.assert_emitted(&PausedSet { paused: false });
    assert!(!o.sender(owner).parameters().0);
    assert!(matches!(
        o.sender(owner)
            .set_parameters(10, U256::MAX, Address::ZERO)
            .motsu_unwrap_err(),
        Error::AmountOverflow(_)
    ));
}

#[motsu::test]
fn ownership_transfer_takes_two_steps() {
    let env = Env::new();
    let owner = env.owner.address();
    let next = env.user.address();
    env.oracle
        .sender(owner)
        .transfer_ownership(next)
        .motsu_unwrap();
    assert_eq!(env.oracle.sender(owner).owner(), owner, "not yet");
    assert_eq!(env.oracle.sender(owner).pending_owner(), next);
    assert!(matches!(
        env.oracle
            .sender(env.node.address())
            .accept_ownership()
            .motsu_unwrap_err(),
        Error::UnauthorizedAccount(_)
    ));
    env.oracle.sender(next).accept_ownership().motsu_unwrap();
    assert_eq!(env.oracle.sender(owner).owner(), next);
    assert!(matches!(
        env.oracle.sender(owner).set_paused(true).motsu_unwrap_err(),
        Error::UnauthorizedAccount(_)
    ));
    env.oracle.sender(next).set_paused(true).motsu_unwrap();
}
