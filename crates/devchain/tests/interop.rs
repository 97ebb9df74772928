//! EVM and Stylus frames nested in both directions, sharing one journal.

mod common;

use common::*;
use stylus_devchain::{B256, U256};

/// EOA -> EVM forwarder F1 -> Stylus P (stores, logs, sends 1000 wei) -> EVM forwarder F2 ->
/// Stylus P again (stores, logs, then reverts). The innermost revert must undo exactly its own
/// storage write, log and the 1000 wei F2 forwarded to it; everything outside it stays.
#[test]
fn innermost_revert_rolls_back_only_its_own_changes() {
    let (mut chain, p) = chain_with_hostio();
    let f1 = deploy_evm_runtime(&mut chain, &forwarder_runtime());
    let f2 = deploy_evm_runtime(&mut chain, &forwarder_runtime());
    chain.fund(p, U256::from(5_000));

    let innermost = op(27, &[&word(2), &word(22)]);
    let to_f2 = [addr_word(p).as_slice(), &innermost].concat();
    let outer_p = op(
        26,
        &[&word(1), &word(11), f2.as_slice(), &word(1_000), &to_f2],
    );
    let to_f1 = [addr_word(p).as_slice(), &outer_p].concat();
    let logs_before = chain.logs().len();

    let r = send(&mut chain, f1, &to_f1, U256::ZERO);
    assert!(r.success, "{}", r.describe());

    // P's outer frame saw F2 succeed, with the innermost revert data (the key) as return data.
    let mut expected = vec![0u8];
    expected.extend_from_slice(&32u32.to_le_bytes());
    expected.extend_from_slice(&word(2));
    assert_eq!(r.output.as_ref(), expected.as_slice());

    // Forwarders: both counted, F1's call succeeded, F2's call (the innermost P) failed.
    assert_eq!(chain.storage(f1, U256::ZERO), U256::from(1));
    assert_eq!(chain.storage(f1, U256::from(1)), U256::from(1));
    assert_eq!(chain.storage(f2, U256::ZERO), U256::from(1));
    assert_eq!(chain.storage(f2, U256::from(1)), U256::ZERO);

    // P: the outer write stays, the innermost write is gone.
    assert_eq!(chain.storage(p, U256::from(1)), U256::from(11));
    assert_eq!(chain.storage(p, U256::from(2)), U256::ZERO);

    // Value: P paid F2 1000; F2's forward of it to the reverting P came back to F2.
    assert_eq!(chain.balance(p), U256::from(4_000));
    assert_eq!(chain.balance(f2), U256::from(1_000));

    // Logs: only the outer P's.
    assert_eq!(r.logs.len(), 1);
    assert_eq!(r.logs[0].address, p);
    assert_eq!(r.logs[0].topics(), &[B256::from(word(1))]);
    assert_eq!(r.logs[0].data.data.as_ref(), &word(11));
    assert_eq!(chain.logs().len(), logs_before + 1);
}

/// When the Stylus frame called by EVM code reverts, its writes go but the EVM caller's stay.
#[test]
fn a_reverting_stylus_callee_leaves_the_evm_caller_changes() {
    let (mut chain, p) = chain_with_hostio();
    let f = deploy_evm_runtime(&mut chain, &forwarder_runtime());
    let data = [addr_word(p).as_slice(), &op(27, &[&word(5), &word(55)])].concat();
    let r = send(&mut chain, f, &data, U256::from(70));
    assert!(r.success, "{}", r.describe());
    assert_eq!(
        r.output.as_ref(),
        &word(5),
        "revert data bubbles through RETURNDATACOPY"
    );
    assert_eq!(chain.storage(f, U256::ZERO), U256::from(1));
    assert_eq!(chain.storage(f, U256::from(1)), U256::ZERO);
    assert_eq!(chain.storage(p, U256::from(5)), U256::ZERO);
    assert_eq!(chain.balance(f), U256::from(70), "the value came back to F");
    assert_eq!(chain.balance(p), U256::ZERO);
    assert!(r.logs.is_empty());
}

/// EVM -> Stylus with value: the program sees the value and keeps it.
#[test]
fn evm_code_calls_a_program_with_value() {
    let (mut chain, p) = chain_with_hostio();
    let f = deploy_evm_runtime(&mut chain, &forwarder_runtime());
    let data = [addr_word(p).as_slice(), &op(5, &[])].concat();
    let r = send(&mut chain, f, &data, U256::from(9));
    assert!(r.success, "{}", r.describe());
    assert_eq!(
        &r.output[0..20],
        f.as_slice(),
        "msg_sender is the EVM caller"
    );
    assert_eq!(
        &r.output[40..60],
        stylus_devchain::Devchain::DEV_ACCOUNT.as_slice(),
        "tx_origin"
    );
    assert_eq!(&r.output[80..112], &word(9));
    assert_eq!(chain.balance(p), U256::from(9));
}

/// An EVM STATICCALL into a program makes the program's writes fail; its reads work.
#[test]
fn evm_staticcall_into_a_program_is_write_protected() {
    let (mut chain, p) = chain_with_hostio();
    let f = deploy_evm_runtime(&mut chain, &static_forwarder_runtime());
    let data = [addr_word(p).as_slice(), &op(2, &[&word(1), &word(1)])].concat();
    let r = send(&mut chain, f, &data, U256::ZERO);
    assert!(r.success, "{}", r.describe());
    assert_eq!(
        chain.storage(f, U256::from(1)),
        U256::ZERO,
        "the static call failed"
    );
    assert_eq!(chain.storage(p, U256::from(1)), U256::ZERO);
    let data = [addr_word(p).as_slice(), &op(0, &[b"read"])].concat();
    let r = send(&mut chain, f, &data, U256::ZERO);
    assert_eq!(r.output.as_ref(), b"read");
    assert_eq!(chain.storage(f, U256::from(1)), U256::from(1));
}

/// Stylus -> EVM -> Stylus -> EVM, four frames deep, all succeeding, each writing.
#[test]
fn nested_frames_in_both_directions_all_commit() {
    let (mut chain, p) = chain_with_hostio();
    let f1 = deploy_evm_runtime(&mut chain, &forwarder_runtime());
    let f2 = deploy_evm_runtime(&mut chain, &forwarder_runtime());
    // P(op26 k=1) -> F1 -> P(op26 k=2) -> F2 -> P(op2 k=3)
    let deepest = [addr_word(p).as_slice(), &op(2, &[&word(3), &word(33)])].concat();
    let middle = op(
        26,
        &[&word(2), &word(22), f2.as_slice(), &word(0), &deepest],
    );
    let to_f1 = [addr_word(p).as_slice(), &middle].concat();
    let top = op(26, &[&word(1), &word(11), f1.as_slice(), &word(0), &to_f1]);
    let r = send(&mut chain, p, &top, U256::ZERO);
    assert!(r.success, "{}", r.describe());
    for (k, v) in [(1, 11), (2, 22), (3, 33)] {
        assert_eq!(chain.storage(p, U256::from(k)), U256::from(v), "slot {k}");
    }
    assert_eq!(chain.storage(f1, U256::from(1)), U256::from(1));
    assert_eq!(chain.storage(f2, U256::from(1)), U256::from(1));
    assert_eq!(r.logs.len(), 2);
}

/// EVM code delegate-calling a program: the program acts as the EVM contract, but Nitro does
/// not count delegate-call frames, so `msg_reentrant` is false (old devchain: true).
#[test]
fn a_program_delegate_called_by_evm_code_acts_as_it_and_is_not_reentrant() {
    let (mut chain, p) = chain_with_hostio();
    let e = deploy_evm_runtime(&mut chain, &delegate_forwarder_runtime());
    let data = [addr_word(p).as_slice(), &op(5, &[])].concat();
    let r = send(&mut chain, e, &data, U256::ZERO);
    assert!(r.success, "{}", r.describe());
    let env = r.output.as_ref();
    assert_eq!(
        &env[0..20],
        stylus_devchain::Devchain::DEV_ACCOUNT.as_slice(),
        "msg_sender kept"
    );
    assert_eq!(
        &env[20..40],
        e.as_slice(),
        "contract_address is the delegating contract"
    );
    assert_eq!(&env[212..216], &0u32.to_le_bytes(), "not reentrant");
    // And the program's storage writes land in the EVM contract's storage.
    let data = [addr_word(p).as_slice(), &op(2, &[&word(9), &word(99)])].concat();
    send(&mut chain, e, &data, U256::ZERO);
    assert_eq!(chain.storage(e, U256::from(9)), U256::from(99));
    assert_eq!(chain.storage(p, U256::from(9)), U256::ZERO);
}

/// Stylus P -> EVM F (CALL) -> P: EVM frames in between do not hide the reentry; P's second
/// frame is reentrant, its caller is F.
#[test]
fn a_program_reentered_through_evm_code_is_reentrant() {
    let (mut chain, p) = chain_with_hostio();
    let f = deploy_evm_runtime(&mut chain, &forwarder_runtime());
    let to_f = [addr_word(p).as_slice(), &op(5, &[])].concat();
    let r = send(
        &mut chain,
        p,
        &op(8, &[f.as_slice(), &word(0), &to_f]),
        U256::ZERO,
    );
    assert!(r.success, "{}", r.describe());
    let env = &r.output[5..];
    assert_eq!(&env[0..20], f.as_slice(), "msg_sender: F");
    assert_eq!(&env[20..40], p.as_slice());
    assert_eq!(&env[212..216], &1u32.to_le_bytes(), "reentrant");
}
