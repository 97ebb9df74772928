//! Activated programs: ArbOS's record of each code hash (kept in ArbWasm's storage, so it is
//! journaled like any state), the data pricer, and the cache of compiled modules.
//!
//! The record has Nitro's layout (`arbos/programs/programs.go` `setProgram`): version,
//! init cost, cached cost, footprint, activation hour (24 bits), asm estimate in KiB (24 bits),
//! cached flag.

use std::rc::Rc;

use revm::primitives::{keccak256, Address, B256, U256};
use stylus_wasm::instrument::ProgramCosts;

use crate::{
    context::{Compiled, Ctx, EvmErr, Shared},
    params::StylusParams,
    pricing::{self, DataPricer},
    receipt::ProgramFailureKind,
};

/// The ArbWasm precompile, whose storage holds the program records.
pub const ARB_WASM: Address =
    revm::primitives::address!("0000000000000000000000000000000000000071");

/// ArbOS's record of an activated code hash.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProgramRecord {
    /// Stylus version it was activated against (0: never activated).
    pub version: u16,
    /// Uncached init cost units.
    pub init_cost: u16,
    /// Cached init cost units.
    pub cached_cost: u16,
    /// Initial pages.
    pub footprint: u16,
    /// Hours since Arbitrum began, at activation or the last keepalive.
    pub activated_at: u32,
    /// Asm estimate in KiB.
    pub asm_estimate_kb: u32,
    /// Held by the cache manager.
    pub cached: bool,
}

impl ProgramRecord {
    /// A fresh record for a program activated at `time`.
    pub fn new(version: u16, costs: &ProgramCosts, time: u64, cached: bool) -> Self {
        Self {
            version,
            init_cost: costs.init_cost,
            cached_cost: costs.cached_init_cost,
            footprint: costs.footprint,
            activated_at: pricing::hours_since_arbitrum(time),
            asm_estimate_kb: costs.asm_estimate.div_ceil(1024),
            cached,
        }
    }

    /// The storage word.
    pub fn encode(&self) -> U256 {
        let mut w = [0u8; 32];
        w[0..2].copy_from_slice(&self.version.to_be_bytes());
        w[2..4].copy_from_slice(&self.init_cost.to_be_bytes());
        w[4..6].copy_from_slice(&self.cached_cost.to_be_bytes());
        w[6..8].copy_from_slice(&self.footprint.to_be_bytes());
        w[8..11].copy_from_slice(&self.activated_at.to_be_bytes()[1..]);
        w[11..14].copy_from_slice(&self.asm_estimate_kb.to_be_bytes()[1..]);
        w[14] = u8::from(self.cached);
        U256::from_be_bytes(w)
    }

    /// Reads a storage word.
    pub fn decode(word: U256) -> Self {
        let w = word.to_be_bytes::<32>();
        let u16_at = |i: usize| u16::from_be_bytes([w[i], w[i + 1]]);
        let u24_at = |i: usize| u32::from_be_bytes([0, w[i], w[i + 1], w[i + 2]]);
        Self {
            version: u16_at(0),
            init_cost: u16_at(2),
            cached_cost: u16_at(4),
            footprint: u16_at(6),
            activated_at: u24_at(8),
            asm_estimate_kb: u24_at(11),
            cached: w[14] != 0,
        }
    }

    /// Seconds since activation (or the last keepalive).
    pub fn age(&self, time: u64) -> u64 {
        pricing::hours_to_age(time, self.activated_at)
    }

    /// Whether the program can run at `time` (`getActiveProgram`).
    pub fn check_active(&self, time: u64, p: &StylusParams) -> Result<(), ProgramFailureKind> {
        if self.version == 0 {
            return Err(ProgramFailureKind::NotActivated);
        }
        if self.version != p.version {
            return Err(ProgramFailureKind::NeedsUpgrade {
                version: self.version,
                stylus_version: p.version,
            });
        }
        let age = self.age(time);
        if age > u64::from(p.expiry_days) * 86_400 {
            return Err(ProgramFailureKind::Expired { age_seconds: age });
        }
        Ok(())
    }

    /// Uncached and cached init gas (`programInitGas`'s order: the uncached figure includes the
    /// cached part from Stylus version 2).
    pub fn init_gas(&self, p: &StylusParams) -> (u64, u64) {
        let cached = pricing::cached_gas(p, self.cached_cost);
        (pricing::init_gas(p, self.init_cost) + cached, cached)
    }
}

/// Storage slot of a code hash's record.
pub fn record_slot(code_hash: B256) -> U256 {
    U256::from_be_bytes(code_hash.0)
}

/// Storage slot of a code hash's module hash.
pub fn module_hash_slot(code_hash: B256) -> U256 {
    U256::from_be_bytes(keccak256([code_hash.as_slice(), b"module"].concat()).0)
}

/// Storage slot of the data pricer's demand.
pub const PRICER_DEMAND_SLOT: u64 = 1;
/// Storage slot of the data pricer's last update.
pub const PRICER_UPDATE_SLOT: u64 = 2;

fn sload(ctx: &mut Ctx, slot: U256) -> Result<U256, EvmErr> {
    ctx.evm.load_account(ARB_WASM)?;
    Ok(ctx.evm.sload(ARB_WASM, slot)?.data)
}

fn sstore(ctx: &mut Ctx, slot: U256, value: U256) -> Result<(), EvmErr> {
    ctx.evm.load_account(ARB_WASM)?;
    ctx.evm.sstore(ARB_WASM, slot, value)?;
    // Only touched accounts are committed.
    ctx.evm.journaled_state.touch(&ARB_WASM);
    Ok(())
}

/// The record of `code_hash` (all zero when never activated).
pub(crate) fn record(ctx: &mut Ctx, code_hash: B256) -> Result<ProgramRecord, EvmErr> {
    Ok(ProgramRecord::decode(sload(ctx, record_slot(code_hash))?))
}

/// Writes the record of `code_hash`.
pub(crate) fn set_record(
    ctx: &mut Ctx,
    code_hash: B256,
    record: &ProgramRecord,
) -> Result<(), EvmErr> {
    sstore(ctx, record_slot(code_hash), record.encode())
}

/// Writes the module hash of `code_hash`.
pub(crate) fn set_module_hash(ctx: &mut Ctx, code_hash: B256, hash: B256) -> Result<(), EvmErr> {
    sstore(
        ctx,
        module_hash_slot(code_hash),
        U256::from_be_bytes(hash.0),
    )
}

/// Runs the data pricer for `bytes` at `time` and stores its new state; returns the fee in wei.
pub(crate) fn data_fee(ctx: &mut Ctx, bytes: u32, time: u64) -> Result<U256, EvmErr> {
    let demand = sload(ctx, U256::from(PRICER_DEMAND_SLOT))?;
    let update = sload(ctx, U256::from(PRICER_UPDATE_SLOT))?;
    let mut pricer = DataPricer::from_words(demand, update);
    let fee = pricer.update(bytes, time);
    sstore(
        ctx,
        U256::from(PRICER_DEMAND_SLOT),
        U256::from(pricer.demand),
    )?;
    sstore(
        ctx,
        U256::from(PRICER_UPDATE_SLOT),
        U256::from(pricer.last_update),
    )?;
    Ok(U256::from(fee))
}

/// Decompresses, validates (Nitro's rules, shared with `cargo xtask wasm`), instruments and
/// compiles a program's code; caches it by `code_hash`.
pub(crate) fn compile(
    shared: &Shared,
    code_hash: B256,
    code: &[u8],
) -> Result<Rc<Compiled>, String> {
    let wasm = stylus_wasm::decompress(code).map_err(|e| format!("invalid program code: {e}"))?;
    let (_, activated) = stylus_wasm::validate_and_activate(&wasm, stylus_wasm::HostioSet::Nitro)
        .map_err(|e| format!("program fails Nitro's activation rules: {e}"))?;
    let page_limit = shared.params.borrow().page_limit;
    if activated.costs.footprint > page_limit {
        return Err(format!(
            "memory exceeds limit: {} > {page_limit} pages",
            activated.costs.footprint
        ));
    }
    let module = wasmi::Module::new(&shared.engine, &activated.module)
        .map_err(|e| format!("program does not compile: {e}"))?;
    let compiled = Rc::new(Compiled {
        module,
        costs: activated.costs,
    });
    shared
        .modules
        .borrow_mut()
        .insert(code_hash, compiled.clone());
    Ok(compiled)
}

/// The compiled program for `code_hash`, from the cache or compiled now (for programs whose
/// record exists but whose module this process has not compiled, e.g. installed state).
pub(crate) fn compiled(
    shared: &Shared,
    code_hash: B256,
    code: &[u8],
) -> Result<Rc<Compiled>, String> {
    if let Some(c) = shared.modules.borrow().get(&code_hash) {
        return Ok(c.clone());
    }
    compile(shared, code_hash, code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_layout_round_trips() {
        let r = ProgramRecord {
            version: 2,
            init_cost: 12_612,
            cached_cost: 1_975,
            footprint: 17,
            activated_at: 0x12_3456,
            asm_estimate_kb: 1_222,
            cached: true,
        };
        assert_eq!(ProgramRecord::decode(r.encode()), r);
        assert_eq!(r.encode().to_be_bytes::<32>()[0..2], [0, 2]);
    }

    #[test]
    fn programs_expire_after_a_year() {
        let p = StylusParams::default();
        let costs = ProgramCosts::default();
        let r = ProgramRecord::new(2, &costs, 1_700_000_000, false);
        assert!(r.check_active(1_700_000_000 + 364 * 86_400, &p).is_ok());
        assert!(matches!(
            r.check_active(1_700_000_000 + 366 * 86_400, &p),
            Err(ProgramFailureKind::Expired { .. })
        ));
        assert_eq!(
            ProgramRecord::default().check_active(0, &p),
            Err(ProgramFailureKind::NotActivated)
        );
    }
}
