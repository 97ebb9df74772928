//! Storage hostios: the per-call cache, flushes with SSTORE pricing and refunds, transient
//! storage, read-only calls.

mod common;

use common::*;
use stylus_devchain::{Devchain, U256};

#[test]
fn echo_returns_the_calldata_unchanged() {
    let (mut chain, p) = chain_with_hostio();
    let r = send(&mut chain, p, &op(0, &[b"hello stylus"]), U256::ZERO);
    assert!(r.success, "{}", r.describe());
    assert_eq!(r.output.as_ref(), b"hello stylus");
    assert!(r.gas_used > 21_000, "gas used {}", r.gas_used);
}

#[test]
fn flushed_storage_persists_and_reads_back() {
    let (mut chain, p) = chain_with_hostio();
    let r = send(
        &mut chain,
        p,
        &op(2, &[&word(7), &word(0xabcdef)]),
        U256::ZERO,
    );
    assert!(r.success, "{}", r.describe());
    assert_eq!(chain.storage(p, U256::from(7)), U256::from(0xabcdef));
    let r = send(&mut chain, p, &op(1, &[&word(7)]), U256::ZERO);
    assert_eq!(r.output.as_ref(), &word(0xabcdef));
}

#[test]
fn cached_storage_that_is_never_flushed_is_dropped() {
    let (mut chain, p) = chain_with_hostio();
    let r = send(&mut chain, p, &op(3, &[&word(7), &word(9)]), U256::ZERO);
    assert!(r.success, "{}", r.describe());
    assert_eq!(chain.storage(p, U256::from(7)), U256::ZERO);
}

#[test]
fn storage_loads_see_cached_writes_before_the_flush() {
    let (mut chain, p) = chain_with_hostio();
    let r = send(&mut chain, p, &op(4, &[&word(1), &word(42)]), U256::ZERO);
    assert_eq!(r.output.as_ref(), &word(42));
    assert_eq!(chain.storage(p, U256::from(1)), U256::from(42));
}

#[test]
fn new_slot_costs_more_than_an_update() {
    let (mut chain, p) = chain_with_hostio();
    let first = send(&mut chain, p, &op(2, &[&word(5), &word(1)]), U256::ZERO);
    let second = send(&mut chain, p, &op(2, &[&word(5), &word(2)]), U256::ZERO);
    // 22,100 (cold, zero -> non-zero) against 5,000 (cold update).
    assert!(
        first.gas_used >= second.gas_used + 15_000,
        "{} vs {}",
        first.gas_used,
        second.gas_used
    );
}

#[test]
fn transient_storage_lives_for_one_transaction() {
    let (mut chain, p) = chain_with_hostio();
    let r = send(&mut chain, p, &op(17, &[&word(8), &word(99)]), U256::ZERO);
    assert_eq!(r.output.as_ref(), &word(99));
    let r = send(&mut chain, p, &op(18, &[&word(8)]), U256::ZERO);
    assert_eq!(r.output.as_ref(), &word(0));
}

#[test]
fn read_only_calls_commit_nothing_and_blocks_advance_per_transaction() {
    let (mut chain, p) = chain_with_hostio();
    let block = chain.block_number();
    let r = chain
        .call(Devchain::DEV_ACCOUNT, p, &op(2, &[&word(1), &word(5)]))
        .unwrap();
    assert!(r.success, "{}", r.describe());
    assert_eq!(chain.storage(p, U256::from(1)), U256::ZERO);
    assert_eq!(chain.block_number(), block);
    let r = send(&mut chain, p, &op(2, &[&word(1), &word(5)]), U256::ZERO);
    assert_eq!(r.block_number, block + 1);
    assert_eq!(chain.block_number(), block + 1);
    let before = chain.timestamp();
    chain.advance_time(3_600);
    let r = send(&mut chain, p, &op(5, &[]), U256::ZERO);
    assert_eq!(&r.output[184..192], &(before + 3_600).to_le_bytes());
}

#[test]
fn clearing_a_slot_earns_the_sstore_refund() {
    let (mut chain, p) = chain_with_hostio();
    send(&mut chain, p, &op(2, &[&word(5), &word(1)]), U256::ZERO);
    send(&mut chain, p, &op(2, &[&word(6), &word(1)]), U256::ZERO);
    let clear = send(&mut chain, p, &op(2, &[&word(5), &word(0)]), U256::ZERO);
    let update = send(&mut chain, p, &op(2, &[&word(6), &word(2)]), U256::ZERO);
    assert!(clear.success && update.success);
    // Same 5,000 cold update; the clear gets 4,800 back (EIP-3529).
    assert!(
        clear.gas_used + 4_000 < update.gas_used,
        "{} vs {}",
        clear.gas_used,
        update.gas_used
    );
}
