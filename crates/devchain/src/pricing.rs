//! Nitro's prices for Stylus frames, each with its source file in OffchainLabs/nitro (or
//! go-ethereum's Arbitrum fork). WASM execution itself is metered by the instrumentation of
//! `stylus_wasm::instrument`; this module holds what the host and ArbOS charge.

use alloy_primitives::U256;

use crate::params::StylusParams;

/// Ink of every hostio (`arbutil/src/pricing.rs` `HOSTIO_INK`).
pub const HOSTIO_INK: u64 = 8_400;
/// Extra ink per pointer argument (`PTR_INK` = 13,440 - 8,400).
pub const PTR_INK: u64 = 5_040;
/// Extra ink of a hostio that asks the EVM side (`EVM_API_INK`).
pub const EVM_API_INK: u64 = 59_673;
/// Extra ink of `math_div` / `math_mod` (`DIV_INK`).
pub const DIV_INK: u64 = 20_000;
/// Extra ink of `math_mul_mod` (`MUL_MOD_INK`).
pub const MUL_MOD_INK: u64 = 24_100;
/// Extra ink of `math_add_mod` (`ADD_MOD_INK`).
pub const ADD_MOD_INK: u64 = 21_000;

/// Base ink of each hostio (`arbutil/src/pricing.rs` module `hostio`).
pub mod hostio {
    use super::*;
    /// `read_args`, `write_result`, `return_data_size`, the u64 getters, `msg_reentrant`,
    /// `tx_ink_price`, `evm_gas_left`, `evm_ink_left`, `pay_for_memory_grow(0)`.
    pub const PLAIN: u64 = HOSTIO_INK;
    /// Getters writing through one pointer (`msg_sender`, `block_coinbase`, ...).
    pub const ONE_PTR: u64 = HOSTIO_INK + PTR_INK;
    /// `storage_load_bytes32`, `storage_cache_bytes32`.
    pub const STORAGE: u64 = HOSTIO_INK + 2 * PTR_INK;
    /// `storage_flush_cache`, `read_return_data`, `emit_log`, `account_code(_size)`.
    pub const EVM_API: u64 = HOSTIO_INK + EVM_API_INK;
    /// `transient_*`, `account_balance`, `account_codehash`.
    pub const TWO_PTR_EVM_API: u64 = HOSTIO_INK + 2 * PTR_INK + EVM_API_INK;
    /// `call_contract`, `delegate_call_contract`, `static_call_contract`, `create1`.
    pub const CALL: u64 = HOSTIO_INK + 3 * PTR_INK + EVM_API_INK;
    /// `create2`.
    pub const CREATE2: u64 = HOSTIO_INK + 4 * PTR_INK + EVM_API_INK;
    /// `math_div`, `math_mod`.
    pub const MATH_DIV: u64 = HOSTIO_INK + 3 * PTR_INK + DIV_INK;
    /// `math_pow` (plus [`super::pow_price`]).
    pub const MATH_POW: u64 = HOSTIO_INK + 3 * PTR_INK;
    /// `math_add_mod`.
    pub const MATH_ADD_MOD: u64 = HOSTIO_INK + 4 * PTR_INK + ADD_MOD_INK;
    /// `math_mul_mod`.
    pub const MATH_MUL_MOD: u64 = HOSTIO_INK + 4 * PTR_INK + MUL_MOD_INK;
}

fn sat_add_mul(base: u64, per: u64, count: u64) -> u64 {
    base.saturating_add(per.saturating_mul(count))
}

/// Ink to copy `bytes` into the program (`write_price`).
pub fn write_price(bytes: u64) -> u64 {
    sat_add_mul(5_040, 30, bytes.saturating_sub(32))
}

/// Ink to copy `bytes` out of the program (`read_price`).
pub fn read_price(bytes: u64) -> u64 {
    sat_add_mul(16_381, 55, bytes.saturating_sub(32))
}

/// Ink of `native_keccak256` over `bytes` (`keccak_price`; includes the hostio itself).
pub fn keccak_price(bytes: u64) -> u64 {
    sat_add_mul(121_800, 21_000, bytes.div_ceil(32).saturating_sub(2))
}

/// Variable ink of `math_pow` (`pow_price`): by the exponent's significant bytes.
pub fn pow_price(exponent: &[u8; 32]) -> u64 {
    let zeros = exponent.iter().take_while(|b| **b == 0).count() as u64;
    3_000 + (33 - zeros) * 17_500
}

/// Gas of an EVM log: 375 per topic plus one, 8 per data byte (`pay_for_evm_log`).
pub fn log_gas(topics: u64, data: u64) -> u64 {
    (1 + topics) * 375 + 8 * data
}

/// Storage cache: gas of the `n`th read of a program call (free for 32, then 2, then 10)
/// (`arbutil/src/evm/storage.rs`).
pub fn cache_read_gas(n: usize) -> u64 {
    match n {
        0..=32 => 0,
        33..=128 => 2,
        _ => 10,
    }
}

/// Storage cache: gas of the `n`th write (free for 8, then 7, then 10).
pub fn cache_write_gas(n: usize) -> u64 {
    match n {
        0..=8 => 0,
        9..=64 => 7,
        _ => 10,
    }
}

/// Gas a storage-cache miss pays on top of the SLOAD (`EVM_API_INK` in gas, from ArbOS 32).
pub const CACHE_MISS_GAS: u64 = EVM_API_INK / 10_000;
/// What `storage_load_bytes32` requires left: a cold SLOAD, the access and the miss.
pub const SLOAD_REQUIRED_GAS: u64 = 2_100 + 10 + CACHE_MISS_GAS;
/// What `storage_cache_bytes32` requires left: the SSTORE sentry and the access.
pub const SSTORE_REQUIRED_GAS: u64 = 2_300 + 10;
/// What `storage_flush_cache` requires left (the EIP-2200 sentry).
pub const SSTORE_SENTRY_GAS: u64 = 2_300;

/// EIP-2929 account access, cold / warm.
pub const COLD_ACCOUNT_GAS: u64 = 2_600;
/// EIP-2929 warm access.
pub const WARM_GAS: u64 = 100;
/// EIP-2929 cold storage read.
pub const COLD_SLOAD_GAS: u64 = 2_100;
/// `account_code` / `account_code_size` add `EXTCODESIZE`'s 700 (`WasmAccountTouchCost`).
pub const EXTCODE_GAS: u64 = 700;
/// Transient storage read / write.
pub const TRANSIENT_GAS: u64 = 100;
/// Calls: the value surcharge.
pub const CALL_VALUE_GAS: u64 = 9_000;
/// Calls: value into an empty account.
pub const NEW_ACCOUNT_GAS: u64 = 25_000;
/// Calls with value: the stipend the callee gets (the caller pays for what it uses).
pub const CALL_STIPEND: u64 = 2_300;
/// `create1` / `create2` base (no EIP-3860 init-code charge on Nitro's Stylus path).
pub const CREATE_GAS: u64 = 32_000;
/// `create2`: hashing the init code, per word.
pub const KECCAK_WORD_GAS: u64 = 6;

/// Memory model (`arbos/programs/memory.go`): gas to open `new` pages when `open` are open
/// and `ever` were open at most in this transaction.
pub fn memory_gas(p: &StylusParams, new: u16, open: u16, ever: u16) -> u64 {
    let new_open = open.saturating_add(new);
    let new_ever = ever.max(new_open);
    if new_ever <= p.free_pages {
        return 0;
    }
    let credit = |pages: u16| pages.saturating_sub(p.free_pages);
    let adding = u64::from(credit(new_open).saturating_sub(credit(open)));
    let linear = adding.saturating_mul(u64::from(p.page_gas));
    linear.saturating_add(exp(new_ever).saturating_sub(exp(ever)))
}

fn exp(pages: u16) -> u64 {
    MEMORY_EXPONENTS
        .get(usize::from(pages))
        .map_or(u64::MAX, |x| u64::from(*x))
}

/// `floor(e^(ln(31,874,000) * pages / 128))`: the exponential part of the memory model.
const MEMORY_EXPONENTS: [u32; 129] = [
    1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 5, 6, 7, 8, 9, 11, 12, 14, 17, 19, 22, 25, 29, 33, 38,
    43, 50, 57, 65, 75, 85, 98, 112, 128, 147, 168, 193, 221, 253, 289, 331, 379, 434, 497, 569,
    651, 745, 853, 976, 1117, 1279, 1463, 1675, 1917, 2194, 2511, 2874, 3290, 3765, 4309, 4932,
    5645, 6461, 7395, 8464, 9687, 11087, 12689, 14523, 16621, 19024, 21773, 24919, 28521, 32642,
    37359, 42758, 48938, 56010, 64104, 73368, 83971, 96106, 109994, 125890, 144082, 164904, 188735,
    216010, 247226, 282953, 323844, 370643, 424206, 485509, 555672, 635973, 727880, 833067, 953456,
    1091243, 1248941, 1429429, 1636000, 1872423, 2143012, 2452704, 2807151, 3212820, 3677113,
    4208502, 4816684, 5512756, 6309419, 7221210, 8264766, 9459129, 10826093, 12390601, 14181199,
    16230562, 18576084, 21260563, 24332984, 27849408, 31873999,
];

/// Program init gas when not cached (`programs.go` `Program.initGas`).
pub fn init_gas(p: &StylusParams, init_cost: u16) -> u64 {
    let base = u64::from(p.min_init_gas) * 128;
    let dyno = u64::from(init_cost) * u64::from(p.init_cost_scalar) * 2;
    base + dyno.div_ceil(100)
}

/// Program init gas paid by every call from Stylus version 2 (`Program.cachedGas`).
pub fn cached_gas(p: &StylusParams, cached_cost: u16) -> u64 {
    let base = u64::from(p.min_cached_init_gas) * 32;
    let dyno = u64::from(cached_cost) * u64::from(p.cached_cost_scalar) * 2;
    base + dyno.div_ceil(100)
}

/// What an EVM `RETURN` of `size` bytes would cost in memory (`programs.go` `evmMemoryCost`):
/// a program's return data costs at least this (ArbOS StylusFixes).
pub fn evm_memory_cost(size: u64) -> u64 {
    let words = size.div_ceil(32);
    words * 3 + words * words / 512
}

/// ArbWasm's fixed activation charge (`precompiles/ArbWasm.go`).
pub const ACTIVATION_FIXED_GAS: u64 = 1_659_168;

/// Seconds since Arbitrum began at 2015-01-16 (`data_pricer.go` `ArbitrumStartTime`).
pub const ARBITRUM_START_TIME: u64 = 1_421_388_000;

/// Hours since Arbitrum began, as programs record their activation (`hoursSinceArbitrum`).
pub fn hours_since_arbitrum(time: u64) -> u32 {
    (time.saturating_sub(ARBITRUM_START_TIME) / 3_600).min(0xFF_FFFF) as u32
}

/// A program's age in seconds from its activation hour (`hoursToAge`).
pub fn hours_to_age(time: u64, hours: u32) -> u64 {
    time.saturating_sub(ARBITRUM_START_TIME + u64::from(hours) * 3_600)
}

/// The data pricer's state (`arbos/programs/data_pricer.go`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DataPricer {
    /// Bytes of demand not yet decayed.
    pub demand: u32,
    /// When the demand was last updated.
    pub last_update: u64,
}

impl Default for DataPricer {
    fn default() -> Self {
        Self {
            demand: 0,
            last_update: ARBITRUM_START_TIME,
        }
    }
}

/// Demand decays by this many bytes per second (1 TiB a year).
const DATA_BYTES_PER_SECOND: u64 = (1u64 << 40) / (365 * 24) / 3_600;
/// Wei per byte at no demand.
const DATA_MIN_PRICE: u64 = 82_928_201;
/// Demand at which the price grows by e.
const DATA_INERTIA: u64 = 21_360_419;

impl DataPricer {
    /// The pricer from its two storage words (an unset update time is Arbitrum's start).
    pub fn from_words(demand: U256, last_update: U256) -> Self {
        Self {
            demand: demand.saturating_to(),
            last_update: if last_update.is_zero() {
                ARBITRUM_START_TIME
            } else {
                last_update.saturating_to()
            },
        }
    }

    /// `UpdateModel`: adds `bytes` of demand at `time` and returns the fee in wei for them.
    pub fn update(&mut self, bytes: u32, time: u64) -> u128 {
        let passed = time
            .saturating_sub(self.last_update)
            .min(u64::from(u32::MAX));
        let credit = DATA_BYTES_PER_SECOND.saturating_mul(passed);
        let demand = u64::from(self.demand).saturating_sub(credit);
        let demand = demand
            .saturating_add(u64::from(bytes))
            .min(u64::from(u32::MAX));
        self.demand = demand as u32;
        self.last_update = time;
        let exponent = 10_000 * demand / DATA_INERTIA;
        let multiplier = approx_exp_bips(exponent, 12);
        let per_byte = DATA_MIN_PRICE.saturating_mul(multiplier) / 10_000;
        u128::from(per_byte) * u128::from(bytes)
    }
}

/// `arbmath.ApproxExpBasisPoints` for non-negative inputs: `10,000 * e^(x / 10,000)`.
fn approx_exp_bips(x: u64, accuracy: u64) -> u64 {
    let b = 10_000u64;
    let mut res = b + x / accuracy;
    for i in (1..accuracy).rev() {
        res = b + res.saturating_mul(x) / (i * b);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_model_matches_nitros_tests() {
        // memory.rs test_model: growing to 128 pages in any steps costs 31,999,998 gas.
        let p = StylusParams::default();
        for jump in [1u16, 3, 17, 64, 128] {
            let (mut total, mut pages) = (0, 0u16);
            while pages < 128 {
                let step = jump.min(128 - pages);
                total += memory_gas(&p, step, pages, pages);
                pages += step;
            }
            assert_eq!(total, 31_999_998, "jump {jump}");
        }
        assert_eq!(memory_gas(&p, 129, 0, 0), u64::MAX);
        assert_eq!(memory_gas(&p, 2, 0, 0), 0);
        // 17 pages from nothing: 15 paid pages and the ramp to 17.
        assert_eq!(memory_gas(&p, 17, 0, 0), 15 * 1_000 + 8);
    }

    #[test]
    fn init_costs_match_nitro_for_the_oracle() {
        // nitro-meter on the 76 KB oracle: init_cost 12,612, cached 1,975 -> 22,331 / 2,327 gas.
        let p = StylusParams::default();
        assert_eq!(
            init_gas(&p, 12_612) + cached_gas(&p, 1_975),
            8_832 + 12_612 + 352 + 1_975
        );
        assert_eq!(cached_gas(&p, 1_975), 2_327);
    }

    #[test]
    fn prices_of_copies_keccak_and_pow() {
        assert_eq!(write_price(32), 5_040);
        assert_eq!(write_price(100), 5_040 + 30 * 68);
        assert_eq!(read_price(4), 16_381);
        assert_eq!(keccak_price(64), 121_800);
        assert_eq!(keccak_price(65), 142_800);
        let mut exp = [0u8; 32];
        exp[31] = 2;
        assert_eq!(pow_price(&exp), 3_000 + 2 * 17_500);
    }

    #[test]
    fn data_fee_grows_with_demand() {
        let mut pricer = DataPricer::default();
        let first = pricer.update(1_000_000, 1_700_000_000);
        assert!(first > 82_928_201 * 1_000_000 / 10_000 * 10_000 / 10_000);
        let second = pricer.update(1_000_000, 1_700_000_000);
        assert!(second > first, "{second} > {first}");
        // A year later the demand has decayed.
        let later = pricer.update(1_000_000, 1_700_000_000 + 365 * 86_400);
        assert_eq!(later, first);
    }
}
