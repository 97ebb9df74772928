//! ArbWasm (`precompiles/ArbWasm.go`, `arbos/programs/programs.go`): activation with Nitro's gas
//! and data fee, keepalive, and the views.

use alloy_sol_types::{SolCall, SolError, SolEvent, SolInterface};
use revm::{
    interpreter::{CallInputs, InterpreterResult},
    primitives::{keccak256, Address, Bytes, Log, B256, U256},
};

use super::{
    event_gas, precompile, storage_gas, Burner, IArbWasm, IArbWasm::IArbWasmCalls as Calls,
    Outcome, ARB_WASM,
};
use crate::{
    context::{is_stylus, Ctx, EvmErr},
    pricing, programs,
    programs::ProgramRecord,
    receipt::ProgramFailureKind,
};

/// The Stylus version ArbWasm reports and stamps on activated programs.
pub const STYLUS_VERSION: u16 = 2;

/// ArbOS's own charges of a first activation besides the fixed cost and the compilation:
/// module hash, data pricer (5 reads, 2 writes), program record, network account read.
const ACTIVATION_STORAGE_GAS: u64 = storage_gas::WRITE
    + 5 * storage_gas::READ
    + 2 * storage_gas::WRITE
    + storage_gas::WRITE
    + storage_gas::READ;

fn sol_error(e: impl SolError) -> Outcome {
    Outcome::Error(Bytes::from(e.abi_encode()))
}

fn ok(data: Vec<u8>) -> Outcome {
    Outcome::Ok(Bytes::from(data))
}

/// The code hash and code of `program` (zero hash, empty code if it has none).
fn code_of(ctx: &mut Ctx, program: Address) -> Result<(B256, Bytes), EvmErr> {
    let account = ctx
        .evm
        .inner
        .journaled_state
        .load_code(program, &mut ctx.evm.inner.db)?;
    let code = account
        .info
        .code
        .as_ref()
        .map(|c| c.original_bytes())
        .unwrap_or_default();
    let hash = if account.info.is_empty() && code.is_empty() {
        B256::ZERO
    } else {
        account.info.code_hash
    };
    Ok((hash, code))
}

/// Maps a program that cannot run to ArbWasm's Solidity error.
fn inactive(kind: ProgramFailureKind) -> Outcome {
    match kind {
        ProgramFailureKind::Expired { age_seconds } => sol_error(IArbWasm::ProgramExpired {
            ageInSeconds: age_seconds,
        }),
        ProgramFailureKind::NeedsUpgrade {
            version,
            stylus_version,
        } => sol_error(IArbWasm::ProgramNeedsUpgrade {
            version,
            stylusVersion: stylus_version,
        }),
        _ => sol_error(IArbWasm::ProgramNotActivated {}),
    }
}

/// Runs a call to ArbWasm.
pub(super) fn call(ctx: &mut Ctx, inputs: &CallInputs) -> Result<InterpreterResult, EvmErr> {
    let input = inputs.input.clone();
    let value = inputs.call_value();
    let (caller, is_static) = (inputs.caller, inputs.is_static);
    precompile(ctx, inputs, |ctx, b| {
        let Ok(call) = Calls::abi_decode(&input, true) else {
            return Ok(Outcome::BurnOut);
        };
        let payable = matches!(
            call,
            Calls::activateProgram(_) | Calls::codehashKeepalive(_)
        );
        if (!payable && !value.is_zero()) || (payable && is_static) {
            return Ok(Outcome::BurnOut);
        }
        if b.burn(storage_gas::OPEN + super::copy_gas(input.len() - 4))
            .is_err()
        {
            return Ok(Outcome::BurnOut);
        }
        method(ctx, b, call, caller, value)
    })
}

fn method(
    ctx: &mut Ctx,
    b: &mut Burner,
    call: Calls,
    caller: Address,
    value: U256,
) -> Result<Outcome, EvmErr> {
    let shared = ctx.external.shared.clone();
    let p = shared.params.borrow().clone();
    let time = ctx.evm.env.block.timestamp.saturating_to::<u64>();
    if b.burn(storage_gas::PARAMS).is_err() {
        return Ok(Outcome::BurnOut);
    }
    // The record of an active program, or the view's error.
    let active = |ctx: &mut Ctx,
                  b: &mut Burner,
                  hash: B256|
     -> Result<Result<ProgramRecord, Outcome>, EvmErr> {
        if b.burn(storage_gas::READ).is_err() {
            return Ok(Err(Outcome::BurnOut));
        }
        let record = programs::record(ctx, hash)?;
        Ok(record
            .check_active(time, &p)
            .map(|()| record)
            .map_err(inactive))
    };
    macro_rules! active {
        ($hash:expr) => {
            match active(ctx, b, $hash)? {
                Ok(record) => record,
                Err(outcome) => return Ok(outcome),
            }
        };
    }
    macro_rules! program {
        ($address:expr) => {{
            let (hash, _) = code_of(ctx, $address)?;
            active!(hash)
        }};
    }
    use IArbWasm::*;
    Ok(match call {
        Calls::activateProgram(c) => activate(ctx, b, c.program, caller, value)?,
        Calls::codehashKeepalive(c) => keepalive(ctx, b, c.codehash, caller, value)?,
        Calls::stylusVersion(_) => ok(stylusVersionCall::abi_encode_returns(&(p.version,))),
        Calls::codehashVersion(c) => {
            let r = active!(c.codehash);
            ok(codehashVersionCall::abi_encode_returns(&(r.version,)))
        }
        Calls::codehashAsmSize(c) => {
            let r = active!(c.codehash);
            ok(codehashAsmSizeCall::abi_encode_returns(&(r
                .asm_estimate_kb
                .saturating_mul(1024),)))
        }
        Calls::programVersion(c) => {
            let r = program!(c.program);
            ok(programVersionCall::abi_encode_returns(&(r.version,)))
        }
        Calls::programInitGas(c) => {
            let r = program!(c.program);
            let (gas, gas_when_cached) = r.init_gas(&p);
            ok(programInitGasCall::abi_encode_returns(&(
                gas,
                gas_when_cached,
            )))
        }
        Calls::programMemoryFootprint(c) => {
            let r = program!(c.program);
            ok(programMemoryFootprintCall::abi_encode_returns(&(
                r.footprint,
            )))
        }
        Calls::programTimeLeft(c) => {
            let r = program!(c.program);
            let left = (u64::from(p.expiry_days) * 86_400).saturating_sub(r.age(time));
            ok(programTimeLeftCall::abi_encode_returns(&(left,)))
        }
        Calls::inkPrice(_) => ok(inkPriceCall::abi_encode_returns(&(p.ink_price,))),
        Calls::maxStackDepth(_) => ok(maxStackDepthCall::abi_encode_returns(&(p.max_stack_depth,))),
        Calls::freePages(_) => ok(freePagesCall::abi_encode_returns(&(p.free_pages,))),
        Calls::pageGas(_) => ok(pageGasCall::abi_encode_returns(&(p.page_gas,))),
        Calls::pageRamp(_) => ok(pageRampCall::abi_encode_returns(&(p.page_ramp,))),
        Calls::pageLimit(_) => ok(pageLimitCall::abi_encode_returns(&(p.page_limit,))),
        Calls::minInitGas(_) => ok(minInitGasCall::abi_encode_returns(&(
            u64::from(p.min_init_gas) * 128,
            u64::from(p.min_cached_init_gas) * 32,
        ))),
        Calls::initCostScalar(_) => ok(initCostScalarCall::abi_encode_returns(&(u64::from(
            p.init_cost_scalar,
        ) * 2,))),
        Calls::expiryDays(_) => ok(expiryDaysCall::abi_encode_returns(&(p.expiry_days,))),
        Calls::keepaliveDays(_) => ok(keepaliveDaysCall::abi_encode_returns(&(p.keepalive_days,))),
        Calls::blockCacheSize(_) => ok(blockCacheSizeCall::abi_encode_returns(&(
            p.block_cache_size,
        ))),
        Calls::activationGas(_) => ok(activationGasCall::abi_encode_returns(&(0u64,))),
    })
}

/// `activateProgram`: fixed cost, Nitro's activation (validation, instrumentation) with its
/// gas, the ArbOS records, the data fee (paid from the value, the rest returned).
fn activate(
    ctx: &mut Ctx,
    b: &mut Burner,
    program: Address,
    caller: Address,
    value: U256,
) -> Result<Outcome, EvmErr> {
    let shared = ctx.external.shared.clone();
    let p = shared.params.borrow().clone();
    let time = ctx.evm.env.block.timestamp.saturating_to::<u64>();
    if b.burn(pricing::ACTIVATION_FIXED_GAS + storage_gas::READ)
        .is_err()
    {
        return Ok(Outcome::BurnOut);
    }
    let (hash, code) = code_of(ctx, program)?;
    let existing = programs::record(ctx, hash)?;
    if existing.version == p.version && existing.check_active(time, &p).is_ok() {
        return Ok(sol_error(IArbWasm::ProgramUpToDate {}));
    }
    if !is_stylus(&code) {
        return Ok(sol_error(IArbWasm::ProgramNotWasm {}));
    }
    // A module Nitro refuses burns all gas and reverts without data.
    let compiled = match programs::compiled(&shared, hash, &code) {
        Ok(compiled) => compiled,
        Err(why) => {
            ctx.external.tx.fail(crate::receipt::ProgramFailure {
                program,
                acting: program,
                kind: ProgramFailureKind::Hostio(format!("activation failed: {why}")),
            });
            return Ok(Outcome::BurnOut);
        }
    };
    let costs = compiled.costs;
    if b.burn(costs.activation_gas + ACTIVATION_STORAGE_GAS)
        .is_err()
    {
        return Ok(Outcome::BurnOut);
    }
    let module_hash = keccak256(&code);
    programs::set_module_hash(ctx, hash, module_hash)?;
    let fee = programs::data_fee(ctx, costs.asm_estimate, time)?;
    let record = ProgramRecord::new(p.version, &costs, time, existing.cached);
    programs::set_record(ctx, hash, &record)?;
    if let Some(outcome) = pay_data_fee(ctx, caller, value, fee)? {
        return Ok(outcome);
    }
    let event = IArbWasm::ProgramActivated {
        codehash: hash,
        moduleHash: module_hash,
        program,
        dataFee: fee,
        version: p.version,
    };
    if b.burn(event_gas(2, 128)).is_err() {
        return Ok(Outcome::BurnOut);
    }
    ctx.evm.journaled_state.log(Log {
        address: ARB_WASM,
        data: event.encode_log_data(),
    });
    Ok(ok(IArbWasm::activateProgramCall::abi_encode_returns(&(
        p.version, fee,
    ))))
}

/// `codehashKeepalive`: a program older than `keepaliveDays` gets a new activation time for
/// its data fee.
fn keepalive(
    ctx: &mut Ctx,
    b: &mut Burner,
    hash: B256,
    caller: Address,
    value: U256,
) -> Result<Outcome, EvmErr> {
    let shared = ctx.external.shared.clone();
    let p = shared.params.borrow().clone();
    let time = ctx.evm.env.block.timestamp.saturating_to::<u64>();
    if b.burn(storage_gas::READ).is_err() {
        return Ok(Outcome::BurnOut);
    }
    let mut record = programs::record(ctx, hash)?;
    if let Err(kind) = record.check_active(time, &p) {
        return Ok(inactive(kind));
    }
    let age = record.age(time);
    if age < u64::from(p.keepalive_days) * 86_400 {
        return Ok(sol_error(IArbWasm::ProgramKeepaliveTooSoon {
            ageInSeconds: age,
        }));
    }
    if b.burn(5 * storage_gas::READ + 3 * storage_gas::WRITE + storage_gas::READ)
        .is_err()
    {
        return Ok(Outcome::BurnOut);
    }
    let fee = programs::data_fee(ctx, record.asm_estimate_kb.saturating_mul(1024), time)?;
    record.activated_at = pricing::hours_since_arbitrum(time);
    programs::set_record(ctx, hash, &record)?;
    if let Some(outcome) = pay_data_fee(ctx, caller, value, fee)? {
        return Ok(outcome);
    }
    let event = IArbWasm::ProgramLifetimeExtended {
        codehash: hash,
        dataFee: fee,
    };
    if b.burn(event_gas(2, 32)).is_err() {
        return Ok(Outcome::BurnOut);
    }
    ctx.evm.journaled_state.log(Log {
        address: ARB_WASM,
        data: event.encode_log_data(),
    });
    Ok(Outcome::Ok(Bytes::new()))
}

/// `payActivationDataFee`: the fee to the network account, the rest of the value back to the
/// caller; too little value is `ProgramInsufficientValue(have, want)`.
fn pay_data_fee(
    ctx: &mut Ctx,
    caller: Address,
    value: U256,
    fee: U256,
) -> Result<Option<Outcome>, EvmErr> {
    if value < fee {
        return Ok(Some(sol_error(IArbWasm::ProgramInsufficientValue {
            have: value,
            want: fee,
        })));
    }
    let network = ctx.external.shared.config.borrow().network_fee_account;
    let journal = &mut ctx.evm.inner.journaled_state;
    for (to, amount) in [(network, fee), (caller, value - fee)] {
        if amount.is_zero() {
            continue;
        }
        if let Some(e) = journal.transfer(&ARB_WASM, &to, amount, &mut ctx.evm.inner.db)? {
            return Err(revm::primitives::EVMError::Custom(format!(
                "ArbWasm could not move the data fee: {e:?}"
            )));
        }
    }
    Ok(None)
}
