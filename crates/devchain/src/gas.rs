//! The gas model of Stylus frames (an estimate; see the crate README, "Gas").
//!
//! WASM execution is metered with wasmi fuel: one fuel unit per executed wasmi instruction
//! (wasmi's default fuel costs), priced at [`INK_PER_FUEL`] ink, with Nitro's exchange rate of
//! [`INK_PER_GAS`] ink per gas. Host I/O adds the EVM-equivalent costs below.

/// Nitro's exchange rate: ink per unit of EVM gas.
pub const INK_PER_GAS: u64 = 10_000;
/// Ink charged per unit of wasmi fuel (about one executed instruction).
pub const INK_PER_FUEL: u64 = 100;
/// Fuel units per unit of gas.
pub const FUEL_PER_GAS: u64 = INK_PER_GAS / INK_PER_FUEL;
/// Nitro's fixed ink cost of entering any hostio.
pub const HOSTIO_INK: u64 = 8_400;

/// EIP-2929 cold account access.
pub const COLD_ACCOUNT_ACCESS: u64 = 2_600;
/// EIP-2929 warm access (account or storage slot).
pub const WARM_ACCESS: u64 = 100;
/// EIP-2929 cold storage read.
pub const COLD_SLOAD: u64 = 2_100;
/// EIP-2200 sentry: an SSTORE needs more gas than this left.
pub const SSTORE_SENTRY: u64 = 2_300;
/// Transient storage load or store (EIP-1153).
pub const TRANSIENT_ACCESS: u64 = 100;
/// Value-bearing call surcharge.
pub const CALL_VALUE: u64 = 9_000;
/// Calling with value into an empty account.
pub const NEW_ACCOUNT: u64 = 25_000;
/// Stipend a value-bearing call gives the callee for free.
pub const CALL_STIPEND: u64 = 2_300;
/// CREATE / CREATE2 base cost.
pub const CREATE: u64 = 32_000;
/// EIP-3860: per 32-byte word of init code.
pub const INITCODE_WORD: u64 = 2;
/// Keccak base cost.
pub const KECCAK: u64 = 30;
/// Keccak per 32-byte word (also CREATE2 hashing).
pub const KECCAK_WORD: u64 = 6;
/// Copy cost per 32-byte word (calldata, code, return data).
pub const COPY_WORD: u64 = 3;
/// LOG base cost.
pub const LOG: u64 = 375;
/// LOG per topic.
pub const LOG_TOPIC: u64 = 375;
/// LOG per data byte.
pub const LOG_DATA_BYTE: u64 = 8;
/// Charged per page by `pay_for_memory_grow` (Nitro's `page_gas`; its exponential part and
/// free pages are not modelled).
pub const MEMORY_PAGE: u64 = 1_000;

/// Number of 32-byte words needed for `len` bytes.
pub fn words(len: usize) -> u64 {
    (len as u64).div_ceil(32)
}
