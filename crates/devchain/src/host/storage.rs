//! Storage through Nitro's per-call cache, and transient storage.

use revm::{
    interpreter::gas::sstore_refund,
    primitives::{B256, U256},
};
use wasmi::{Error, Linker};

use super::*;
use crate::{
    context::SPEC,
    pricing::{self, hostio},
};

/// `storage_load_bytes32`: through the cache; a miss pays the SLOAD (2,100 cold / 100 warm)
/// and 5 gas; every read pays the cache's read charge.
fn load(c: &mut C, key: i32, dest: i32) -> Result<(), Error> {
    buy_ink(c, hostio::STORAGE)?;
    require_gas(c, pricing::SLOAD_REQUIRED_GAS)?;
    let key = read32(c, key)?;
    let cache = &mut c.data_mut().cache;
    cache.reads += 1;
    let mut cost = pricing::cache_read_gas(cache.reads);
    let value = if let Some(word) = cache.slots.get(&key) {
        word.value
    } else {
        let address = c.data().frame.address;
        let load = c
            .data_mut()
            .ctx()?
            .evm
            .sload(address, U256::from_be_bytes(key.0))
            .map_err(fatal)?;
        let sload = if load.is_cold {
            pricing::COLD_SLOAD_GAS
        } else {
            pricing::WARM_GAS
        };
        cost += pricing::CACHE_MISS_GAS + sload;
        account_gas(c, |g| g.storage_load += sload);
        let value = B256::from(load.data.to_be_bytes());
        c.data_mut().cache.slots.insert(
            key,
            Word {
                value,
                known: Some(value),
            },
        );
        value
    };
    buy_gas(c, cost)?;
    write(c, dest, value.as_slice())
}

/// `storage_cache_bytes32`: writes the cache only; pays the cache's write charge.
fn cache(c: &mut C, key: i32, value: i32) -> Result<(), Error> {
    buy_ink(c, hostio::STORAGE)?;
    require_gas(c, pricing::SSTORE_REQUIRED_GAS)?;
    let key = read32(c, key)?;
    let value = read32(c, value)?;
    let cache = &mut c.data_mut().cache;
    cache.writes += 1;
    let cost = pricing::cache_write_gas(cache.writes);
    cache
        .slots
        .entry(key)
        .and_modify(|w| w.value = value)
        .or_insert(Word { value, known: None });
    buy_gas(c, cost)
}

/// EIP-2929/2200 SSTORE cost without the sentry (go-ethereum `WasmStateStoreCost`).
fn store_cost(result: &revm::interpreter::SStoreResult, is_cold: bool) -> u64 {
    let cold = if is_cold { pricing::COLD_SLOAD_GAS } else { 0 };
    let (original, present, new) = (
        result.original_value,
        result.present_value,
        result.new_value,
    );
    cold + if present == new {
        pricing::WARM_GAS
    } else if original == present {
        if original.is_zero() {
            20_000
        } else {
            5_000 - pricing::COLD_SLOAD_GAS
        }
    } else {
        pricing::WARM_GAS
    }
}

/// `storage_flush_cache(clear)`: writes the dirty slots (value differs from the known one)
/// with SSTORE pricing. In a static call, dirty slots fail the program.
fn flush(c: &mut C, clear: i32) -> Result<(), Error> {
    buy_ink(c, hostio::EVM_API)?;
    require_gas(c, pricing::SSTORE_SENTRY_GAS)?;
    let budget = gas_left(c)? + 1;
    let mut dirty = Vec::new();
    for (key, word) in &mut c.data_mut().cache.slots {
        if Some(word.value) != word.known {
            dirty.push((*key, word.value));
            word.known = Some(word.value);
        }
    }
    if clear != 0 {
        c.data_mut().cache.slots.clear();
    }
    if dirty.is_empty() {
        return Ok(());
    }
    if c.data().frame.is_static {
        return Err(fault("storage write in a static call (write protection)"));
    }
    let address = c.data().frame.address;
    let mut left = budget;
    for (key, value) in dirty {
        let ctx = c.data_mut().ctx()?;
        let load = ctx
            .evm
            .sstore(
                address,
                U256::from_be_bytes(key.0),
                U256::from_be_bytes(value.0),
            )
            .map_err(fatal)?;
        let cost = store_cost(&load.data, load.is_cold);
        if cost > left {
            left = 0;
            break;
        }
        left -= cost;
        account_gas(c, |g| g.storage_store += cost);
        c.data_mut().refund += sstore_refund(SPEC, &load.data);
    }
    // Out of gas: the whole budget (gas left + 1) is charged, which the program cannot pay.
    buy_gas(c, budget - left)
}

fn transient_load(c: &mut C, key: i32, dest: i32) -> Result<(), Error> {
    buy_ink(c, hostio::TWO_PTR_EVM_API)?;
    buy_gas(c, pricing::TRANSIENT_GAS)?;
    let key = read_u256(c, key)?;
    let address = c.data().frame.address;
    let value = c.data_mut().ctx()?.evm.tload(address, key);
    write(c, dest, &value.to_be_bytes::<32>())
}

fn transient_store(c: &mut C, key: i32, value: i32) -> Result<(), Error> {
    buy_ink(c, hostio::TWO_PTR_EVM_API)?;
    buy_gas(c, pricing::TRANSIENT_GAS)?;
    let key = read_u256(c, key)?;
    let value = read_u256(c, value)?;
    if c.data().frame.is_static {
        return Err(fault(
            "transient storage write in a static call (write protection)",
        ));
    }
    let address = c.data().frame.address;
    c.data_mut().ctx()?.evm.tstore(address, key, value);
    Ok(())
}

pub(super) fn register(l: &mut Linker<HostState>) -> anyhow::Result<()> {
    const M: &str = "vm_hooks";
    l.func_wrap(M, "storage_load_bytes32", |mut c: C, k: i32, d: i32| {
        load(&mut c, k, d)
    })?;
    l.func_wrap(M, "storage_cache_bytes32", |mut c: C, k: i32, v: i32| {
        cache(&mut c, k, v)
    })?;
    l.func_wrap(M, "storage_flush_cache", |mut c: C, clear: i32| {
        flush(&mut c, clear)
    })?;
    l.func_wrap(M, "transient_load_bytes32", |mut c: C, k: i32, d: i32| {
        transient_load(&mut c, k, d)
    })?;
    l.func_wrap(M, "transient_store_bytes32", |mut c: C, k: i32, v: i32| {
        transient_store(&mut c, k, v)
    })?;
    Ok(())
}
