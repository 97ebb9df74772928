//! EIP-1167 minimal proxies ("clones") of deployed, activated Stylus programs, and the one-shot
//! initialization that replaces a clone's constructor.
//!
//! A clone is 45 bytes of EVM code that delegate-calls every call to its implementation, so the
//! implementation's code runs on the clone's storage, balance and address. A Stylus contract meant
//! to be cloned takes an `initialize(...)` instead of a `#[constructor]` (a clone's creation runs
//! no Stylus code), guarded by [`initializable`]:
//!
//! - once per contract: a stored flag, set by the first `initialize`;
//! - never on the implementation itself: `initialize` refuses to run where the executing
//!   account's own code is longer than a minimal proxy (the implementation's code is the program,
//!   thousands of bytes; a clone's is 45). No constructor has to be remembered at deployment to
//!   lock the implementation, and a clone can be initialized by the transaction that creates it,
//!   so nobody can front-run it.
#![allow(deprecated)] // stylus-sdk 0.9's `contract::address` and `AddressVM`, as in `call`.

use alloy_primitives::Address;
use stylus_sdk::types::AddressVM;

/// Length of a clone's runtime code.
pub const RUNTIME_LEN: usize = 45;

/// A clone's runtime code before the implementation's address.
pub const RUNTIME_PREFIX: [u8; 10] = [0x36, 0x3d, 0x3d, 0x37, 0x3d, 0x3d, 0x3d, 0x36, 0x3d, 0x73];

/// A clone's runtime code after the implementation's address.
pub const RUNTIME_SUFFIX: [u8; 15] = [
    0x5a, 0xf4, 0x3d, 0x82, 0x80, 0x3e, 0x90, 0x3d, 0x91, 0x60, 0x2b, 0x57, 0xfd, 0x5b, 0xf3,
];

/// Creation code that returns the runtime code: `RETURNDATASIZE PUSH1 0x2d DUP1 PUSH1 0x0a
/// RETURNDATASIZE CODECOPY DUP2 RETURN` (copies the 45 bytes that follow it and returns them).
pub const INIT_PREFIX: [u8; 10] = [0x3d, 0x60, 0x2d, 0x80, 0x60, 0x0a, 0x3d, 0x39, 0x81, 0xf3];

/// Length of a clone's creation code.
pub const INIT_LEN: usize = INIT_PREFIX.len() + RUNTIME_LEN;

/// The runtime code of a clone of `implementation`.
#[must_use]
pub fn runtime_code(implementation: Address) -> [u8; RUNTIME_LEN] {
    let mut code = [0u8; RUNTIME_LEN];
    code[..10].copy_from_slice(&RUNTIME_PREFIX);
    code[10..30].copy_from_slice(implementation.as_slice());
    code[30..].copy_from_slice(&RUNTIME_SUFFIX);
    code
}

/// The creation code (for CREATE / CREATE2) of a clone of `implementation`.
#[must_use]
pub fn init_code(implementation: Address) -> [u8; INIT_LEN] {
    let mut code = [0u8; INIT_LEN];
    code[..INIT_PREFIX.len()].copy_from_slice(&INIT_PREFIX);
    code[INIT_PREFIX.len()..].copy_from_slice(&runtime_code(implementation));
    code
}

/// Why `initialize` may not run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InitError {
    /// The contract was initialized already.
    AlreadyInitialized,
    /// This is the implementation, not a clone: it stays uninitialized forever.
    Implementation,
}

/// Whether `initialize` may run on the executing contract, whose stored initialization flag is
/// `initialized`; set the flag when it returns `Ok`.
///
/// # Errors
///
/// [`InitError::AlreadyInitialized`] after a first initialization, [`InitError::Implementation`]
/// when the executing account's code is longer than a clone's (see the module documentation).
pub fn initializable(initialized: bool) -> Result<(), InitError> {
    if initialized {
        return Err(InitError::AlreadyInitialized);
    }
    if stylus_sdk::contract::address().code_size() > RUNTIME_LEN {
        return Err(InitError::Implementation);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clone_code_is_eip_1167() {
        let implementation = Address::repeat_byte(0xbe);
        let code = init_code(implementation);
        let hex: alloc::string::String = code.iter().map(|b| alloc::format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "3d602d80600a3d3981f3363d3d373d3d3d363d73bebebebebebebebebebebebebebebebebebebebe5af43d82803e903d91602b57fd5bf3"
        );
        assert_eq!(runtime_code(implementation).len(), 45);
    }
}
