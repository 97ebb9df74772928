//! Deliveries, callbacks, error answers, re-delivery, and reentrancy through callbacks.
#![allow(clippy::too_many_lines, clippy::unreadable_literal)]

use alloy_primitives::{keccak256, Address, Bytes, U256};
use alloy_sol_types::SolEvent;

use imo_testkit::Wallet;
use motsu::prelude::*;

use super::*;

#[motsu::test]
fn delivery_records_result_pays_node_and_calls_back() {
    let env = Env::new();
    let id = env.request();
    env.deliver(id, b"answer");
    let r = env.req(id);
    assert_eq!(r.5, env.node.address());
    assert_eq!(r.7, Status::Delivered as u8);
    assert_eq!(r.8, keccak256(b"answer"));
    env.oracle.assert_emitted(&AICallbackResult {
        account: env.user.address(),
        requestId: id,
        invoker: env.node.address(),
        output: Bytes::from_static(b"answer"),
    });
    let rec = env.recorder.sender(env.user.address());
    assert_eq!(rec.calls.get(), u(1));
    assert_eq!(rec.last_id.get(), id);
    assert_eq!(rec.last_output.get_bytes(), b"answer".to_vec());
    assert_eq!(rec.last_data.get_bytes(), b"data".to_vec());
    assert_eq!(
        env.oracle
            .sender(env.user.address())
            .earnings_of(env.node.address()),
        u(MIN_GAS_PRICE * GAS)
    );
    let before = env.node.balance();
    env.oracle
        .sender(env.node.address())
        .withdraw_earnings()
        .motsu_unwrap();
    assert_eq!(env.node.balance(), before + u(MIN_GAS_PRICE * GAS));
    assert!(matches!(
        env.oracle
            .sender(env.node.address())
            .withdraw_earnings()
            .motsu_unwrap_err(),
        Error::NothingToWithdraw(_)
    ));
    assert_identity(&env, &[id]);
}

#[motsu::test]
fn delivery_twice_or_for_unknown_id_reverts() {
    let env = Env::new();
    let id = env.request();
    env.deliver(id, b"a");
    assert!(matches!(
        env.oracle
            .sender(env.node.address())
            .invoke_callback(id, b(b"b"))
            .motsu_unwrap_err(),
        Error::RequestNotPending(_)
    ));
    assert!(matches!(
        env.oracle
            .sender(env.node.address())
            .invoke_callback(u(42), b(b"b"))
            .motsu_unwrap_err(),
        Error::UnknownRequest(_)
    ));
    assert_eq!(env.recorder.sender(env.user.address()).calls.get(), u(1));
    assert_eq!(
        env.oracle
            .sender(env.user.address())
            .earnings_of(env.node.address()),
        u(MIN_GAS_PRICE * GAS)
    );
}

#[motsu::test]
fn only_whitelisted_staked_nodes_deliver() {
    let env = Env::new();
    let id = env.request();
    let stranger: Contract<Wallet> = Contract::new();
    assert!(matches!(
        env.oracle
            .sender(stranger.address())
            .invoke_callback(id, b(b"a"))
            .motsu_unwrap_err(),
        Error::NotNode(_)
    ));
    assert!(matches!(
        env.oracle
            .sender(stranger.address())
            .feedback_error(id, 0, b(b"a"))
            .motsu_unwrap_err(),
        Error::NotNode(_)
    ));
    // Whitelisted but not staked enough.
    env.verifier
        .sender(env.owner.address())
        .add_node(stranger.address())
        .motsu_unwrap();
    assert!(matches!(
        env.oracle
            .sender(stranger.address())
            .invoke_callback(id, b(b"a"))
            .motsu_unwrap_err(),
        Error::NotNode(_)
    ));
    // Staked but removed from the whitelist.
    env.verifier
        .sender(env.owner.address())
        .remove_node(env.node.address())
        .motsu_unwrap();
    assert!(matches!(
        env.oracle
            .sender(env.node.address())
            .invoke_callback(id, b(b"a"))
            .motsu_unwrap_err(),
        Error::NotNode(_)
    ));
    // Without a verifier nobody delivers.
    env.oracle
        .sender(env.owner.address())
        .set_parameters(WINDOW, u(MIN_GAS_PRICE), Address::ZERO)
        .motsu_unwrap();
    assert!(matches!(
        env.oracle
            .sender(env.node.address())
            .invoke_callback(id, b(b"a"))
            .motsu_unwrap_err(),
        Error::NotNode(_)
    ));
}

#[motsu::test]
fn reverting_callback_does_not_block_the_result() {
    let env = Env::new();
    let reverter: Contract<Reverter> = Contract::new();
    let id = env.request_to(reverter.address(), GAS);
    env.deliver(id, b"answer");
    env.oracle.assert_emitted(&CallbackFailed {
        requestId: id,
        reason: Bytes::from_static(b"consumer broken"),
    });
    assert_eq!(env.status(id), Status::Delivered as u8);
    assert_eq!(
        env.oracle
            .sender(env.user.address())
            .earnings_of(env.node.address()),
        u(MIN_GAS_PRICE * GAS)
    );
    // Re-delivery reverts when the callback reverts.
    assert!(matches!(
        env.oracle.sender(env.user.address()).update_result(id, b(b"answer")).motsu_unwrap_err(),
        Error::CallbackReverted(CallbackReverted { reason }) if reason.as_ref() == b"consumer broken"
    ));
    advance(WINDOW);
    assert!(env.oracle.sender(env.user.address()).is_finalized(id));
}

#[motsu::test]
fn callback_that_burns_its_gas_does_not_block_the_result() {
    let env = Env::new();
    let burner: Contract<GasBurner> = Contract::new();
    let id = env.request_to(burner.address(), GAS);
    env.deliver(id, b"answer");
    let failed = env
        .oracle
        .all_events()
        .iter()
        .filter_map(|log| CallbackFailed::decode_log_data(log, true).ok())
        .any(|e| e.requestId == id);
    assert!(failed, "CallbackFailed emitted");
    assert_eq!(env.status(id), Status::Delivered as u8);
    assert_eq!(env.req(id).8, keccak256(b"answer"));
}

#[motsu::test]
fn request_without_callback_is_delivered_without_a_call() {
    let env = Env::new();
    let user = env.user.address();
    let fee = env
        .oracle
        .sender(user)
        .estimate_fee(MODEL, U256::ZERO)
        .motsu_unwrap();
    assert_eq!(fee, u(MODEL_FEE));
    let id = env
        .oracle
        .sender_and_value(user, fee)
        .request_callback(MODEL, b(b"x"), Address::ZERO, 0, b(b""))
        .motsu_unwrap();
    env.deliver(id, b"y");
    assert_eq!(env.status(id), Status::Delivered as u8);
    assert!(matches!(
        env.oracle
            .sender(user)
            .update_result(id, b(b"y"))
            .motsu_unwrap_err(),
        Error::InvalidCallback(_)
    ));
    assert_eq!(
        env.oracle.sender(user).earnings_of(env.node.address()),
        U256::ZERO
    );
}

#[motsu::test]
fn update_result_redelivers_only_the_recorded_output() {
    let env = Env::new();
    let id = env.request();
    assert!(matches!(
        env.oracle
            .sender(env.user.address())
            .update_result(id, b(b"a"))
            .motsu_unwrap_err(),
        Error::RequestNotDelivered(_)
    ));
    env.deliver(id, b"a");
    assert!(matches!(
        env.oracle
            .sender(env.user.address())
            .update_result(id, b(b"forged"))
            .motsu_unwrap_err(),
        Error::OutputHashMismatch(_)
    ));
    env.oracle
        .sender(env.user.address())
        .update_result(id, b(b"a"))
        .motsu_unwrap();
    let rec = env.recorder.sender(env.user.address());
    assert_eq!(
        rec.calls.get(),
        u(2),
        "consumers must accept a second delivery"
    );
    assert_eq!(rec.last_output.get_bytes(), b"a".to_vec());
}

#[motsu::test]
fn feedback_error_calls_the_error_callback_and_closes_the_request() {
    let env = Env::new();
    let id = env.request();
    env.oracle
        .sender(env.node.address())
        .feedback_error(id, 1, b(b"bad batch"))
        .motsu_unwrap();
    env.oracle.assert_emitted(&RequestErrored {
        requestId: id,
        node: env.node.address(),
        code: 1,
        message: Bytes::from_static(b"bad batch"),
    });
    let rec = env.recorder.sender(env.user.address());
    assert_eq!(rec.errors.get(), u(1));
    assert_eq!(rec.last_code.get(), alloy_primitives::aliases::U8::from(1));
    assert_eq!(rec.last_output.get_bytes(), b"bad batch".to_vec());
    assert_eq!(rec.last_data.get_bytes(), b"data".to_vec());
    assert_eq!(env.status(id), Status::Errored as u8);
    assert!(matches!(
        env.oracle
            .sender(env.node.address())
            .invoke_callback(id, b(b"late"))
            .motsu_unwrap_err(),
        Error::RequestNotPending(_)
    ));
    assert!(matches!(
        env.oracle
            .sender(env.node.address())
            .feedback_error(id, 0, b(b""))
            .motsu_unwrap_err(),
        Error::RequestNotPending(_)
    ));
    assert!(matches!(
        env.oracle
            .sender(env.user.address())
            .update_result(id, b(b""))
            .motsu_unwrap_err(),
        Error::RequestNotDelivered(_)
    ));
    assert!(!env.oracle.sender(env.user.address()).is_finalized(id));
    // A consumer whose error callback reverts does not keep the request open.
    let reverter: Contract<Reverter> = Contract::new();
    let id2 = env.request_to(reverter.address(), GAS);
    env.oracle
        .sender(env.node.address())
        .feedback_error(id2, 0, b(b"x"))
        .motsu_unwrap();
    assert_eq!(env.status(id2), Status::Errored as u8);
    env.oracle.assert_emitted(&CallbackFailed {
        requestId: id2,
        reason: Bytes::from_static(b"consumer broken"),
    });
    assert_identity(&env, &[id, id2]);
}

#[motsu::test]
fn nested_inference_from_inside_a_callback_works() {
    let env = Env::new();
    let nested: Contract<NestedRequester> = Contract::new();
    nested
        .sender(env.user.address())
        .set_oracle(env.oracle.address());
    nested.address().fund(RICH);
    let id = env.request_to(nested.address(), GAS);
    env.deliver(id, b"first");
    let n = nested.sender(env.user.address());
    assert_eq!(n.calls.get(), u(1));
    assert_eq!(n.nested_id.get(), id + u(1));
    assert!(
        !n.saw_final.get(),
        "a result is not final inside its own delivery"
    );
    assert_eq!(env.req(id + u(1)).0, nested.address());
    env.deliver(id + u(1), b"second");
    assert_eq!(nested.sender(env.user.address()).calls.get(), u(2));
    assert_identity(&env, &[id, id + u(1)]);
}

#[motsu::test]
fn a_node_cannot_deliver_twice_through_its_own_callback() {
    let env = Env::new();
    let rnode: Contract<ReentrantNode> = Contract::new();
    env.add_node(rnode.address());
    let id = env.request_to(rnode.address(), GAS);
    rnode
        .sender(env.user.address())
        .deliver(env.oracle.address(), id, b(b"out"))
        .motsu_unwrap();
    let n = rnode.sender(env.user.address());
    assert_eq!(n.calls.get(), u(1));
    assert!(n.reentry_failed.get());
    assert_eq!(
        env.oracle
            .sender(env.user.address())
            .earnings_of(rnode.address()),
        u(MIN_GAS_PRICE * GAS)
    );
    assert_identity(&env, &[id]);
}
