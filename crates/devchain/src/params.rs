//! The chain's Stylus parameters: Nitro's ArbOS values (`arbos/programs/params.go`) and the
//! devchain's own switches.

use alloy_primitives::{address, Address};

/// ArbOS's Stylus parameters, with the values a Nitro chain has after the ArbOS 50 upgrade.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StylusParams {
    /// Stylus version programs are activated against (`stylusVersion`).
    pub version: u16,
    /// Ink per gas (`inkPrice`).
    pub ink_price: u32,
    /// Stack budget of a program call in words (`maxStackDepth`; 22,000 from ArbOS 50).
    pub max_stack_depth: u32,
    /// WASM pages a transaction opens for free (`freePages`).
    pub free_pages: u16,
    /// Gas per page beyond the free ones (`pageGas`).
    pub page_gas: u16,
    /// The exponential ramp of memory costs (`pageRamp`; reported only, the table is fixed).
    pub page_ramp: u64,
    /// Most pages a program may start with (`pageLimit`).
    pub page_limit: u16,
    /// Minimum init cost when not cached, in units of 128 gas (`minInitGas`).
    pub min_init_gas: u8,
    /// Minimum init cost when cached, in units of 32 gas (`minCachedInitGas`).
    pub min_cached_init_gas: u8,
    /// Scale of the uncached init cost, in 2% units (`initCostScalar`).
    pub init_cost_scalar: u8,
    /// Scale of the cached init cost, in 2% units (`cachedCostScalar`).
    pub cached_cost_scalar: u8,
    /// Days after activation a program expires (`expiryDays`).
    pub expiry_days: u16,
    /// Days after activation a keepalive is allowed (`keepaliveDays`).
    pub keepalive_days: u16,
    /// Programs cached per block by recent use (`blockCacheSize`).
    pub block_cache_size: u16,
    /// Largest decompressed module (`maxWasmSize`).
    pub max_wasm_size: u32,
}

impl Default for StylusParams {
    fn default() -> Self {
        Self {
            version: 2,
            ink_price: 10_000,
            max_stack_depth: 22_000,
            free_pages: 2,
            page_gas: 1_000,
            page_ramp: 620_674_314,
            page_limit: 128,
            min_init_gas: 69,
            min_cached_init_gas: 11,
            init_cost_scalar: 50,
            cached_cost_scalar: 50,
            expiry_days: 365,
            keepalive_days: 31,
            block_cache_size: 32,
            max_wasm_size: 128 * 1024,
        }
    }
}

/// The devchain's switches around Nitro's rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainConfig {
    /// Treat every program as cached (as if the CacheManager held all of them): for measuring
    /// the cached case of every call at once. Default `false`.
    pub all_programs_cached: bool,
    /// Nitro's per-block cache of recently used programs (ArbOS 60: a program entered earlier in
    /// the same block pays the cached init cost). Each devchain transaction is its own block, so
    /// this applies within a transaction. Default `false` (ArbOS 50, what Arbitrum runs).
    pub recent_programs_cached: bool,
    /// Who receives activation data fees (ArbOS's network fee account).
    pub network_fee_account: Address,
    /// The chain owner: may manage the program cache through ArbWasmCache.
    pub chain_owner: Address,
}

/// Stand-in for the network fee account: ArbOS's own address, `0x…0A4B05`.
pub const NETWORK_FEE_ACCOUNT: Address = address!("00000000000000000000000000000000000A4B05");

impl Default for ChainConfig {
    fn default() -> Self {
        Self {
            all_programs_cached: false,
            recent_programs_cached: false,
            network_fee_account: NETWORK_FEE_ACCOUNT,
            chain_owner: address!("3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E"),
        }
    }
}
