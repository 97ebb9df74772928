//! Calls, static calls, delegate calls, creates and return data from a program.

mod common;

use common::*;
use stylus_devchain::{Address, Devchain, U256};

#[test]
fn call_contract_reaches_evm_code_with_value_and_return_data() {
    let (mut chain, p) = chain_with_hostio();
    // EVM contract returning CALLVALUE as a word.
    let evm = deploy_evm_runtime(
        &mut chain,
        &[0x34, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3],
    );
    chain.fund(p, U256::from(1_000));
    let r = send(
        &mut chain,
        p,
        &op(8, &[evm.as_slice(), &word(300)]),
        U256::ZERO,
    );
    assert!(r.success, "{}", r.describe());
    let mut expected = vec![0u8];
    expected.extend_from_slice(&32u32.to_le_bytes());
    expected.extend_from_slice(&word(300));
    assert_eq!(r.output.as_ref(), expected.as_slice());
    assert_eq!(chain.balance(evm), U256::from(300));
    assert_eq!(chain.balance(p), U256::from(700));
}

#[test]
fn call_contract_reports_a_revert_with_its_data() {
    let (mut chain, p) = chain_with_hostio();
    // EVM contract: revert(0, 4) with memory holding 0xdeadbeef at 28..32 -> revert data 0..4 is zeros
    let evm = deploy_evm_runtime(
        &mut chain,
        &[
            0x63, 0xde, 0xad, 0xbe, 0xef, 0x60, 0xe0, 0x1b, 0x60, 0x00, 0x52, 0x60, 0x04, 0x60,
            0x00, 0xfd,
        ],
    );
    let r = send(
        &mut chain,
        p,
        &op(8, &[evm.as_slice(), &word(0)]),
        U256::ZERO,
    );
    assert!(r.success, "{}", r.describe());
    // Nitro's status byte is 0 or 2: a revert is 2, with its data readable.
    let mut expected = vec![2u8];
    expected.extend_from_slice(&4u32.to_le_bytes());
    expected.extend_from_slice(&[0xde, 0xad, 0xbe, 0xef]);
    assert_eq!(r.output.as_ref(), expected.as_slice());
}

#[test]
fn value_beyond_the_balance_fails_the_sub_call() {
    let (mut chain, p) = chain_with_hostio();
    let r = send(
        &mut chain,
        p,
        &op(8, &[Address::repeat_byte(9).as_slice(), &word(1)]),
        U256::ZERO,
    );
    assert!(r.success, "{}", r.describe());
    assert_ne!(r.output[0], 0, "status must be a failure");
    assert_eq!(chain.balance(Address::repeat_byte(9)), U256::ZERO);
}

#[test]
fn static_call_forbids_storage_writes_logs_and_value() {
    let (mut chain, p) = chain_with_hostio();
    for inner in [
        op(2, &[&word(1), &word(1)]),
        op(7, &[&[0], b"x"]),
        op(17, &[&word(1), &word(1)]),
        op(11, &[&word(0), &[0x00]]),
    ] {
        let r = send(&mut chain, p, &op(9, &[p.as_slice(), &inner]), U256::ZERO);
        assert!(r.success, "{}", r.describe());
        assert_ne!(r.output[0], 0, "static {inner:?} must fail");
    }
    assert_eq!(chain.storage(p, U256::from(1)), U256::ZERO);
    // Reads are fine.
    let r = send(
        &mut chain,
        p,
        &op(9, &[p.as_slice(), &op(0, &[b"ok"])]),
        U256::ZERO,
    );
    assert_eq!(r.output.as_ref(), &[0, 2, 0, 0, 0, b'o', b'k']);
}

#[test]
fn delegate_call_runs_other_code_on_this_storage_and_message() {
    let (mut chain, a) = chain_with_hostio();
    let b = chain
        .deploy_stylus(&hostio_wasm(), &[], U256::ZERO)
        .unwrap();
    let r = send(
        &mut chain,
        a,
        &op(10, &[b.as_slice(), &op(2, &[&word(3), &word(33)])]),
        U256::ZERO,
    );
    assert!(r.success, "{}", r.describe());
    assert_eq!(r.output[0], 0);
    assert_eq!(chain.storage(a, U256::from(3)), U256::from(33));
    assert_eq!(chain.storage(b, U256::ZERO + U256::from(3)), U256::ZERO);
    // msg_sender / contract_address / msg_value are the delegating frame's.
    let r = send(
        &mut chain,
        a,
        &op(10, &[b.as_slice(), &op(5, &[])]),
        U256::from(4),
    );
    let env = &r.output[5..];
    assert_eq!(&env[0..20], Devchain::DEV_ACCOUNT.as_slice());
    assert_eq!(&env[20..40], a.as_slice());
    assert_eq!(&env[80..112], &word(4));
    // Nitro does not count delegate-call frames: the delegated code acting as `a` is not
    // reentrant (a proxy delegating to a guarded implementation works).
    assert_eq!(&env[212..216], &0u32.to_le_bytes());
}

#[test]
fn msg_reentrant_is_true_only_when_the_program_is_already_on_the_stack() {
    let (mut chain, p) = chain_with_hostio();
    let r = send(
        &mut chain,
        p,
        &op(8, &[p.as_slice(), &word(0), &op(5, &[])]),
        U256::ZERO,
    );
    assert!(r.success, "{}", r.describe());
    let env = &r.output[5..];
    assert_eq!(
        &env[212..216],
        &1u32.to_le_bytes(),
        "inner frame is reentrant"
    );
    assert_eq!(&env[0..20], p.as_slice(), "inner msg_sender is the program");
    let r = send(&mut chain, p, &op(5, &[]), U256::ZERO);
    assert_eq!(&r.output[212..216], &0u32.to_le_bytes());
}

#[test]
fn create1_and_create2_deploy_evm_code_at_the_evm_addresses() {
    let (mut chain, p) = chain_with_hostio();
    let runtime = [0x60, 0x2a, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3]; // returns 42
    let init = stylus_wasm::initcode(&runtime);
    let nonce = chain.nonce(p);
    let r = send(&mut chain, p, &op(11, &[&word(0), &init]), U256::ZERO);
    assert!(r.success, "{}", r.describe());
    let created = Address::from_slice(&r.output[0..20]);
    assert_eq!(created, p.create(nonce));
    assert_eq!(&r.output[20..24], &0u32.to_le_bytes());
    assert_eq!(chain.code(created).as_ref(), &runtime);

    let salt = word(77);
    let r = send(
        &mut chain,
        p,
        &op(12, &[&word(0), &salt, &init]),
        U256::ZERO,
    );
    let created2 = Address::from_slice(&r.output[0..20]);
    assert_eq!(
        created2,
        p.create2(salt, alloy_primitives::keccak256(&init))
    );
    let call = send(&mut chain, created2, &[], U256::ZERO);
    assert_eq!(call.output.as_ref(), &word(42));
}

#[test]
fn create1_reports_reverting_init_code() {
    let (mut chain, p) = chain_with_hostio();
    // init code: revert(0, 3)
    let r = send(
        &mut chain,
        p,
        &op(11, &[&word(0), &[0x60, 0x03, 0x60, 0x00, 0xfd]]),
        U256::ZERO,
    );
    assert_eq!(&r.output[0..20], Address::ZERO.as_slice());
    assert_eq!(&r.output[20..24], &3u32.to_le_bytes());
}

#[test]
fn a_program_can_create_a_stylus_program_which_needs_activation() {
    let (mut chain, p) = chain_with_hostio();
    let init = stylus_wasm::initcode(&stylus_wasm::compress(&hostio_wasm()));
    let r = send(&mut chain, p, &op(11, &[&word(0), &init]), U256::ZERO);
    assert!(r.success, "{}", r.describe());
    let child = Address::from_slice(&r.output[0..20]);
    assert!(stylus_devchain::is_stylus(&chain.code(child)));
    // Same code hash as the already activated program: it can be called at once.
    let r = send(&mut chain, child, &op(0, &[b"hi"]), U256::ZERO);
    assert!(r.success, "{}", r.describe());
    assert_eq!(r.output.as_ref(), b"hi");
}

#[test]
fn a_sub_call_out_of_gas_leaves_the_caller_running() {
    let (mut chain, p) = chain_with_hostio();
    let r = send(
        &mut chain,
        p,
        &op(24, &[p.as_slice(), &word(0), &op(20, &[])]),
        U256::ZERO,
    );
    assert!(r.success, "{}", r.describe());
    assert_ne!(r.output[0], 0);
    assert!(
        r.gas_used < 100_000,
        "only the 10,000 gas given is lost: {}",
        r.gas_used
    );
}

#[test]
fn read_return_data_copies_the_requested_window() {
    let (mut chain, p) = chain_with_hostio();
    let r = send(
        &mut chain,
        p,
        &op(23, &[&[2, 3], p.as_slice(), &op(0, &[b"abcdef"])]),
        U256::ZERO,
    );
    assert_eq!(r.output.as_ref(), &[3, 0, 0, 0, b'c', b'd', b'e']);
    // A window past the end is clipped.
    let r = send(
        &mut chain,
        p,
        &op(23, &[&[5, 9], p.as_slice(), &op(0, &[b"abcdef"])]),
        U256::ZERO,
    );
    assert_eq!(r.output.as_ref(), &[1, 0, 0, 0, b'f']);
}
