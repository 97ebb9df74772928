//! Every hostio, exercised by the hand-written program in programs/hostio.wat and checked
//! byte for byte.

mod common;

use common::*;
use stylus_devchain::{address, Address, Devchain, B256, U256};

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
    let err = r.error.unwrap();
    assert!(err.contains("emit_log with 5 topics"), "{err}");
    assert!(err.contains(&p.to_string()), "names the program: {err}");
}

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
    let mut expected = vec![1u8];
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
    // The delegated frame acts as `a`, which is already on the stack: reentrant, as on Nitro.
    assert_eq!(&env[212..216], &1u32.to_le_bytes());
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
fn calling_a_program_that_was_never_activated_fails_clearly() {
    let mut chain = Devchain::new().unwrap();
    let wasm = wat::parse_str(
        r#"(module (import "vm_hooks" "write_result" (func $w (param i32 i32)))
            (memory (export "memory") 1)
            (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0)))"#,
    )
    .unwrap();
    let init = stylus_wasm::initcode(&stylus_wasm::compress(&wasm));
    let r = chain
        .create(Devchain::DEV_ACCOUNT, &init, U256::ZERO)
        .unwrap();
    let program = r.contract_address.expect("created");
    assert!(stylus_devchain::is_stylus(&chain.code(program)));
    let r = send(&mut chain, program, &[], U256::ZERO);
    assert!(!r.success);
    assert!(r.error.unwrap().contains("not activated"));
    chain.activate(program).unwrap();
    let r = send(&mut chain, program, &[], U256::ZERO);
    assert!(r.success, "{}", r.describe());
    // A second activation is refused, as on Nitro.
    assert!(chain.activate(program).is_err());
}

#[test]
fn revert_returns_the_written_result() {
    let (mut chain, p) = chain_with_hostio();
    let r = send(&mut chain, p, &op(13, &[&[1, 2, 3]]), U256::ZERO);
    assert!(!r.success);
    assert_eq!(r.output.as_ref(), &[1, 2, 3]);
    assert!(r.error.unwrap().contains("0x010203"));
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
    let err = r.error.unwrap();
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
    assert!(r.error.unwrap().contains("out of bounds"));
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
fn transient_storage_lives_for_one_transaction() {
    let (mut chain, p) = chain_with_hostio();
    let r = send(&mut chain, p, &op(17, &[&word(8), &word(99)]), U256::ZERO);
    assert_eq!(r.output.as_ref(), &word(99));
    let r = send(&mut chain, p, &op(18, &[&word(8)]), U256::ZERO);
    assert_eq!(r.output.as_ref(), &word(0));
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
    assert!(r.error.unwrap().contains("out of gas"));
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
    assert_eq!(r.output.as_ref(), &2u32.to_le_bytes());
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

#[test]
fn invalid_programs_are_rejected_at_activation() {
    let mut chain = Devchain::new().unwrap();
    let unknown_import = wat::parse_str(
        r#"(module (import "vm_hooks" "no_such_hostio" (func (param i32)))
            (memory (export "memory") 1)
            (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0)))"#,
    )
    .unwrap();
    let err = chain
        .deploy_stylus(&unknown_import, &[], U256::ZERO)
        .unwrap_err()
        .to_string();
    assert!(err.contains("no_such_hostio"), "{err}");
    let floats = wat::parse_str(
        r#"(module (memory (export "memory") 1)
            (func (export "user_entrypoint") (param i32) (result i32)
              (drop (f32.add (f32.const 1) (f32.const 2))) (i32.const 0)))"#,
    )
    .unwrap();
    assert!(chain.deploy_stylus(&floats, &[], U256::ZERO).is_err());
}

#[test]
fn non_stylus_ef_code_is_still_rejected() {
    let mut chain = Devchain::new().unwrap();
    let r = chain
        .create(
            Devchain::DEV_ACCOUNT,
            &stylus_wasm::initcode(&[0xEF, 0x01]),
            U256::ZERO,
        )
        .unwrap();
    assert!(!r.success);
}

#[test]
fn deployer_salted_deploys_use_create2_with_the_init_salt() {
    let mut chain = Devchain::new().unwrap();
    let code = stylus_wasm::compress(&hostio_wasm());
    let salt = B256::repeat_byte(3);
    let r = chain
        .deploy_stylus_from(
            Devchain::DEV_ACCOUNT,
            &code,
            &op(0, &[b"x"]),
            U256::from(10),
            salt,
        )
        .unwrap()
        .ok()
        .unwrap();
    let expected = stylus_devchain::STYLUS_DEPLOYER.create2(
        stylus_devchain::init_salt(salt, &op(0, &[b"x"])),
        alloy_primitives::keccak256(stylus_wasm::initcode(&code)),
    );
    assert_eq!(r.contract_address, Some(expected));
    assert_eq!(
        chain.balance(expected),
        U256::from(10),
        "init value reached the program"
    );
    // ProgramActivated from ArbWasm and ContractDeployed from the deployer.
    assert!(r
        .logs
        .iter()
        .any(|l| l.address == stylus_devchain::ARB_WASM));
    assert!(r
        .logs
        .iter()
        .any(|l| l.address == stylus_devchain::STYLUS_DEPLOYER));
}

#[test]
fn a_failing_constructor_call_reverts_the_whole_deployment() {
    let mut chain = Devchain::new().unwrap();
    let err = chain
        .deploy_stylus(&hostio_wasm(), &op(13, &[b"no"]), U256::ZERO)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("ContractInitializationError(address,bytes)"),
        "{err}"
    );
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

#[test]
fn arb_wasm_reports_versions_and_activation_state() {
    use alloy_sol_types::{SolCall, SolError};
    use stylus_devchain::{IArbWasm, ARB_WASM};
    let (mut chain, p) = chain_with_hostio();
    let me = Devchain::DEV_ACCOUNT;
    let r = chain
        .call(me, ARB_WASM, &IArbWasm::stylusVersionCall {}.abi_encode())
        .unwrap();
    assert_eq!(
        IArbWasm::stylusVersionCall::abi_decode_returns(&r.output, true)
            .unwrap()
            .version,
        2
    );
    let r = chain
        .call(
            me,
            ARB_WASM,
            &IArbWasm::programVersionCall { program: p }.abi_encode(),
        )
        .unwrap();
    assert!(r.success, "{}", r.describe());
    let r = chain
        .call(
            me,
            ARB_WASM,
            &IArbWasm::programVersionCall { program: me }.abi_encode(),
        )
        .unwrap();
    assert_eq!(
        r.output.as_ref(),
        IArbWasm::ProgramNotWasm {}.abi_encode().as_slice()
    );
    let r = chain
        .call(
            me,
            ARB_WASM,
            &IArbWasm::codehashVersionCall {
                codehash: B256::repeat_byte(1),
            }
            .abi_encode(),
        )
        .unwrap();
    assert!(r.error.unwrap().contains("ProgramNotActivated()"));
    // Activating again: ProgramUpToDate, decoded by name.
    let err = chain.activate(p).unwrap_err().to_string();
    assert!(err.contains("ProgramUpToDate()"), "{err}");
}

#[test]
fn activate_program_returns_version_and_zero_data_fee() {
    use alloy_sol_types::SolCall;
    let mut chain = Devchain::new().unwrap();
    let init = stylus_wasm::initcode(&stylus_wasm::compress(&hostio_wasm()));
    let program = chain
        .create(Devchain::DEV_ACCOUNT, &init, U256::ZERO)
        .unwrap()
        .contract_address
        .unwrap();
    let r = chain.activate(program).unwrap();
    let ret = stylus_devchain::IArbWasm::activateProgramCall::abi_decode_returns(&r.output, true)
        .unwrap();
    assert_eq!((ret.version, ret.dataFee), (2, U256::ZERO));
    assert_eq!(r.logs.len(), 1, "ProgramActivated");
}
