//! Helpers shared by the integration tests.
#![allow(dead_code)]

use stylus_devchain::{Address, Devchain, Receipt, U256};

/// The hand-written hostio program (see programs/hostio.wat for the operations).
pub const HOSTIO_WAT: &str = include_str!("../programs/hostio.wat");

/// The hostio program as WASM.
pub fn hostio_wasm() -> Vec<u8> {
    wat::parse_str(HOSTIO_WAT).expect("hostio.wat parses")
}

/// A chain with the hostio program deployed and activated.
pub fn chain_with_hostio() -> (Devchain, Address) {
    let mut chain = Devchain::new().expect("devchain");
    let program = chain
        .deploy_stylus(&hostio_wasm(), &[], U256::ZERO)
        .expect("deploy hostio program");
    (chain, program)
}

/// Calldata for operation `op` of the hostio program.
pub fn op(op: u8, parts: &[&[u8]]) -> Vec<u8> {
    let mut data = vec![op];
    for p in parts {
        data.extend_from_slice(p);
    }
    data
}

/// Sends `data` to `to` from the dev account.
pub fn send(chain: &mut Devchain, to: Address, data: &[u8], value: U256) -> Receipt {
    chain
        .send(Devchain::DEV_ACCOUNT, to, data, value)
        .expect("valid transaction")
}

/// A 32-byte big-endian word.
pub fn word(v: u64) -> [u8; 32] {
    U256::from(v).to_be_bytes()
}

/// `address` left-padded to a 32-byte word.
pub fn addr_word(a: Address) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[12..].copy_from_slice(a.as_slice());
    w
}

/// EVM runtime code of a forwarder: `counter (slot 0) += 1`, then CALL the address in
/// calldata word 0 with the rest of the calldata and all of CALLVALUE, store the call's success
/// in slot 1, and return the callee's return data (whether it succeeded or not).
pub fn forwarder_runtime() -> Vec<u8> {
    vec![
        0x60, 0x00, 0x54, 0x60, 0x01, 0x01, 0x60, 0x00, 0x55, // sstore(0, sload(0) + 1)
        0x60, 0x20, 0x36, 0x03, // len = calldatasize - 32
        0x80, 0x60, 0x20, 0x60, 0x00, 0x37, // calldatacopy(0, 32, len)
        0x60, 0x00, 0x60, 0x00, // retSize, retOffset
        0x82, 0x60, 0x00, // argsSize = len, argsOffset = 0
        0x34, // value = callvalue
        0x60, 0x00, 0x35, // to = calldataload(0)
        0x5a, 0xf1, // gas, CALL
        0x60, 0x01, 0x55, // sstore(1, success)
        0x3d, 0x60, 0x00, 0x60, 0x00, 0x3e, // returndatacopy(0, 0, returndatasize)
        0x3d, 0x60, 0x00, 0xf3, // return(0, returndatasize)
    ]
}

/// Same as [`forwarder_runtime`] but with STATICCALL (no value).
pub fn static_forwarder_runtime() -> Vec<u8> {
    vec![
        0x60, 0x20, 0x36, 0x03, // len = calldatasize - 32
        0x80, 0x60, 0x20, 0x60, 0x00, 0x37, // calldatacopy(0, 32, len)
        0x60, 0x00, 0x60, 0x00, // retSize, retOffset
        0x82, 0x60, 0x00, // argsSize = len, argsOffset = 0
        0x60, 0x00, 0x35, // to = calldataload(0)
        0x5a, 0xfa, // gas, STATICCALL
        0x60, 0x01, 0x55, // sstore(1, success)
        0x3d, 0x60, 0x00, 0x60, 0x00, 0x3e, // returndatacopy(0, 0, returndatasize)
        0x3d, 0x60, 0x00, 0xf3, // return(0, returndatasize)
    ]
}

/// Same as [`static_forwarder_runtime`] but with DELEGATECALL.
pub fn delegate_forwarder_runtime() -> Vec<u8> {
    let mut code = static_forwarder_runtime();
    let at = code.iter().position(|b| *b == 0xfa).expect("STATICCALL");
    code[at] = 0xf4;
    code
}

/// Deploys EVM runtime code through a creation transaction.
pub fn deploy_evm_runtime(chain: &mut Devchain, runtime: &[u8]) -> Address {
    chain
        .deploy_evm(&stylus_wasm::initcode(runtime), U256::ZERO)
        .expect("deploy EVM contract")
}

/// EVM runtime code that counts its frames in slot 0 and, while calldata word 0 (`n`) is not
/// zero, calls itself with `n - 1` and all its gas.
pub fn recursive_runtime() -> Vec<u8> {
    vec![
        0x60, 0x00, 0x54, 0x60, 0x01, 0x01, 0x60, 0x00, 0x55, // sstore(0, sload(0) + 1)
        0x60, 0x00, 0x35, 0x80, 0x15, 0x60, 0x27,
        0x57, // n = calldataload(0); if n == 0 jump end
        0x60, 0x01, 0x90, 0x03, 0x60, 0x00, 0x52, // mstore(0, n - 1)
        0x60, 0x00, 0x60, 0x00, 0x60, 0x20, 0x60, 0x00, 0x60,
        0x00, // ret 0 0, args 0 32, value 0
        0x30, 0x5a, 0xf1, 0x50, 0x00, // call(gas, address, ...), pop, stop
        0x5b, 0x00, // end: jumpdest, stop
    ]
}

/// Runs `f` on a thread with only `bytes` of native stack (the devchain must not need more,
/// however deep the frames nest).
pub fn on_small_stack<T: Send + 'static>(
    bytes: usize,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let handle = std::thread::Builder::new()
        .stack_size(bytes)
        .spawn(f)
        .expect("spawns");
    match handle.join() {
        Ok(v) => v,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}
