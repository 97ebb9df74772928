//! ArbWasmCache (`precompiles/ArbWasmCache.go`, `programs.go` `SetProgramCached`): cache
//! managers and the chain owner mark programs cached (they then pay the cached init cost).

use alloy_sol_types::{SolCall, SolError, SolEvent, SolInterface};
use revm::{
    interpreter::{CallInputs, InterpreterResult},
    primitives::{keccak256, Address, Bytes, Log, B256, U256},
};

use super::{
    burn, event_gas, precompile, storage_gas, Burner, IArbWasm, IArbWasmCache,
    IArbWasmCache::IArbWasmCacheCalls as Calls, Outcome, ARB_WASM_CACHE,
};
use crate::{
    context::{Ctx, EvmErr},
    programs,
};

/// Storage slot of a cache manager's membership.
fn manager_slot(manager: Address) -> U256 {
    U256::from_be_bytes(keccak256(manager.as_slice()).0)
}

/// Storage slot of the list of managers (length), then its items.
const MANAGERS_SLOT: u64 = 0;

fn sload(ctx: &mut Ctx, slot: U256) -> Result<U256, EvmErr> {
    ctx.evm.load_account(ARB_WASM_CACHE)?;
    Ok(ctx.evm.sload(ARB_WASM_CACHE, slot)?.data)
}

/// Whether `manager` is a cache manager.
fn is_manager(ctx: &mut Ctx, manager: Address) -> Result<bool, EvmErr> {
    Ok(!sload(ctx, manager_slot(manager))?.is_zero())
}

/// Every cache manager.
fn managers(ctx: &mut Ctx) -> Result<Vec<Address>, EvmErr> {
    let count = sload(ctx, U256::from(MANAGERS_SLOT))?.saturating_to::<u64>();
    (1..=count)
        .map(|i| {
            let word = sload(ctx, U256::from(MANAGERS_SLOT + i))?;
            Ok(Address::from_word(B256::from(word.to_be_bytes())))
        })
        .collect()
}

/// Adds a cache manager (the chain owner's `ArbOwner.addWasmCacheManager`), in `db` directly.
pub(crate) fn add_manager(db: &mut crate::context::Db, manager: Address) {
    use revm::DatabaseRef;
    if !db
        .storage_ref(ARB_WASM_CACHE, manager_slot(manager))
        .unwrap_or_default()
        .is_zero()
    {
        return;
    }
    let count = db
        .storage_ref(ARB_WASM_CACHE, U256::from(MANAGERS_SLOT))
        .unwrap_or_default()
        .saturating_to::<u64>()
        + 1;
    let _ = db.insert_account_storage(ARB_WASM_CACHE, manager_slot(manager), U256::from(1));
    let _ = db.insert_account_storage(ARB_WASM_CACHE, U256::from(MANAGERS_SLOT), U256::from(count));
    let _ = db.insert_account_storage(
        ARB_WASM_CACHE,
        U256::from(MANAGERS_SLOT + count),
        U256::from_be_bytes(manager.into_word().0),
    );
}

/// Runs a call to ArbWasmCache.
pub(super) fn call(ctx: &mut Ctx, inputs: &CallInputs) -> Result<InterpreterResult, EvmErr> {
    let input = inputs.input.clone();
    let (caller, is_static, paid) = (
        inputs.caller,
        inputs.is_static,
        !inputs.call_value().is_zero(),
    );
    precompile(ctx, inputs, |ctx, b| {
        let Ok(call) = Calls::abi_decode(&input, true) else {
            return Ok(Outcome::BurnOut);
        };
        let writes = matches!(call, Calls::cacheProgram(_) | Calls::evictCodehash(_));
        if paid || (writes && is_static) {
            return Ok(Outcome::BurnOut);
        }
        if b.burn(storage_gas::OPEN + super::copy_gas(input.len() - 4))
            .is_err()
        {
            return Ok(Outcome::BurnOut);
        }
        Ok(match call {
            Calls::isCacheManager(c) => {
                burn!(b, storage_gas::READ);
                let yes = is_manager(ctx, c.manager)?;
                Outcome::Ok(IArbWasmCache::isCacheManagerCall::abi_encode_returns(&(yes,)).into())
            }
            Calls::allCacheManagers(_) => {
                let list = managers(ctx)?;
                burn!(b, storage_gas::READ * (1 + list.len() as u64));
                Outcome::Ok(
                    IArbWasmCache::allCacheManagersCall::abi_encode_returns(&(list,)).into(),
                )
            }
            Calls::codehashIsCached(c) => {
                burn!(b, storage_gas::PARAMS + storage_gas::READ);
                let cached = programs::record(ctx, c.codehash)?.cached;
                Outcome::Ok(
                    IArbWasmCache::codehashIsCachedCall::abi_encode_returns(&(cached,)).into(),
                )
            }
            Calls::cacheProgram(c) => {
                let (hash, _) = code_hash(ctx, c.addr)?;
                set_cached(ctx, b, caller, hash, true)?
            }
            Calls::evictCodehash(c) => set_cached(ctx, b, caller, c.codehash, false)?,
        })
    })
}

fn code_hash(ctx: &mut Ctx, address: Address) -> Result<(B256, bool), EvmErr> {
    let load = ctx.evm.code_hash(address)?;
    Ok((load.data, load.is_cold))
}

/// `SetProgramCached`: managers and the chain owner only; an expired or outdated program
/// cannot be cached; pays the program's init cost.
fn set_cached(
    ctx: &mut Ctx,
    b: &mut Burner,
    caller: Address,
    hash: B256,
    cache: bool,
) -> Result<Outcome, EvmErr> {
    burn!(b, storage_gas::READ * 2);
    let owner = ctx.external.shared.config.borrow().chain_owner;
    if caller != owner && !is_manager(ctx, caller)? {
        return Ok(Outcome::Revert);
    }
    burn!(b, storage_gas::PARAMS + storage_gas::READ);
    let params = ctx.external.shared.params.borrow().clone();
    let time = ctx.evm.env.block.timestamp.saturating_to::<u64>();
    let mut record = programs::record(ctx, hash)?;
    if cache {
        if record.version != params.version {
            let e = IArbWasm::ProgramNeedsUpgrade {
                version: record.version,
                stylusVersion: params.version,
            };
            return Ok(Outcome::Error(Bytes::from(e.abi_encode())));
        }
        let age = record.age(time);
        if age > u64::from(params.expiry_days) * 86_400 {
            let e = IArbWasm::ProgramExpired { ageInSeconds: age };
            return Ok(Outcome::Error(Bytes::from(e.abi_encode())));
        }
    }
    if record.cached == cache {
        return Ok(Outcome::Ok(Bytes::new()));
    }
    let event = IArbWasmCache::UpdateProgramCache {
        manager: caller,
        codehash: hash,
        cached: cache,
    };
    burn!(b, event_gas(3, 32));
    ctx.evm.journaled_state.log(Log {
        address: ARB_WASM_CACHE,
        data: event.encode_log_data(),
    });
    burn!(
        b,
        u64::from(record.init_cost) + storage_gas::READ + storage_gas::WRITE
    );
    record.cached = cache;
    programs::set_record(ctx, hash, &record)?;
    Ok(Outcome::Ok(Bytes::new()))
}
