//! Environment, keccak, logs, accounts, math, gas and ink, memory growth, exits and traps.

mod common;

use common::*;
use stylus_devchain::{address, Address, Devchain, B256, U256};

#[test]
fn environment_hostios_report_block_tx_and_message_fields() {
    let (mut chain, p) = chain_with_hostio();
    chain.coinbase = address!("00000000000000000000000000000000000c0ffe");
    chain.base_fee = U256::from(7);
    chain.advance_time(100);
    let r = send(&mut chain, p, &op(5, &[]), U256::from(55));
    assert!(r.success, "{}", r.describe());
    let o = r.output.as_ref();
    assert_eq!(o.len(), 216);
    assert_eq!(&o[0..20], Devchain::DEV_ACCOUNT.as_slice(), "msg_sender");
    assert_eq!(&o[20..40], p.as_slice(), "contract_address");
    assert_eq!(&o[40..60], Devchain::DEV_ACCOUNT.as_slice(), "tx_origin");
    assert_eq!(&o[60..80], chain.coinbase.as_slice(), "block_coinbase");
    assert_eq!(&o[80..112], &word(55), "msg_value");
    assert_eq!(&o[112..144], &word(7), "block_basefee");
    assert_eq!(&o[144..176], &word(7), "tx_gas_price");
    assert_eq!(&o[176..184], &r.block_number.to_le_bytes(), "block_number");
    assert_eq!(
        &o[184..192],
        &chain.timestamp().to_le_bytes(),
        "block_timestamp"
    );
    assert_eq!(&o[192..200], &412_346u64.to_le_bytes(), "chainid");
    assert_eq!(
        &o[200..208],
        &32_000_000u64.to_le_bytes(),
        "block_gas_limit"
    );
    assert_eq!(&o[208..212], &10_000u32.to_le_bytes(), "tx_ink_price");
    assert_eq!(&o[212..216], &0u32.to_le_bytes(), "msg_reentrant");
    assert_eq!(chain.balance(p), U256::from(55));
}

#[test]
fn native_keccak256_matches_keccak() {
    let (mut chain, p) = chain_with_hostio();
    let r = send(&mut chain, p, &op(6, &[b"abc"]), U256::ZERO);
    assert_eq!(
        r.output.as_ref(),
        alloy_primitives::keccak256(b"abc").as_slice()
    );
}

#[test]
fn emit_log_splits_topics_and_data() {
    let (mut chain, p) = chain_with_hostio();
    let r = send(
        &mut chain,
        p,
        &op(7, &[&[2], &word(1), &word(2), b"data"]),
        U256::ZERO,
    );
    assert!(r.success, "{}", r.describe());
    assert_eq!(r.logs.len(), 1);
    let log = &r.logs[0];
    assert_eq!(log.address, p);
    assert_eq!(log.topics(), &[B256::from(word(1)), B256::from(word(2))]);
    assert_eq!(log.data.data.as_ref(), b"data");
    assert_eq!(
        chain.logs().last(),
        Some(log),
        "committed to the chain's log"
    );
}

#[test]
fn emit_log_with_five_topics_fails_the_program() {
    let (mut chain, p) = chain_with_hostio();
    let r = send(&mut chain, p, &op(7, &[&[5], &[0u8; 160]]), U256::ZERO);
    assert!(!r.success);
    let err = r.error.unwrap().to_string();
    assert!(err.contains("emit_log with 5 topics"), "{err}");
    assert!(err.contains(&p.to_string()), "names the program: {err}");
}

#[test]
fn revert_returns_the_written_result() {
    let (mut chain, p) = chain_with_hostio();
    let r = send(&mut chain, p, &op(13, &[&[1, 2, 3]]), U256::ZERO);
    assert!(!r.success);
    assert_eq!(r.output.as_ref(), &[1, 2, 3]);
    assert!(r.error.unwrap().to_string().contains("0x010203"));
}

#[test]
fn exit_early_ends_with_the_given_status() {
    let (mut chain, p) = chain_with_hostio();
    let r = send(&mut chain, p, &op(14, &[&[0], b"done"]), U256::ZERO);
    assert!(r.success, "{}", r.describe());
    assert_eq!(r.output.as_ref(), b"done");
    let r = send(&mut chain, p, &op(14, &[&[1], b"nope"]), U256::ZERO);
    assert!(!r.success);
    assert_eq!(r.output.as_ref(), b"nope");
}

#[test]
fn a_trap_is_a_failure_naming_the_program() {
    let (mut chain, p) = chain_with_hostio();
    let r = send(&mut chain, p, &op(15, &[]), U256::ZERO);
    assert!(!r.success);
    let err = r.error.unwrap().to_string();
    assert!(
        err.contains("trap") && err.contains(&p.to_string()),
        "{err}"
    );
}

#[test]
fn an_out_of_bounds_pointer_is_a_failure_not_a_panic() {
    let (mut chain, p) = chain_with_hostio();
    let r = send(&mut chain, p, &op(25, &[]), U256::ZERO);
    assert!(!r.success);
    assert!(r.error.unwrap().to_string().contains("out of bounds"));
}

#[test]
fn account_hostios_read_balance_codehash_and_code() {
    let (mut chain, p) = chain_with_hostio();
    chain.fund(p, U256::from(12345));
    let r = send(&mut chain, p, &op(16, &[p.as_slice()]), U256::ZERO);
    let o = r.output.as_ref();
    assert_eq!(&o[0..32], &word(12345));
    let code = chain.code(p);
    assert_eq!(&o[32..64], alloy_primitives::keccak256(&code).as_slice());
    assert_eq!(&o[64..68], &(code.len() as u32).to_le_bytes());
    assert_eq!(&o[68..72], &4u32.to_le_bytes());
    assert_eq!(&o[72..76], &[0xEF, 0xF0, 0x00, 0x00]);
    // An account that does not exist: zero balance, zero hash, no code.
    let r = send(
        &mut chain,
        p,
        &op(16, &[Address::repeat_byte(0x55).as_slice()]),
        U256::ZERO,
    );
    assert_eq!(r.output.as_ref(), &[0u8; 76][..]);
}

#[test]
fn math_hostios_follow_evm_semantics() {
    let (mut chain, p) = chain_with_hostio();
    let (a, b, c) = (U256::from(1000), U256::from(7), U256::from(13));
    let r = send(
        &mut chain,
        p,
        &op(
            19,
            &[
                &a.to_be_bytes::<32>(),
                &b.to_be_bytes::<32>(),
                &c.to_be_bytes::<32>(),
            ],
        ),
        U256::ZERO,
    );
    let o = r.output.as_ref();
    let w = |i: usize| U256::from_be_slice(&o[i * 32..(i + 1) * 32]);
    assert_eq!(w(0), U256::from(142));
    assert_eq!(w(1), U256::from(6));
    assert_eq!(w(2), a.wrapping_pow(b));
    assert_eq!(w(3), U256::from(1007 % 13));
    assert_eq!(w(4), U256::from(7000 % 13));
    // Division and modulus by zero give zero, as in the EVM.
    let r = send(
        &mut chain,
        p,
        &op(19, &[&a.to_be_bytes::<32>(), &[0u8; 32], &[0u8; 32]]),
        U256::ZERO,
    );
    let o = r.output.as_ref();
    assert_eq!(&o[0..64], &[0u8; 64][..]);
    assert_eq!(&o[64..96], &word(1), "x ** 0 == 1");
    assert_eq!(&o[96..160], &[0u8; 64][..]);
}

#[test]
fn an_endless_loop_runs_out_of_gas() {
    let (mut chain, p) = chain_with_hostio();
    // A small limit keeps the (debug-build) spin short: 300k gas is 30M wasmi instructions.
    chain.tx_gas_limit = 300_000;
    let r = send(&mut chain, p, &op(20, &[]), U256::ZERO);
    assert!(!r.success);
    assert_eq!(r.gas_used, chain.tx_gas_limit);
    assert!(r.error.unwrap().to_string().contains("out of gas"));
}

#[test]
fn gas_and_ink_left_are_consistent() {
    let (mut chain, p) = chain_with_hostio();
    let r = send(&mut chain, p, &op(21, &[]), U256::ZERO);
    let gas = u64::from_le_bytes(r.output[0..8].try_into().unwrap());
    let ink = u64::from_le_bytes(r.output[8..16].try_into().unwrap());
    assert!(gas > 29_000_000 && gas < 30_000_000, "{gas}");
    assert!(
        ink / 10_000 >= gas - 1 && ink / 10_000 <= gas,
        "{ink} {gas}"
    );
}

#[test]
fn memory_grows_after_paying() {
    let (mut chain, p) = chain_with_hostio();
    let r = send(&mut chain, p, &op(22, &[]), U256::ZERO);
    assert!(r.success, "{}", r.describe());
    assert_eq!(
        r.output.as_ref(),
        &1u32.to_le_bytes(),
        "the program starts with 1 page"
    );
}
