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

#[motsu::test]
fn the_registrar_the_owner_names_can_only_add_models() {
    let env = Env::new();
    let (owner, launchpad, x) = (env.owner.address(), env.user.address(), env.node.address());
    let o = &env.oracle;
    let register = |by: Address, id: u64| {
        o.sender(by)
            .register_model(
                u(id),
                B256::repeat_byte(3),
                B256::repeat_byte(4),
                u(500),
                env.receiver.address(),
                u(30),
                Address::ZERO, // fees in ETH: a fee token is refused (UnsupportedFeeToken)
                false,
            )
            .motsu_res()
    };
    // Nobody registers before the owner names a registrar; only the owner names one.
    assert_eq!(o.sender(owner).registrar(), Address::ZERO);
    assert!(matches!(
        register(launchpad, 21),
        Err(Error::UnauthorizedAccount(_))
    ));
    assert!(matches!(
        o.sender(x).set_registrar(launchpad).motsu_unwrap_err(),
        Error::UnauthorizedAccount(_)
    ));
    o.sender(owner).set_registrar(launchpad).motsu_unwrap();
    o.assert_emitted(&RegistrarSet {
        registrar: launchpad,
    });
    assert_eq!(o.sender(x).registrar(), launchpad);
    // The registrar adds a model as addModel does (event, data, fees) ...
    register(launchpad, 21).motsu_unwrap();
    o.assert_emitted(&ModelAdded {
        modelId: u(21),
        receiver: env.receiver.address(),
        fee: u(500),
        receiverPercentage: u(30),
    });
    let model = o.sender(x).get_model(u(21));
    assert_eq!(
        (model.2, model.3, model.4),
        (u(500), env.receiver.address(), u(30))
    );
    // ... with its checks, and nothing more: no second registration of an active id, no other
    // administration; nobody else registers.
    assert!(matches!(
        register(launchpad, 21),
        Err(Error::ModelAlreadyExists(_))
    ));
    assert!(matches!(
        register(launchpad, MODEL.to()),
        Err(Error::ModelAlreadyExists(_))
    ));
    assert!(matches!(
        o.sender(launchpad).remove_model(u(21)).motsu_unwrap_err(),
        Error::UnauthorizedAccount(_)
    ));
    assert!(matches!(
        register(x, 22),
        Err(Error::UnauthorizedAccount(_))
    ));
    // The owner clears it.
    o.sender(owner).set_registrar(Address::ZERO).motsu_unwrap();
    assert!(matches!(
        register(launchpad, 22),
        Err(Error::UnauthorizedAccount(_))
    ));
    // The registrar's slot is its own: nothing else moved.
    assert_eq!(o.sender(owner).owner(), owner);
    assert!(!o.sender(owner).parameters().0);
}
