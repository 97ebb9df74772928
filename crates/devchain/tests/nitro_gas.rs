//! Nitro's gas schedule, rule by rule, each figure worked out by hand from Nitro's tables
//! (sources in the crate README). Each test would fail on the old devchain's pricing.

mod common;

use alloy_sol_types::SolCall;
use common::*;
use stylus_devchain::{pricing, Devchain, IArbWasmCache, ARB_WASM_CACHE, U256};

/// A program whose entry point runs `body` between two `evm_ink_left` reads and returns the
/// ink spent in between (as 8 bytes, little endian).
fn ink_probe(body: &str, extra_imports: &str) -> Vec<u8> {
    wat::parse_str(format!(
        r#"(module
             (import "vm_hooks" "evm_ink_left" (func $ink (result i64)))
             (import "vm_hooks" "write_result" (func $out (param i32 i32)))
             {extra_imports}
             (memory (export "memory") 1 1)
             (func (export "user_entrypoint") (param i32) (result i32)
               (local $a i64)
               (local.set $a (call $ink))
               {body}
               (i64.store (i32.const 0) (i64.sub (local.get $a) (call $ink)))
               (call $out (i32.const 0) (i32.const 8))
               (i32.const 0)))"#
    ))
    .unwrap()
}

fn ink_spent(body: &str, extra_imports: &str) -> u64 {
    let mut chain = Devchain::new().unwrap();
    let p = chain
        .deploy_stylus(&ink_probe(body, extra_imports), &[], U256::ZERO)
        .unwrap();
    let r = send(&mut chain, p, &[], U256::ZERO);
    assert!(r.success, "{}", r.describe());
    u64::from_le_bytes(r.output[..8].try_into().unwrap())
}

/// The ink between the two reads: the block from `local.set` to the second `call $ink`
/// (`local.set` 210, the body, `i32.const` 1, `local.get` 75, `call` 3,800, header 2,450) and
/// the second `evm_ink_left` (8,400).
fn around(body_ink: u64) -> u64 {
    210 + body_ink + 1 + 75 + 3_800 + 2_450 + pricing::HOSTIO_INK
}

#[test]
fn every_operator_pays_its_own_ink_and_each_block_2450() {
    // i32.const 1 + i32.const 1 + i32.add 70 + drop 9 (the old devchain: 100 ink per operator).
    let spent = ink_spent("(drop (i32.add (i32.const 1) (i32.const 2)))", "");
    assert_eq!(spent, around(1 + 1 + 70 + 9));
    // i64.mul 160, i64.div_u 1,270, a second block through `br_if` (765) and its header.
    let spent = ink_spent(
        "(block (br_if 0 (i32.const 0))) (drop (i64.div_u (i64.mul (i64.const 3) (i64.const 4)) (i64.const 2)))",
        "",
    );
    // `block` 1 + const 1 + `br_if` 765 end the first block (+2,450); the block's `end` (1) is
    // a block of its own (+2,450); the constants, mul, div and drop join the last block.
    let first = 1 + 1 + 765 + 2_450;
    let end = 1 + 2_450;
    assert_eq!(spent, around(first + end + 1 + 1 + 160 + 1 + 1_270 + 9));
}

#[test]
fn memory_copy_pays_100_ink_per_byte() {
    let spent = ink_spent(
        "(memory.copy (i32.const 100) (i32.const 2000) (i32.const 1000))",
        "",
    );
    assert_eq!(spent, around(1 + 1 + 1 + 950) + 100 * 1_000);
}

#[test]
fn keccak_costs_121800_ink_up_to_two_words_then_21000_per_word() {
    let import = r#"(import "vm_hooks" "native_keccak256" (func $k (param i32 i32 i32)))"#;
    // The call to keccak ends a block: its operators and header are inside the measurement.
    let block = 1 + 1 + 1 + 3_800 + 2_450;
    let spent = ink_spent(
        "(call $k (i32.const 0) (i32.const 64) (i32.const 100))",
        import,
    );
    assert_eq!(spent, around(0) + block + 121_800);
    let spent = ink_spent(
        "(call $k (i32.const 0) (i32.const 96) (i32.const 100))",
        import,
    );
    assert_eq!(spent, around(0) + block + 142_800);
}

#[test]
fn a_cold_storage_read_pays_the_sload_and_the_cache_miss() {
    let import = r#"(import "vm_hooks" "storage_load_bytes32" (func $l (param i32 i32)))"#;
    let block = 1 + 1 + 3_800 + 2_450;
    let spent = ink_spent("(call $l (i32.const 0) (i32.const 32))", import);
    // 18,480 ink of hostio, 2,100 gas cold SLOAD + 5 gas cache miss.
    assert_eq!(spent, around(0) + block + 18_480 + (2_100 + 5) * 10_000);
}

#[test]
fn entering_a_program_pays_its_init_cost_unless_it_is_cached() {
    let (mut chain, p) = chain_with_hostio();
    let info = chain.program_info(p).unwrap();
    let params = chain.stylus_params();
    let m = chain
        .send_measured(Devchain::DEV_ACCOUNT, p, &op(0, &[b"x"]), U256::ZERO)
        .unwrap();
    assert!(m.uncached.success && m.cached.success);
    let uncached_part = pricing::init_gas(&params, info.record.init_cost);
    assert_eq!(m.uncached.gas_used - m.cached.gas_used, uncached_part);
    assert_eq!(
        m.uncached.breakdown.program_init,
        uncached_part + pricing::cached_gas(&params, info.record.cached_cost)
    );
    // 69 * 128 + 11 * 32 gas at least: the old devchain charged nothing to enter.
    assert!(m.uncached.breakdown.program_init >= 8_832 + 352);
    assert_eq!(
        info.init_gas.1,
        pricing::cached_gas(&params, info.record.cached_cost)
    );
}

#[test]
fn a_17_page_program_pays_15008_gas_of_memory_and_2_pages_are_free() {
    let pages = |n: u32| {
        wat::parse_str(format!(
            r#"(module (memory (export "memory") {n} {n})
                 (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0)))"#
        ))
        .unwrap()
    };
    let mut chain = Devchain::new().unwrap();
    let big = chain.deploy_stylus(&pages(17), &[], U256::ZERO).unwrap();
    let small = chain.deploy_stylus(&pages(2), &[], U256::ZERO).unwrap();
    let r = send(&mut chain, big, &[], U256::ZERO);
    assert_eq!(r.breakdown.memory_init, 15_008, "{}", r.describe());
    assert_eq!(chain.program_info(big).unwrap().memory_gas, 15_008);
    let r = send(&mut chain, small, &[], U256::ZERO);
    assert_eq!(r.breakdown.memory_init, 0);
}

#[test]
fn memory_growth_pays_the_memory_model() {
    let wasm = wat::parse_str(
        r#"(module
             (import "vm_hooks" "pay_for_memory_grow" (func (param i32)))
             (memory (export "memory") 2)
             (func (export "user_entrypoint") (param i32) (result i32)
               (drop (memory.grow (i32.const 3))) (i32.const 0)))"#,
    )
    .unwrap();
    let mut chain = Devchain::new().unwrap();
    let p = chain.deploy_stylus(&wasm, &[], U256::ZERO).unwrap();
    let r = send(&mut chain, p, &[], U256::ZERO);
    assert!(r.success, "{}", r.describe());
    // 2 pages open, 3 more: 3 beyond the 2 free pages at 1,000 each, the ramp from 2 to 5 is 0.
    assert_eq!(r.breakdown.memory_grow, 3_000);
}

#[test]
fn the_cache_manager_and_the_chain_owner_cache_programs() {
    let (mut chain, p) = chain_with_hostio();
    let info = chain.program_info(p).unwrap();
    let before = send(&mut chain, p, &op(0, &[b"x"]), U256::ZERO).gas_used;
    // A stranger may not.
    let stranger = stylus_devchain::address!("00000000000000000000000000000000005e1f00");
    chain.fund(stranger, U256::from(10u64.pow(18)));
    let call = IArbWasmCache::cacheProgramCall { addr: p }.abi_encode();
    let r = chain
        .send(stranger, ARB_WASM_CACHE, &call, U256::ZERO)
        .unwrap();
    assert!(!r.success);
    // A cache manager may.
    chain.add_cache_manager(stranger);
    let r = chain
        .send(stranger, ARB_WASM_CACHE, &call, U256::ZERO)
        .unwrap();
    assert!(r.success, "{}", r.describe());
    assert_eq!(r.logs.len(), 1, "UpdateProgramCache");
    let is = IArbWasmCache::codehashIsCachedCall {
        codehash: info.code_hash,
    }
    .abi_encode();
    let r = chain.call(stranger, ARB_WASM_CACHE, &is).unwrap();
    assert!(
        IArbWasmCache::codehashIsCachedCall::abi_decode_returns(&r.output, true)
            .unwrap()
            ._0
    );
    let after = send(&mut chain, p, &op(0, &[b"x"]), U256::ZERO).gas_used;
    assert_eq!(before - after, info.init_gas.0 - info.init_gas.1);
    // The devchain's own switch does the same without a transaction.
    chain.evict_program(p).unwrap();
    assert_eq!(
        send(&mut chain, p, &op(0, &[b"x"]), U256::ZERO).gas_used,
        before
    );
    chain.cache_program(p).unwrap();
    assert_eq!(
        send(&mut chain, p, &op(0, &[b"x"]), U256::ZERO).gas_used,
        after
    );
}

#[test]
fn programs_used_earlier_in_the_block_are_cached_with_the_arbos_60_rule() {
    let (mut chain, p) = chain_with_hostio();
    let info = chain.program_info(p).unwrap();
    let data = op(8, &[p.as_slice(), &word(0), &op(0, &[b"x"])]);
    let off = send(&mut chain, p, &data, U256::ZERO);
    let mut config = chain.config();
    config.recent_programs_cached = true;
    chain.set_config(config);
    let on = send(&mut chain, p, &data, U256::ZERO);
    assert_eq!(off.breakdown.program_init, 2 * info.init_gas.0);
    assert_eq!(on.breakdown.program_init, info.init_gas.0 + info.init_gas.1);
}

#[test]
fn a_value_call_costs_9000_more_and_the_caller_pays_for_the_stipend() {
    let (mut chain, p) = chain_with_hostio();
    let eoa = stylus_devchain::address!("00000000000000000000000000000000000e0a00");
    chain.fund(eoa, U256::from(1));
    chain.fund(p, U256::from(1_000));
    let without = send(
        &mut chain,
        p,
        &op(8, &[eoa.as_slice(), &word(0)]),
        U256::ZERO,
    );
    let with = send(
        &mut chain,
        p,
        &op(8, &[eoa.as_slice(), &word(1)]),
        U256::ZERO,
    );
    assert!(without.success && with.success);
    // 9,000 for the value, 12 for the non-zero calldata byte; the unused stipend is not a
    // discount (the old devchain returned it: 2,300 less).
    assert_eq!(with.gas_used - without.gas_used, 9_000 + 12);
}

#[test]
fn account_code_pays_700_on_top_of_the_access() {
    let (mut chain, p) = chain_with_hostio();
    let other = chain
        .deploy_stylus(&hostio_wasm(), &[], U256::ZERO)
        .unwrap();
    let r = send(&mut chain, p, &op(16, &[other.as_slice()]), U256::ZERO);
    assert!(r.success, "{}", r.describe());
    // balance: cold 2,600; codehash: warm 100; code size: 100 + 700; code: the same account's
    // code is read once (0).
    assert_eq!(r.breakdown.account_access, 2_600 + 100 + 800);
}

#[test]
fn a_log_pays_375_per_topic_plus_one_and_8_per_byte() {
    let (mut chain, p) = chain_with_hostio();
    let r = send(
        &mut chain,
        p,
        &op(7, &[&[2], &word(1), &word(2), b"data"]),
        U256::ZERO,
    );
    assert_eq!(r.breakdown.logs, 375 * 3 + 8 * 4);
}

#[test]
fn create_has_no_init_code_word_charge() {
    let (mut chain, p) = chain_with_hostio();
    let init = [0x60, 0x00, 0x60, 0x00, 0xf3]; // return(0, 0)
    let padded = [&init[..], &[0u8; 3_200]].concat();
    let short = send(&mut chain, p, &op(11, &[&word(0), &init]), U256::ZERO);
    let long = send(&mut chain, p, &op(11, &[&word(0), &padded]), U256::ZERO);
    assert!(short.success && long.success);
    // 3,200 zero bytes of calldata (12,800) and of hostio copies (~45 gas); EIP-3860 would add
    // 200 more (2 per word).
    let diff = long.gas_used - short.gas_used;
    assert!((12_840..12_850).contains(&diff), "{diff}");
}

#[test]
fn writing_back_the_loaded_value_flushes_nothing() {
    let (mut chain, p) = chain_with_hostio();
    send(&mut chain, p, &op(2, &[&word(4), &word(44)]), U256::ZERO);
    let r = send(&mut chain, p, &op(28, &[&word(4)]), U256::ZERO);
    assert!(r.success, "{}", r.describe());
    assert_eq!(r.breakdown.storage_load, 2_100);
    assert_eq!(
        r.breakdown.storage_store, 0,
        "no SSTORE for an unchanged slot"
    );
    assert_eq!(chain.storage(p, U256::from(4)), U256::from(44));
}
