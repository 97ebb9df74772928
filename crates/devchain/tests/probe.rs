//! The sdk 0.9 fixture (crates/devchain-probe) running as compiled WASM: the ABI router,
//! `#[payable]`, named errors, events, calls of every kind and the SDK's reentrancy guard.
//!
//! Needs the artifacts from
//!   cargo xtask wasm -p devchain-probe
//!   cargo xtask wasm -p devchain-probe --features reentrant --name devchain_probe_reentrant

mod common;

use alloy_sol_types::{sol, SolCall, SolError, SolEvent};
use common::*;
use stylus_devchain::{
    address, constructor_calldata, load_artifact, Address, Bytes, Devchain, U256,
};

sol! {
    interface IProbe {
        function counter() external view returns (uint256);
        function increment() external returns (uint256);
        function deposit() external payable returns (uint256);
        function fail(uint256 code) external;
        function mint(address to, uint256 amount) external;
        function callOther(address target, bytes data, uint256 value) external payable returns (bytes);
        function staticCallOther(address target, bytes data) external view returns (bytes);
        function delegateCallOther(address target, bytes data) external returns (bytes);
        function sendValue(address to, uint256 amount) external;
        function reenter() external returns (uint256);
        function transfer(address to, uint256 value) external returns (bool);
        function balanceOf(address account) external view returns (uint256);
        event Incremented(address indexed caller, uint256 value);
        error Boom(uint256 code);
    }
}

use IProbe::*;

const GUARDED: &str = "devchain-probe";
const GUARDED_CMD: &str = "cargo xtask wasm -p devchain-probe";
const REENTRANT: &str = "devchain_probe_reentrant";
const REENTRANT_CMD: &str =
    "cargo xtask wasm -p devchain-probe --features reentrant --name devchain_probe_reentrant";

fn wasm(name: &str, cmd: &str) -> Vec<u8> {
    load_artifact(name, cmd).unwrap_or_else(|e| panic!("{e:#}"))
}

fn chain_with(name: &str, cmd: &str, count: usize) -> (Devchain, Vec<Address>) {
    let mut chain = Devchain::new().unwrap();
    chain.register_sol_error::<Boom>();
    let code = wasm(name, cmd);
    let programs = (0..count)
        .map(|_| chain.deploy_stylus(&code, &[], U256::ZERO).unwrap())
        .collect();
    (chain, programs)
}

fn counter(chain: &mut Devchain, p: Address) -> U256 {
    let r = chain
        .call(Devchain::DEV_ACCOUNT, p, &counterCall {}.abi_encode())
        .unwrap();
    counterCall::abi_decode_returns(&r.output, true).unwrap()._0
}

#[test]
fn increment_persists_and_emits_the_event() {
    let (mut chain, p) = chain_with(GUARDED, GUARDED_CMD, 1);
    let r = send(&mut chain, p[0], &incrementCall {}.abi_encode(), U256::ZERO);
    assert!(r.success, "{}", r.describe());
    assert_eq!(
        incrementCall::abi_decode_returns(&r.output, true)
            .unwrap()
            ._0,
        U256::from(1)
    );
    assert_eq!(counter(&mut chain, p[0]), U256::from(1));
    let event = Incremented::decode_log_data(&r.logs[0].data, true).unwrap();
    assert_eq!(event.caller, Devchain::DEV_ACCOUNT);
    assert_eq!(event.value, U256::from(1));
}

#[test]
fn value_sent_to_a_non_payable_method_reverts() {
    let (mut chain, p) = chain_with(GUARDED, GUARDED_CMD, 1);
    let r = send(
        &mut chain,
        p[0],
        &incrementCall {}.abi_encode(),
        U256::from(1),
    );
    assert!(!r.success, "non-payable increment() accepted value");
    assert_eq!(counter(&mut chain, p[0]), U256::ZERO);
    assert_eq!(chain.balance(p[0]), U256::ZERO);
    // The #[payable] method takes it.
    let r = send(
        &mut chain,
        p[0],
        &depositCall {}.abi_encode(),
        U256::from(5),
    );
    assert!(r.success, "{}", r.describe());
    assert_eq!(
        depositCall::abi_decode_returns(&r.output, true).unwrap()._0,
        U256::from(5)
    );
    assert_eq!(chain.balance(p[0]), U256::from(5));
}

#[test]
fn named_errors_are_returned_and_decoded() {
    let (mut chain, p) = chain_with(GUARDED, GUARDED_CMD, 1);
    let r = send(
        &mut chain,
        p[0],
        &failCall {
            code: U256::from(7),
        }
        .abi_encode(),
        U256::ZERO,
    );
    assert!(!r.success);
    assert_eq!(
        r.output.as_ref(),
        Boom {
            code: U256::from(7)
        }
        .abi_encode()
        .as_slice()
    );
    let err = r.error.unwrap().to_string();
    assert!(err.contains("Boom(uint256)"), "{err}");
}

#[test]
fn unknown_selectors_revert() {
    let (mut chain, p) = chain_with(GUARDED, GUARDED_CMD, 1);
    let r = send(&mut chain, p[0], &[0xde, 0xad, 0xbe, 0xef], U256::ZERO);
    assert!(!r.success);
}

#[test]
fn call_other_runs_the_callee_as_itself() {
    let (mut chain, p) = chain_with(GUARDED, GUARDED_CMD, 2);
    let data = callOtherCall {
        target: p[1],
        data: incrementCall {}.abi_encode().into(),
        value: U256::ZERO,
    }
    .abi_encode();
    let r = send(&mut chain, p[0], &data, U256::ZERO);
    assert!(r.success, "{}", r.describe());
    assert_eq!(counter(&mut chain, p[1]), U256::from(1));
    assert_eq!(counter(&mut chain, p[0]), U256::ZERO);
    assert_eq!(r.logs[0].address, p[1]);
    let event = Incremented::decode_log_data(&r.logs[0].data, true).unwrap();
    assert_eq!(
        event.caller, p[0],
        "the callee sees the caller program as msg.sender"
    );
}

#[test]
fn call_other_bubbles_the_callee_revert_and_rolls_it_back() {
    let (mut chain, p) = chain_with(GUARDED, GUARDED_CMD, 2);
    let data = callOtherCall {
        target: p[1],
        data: failCall {
            code: U256::from(3),
        }
        .abi_encode()
        .into(),
        value: U256::ZERO,
    }
    .abi_encode();
    let r = send(&mut chain, p[0], &data, U256::ZERO);
    assert!(!r.success);
    assert_eq!(
        r.output.as_ref(),
        Boom {
            code: U256::from(3)
        }
        .abi_encode()
        .as_slice()
    );
}

#[test]
fn call_other_with_value_pays_a_payable_method_only() {
    let (mut chain, p) = chain_with(GUARDED, GUARDED_CMD, 2);
    let pay = |inner: Vec<u8>| {
        callOtherCall {
            target: p[1],
            data: inner.into(),
            value: U256::from(40),
        }
        .abi_encode()
    };
    let r = send(
        &mut chain,
        p[0],
        &pay(depositCall {}.abi_encode()),
        U256::from(100),
    );
    assert!(r.success, "{}", r.describe());
    assert_eq!(chain.balance(p[1]), U256::from(40));
    assert_eq!(chain.balance(p[0]), U256::from(60));
    let r = send(
        &mut chain,
        p[0],
        &pay(incrementCall {}.abi_encode()),
        U256::from(100),
    );
    assert!(!r.success, "value into non-payable increment() must revert");
    assert_eq!(chain.balance(p[1]), U256::from(40));
}

#[test]
fn static_call_other_reads_but_cannot_write() {
    let (mut chain, p) = chain_with(GUARDED, GUARDED_CMD, 2);
    send(&mut chain, p[1], &incrementCall {}.abi_encode(), U256::ZERO);
    let read = staticCallOtherCall {
        target: p[1],
        data: counterCall {}.abi_encode().into(),
    };
    let r = send(&mut chain, p[0], &read.abi_encode(), U256::ZERO);
    assert!(r.success, "{}", r.describe());
    let out: Bytes = staticCallOtherCall::abi_decode_returns(&r.output, true)
        .unwrap()
        ._0;
    assert_eq!(out.as_ref(), &word(1));
    let write = staticCallOtherCall {
        target: p[1],
        data: incrementCall {}.abi_encode().into(),
    };
    let r = send(&mut chain, p[0], &write.abi_encode(), U256::ZERO);
    assert!(!r.success, "a write inside a static call must fail");
    assert_eq!(counter(&mut chain, p[1]), U256::from(1));
}

/// Nitro does not count delegate-call frames for `msg_reentrant`: a program delegate-calling a
/// program built without `reentrant` (a proxy and its implementation) works, and the code runs
/// on the caller's storage. (The old devchain refused it as reentrant.)
#[test]
fn delegate_call_into_a_guarded_program_works_as_on_nitro() {
    let (mut chain, p) = chain_with(GUARDED, GUARDED_CMD, 2);
    let data = delegateCallOtherCall {
        target: p[1],
        data: incrementCall {}.abi_encode().into(),
    }
    .abi_encode();
    let r = send(&mut chain, p[0], &data, U256::ZERO);
    assert!(r.success, "{}", r.describe());
    assert_eq!(counter(&mut chain, p[0]), U256::from(1));
    assert_eq!(counter(&mut chain, p[1]), U256::ZERO);
}

#[test]
fn delegate_call_other_runs_the_code_on_the_callers_storage() {
    let (mut chain, p) = chain_with(REENTRANT, REENTRANT_CMD, 2);
    let data = delegateCallOtherCall {
        target: p[1],
        data: incrementCall {}.abi_encode().into(),
    }
    .abi_encode();
    let r = send(&mut chain, p[0], &data, U256::ZERO);
    assert!(r.success, "{}", r.describe());
    assert_eq!(counter(&mut chain, p[0]), U256::from(1));
    assert_eq!(counter(&mut chain, p[1]), U256::ZERO);
    assert_eq!(r.logs[0].address, p[0]);
    let event = Incremented::decode_log_data(&r.logs[0].data, true).unwrap();
    assert_eq!(event.caller, Devchain::DEV_ACCOUNT, "msg.sender is kept");
}

#[test]
fn send_value_pays_accounts_and_fails_on_contracts_without_receive() {
    let (mut chain, p) = chain_with(GUARDED, GUARDED_CMD, 2);
    chain.fund(p[0], U256::from(1_000));
    let alice = address!("00000000000000000000000000000000000a11ce");
    let r = send(
        &mut chain,
        p[0],
        &sendValueCall {
            to: alice,
            amount: U256::from(300),
        }
        .abi_encode(),
        U256::ZERO,
    );
    assert!(r.success, "{}", r.describe());
    assert_eq!(chain.balance(alice), U256::from(300));
    let r = send(
        &mut chain,
        p[0],
        &sendValueCall {
            to: p[1],
            amount: U256::from(300),
        }
        .abi_encode(),
        U256::ZERO,
    );
    assert!(!r.success, "the probe has no receive function");
    assert_eq!(chain.balance(p[0]), U256::from(700));
}

#[test]
fn the_sdk_guard_reverts_a_reentrant_call() {
    let (mut chain, p) = chain_with(GUARDED, GUARDED_CMD, 1);
    let r = send(&mut chain, p[0], &reenterCall {}.abi_encode(), U256::ZERO);
    assert!(
        !r.success,
        "reentrant increment() must be refused without `reentrant`"
    );
    assert_eq!(counter(&mut chain, p[0]), U256::ZERO);
}

#[test]
fn the_reentrant_build_allows_reentry() {
    let (mut chain, p) = chain_with(REENTRANT, REENTRANT_CMD, 1);
    let r = send(&mut chain, p[0], &reenterCall {}.abi_encode(), U256::ZERO);
    assert!(r.success, "{}", r.describe());
    assert_eq!(
        reenterCall::abi_decode_returns(&r.output, true).unwrap()._0,
        U256::from(1)
    );
    assert_eq!(counter(&mut chain, p[0]), U256::from(1));
    let event = Incremented::decode_log_data(&r.logs[0].data, true).unwrap();
    assert_eq!(event.caller, p[0]);
}

#[test]
fn evm_code_calls_the_sdk_program() {
    let (mut chain, p) = chain_with(GUARDED, GUARDED_CMD, 1);
    let f = deploy_evm_runtime(&mut chain, &forwarder_runtime());
    let data = [addr_word(p[0]).as_slice(), &incrementCall {}.abi_encode()].concat();
    let r = send(&mut chain, f, &data, U256::ZERO);
    assert!(r.success, "{}", r.describe());
    assert_eq!(r.output.as_ref(), &word(1));
    assert_eq!(chain.storage(f, U256::from(1)), U256::from(1));
}

#[test]
fn erc20_transfers_move_balances() {
    let (mut chain, p) = chain_with(GUARDED, GUARDED_CMD, 1);
    let me = Devchain::DEV_ACCOUNT;
    let bob = address!("0000000000000000000000000000000000000b0b");
    send(
        &mut chain,
        p[0],
        &mintCall {
            to: me,
            amount: U256::from(1_000),
        }
        .abi_encode(),
        U256::ZERO,
    )
    .ok()
    .unwrap();
    let r = send(
        &mut chain,
        p[0],
        &transferCall {
            to: bob,
            value: U256::from(250),
        }
        .abi_encode(),
        U256::ZERO,
    );
    assert!(r.success, "{}", r.describe());
    let bal = |chain: &mut Devchain, who| {
        let r = chain
            .call(me, p[0], &balanceOfCall { account: who }.abi_encode())
            .unwrap();
        balanceOfCall::abi_decode_returns(&r.output, true)
            .unwrap()
            ._0
    };
    assert_eq!(bal(&mut chain, bob), U256::from(250));
    assert_eq!(bal(&mut chain, me), U256::from(750));
    // Over the balance: OZ's named error.
    let r = send(
        &mut chain,
        p[0],
        &transferCall {
            to: bob,
            value: U256::from(10_000),
        }
        .abi_encode(),
        U256::ZERO,
    );
    assert!(!r.success);
    chain.register_error("ERC20InsufficientBalance(address,uint256,uint256)");
    assert!(chain
        .decode_revert(&r.output)
        .contains("ERC20InsufficientBalance"));
}

#[test]
fn deploy_runs_the_sdk_constructor_once() {
    let mut chain = Devchain::new().unwrap();
    let code = wasm(GUARDED, GUARDED_CMD);
    let ctor = constructor_calldata(&word(41));
    let p = chain.deploy_stylus(&code, &ctor, U256::ZERO).unwrap();
    assert_eq!(counter(&mut chain, p), U256::from(41));
    // The SDK's constructor guard refuses a second run.
    let r = send(&mut chain, p, &ctor, U256::ZERO);
    assert!(!r.success, "constructor ran twice");
    // Value for a non-payable constructor makes the whole deployment fail.
    let err = chain
        .deploy_stylus(&code, &ctor, U256::from(1))
        .unwrap_err();
    assert!(
        err.to_string().contains("ContractInitializationError"),
        "{err}"
    );
}

#[test]
fn a_missing_artifact_names_the_command_that_builds_it() {
    let err = load_artifact("no-such-artifact", "cargo xtask wasm -p no-such-crate")
        .unwrap_err()
        .to_string();
    assert!(err.contains("cargo xtask wasm -p no-such-crate"), "{err}");
    assert!(err.contains("no-such-artifact.wasm"), "{err}");
}
