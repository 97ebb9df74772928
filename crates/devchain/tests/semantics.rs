//! Nitro's semantics where the old devchain differed (each test fails on the old behaviour;
//! the reentrancy-over-delegatecall fixes are in `hostio_calls.rs`, `interop.rs`, `probe.rs`).

mod common;

use alloy_sol_types::SolCall;
use common::*;
use stylus_devchain::{Devchain, IArbWasm, ProgramFailureKind, StylusParams, ARB_WASM, U256};

#[test]
fn a_value_call_from_a_static_context_returns_status_2_and_the_program_goes_on() {
    let (mut chain, p) = chain_with_hostio();
    chain.fund(p, U256::from(100));
    let f = deploy_evm_runtime(&mut chain, &static_forwarder_runtime());
    let target = stylus_devchain::address!("00000000000000000000000000000000000b0b00");
    let inner = op(8, &[target.as_slice(), &word(5)]);
    let data = [addr_word(p).as_slice(), &inner].concat();
    let r = send(&mut chain, f, &data, U256::ZERO);
    assert!(r.success, "{}", r.describe());
    assert_eq!(
        chain.storage(f, U256::from(1)),
        U256::from(1),
        "the static call succeeded"
    );
    assert_eq!(
        r.output.as_ref(),
        &[2, 0, 0, 0, 0],
        "status 2, no return data"
    );
    assert_eq!(chain.balance(target), U256::ZERO);
}

#[test]
fn a_sub_call_that_runs_out_of_gas_or_reverts_has_status_2() {
    let (mut chain, p) = chain_with_hostio();
    let r = send(
        &mut chain,
        p,
        &op(24, &[p.as_slice(), &word(0), &op(20, &[])]),
        U256::ZERO,
    );
    assert!(r.success, "{}", r.describe());
    assert_eq!(r.output[0], 2, "out of gas: 2 (the old devchain: 3)");
    let r = send(
        &mut chain,
        p,
        &op(8, &[p.as_slice(), &word(0), &op(13, &[b"no"])]),
        U256::ZERO,
    );
    assert_eq!(r.output[0], 2, "revert: 2 (the old devchain: 1)");
    assert_eq!(&r.output[5..], b"no", "revert data readable");
}

#[test]
fn an_expired_program_fails_with_all_gas_until_it_is_reactivated() {
    let (mut chain, p) = chain_with_hostio();
    let left = IArbWasm::programTimeLeftCall { program: p }.abi_encode();
    let r = chain.call(Devchain::DEV_ACCOUNT, ARB_WASM, &left).unwrap();
    let secs = IArbWasm::programTimeLeftCall::abi_decode_returns(&r.output, true)
        .unwrap()
        ._secs;
    assert!(secs > 364 * 86_400 && secs <= 365 * 86_400, "{secs}");
    chain.advance_time(366 * 86_400);
    let r = send(&mut chain, p, &op(0, &[b"x"]), U256::ZERO);
    assert!(!r.success);
    assert_eq!(r.gas_used, chain.tx_gas_limit, "all gas consumed");
    assert!(matches!(
        r.error.unwrap().program_kind(),
        Some(ProgramFailureKind::Expired { .. })
    ));
    // Activating again renews it (and charges the data fee again).
    chain.activate(p).unwrap();
    assert!(send(&mut chain, p, &op(0, &[b"x"]), U256::ZERO).success);
}

#[test]
fn keepalive_is_refused_before_31_days_and_renews_the_program_after() {
    let (mut chain, p) = chain_with_hostio();
    let hash = chain.program_info(p).unwrap().code_hash;
    let keep = IArbWasm::codehashKeepaliveCall { codehash: hash }.abi_encode();
    let r = send(&mut chain, ARB_WASM, &keep, U256::from(10u64.pow(18)));
    assert!(!r.success);
    assert!(r
        .error
        .unwrap()
        .to_string()
        .contains("ProgramKeepaliveTooSoon"));
    chain.advance_time(300 * 86_400);
    let r = send(&mut chain, ARB_WASM, &keep, U256::from(10u64.pow(18)));
    assert!(r.success, "{}", r.describe());
    chain.advance_time(300 * 86_400);
    assert!(
        send(&mut chain, p, &op(0, &[b"x"]), U256::ZERO).success,
        "not expired"
    );
}

/// `(call $rec)` forever: each frame takes words from the 22,000-word budget.
fn recursion() -> Vec<u8> {
    wat::parse_str(
        r#"(module (memory (export "memory") 1 1)
             (func $rec (param i32) (result i32) (call $rec (i32.add (local.get 0) (i32.const 1))))
             (func (export "user_entrypoint") (param i32) (result i32) (call $rec (i32.const 0))))"#,
    )
    .unwrap()
}

#[test]
fn exceeding_the_stack_budget_fails_with_all_gas() {
    let mut chain = Devchain::new().unwrap();
    let p = chain.deploy_stylus(&recursion(), &[], U256::ZERO).unwrap();
    let r = send(&mut chain, p, &[], U256::ZERO);
    assert!(!r.success);
    assert_eq!(r.gas_used, chain.tx_gas_limit);
    assert_eq!(
        r.error.unwrap().program_kind(),
        Some(&ProgramFailureKind::OutOfStack)
    );
}

#[test]
fn the_stack_budget_is_arbos_max_stack_depth() {
    // A program recursing 50 frames deep (7 words each) fits 22,000 words, not 200.
    let wasm = wat::parse_str(
        r#"(module (memory (export "memory") 1 1)
             (func $rec (param i32) (result i32)
               (if (result i32) (local.get 0)
                 (then (call $rec (i32.sub (local.get 0) (i32.const 1))))
                 (else (i32.const 0))))
             (func (export "user_entrypoint") (param i32) (result i32) (call $rec (i32.const 50))))"#,
    )
    .unwrap();
    let mut chain = Devchain::new().unwrap();
    let p = chain.deploy_stylus(&wasm, &[], U256::ZERO).unwrap();
    assert!(send(&mut chain, p, &[], U256::ZERO).success);
    chain.set_stylus_params(StylusParams {
        max_stack_depth: 200,
        ..StylusParams::default()
    });
    let r = send(&mut chain, p, &[], U256::ZERO);
    assert_eq!(
        r.error.unwrap().program_kind(),
        Some(&ProgramFailureKind::OutOfStack)
    );
}

#[test]
fn a_function_with_too_many_values_at_once_cannot_be_activated() {
    let mut body = "i32.const 1\n".repeat(4_100);
    body.push_str(&"drop\n".repeat(4_100));
    let wasm = wat::parse_str(format!(
        r#"(module (memory (export "memory") 1 1)
             (func (export "user_entrypoint") (param i32) (result i32) {body} (i32.const 0)))"#
    ))
    .unwrap();
    let mut chain = Devchain::new().unwrap();
    let err = chain
        .deploy_stylus(&wasm, &[], U256::ZERO)
        .unwrap_err()
        .to_string();
    assert!(err.contains("too many values on the stack"), "{err}");
}

#[test]
fn a_failure_keeps_the_frames_gas_and_returns_no_data() {
    // A trap: the frame reverts without data and keeps its gas (Nitro's `userFailure`).
    let (mut chain, p) = chain_with_hostio();
    let r = send(&mut chain, p, &op(15, &[]), U256::ZERO);
    assert!(!r.success);
    assert!(r.gas_used < 100_000, "{}", r.gas_used);
    assert!(r.output.is_empty());
    assert!(matches!(
        r.error.unwrap().program_kind(),
        Some(ProgramFailureKind::Trap(_))
    ));
}

#[test]
fn an_account_a_call_found_absent_takes_a_balance_nonce_and_storage_set_later() {
    let mut chain = Devchain::new().unwrap();
    let empty = stylus_devchain::address!("00000000000000000000000000000000000000e1");
    // A read-only call to the absent account loads it into revm's cache as non-existing (what an
    // `eth_call` or a gas estimate through the devnode does).
    let r = chain.call(Devchain::DEV_ACCOUNT, empty, &[]).unwrap();
    assert!(r.success, "{}", r.describe());
    chain.set_balance(empty, U256::from(5));
    chain.set_nonce(empty, 2);
    chain.set_storage(empty, U256::from(1), U256::from(9));
    assert_eq!(chain.balance(empty), U256::from(5));
    assert_eq!(chain.nonce(empty), 2);
    assert_eq!(chain.storage(empty, U256::from(1)), U256::from(9));
    // And it can spend what it was given.
    let sink = stylus_devchain::address!("00000000000000000000000000000000000000e2");
    let r = chain.send(empty, sink, &[], U256::from(3)).unwrap();
    assert!(r.success, "{}", r.describe());
    assert_eq!(chain.balance(sink), U256::from(3));
}
