//! Activation through ArbWasm and the StylusDeployer: validation, data fee, versions, views.

mod common;

use common::*;
use stylus_devchain::{Devchain, FailureKind, ProgramFailureKind, B256, U256};

#[test]
fn calling_a_program_that_was_never_activated_consumes_all_gas() {
    let mut chain = Devchain::new().unwrap();
    let wasm = wat::parse_str(
        r#"(module (import "vm_hooks" "write_result" (func $w (param i32 i32)))
            (memory (export "memory") 1 1)
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
    // Nitro: a non-revert error (ProgramNotActivated), all gas consumed, no return data.
    assert_eq!(r.gas_used, chain.tx_gas_limit, "{}", r.describe());
    assert!(r.output.is_empty());
    let err = r.error.unwrap();
    assert_eq!(err.program_kind(), Some(&ProgramFailureKind::NotActivated));
    assert!(err.to_string().contains("not activated"), "{err}");
    chain.activate(program).unwrap();
    let r = send(&mut chain, program, &[], U256::ZERO);
    assert!(r.success, "{}", r.describe());
    // A second activation is refused, as on Nitro.
    assert!(chain.activate(program).is_err());
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
    // An account without a program: ArbWasm reports it not activated (as Nitro does, rather
    // than ProgramNotWasm).
    let r = chain
        .call(
            me,
            ARB_WASM,
            &IArbWasm::programVersionCall { program: me }.abi_encode(),
        )
        .unwrap();
    assert_eq!(
        r.output.as_ref(),
        IArbWasm::ProgramNotActivated {}.abi_encode().as_slice()
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
    assert!(r
        .error
        .unwrap()
        .to_string()
        .contains("ProgramNotActivated()"));
    // Activating again: ProgramUpToDate, decoded by name.
    let err = chain.activate(p).unwrap_err().to_string();
    assert!(err.contains("ProgramUpToDate()"), "{err}");
}

#[test]
fn activate_program_charges_the_data_fee_and_returns_the_rest() {
    use alloy_sol_types::{SolCall, SolError};
    use stylus_devchain::{IArbWasm, ARB_WASM};
    let mut chain = Devchain::new().unwrap();
    let code = stylus_wasm::compress(&hostio_wasm());
    let init = stylus_wasm::initcode(&code);
    let program = chain
        .create(Devchain::DEV_ACCOUNT, &init, U256::ZERO)
        .unwrap()
        .contract_address
        .unwrap();
    let fee = chain.data_fee(&code).expect("not yet active");
    assert!(fee > U256::ZERO);
    let call = IArbWasm::activateProgramCall { program }.abi_encode();
    // Too little value: ProgramInsufficientValue(have, want), nothing activated.
    let r = send(&mut chain, ARB_WASM, &call, fee - U256::from(1));
    assert!(!r.success);
    assert_eq!(
        r.output.as_ref(),
        IArbWasm::ProgramInsufficientValue {
            have: fee - U256::from(1),
            want: fee,
        }
        .abi_encode()
        .as_slice()
    );
    assert!(matches!(r.error.unwrap().kind, FailureKind::Revert(_)));
    // Enough: the fee goes to the network account, the rest comes back.
    let network = chain.config().network_fee_account;
    let before = chain.balance(Devchain::DEV_ACCOUNT);
    let r = send(&mut chain, ARB_WASM, &call, fee + U256::from(1_000));
    assert!(r.success, "{}", r.describe());
    let ret = IArbWasm::activateProgramCall::abi_decode_returns(&r.output, true).unwrap();
    assert_eq!((ret.version, ret.dataFee), (2, fee));
    assert_eq!(chain.balance(network), fee);
    assert_eq!(chain.balance(Devchain::DEV_ACCOUNT), before - fee);
    assert_eq!(r.logs.len(), 1, "ProgramActivated");
    // Nitro's activation gas: 1,659,168 fixed + the compilation estimate + ArbOS's records.
    let costs = stylus_wasm::instrument::activate(&hostio_wasm())
        .unwrap()
        .costs;
    assert!(
        r.gas_used > 21_000 + 1_659_168 + costs.activation_gas,
        "{}",
        r.gas_used
    );
}

#[test]
fn an_invalid_program_burns_all_gas_at_activation_without_revert_data() {
    let mut chain = Devchain::new().unwrap();
    // Growable memory without `pay_for_memory_grow`: Nitro's heap bound refuses it.
    let wasm = wat::parse_str(
        r#"(module (memory (export "memory") 1)
            (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0)))"#,
    )
    .unwrap();
    let init = stylus_wasm::initcode(&stylus_wasm::compress(&wasm));
    let program = chain
        .create(Devchain::DEV_ACCOUNT, &init, U256::ZERO)
        .unwrap()
        .contract_address
        .unwrap();
    let r = chain.activate(program).unwrap_err().to_string();
    assert!(r.contains("reverted without data"), "{r}");
    use alloy_sol_types::SolCall;
    let call = stylus_devchain::IArbWasm::activateProgramCall { program }.abi_encode();
    let r = send(&mut chain, stylus_devchain::ARB_WASM, &call, U256::ZERO);
    assert!(!r.success);
    assert!(r.output.is_empty());
    assert_eq!(r.gas_used, chain.tx_gas_limit, "all gas burnt");
    assert!(r.error.unwrap().to_string().contains("pay_for_memory_grow"));
}
