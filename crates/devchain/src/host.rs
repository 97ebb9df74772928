//! The `vm_hooks` hostios a Stylus program imports, with Nitro's semantics.

use std::{collections::BTreeMap, fmt, rc::Rc};

use revm::{
    interpreter::{
        gas::{sstore_cost, sstore_refund},
        CallInputs, CallScheme, CallValue, CreateInputs, InstructionResult,
    },
    primitives::{keccak256, Address, Bytes, CreateScheme, Log, B256, U256},
};
use wasmi::{Caller, Engine, Error, Linker, Memory};

use crate::{
    gas::*,
    runtime::{self, Ctx, EvmErr, Runtime, SPEC},
};

/// A hostio's reason to stop the program.
#[derive(Debug)]
pub(crate) enum Fault {
    /// Not enough gas (ink) left.
    OutOfGas,
    /// The program broke a rule (static-call write, bad pointer, bad argument).
    Program(String),
    /// The devchain itself failed (database error): aborts the transaction.
    Fatal(String),
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::OutOfGas => write!(f, "out of gas"),
            Fault::Program(msg) | Fault::Fatal(msg) => write!(f, "{msg}"),
        }
    }
}

impl wasmi::errors::HostError for Fault {}

fn fault(msg: impl Into<String>) -> Error {
    Error::host(Fault::Program(msg.into()))
}

fn fatal(e: EvmErr) -> Error {
    Error::host(Fault::Fatal(format!("EVM error: {e}")))
}

/// What a Stylus frame knows about the call that started it.
#[derive(Clone, Debug)]
pub(crate) struct FrameInfo {
    /// Storage (and `contract_address`) address: the callee, or the caller for delegate calls.
    pub address: Address,
    /// Where the code came from.
    pub code_address: Address,
    pub caller: Address,
    pub value: U256,
    pub input: Bytes,
    pub is_static: bool,
}

/// A storage cache entry.
struct Slot {
    value: B256,
    dirty: bool,
}

/// The data of one Stylus frame's wasmi store.
pub(crate) struct HostState {
    /// The revm context, moved in for the duration of the frame.
    pub ctx: Option<Ctx>,
    pub rt: Rc<Runtime>,
    pub frame: FrameInfo,
    pub memory: Option<Memory>,
    /// What `write_result` set.
    pub output: Vec<u8>,
    /// The last sub-call's or create's return data.
    return_data: Bytes,
    /// Nitro's per-call storage cache, ordered so flushes are deterministic.
    cache: BTreeMap<B256, Slot>,
    /// EIP-2200/3529 refunds earned by this frame and its successful sub-calls.
    pub refund: i64,
}

impl HostState {
    pub fn new(ctx: Ctx, rt: Rc<Runtime>, frame: FrameInfo) -> Self {
        Self {
            ctx: Some(ctx),
            rt,
            frame,
            memory: None,
            output: Vec::new(),
            return_data: Bytes::new(),
            cache: BTreeMap::new(),
            refund: 0,
        }
    }

    fn ctx(&mut self) -> Result<&mut Ctx, Error> {
        self.ctx
            .as_mut()
            .ok_or_else(|| Error::host(Fault::Fatal("EVM context missing".into())))
    }
}

type C<'a> = Caller<'a, HostState>;

fn memory(c: &C) -> Result<Memory, Error> {
    c.data()
        .memory
        .ok_or_else(|| fault("hostio called before memory was exported"))
}

fn read(c: &C, ptr: i32, len: usize) -> Result<Vec<u8>, Error> {
    let mem = memory(c)?;
    let data = mem.data(c);
    let start = ptr as u32 as usize;
    data.get(start..start.saturating_add(len))
        .map(<[u8]>::to_vec)
        .ok_or_else(|| fault(format!("read of {len} bytes at {start} is out of bounds")))
}

fn read32(c: &C, ptr: i32) -> Result<B256, Error> {
    Ok(B256::from_slice(&read(c, ptr, 32)?))
}

fn read_u256(c: &C, ptr: i32) -> Result<U256, Error> {
    Ok(U256::from_be_bytes(read32(c, ptr)?.0))
}

fn read_address(c: &C, ptr: i32) -> Result<Address, Error> {
    Ok(Address::from_slice(&read(c, ptr, 20)?))
}

fn write(c: &mut C, ptr: i32, bytes: &[u8]) -> Result<(), Error> {
    let mem = memory(c)?;
    let data = mem.data_mut(&mut *c);
    let start = ptr as u32 as usize;
    data.get_mut(start..start.saturating_add(bytes.len()))
        .ok_or_else(|| {
            fault(format!(
                "write of {} bytes at {start} is out of bounds",
                bytes.len()
            ))
        })?
        .copy_from_slice(bytes);
    Ok(())
}

fn write_u32(c: &mut C, ptr: i32, value: usize) -> Result<(), Error> {
    write(c, ptr, &(value as u32).to_le_bytes())
}

/// Charges `gas` (as fuel); out of gas stops the program.
fn charge(c: &mut C, gas: u64) -> Result<(), Error> {
    charge_fuel(c, gas.saturating_mul(FUEL_PER_GAS))
}

fn charge_fuel(c: &mut C, fuel: u64) -> Result<(), Error> {
    let left = c.get_fuel()?;
    if left < fuel {
        c.set_fuel(0)?;
        return Err(Error::host(Fault::OutOfGas));
    }
    c.set_fuel(left - fuel)
}

/// The fixed cost of entering a hostio plus `gas`.
fn hostio(c: &mut C, gas: u64) -> Result<(), Error> {
    charge_fuel(
        c,
        (HOSTIO_INK / INK_PER_FUEL).saturating_add(gas.saturating_mul(FUEL_PER_GAS)),
    )
}

fn gas_left(c: &C) -> Result<u64, Error> {
    Ok(c.get_fuel()? / FUEL_PER_GAS)
}

fn refund(c: &mut C, gas: u64) -> Result<(), Error> {
    let left = c.get_fuel()?;
    c.set_fuel(left.saturating_add(gas.saturating_mul(FUEL_PER_GAS)))
}

fn require_writable(c: &C, what: &str) -> Result<(), Error> {
    if c.data().frame.is_static {
        return Err(fault(format!("{what} in a static call (write protection)")));
    }
    Ok(())
}

fn access_cost(is_cold: bool) -> u64 {
    if is_cold {
        COLD_ACCOUNT_ACCESS
    } else {
        WARM_ACCESS
    }
}

/// Loads an account, charging EIP-2929 access, and returns `f` of the context.
fn account<T>(
    c: &mut C,
    address: Address,
    f: impl FnOnce(&mut Ctx, Address) -> Result<revm::interpreter::StateLoad<T>, EvmErr>,
) -> Result<T, Error> {
    hostio(c, 0)?;
    let load = f(c.data_mut().ctx()?, address).map_err(fatal)?;
    charge(c, access_cost(load.is_cold))?;
    Ok(load.data)
}

fn storage_load(c: &mut C, key: i32, dest: i32) -> Result<(), Error> {
    hostio(c, 0)?;
    let key = read32(c, key)?;
    let value = if let Some(slot) = c.data().cache.get(&key) {
        slot.value
    } else {
        let address = c.data().frame.address;
        let load = c
            .data_mut()
            .ctx()?
            .evm
            .sload(address, U256::from_be_bytes(key.0))
            .map_err(fatal)?;
        charge(
            c,
            if load.is_cold {
                COLD_SLOAD
            } else {
                WARM_ACCESS
            },
        )?;
        let value = B256::from(load.data.to_be_bytes());
        c.data_mut().cache.insert(
            key,
            Slot {
                value,
                dirty: false,
            },
        );
        value
    };
    write(c, dest, value.as_slice())
}

fn storage_cache(c: &mut C, key: i32, value: i32) -> Result<(), Error> {
    hostio(c, 0)?;
    let key = read32(c, key)?;
    let value = read32(c, value)?;
    c.data_mut().cache.insert(key, Slot { value, dirty: true });
    Ok(())
}

/// Writes the dirty cache entries to the journal with EIP-2200/2929 SSTORE pricing.
fn storage_flush(c: &mut C, clear: i32) -> Result<(), Error> {
    hostio(c, 0)?;
    let dirty: Vec<(B256, B256)> = c
        .data()
        .cache
        .iter()
        .filter(|(_, slot)| slot.dirty)
        .map(|(k, slot)| (*k, slot.value))
        .collect();
    if !dirty.is_empty() {
        require_writable(c, "storage write")?;
    }
    let address = c.data().frame.address;
    for (key, value) in dirty {
        let left = gas_left(c)?;
        if left <= SSTORE_SENTRY {
            return Err(Error::host(Fault::OutOfGas));
        }
        let load = c
            .data_mut()
            .ctx()?
            .evm
            .sstore(
                address,
                U256::from_be_bytes(key.0),
                U256::from_be_bytes(value.0),
            )
            .map_err(fatal)?;
        let cost = sstore_cost(SPEC, &load.data, left, load.is_cold)
            .ok_or_else(|| Error::host(Fault::OutOfGas))?;
        charge(c, cost)?;
        c.data_mut().refund += sstore_refund(SPEC, &load.data);
        if let Some(slot) = c.data_mut().cache.get_mut(&key) {
            slot.dirty = false;
        }
    }
    if clear != 0 {
        c.data_mut().cache.clear();
    }
    Ok(())
}

fn transient_load(c: &mut C, key: i32, dest: i32) -> Result<(), Error> {
    hostio(c, TRANSIENT_ACCESS)?;
    let key = read_u256(c, key)?;
    let address = c.data().frame.address;
    let value = c.data_mut().ctx()?.evm.tload(address, key);
    write(c, dest, &value.to_be_bytes::<32>())
}

fn transient_store(c: &mut C, key: i32, value: i32) -> Result<(), Error> {
    hostio(c, TRANSIENT_ACCESS)?;
    require_writable(c, "transient storage write")?;
    let key = read_u256(c, key)?;
    let value = read_u256(c, value)?;
    let address = c.data().frame.address;
    c.data_mut().ctx()?.evm.tstore(address, key, value);
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CallKind {
    Call,
    Delegate,
    Static,
}

/// `call_contract`, `delegate_call_contract`, `static_call_contract`: EVM CALL semantics
/// (EIP-2929 access, value surcharge and stipend, 63/64 rule), into EVM or Stylus code.
#[allow(clippy::too_many_arguments)]
fn do_call(
    c: &mut C,
    kind: CallKind,
    contract: i32,
    data: i32,
    data_len: i32,
    value: U256,
    gas_req: u64,
    ret_len: i32,
) -> Result<i32, Error> {
    hostio(c, 0)?;
    let contract = read_address(c, contract)?;
    let input = Bytes::from(read(c, data, data_len as u32 as usize)?);
    let frame = c.data().frame.clone();
    if !value.is_zero() && frame.is_static {
        return Err(fault("call with value in a static call (write protection)"));
    }
    let load = c
        .data_mut()
        .ctx()?
        .evm
        .load_account_delegated(contract)
        .map_err(fatal)?;
    let mut cost = access_cost(load.is_cold);
    if !value.is_zero() {
        cost += CALL_VALUE;
        if load.is_empty {
            cost += NEW_ACCOUNT;
        }
    }
    charge(c, cost)?;
    let left = gas_left(c)?;
    let gas = gas_req.min(left - left / 64);
    charge(c, gas)?;
    let stipend = if value.is_zero() { 0 } else { CALL_STIPEND };
    let inputs = match kind {
        CallKind::Call => CallInputs {
            input,
            return_memory_offset: 0..0,
            gas_limit: gas + stipend,
            bytecode_address: contract,
            target_address: contract,
            caller: frame.address,
            value: CallValue::Transfer(value),
            scheme: CallScheme::Call,
            is_static: frame.is_static,
            is_eof: false,
        },
        CallKind::Delegate => CallInputs {
            input,
            return_memory_offset: 0..0,
            gas_limit: gas,
            bytecode_address: contract,
            target_address: frame.address,
            caller: frame.caller,
            value: CallValue::Apparent(frame.value),
            scheme: CallScheme::DelegateCall,
            is_static: frame.is_static,
            is_eof: false,
        },
        CallKind::Static => CallInputs {
            input,
            return_memory_offset: 0..0,
            gas_limit: gas,
            bytecode_address: contract,
            target_address: contract,
            caller: frame.address,
            value: CallValue::Transfer(U256::ZERO),
            scheme: CallScheme::StaticCall,
            is_static: true,
            is_eof: false,
        },
    };
    let mut ctx = c
        .data_mut()
        .ctx
        .take()
        .ok_or_else(|| Error::host(Fault::Fatal("EVM context missing".into())))?;
    let result = runtime::call(&mut ctx, Box::new(inputs));
    c.data_mut().ctx = Some(ctx);
    let result = result.map_err(fatal)?;
    refund(c, result.gas.remaining())?;
    if result.result.is_ok() {
        c.data_mut().refund += result.gas.refunded();
    }
    let len = result.output.len();
    c.data_mut().return_data = result.output;
    write_u32(c, ret_len, len)?;
    Ok(match result.result {
        r if r.is_ok() => 0,
        r if r.is_revert() => 1,
        InstructionResult::OutOfGas => 3,
        _ => 2,
    })
}

/// `create1` / `create2`: init code runs on revm; code it returns starting `EF F0 00` is a
/// Stylus program (which must be activated before it can be called).
fn do_create(
    c: &mut C,
    code: i32,
    code_len: i32,
    endowment: i32,
    salt: Option<i32>,
    contract: i32,
    revert_len: i32,
) -> Result<(), Error> {
    hostio(c, 0)?;
    require_writable(c, "create")?;
    let init_code = Bytes::from(read(c, code, code_len as u32 as usize)?);
    let value = read_u256(c, endowment)?;
    let words = words(init_code.len());
    let (scheme, hash_cost) = match salt {
        Some(salt) => (
            CreateScheme::Create2 {
                salt: read_u256(c, salt)?,
            },
            KECCAK_WORD * words,
        ),
        None => (CreateScheme::Create, 0),
    };
    charge(c, CREATE + INITCODE_WORD * words + hash_cost)?;
    let left = gas_left(c)?;
    let gas = left - left / 64;
    charge(c, gas)?;
    let inputs = CreateInputs {
        caller: c.data().frame.address,
        scheme,
        value,
        init_code,
        gas_limit: gas,
    };
    let mut ctx = c
        .data_mut()
        .ctx
        .take()
        .ok_or_else(|| Error::host(Fault::Fatal("EVM context missing".into())))?;
    let outcome = runtime::create(&mut ctx, Box::new(inputs));
    c.data_mut().ctx = Some(ctx);
    let outcome = outcome.map_err(fatal)?;
    refund(c, outcome.result.gas.remaining())?;
    if outcome.result.result.is_ok() {
        c.data_mut().refund += outcome.result.gas.refunded();
    }
    let (address, data) = match outcome.address {
        Some(address) if outcome.result.result.is_ok() => (address, Bytes::new()),
        _ => (Address::ZERO, outcome.result.output),
    };
    let len = data.len();
    c.data_mut().return_data = data;
    write(c, contract, address.as_slice())?;
    write_u32(c, revert_len, len)
}

fn emit_log(c: &mut C, data: i32, len: i32, topics: i32) -> Result<(), Error> {
    hostio(c, 0)?;
    require_writable(c, "emit_log")?;
    let len = len as u32 as usize;
    let topics = topics as u32 as usize;
    if topics > 4 || len < topics * 32 {
        return Err(fault(format!(
            "emit_log with {topics} topics and {len} bytes"
        )));
    }
    charge(
        c,
        LOG + LOG_TOPIC * topics as u64 + LOG_DATA_BYTE * (len - topics * 32) as u64,
    )?;
    let bytes = read(c, data, len)?;
    let topic_list = bytes[..topics * 32]
        .chunks(32)
        .map(B256::from_slice)
        .collect();
    let address = c.data().frame.address;
    let log = Log::new_unchecked(
        address,
        topic_list,
        Bytes::copy_from_slice(&bytes[topics * 32..]),
    );
    c.data_mut().ctx()?.evm.journaled_state.log(log);
    Ok(())
}

fn math(
    c: &mut C,
    value: i32,
    args: &[i32],
    f: impl FnOnce(U256, &[U256]) -> U256,
) -> Result<(), Error> {
    hostio(c, 5)?;
    let a = read_u256(c, value)?;
    let rest = args
        .iter()
        .map(|p| read_u256(c, *p))
        .collect::<Result<Vec<_>, _>>()?;
    let out = f(a, &rest);
    write(c, value, &out.to_be_bytes::<32>())
}

/// Builds the linker with every hostio Nitro offers to programs (`vm_hooks`).
pub(crate) fn linker(engine: &Engine) -> anyhow::Result<Linker<HostState>> {
    let mut l = Linker::<HostState>::new(engine);
    const M: &str = "vm_hooks";

    l.func_wrap(M, "read_args", |mut c: C, dest: i32| {
        hostio(&mut c, 0)?;
        let input = c.data().frame.input.clone();
        charge(&mut c, COPY_WORD * words(input.len()))?;
        write(&mut c, dest, &input)
    })?;
    l.func_wrap(M, "write_result", |mut c: C, data: i32, len: i32| {
        hostio(&mut c, 0)?;
        let out = read(&c, data, len as u32 as usize)?;
        c.data_mut().output = out;
        Ok(())
    })?;
    l.func_wrap(
        M,
        "exit_early",
        |mut c: C, status: i32| -> Result<(), Error> {
            hostio(&mut c, 0)?;
            Err(Error::i32_exit(status))
        },
    )?;
    l.func_wrap(M, "storage_load_bytes32", |mut c: C, k: i32, d: i32| {
        storage_load(&mut c, k, d)
    })?;
    l.func_wrap(M, "storage_cache_bytes32", |mut c: C, k: i32, v: i32| {
        storage_cache(&mut c, k, v)
    })?;
    l.func_wrap(M, "storage_flush_cache", |mut c: C, clear: i32| {
        storage_flush(&mut c, clear)
    })?;
    l.func_wrap(M, "transient_load_bytes32", |mut c: C, k: i32, d: i32| {
        transient_load(&mut c, k, d)
    })?;
    l.func_wrap(M, "transient_store_bytes32", |mut c: C, k: i32, v: i32| {
        transient_store(&mut c, k, v)
    })?;
    l.func_wrap(
        M,
        "call_contract",
        |mut c: C, to: i32, data: i32, len: i32, value: i32, gas: i64, ret: i32| {
            let value = read_u256(&c, value)?;
            do_call(
                &mut c,
                CallKind::Call,
                to,
                data,
                len,
                value,
                gas as u64,
                ret,
            )
        },
    )?;
    l.func_wrap(
        M,
        "delegate_call_contract",
        |mut c: C, to: i32, data: i32, len: i32, gas: i64, ret: i32| {
            do_call(
                &mut c,
                CallKind::Delegate,
                to,
                data,
                len,
                U256::ZERO,
                gas as u64,
                ret,
            )
        },
    )?;
    l.func_wrap(
        M,
        "static_call_contract",
        |mut c: C, to: i32, data: i32, len: i32, gas: i64, ret: i32| {
            do_call(
                &mut c,
                CallKind::Static,
                to,
                data,
                len,
                U256::ZERO,
                gas as u64,
                ret,
            )
        },
    )?;
    l.func_wrap(
        M,
        "create1",
        |mut c: C, code: i32, len: i32, endowment: i32, out: i32, ret: i32| {
            do_create(&mut c, code, len, endowment, None, out, ret)
        },
    )?;
    l.func_wrap(
        M,
        "create2",
        |mut c: C, code: i32, len: i32, endowment: i32, salt: i32, out: i32, ret: i32| {
            do_create(&mut c, code, len, endowment, Some(salt), out, ret)
        },
    )?;
    l.func_wrap(
        M,
        "read_return_data",
        |mut c: C, dest: i32, offset: i32, size: i32| {
            hostio(&mut c, 0)?;
            let data = c.data().return_data.clone();
            let start = (offset as u32 as usize).min(data.len());
            let end = start.saturating_add(size as u32 as usize).min(data.len());
            charge(&mut c, COPY_WORD * words(end - start))?;
            write(&mut c, dest, &data[start..end])?;
            Ok((end - start) as i32)
        },
    )?;
    l.func_wrap(M, "return_data_size", |mut c: C| {
        hostio(&mut c, 0)?;
        Ok(c.data().return_data.len() as i32)
    })?;
    l.func_wrap(
        M,
        "emit_log",
        |mut c: C, data: i32, len: i32, topics: i32| emit_log(&mut c, data, len, topics),
    )?;
    l.func_wrap(M, "account_balance", |mut c: C, address: i32, dest: i32| {
        let address = read_address(&c, address)?;
        let balance = account(&mut c, address, |ctx, a| ctx.evm.balance(a))?;
        write(&mut c, dest, &balance.to_be_bytes::<32>())
    })?;
    l.func_wrap(
        M,
        "account_code",
        |mut c: C, address: i32, offset: i32, size: i32, dest: i32| {
            let address = read_address(&c, address)?;
            let code = account(&mut c, address, |ctx, a| ctx.evm.code(a))?;
            let start = (offset as u32 as usize).min(code.len());
            let end = start.saturating_add(size as u32 as usize).min(code.len());
            charge(&mut c, COPY_WORD * words(end - start))?;
            write(&mut c, dest, &code[start..end])?;
            Ok((end - start) as i32)
        },
    )?;
    l.func_wrap(M, "account_code_size", |mut c: C, address: i32| {
        let address = read_address(&c, address)?;
        let code = account(&mut c, address, |ctx, a| ctx.evm.code(a))?;
        Ok(code.len() as i32)
    })?;
    l.func_wrap(
        M,
        "account_codehash",
        |mut c: C, address: i32, dest: i32| {
            let address = read_address(&c, address)?;
            let hash = account(&mut c, address, |ctx, a| ctx.evm.code_hash(a))?;
            write(&mut c, dest, hash.as_slice())
        },
    )?;
    l.func_wrap(M, "block_basefee", |mut c: C, dest: i32| {
        hostio(&mut c, 0)?;
        let v = c.data_mut().ctx()?.evm.env.block.basefee;
        write(&mut c, dest, &v.to_be_bytes::<32>())
    })?;
    l.func_wrap(M, "block_coinbase", |mut c: C, dest: i32| {
        hostio(&mut c, 0)?;
        let v = c.data_mut().ctx()?.evm.env.block.coinbase;
        write(&mut c, dest, v.as_slice())
    })?;
    l.func_wrap(M, "chainid", |mut c: C| {
        hostio(&mut c, 0)?;
        Ok(c.data_mut().ctx()?.evm.env.cfg.chain_id as i64)
    })?;
    l.func_wrap(M, "block_gas_limit", |mut c: C| {
        hostio(&mut c, 0)?;
        Ok(c.data_mut()
            .ctx()?
            .evm
            .env
            .block
            .gas_limit
            .saturating_to::<u64>() as i64)
    })?;
    l.func_wrap(M, "block_number", |mut c: C| {
        hostio(&mut c, 0)?;
        Ok(c.data_mut()
            .ctx()?
            .evm
            .env
            .block
            .number
            .saturating_to::<u64>() as i64)
    })?;
    l.func_wrap(M, "block_timestamp", |mut c: C| {
        hostio(&mut c, 0)?;
        Ok(c.data_mut()
            .ctx()?
            .evm
            .env
            .block
            .timestamp
            .saturating_to::<u64>() as i64)
    })?;
    l.func_wrap(M, "contract_address", |mut c: C, dest: i32| {
        hostio(&mut c, 0)?;
        let v = c.data().frame.address;
        write(&mut c, dest, v.as_slice())
    })?;
    l.func_wrap(M, "msg_sender", |mut c: C, dest: i32| {
        hostio(&mut c, 0)?;
        let v = c.data().frame.caller;
        write(&mut c, dest, v.as_slice())
    })?;
    l.func_wrap(M, "msg_value", |mut c: C, dest: i32| {
        hostio(&mut c, 0)?;
        let v = c.data().frame.value;
        write(&mut c, dest, &v.to_be_bytes::<32>())
    })?;
    l.func_wrap(M, "msg_reentrant", |mut c: C| {
        hostio(&mut c, 0)?;
        let address = c.data().frame.address;
        Ok(i32::from(c.data().rt.reentrant(address)))
    })?;
    l.func_wrap(M, "tx_origin", |mut c: C, dest: i32| {
        hostio(&mut c, 0)?;
        let v = c.data_mut().ctx()?.evm.env.tx.caller;
        write(&mut c, dest, v.as_slice())
    })?;
    l.func_wrap(M, "tx_gas_price", |mut c: C, dest: i32| {
        hostio(&mut c, 0)?;
        let v = c.data_mut().ctx()?.evm.env.effective_gas_price();
        write(&mut c, dest, &v.to_be_bytes::<32>())
    })?;
    l.func_wrap(M, "tx_ink_price", |mut c: C| {
        hostio(&mut c, 0)?;
        Ok(INK_PER_GAS as i32)
    })?;
    l.func_wrap(M, "evm_gas_left", |mut c: C| {
        hostio(&mut c, 0)?;
        Ok(gas_left(&c)? as i64)
    })?;
    l.func_wrap(M, "evm_ink_left", |mut c: C| {
        hostio(&mut c, 0)?;
        Ok(c.get_fuel()?.saturating_mul(INK_PER_FUEL) as i64)
    })?;
    l.func_wrap(M, "pay_for_memory_grow", |mut c: C, pages: i32| {
        hostio(&mut c, MEMORY_PAGE * u64::from(pages as u16))
    })?;
    l.func_wrap(
        M,
        "native_keccak256",
        |mut c: C, data: i32, len: i32, out: i32| {
            let len = len as u32 as usize;
            hostio(&mut c, KECCAK + KECCAK_WORD * words(len))?;
            let bytes = read(&c, data, len)?;
            write(&mut c, out, keccak256(bytes).as_slice())
        },
    )?;
    l.func_wrap(M, "math_div", |mut c: C, v: i32, d: i32| {
        math(&mut c, v, &[d], |a, r| {
            a.checked_div(r[0]).unwrap_or_default()
        })
    })?;
    l.func_wrap(M, "math_mod", |mut c: C, v: i32, d: i32| {
        math(&mut c, v, &[d], |a, r| {
            a.checked_rem(r[0]).unwrap_or_default()
        })
    })?;
    l.func_wrap(M, "math_pow", |mut c: C, v: i32, e: i32| {
        math(&mut c, v, &[e], |a, r| a.wrapping_pow(r[0]))
    })?;
    l.func_wrap(M, "math_add_mod", |mut c: C, v: i32, w: i32, m: i32| {
        math(&mut c, v, &[w, m], |a, r| a.add_mod(r[0], r[1]))
    })?;
    l.func_wrap(M, "math_mul_mod", |mut c: C, v: i32, w: i32, m: i32| {
        math(&mut c, v, &[w, m], |a, r| a.mul_mod(r[0], r[1]))
    })?;
    Ok(l)
}
