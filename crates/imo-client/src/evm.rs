//! Hand-assembled EVM contracts the scenarios use as oracle consumers.

use alloy_primitives::Address;

/// Creation bytecode that installs `runtime` as the contract's code.
///
/// # Panics
///
/// When `runtime` is longer than 65,535 bytes.
pub fn initcode(runtime: &[u8]) -> Vec<u8> {
    let len = u16::try_from(runtime.len()).expect("runtime under 64 KiB");
    let [hi, lo] = len.to_be_bytes();
    // PUSH2 len, PUSH1 <offset of runtime>, PUSH1 0, CODECOPY, PUSH2 len, PUSH1 0, RETURN
    let mut code = vec![
        0x61, hi, lo, 0x60, 14, 0x60, 0, 0x39, 0x61, hi, lo, 0x60, 0, 0xf3,
    ];
    code.extend_from_slice(runtime);
    code
}

/// A consumer that accepts every call: `STOP`.
pub const ACCEPT: &[u8] = &[0x00];

/// A consumer whose every call reverts with the 4 bytes `0xdeadbeef`:
/// `PUSH4 deadbeef PUSH1 0 MSTORE PUSH1 4 PUSH1 28 REVERT`.
pub const REVERT: &[u8] = &[
    0x63, 0xde, 0xad, 0xbe, 0xef, 0x60, 0x00, 0x52, 0x60, 0x04, 0x60, 0x1c, 0xfd,
];

/// A consumer that, when called with any calldata, calls `target` with the fixed `calldata` and
/// `value` wei (from its own balance), and reverts when that call fails; a plain transfer (empty
/// calldata) is accepted. Used for a nested inference requested from inside a callback.
///
/// # Panics
///
/// When `calldata` is longer than 65,535 bytes.
pub fn forwarder(target: Address, calldata: &[u8], value: u128) -> Vec<u8> {
    let len = u16::try_from(calldata.len()).expect("calldata under 64 KiB");
    let [lh, ll] = len.to_be_bytes();
    // Empty calldata: jump to the final STOP (patched below): CALLDATASIZE ISZERO PUSH1 <ok> JUMPI.
    let mut code = vec![0x36, 0x15, 0x60, 0x00, 0x57];
    // Copy the embedded calldata to memory 0: PUSH2 len, PUSH2 <data offset>, PUSH1 0, CODECOPY.
    code.extend_from_slice(&[0x61, lh, ll, 0x61, 0x00, 0x00, 0x60, 0x00, 0x39]);
    let offset_at = 9; // patched below
                       // CALL(gas, target, value, 0, len, 0, 0)
    code.extend_from_slice(&[0x60, 0x00, 0x60, 0x00, 0x61, lh, ll, 0x60, 0x00]);
    code.push(0x6f); // PUSH16 value
    code.extend_from_slice(&value.to_be_bytes());
    code.push(0x73); // PUSH20 target
    code.extend_from_slice(target.as_slice());
    code.extend_from_slice(&[0x5a, 0xf1]); // GAS CALL
                                           // Success -> STOP, else REVERT(0, 0): PUSH1 <ok> JUMPI, PUSH1 0 PUSH1 0 REVERT, JUMPDEST STOP.
    let ok = u8::try_from(code.len() + 8).expect("short code");
    code[3] = ok;
    code.extend_from_slice(&[0x60, ok, 0x57]);
    code.extend_from_slice(&[0x60, 0x00, 0x60, 0x00, 0xfd, 0x5b, 0x00]);
    let data_offset = u16::try_from(code.len()).expect("short code").to_be_bytes();
    code[offset_at..offset_at + 2].copy_from_slice(&data_offset);
    code.extend_from_slice(calldata);
    code
}
