//! Calls and creates from a program (`user-host-trait` `call_contract`/`create1`, Nitro's
//! `api.go` `doCall`/`create`), return data. Each hostio has two halves: the first checks and
//! prices the request and stops the program with [`Fault::Yield`]; [`complete`] runs when the
//! frame loop resumes the program with the outcome.

use revm::{
    interpreter::{
        CallInputs, CallOutcome, CallScheme, CallValue, CreateInputs, CreateOutcome,
        InstructionResult,
    },
    primitives::{Address, Bytes, CreateScheme, U256},
};
use wasmi::{Error, Linker, Store, Val};

use super::*;
use crate::{
    context::Resume,
    pricing::{self, hostio},
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Call,
    Delegate,
    Static,
}

/// Stops the program with a sub-call request.
fn request(c: &mut C, request: Request, pending: Pending) -> Result<i32, Error> {
    c.data_mut().request = Some(request);
    c.data_mut().pending = Some(pending);
    Err(Error::host(Fault::Yield))
}

/// A call that ends without running the callee: status 2 and `cost` gas.
fn failed_call(c: &mut C, cost: u64, ret_len: i32) -> Result<i32, Error> {
    c.data_mut().return_data = Bytes::new();
    buy_gas(c, cost)?;
    write_u32(c, ret_len, 0)?;
    Ok(2)
}

#[allow(clippy::too_many_arguments)]
fn call(
    c: &mut C,
    kind: Kind,
    contract: i32,
    data: i32,
    data_len: i32,
    value: Option<i32>,
    gas: u64,
    ret_len: i32,
) -> Result<i32, Error> {
    buy_ink(c, hostio::CALL)?;
    let len = data_len as u32 as u64;
    buy_ink(c, pricing::read_price(len))?;
    buy_ink(c, pricing::read_price(len))?; // read again by the EVM side
    let gas_left = gas_left(c)?;
    let gas_req = gas.min(gas_left);
    let contract = read_address(c, contract)?;
    let input = Bytes::from(read(c, data, len as usize)?);
    let value = value
        .map(|v| read_u256(c, v))
        .transpose()?
        .unwrap_or_default();
    let frame = c.data().frame.clone();
    // Read-only calls are not payable: status 2 at no cost, the program goes on.
    if frame.is_static && !value.is_zero() {
        return failed_call(c, 0, ret_len);
    }
    // WasmCallCost: 100, +2,500 cold, +25,000 value into an empty account, +9,000 value.
    let mut base = pricing::WARM_GAS;
    if base > gas_left {
        return failed_call(c, gas_left, ret_len);
    }
    let load = c
        .data_mut()
        .ctx()?
        .evm
        .load_account_delegated(contract)
        .map_err(fatal)?;
    if load.is_cold {
        base += pricing::COLD_ACCOUNT_GAS - pricing::WARM_GAS;
        if base > gas_left {
            return failed_call(c, gas_left, ret_len);
        }
    }
    if !value.is_zero() {
        if load.is_empty {
            base += pricing::NEW_ACCOUNT_GAS;
        }
        base += pricing::CALL_VALUE_GAS;
        if base > gas_left {
            return failed_call(c, gas_left, ret_len);
        }
    }
    account_gas(c, |g| g.calls += base);
    let mut given = ((gas_left - base) * 63 / 64).min(gas_req);
    if !value.is_zero() {
        given += pricing::CALL_STIPEND;
    }
    let inputs = match kind {
        Kind::Call => CallInputs {
            input,
            return_memory_offset: 0..0,
            gas_limit: given,
            bytecode_address: contract,
            target_address: contract,
            caller: frame.address,
            value: CallValue::Transfer(value),
            scheme: CallScheme::Call,
            is_static: frame.is_static,
            is_eof: false,
        },
        Kind::Delegate => CallInputs {
            input,
            return_memory_offset: 0..0,
            gas_limit: given,
            bytecode_address: contract,
            target_address: frame.address,
            caller: frame.caller,
            value: CallValue::Apparent(frame.value),
            scheme: CallScheme::DelegateCall,
            is_static: frame.is_static,
            is_eof: false,
        },
        Kind::Static => CallInputs {
            input,
            return_memory_offset: 0..0,
            gas_limit: given,
            bytecode_address: contract,
            target_address: contract,
            caller: frame.address,
            value: CallValue::Transfer(U256::ZERO),
            scheme: CallScheme::StaticCall,
            is_static: true,
            is_eof: false,
        },
    };
    request(
        c,
        Request::Call(Box::new(inputs)),
        Pending::Call {
            base,
            gas: given,
            ret_len,
        },
    )
}

fn create(
    c: &mut C,
    code: i32,
    code_len: i32,
    endowment: i32,
    salt: Option<i32>,
    contract: i32,
    revert_len: i32,
) -> Result<(), Error> {
    buy_ink(
        c,
        if salt.is_some() {
            hostio::CREATE2
        } else {
            hostio::CALL
        },
    )?;
    let len = code_len as u32 as u64;
    buy_ink(c, pricing::read_price(len))?;
    buy_ink(c, pricing::read_price(len))?;
    let init_code = Bytes::from(read(c, code, len as usize)?);
    let value = read_u256(c, endowment)?;
    let salt = salt.map(|s| read_u256(c, s)).transpose()?;
    let start_gas = gas_left(c)?;
    if c.data().frame.is_static {
        return Err(fault("create in a static call (write protection)"));
    }
    let mut base = pricing::CREATE_GAS;
    let scheme = match salt {
        Some(salt) => {
            base += pricing::KECCAK_WORD_GAS * len.div_ceil(32);
            CreateScheme::Create2 { salt }
        }
        None => CreateScheme::Create,
    };
    if start_gas < base {
        return Err(fault("create: out of gas"));
    }
    let gas = start_gas - base;
    let kept = gas / 64;
    let inputs = CreateInputs {
        caller: c.data().frame.address,
        scheme,
        value,
        init_code,
        gas_limit: gas - kept,
    };
    request(
        c,
        Request::Create(Box::new(inputs)),
        Pending::Create {
            start_gas,
            kept,
            contract,
            revert_len,
        },
    )
    .map(|_| ())
}

/// Finishes the hostio that asked for a sub-call, with the sub-call's outcome. Returns the
/// values the hostio returns to the program.
pub(crate) fn complete(store: &mut Store<HostState>, outcome: Resume) -> Result<Vec<Val>, Error> {
    let pending = store
        .data_mut()
        .pending
        .take()
        .ok_or_else(|| Error::host(Fault::Fatal("no hostio waits for a sub-call".into())))?;
    match (pending, outcome) {
        (Pending::Call { base, gas, ret_len }, Resume::Call(outcome)) => {
            let CallOutcome { result, .. } = outcome;
            let ok = result.result.is_ok();
            if ok {
                store.data_mut().refund += result.gas.refunded();
            }
            // Gas comes back only from a success or a revert (go-ethereum `evm.Call`).
            let returned = if result.result.is_ok() || result.result.is_revert() {
                result.gas.remaining()
            } else {
                0
            };
            let cost = base + gas.saturating_sub(returned);
            let len = result.output.len();
            store.data_mut().return_data = result.output;
            buy_gas(store, cost)?;
            // The callee's gas is in its own frame's breakdown.
            let price = store.data().ink_price;
            store.data_mut().subcall_ink += (cost - base) * price;
            write_u32(store, ret_len, len)?;
            Ok(vec![Val::I32(if ok { 0 } else { 2 })])
        }
        (
            Pending::Create {
                start_gas,
                kept,
                contract,
                revert_len,
            },
            Resume::Create(outcome),
        ) => {
            let CreateOutcome { result, address } = outcome;
            let ok = result.result.is_ok();
            if ok {
                store.data_mut().refund += result.gas.refunded();
            }
            let address = match address {
                Some(a) if ok => a,
                _ => Address::ZERO,
            };
            // Return data only in the revert case (opCreate).
            let data = if result.result == InstructionResult::Revert {
                result.output
            } else {
                Bytes::new()
            };
            let returned = if result.result.is_ok() || result.result.is_revert() {
                result.gas.remaining()
            } else {
                0
            };
            let cost = start_gas.saturating_sub(returned + kept);
            let len = data.len();
            store.data_mut().return_data = data;
            buy_gas(store, cost)?;
            // The init code's gas is EVM gas, not the hostio's.
            let price = store.data().ink_price;
            store.data_mut().subcall_ink += cost * price;
            write_u32(store, revert_len, len)?;
            write(store, contract, address.as_slice())?;
            Ok(vec![])
        }
        _ => Err(Error::host(Fault::Fatal(
            "sub-call outcome of the wrong kind".into(),
        ))),
    }
}

fn read_return_data(c: &mut C, dest: i32, offset: i32, size: i32) -> Result<i32, Error> {
    buy_ink(c, hostio::EVM_API)?;
    let data = c.data().return_data.clone();
    let (offset, size) = (offset as u32 as usize, size as u32 as usize);
    let max = data.len().saturating_sub(offset);
    buy_ink(c, pricing::write_price(size.min(max) as u64))?;
    if max == 0 {
        return Ok(0);
    }
    let end = offset.saturating_add(size).min(data.len());
    let out = &data[offset..end];
    if !out.is_empty() {
        write(c, dest, out)?;
    }
    Ok(out.len() as i32)
}

pub(super) fn register(l: &mut Linker<HostState>) -> anyhow::Result<()> {
    const M: &str = "vm_hooks";
    l.func_wrap(
        M,
        "call_contract",
        |mut c: C, to: i32, data: i32, len: i32, value: i32, gas: i64, ret: i32| {
            call(
                &mut c,
                Kind::Call,
                to,
                data,
                len,
                Some(value),
                gas as u64,
                ret,
            )
        },
    )?;
    l.func_wrap(
        M,
        "delegate_call_contract",
        |mut c: C, to: i32, data: i32, len: i32, gas: i64, ret: i32| {
            call(&mut c, Kind::Delegate, to, data, len, None, gas as u64, ret)
        },
    )?;
    l.func_wrap(
        M,
        "static_call_contract",
        |mut c: C, to: i32, data: i32, len: i32, gas: i64, ret: i32| {
            call(&mut c, Kind::Static, to, data, len, None, gas as u64, ret)
        },
    )?;
    l.func_wrap(
        M,
        "create1",
        |mut c: C, code: i32, len: i32, endowment: i32, out: i32, ret: i32| {
            create(&mut c, code, len, endowment, None, out, ret)
        },
    )?;
    l.func_wrap(
        M,
        "create2",
        |mut c: C, code: i32, len: i32, endowment: i32, salt: i32, out: i32, ret: i32| {
            create(&mut c, code, len, endowment, Some(salt), out, ret)
        },
    )?;
    l.func_wrap(
        M,
        "read_return_data",
        |mut c: C, dest: i32, offset: i32, size: i32| read_return_data(&mut c, dest, offset, size),
    )?;
    l.func_wrap(M, "return_data_size", |mut c: C| {
        buy_ink(&mut c, hostio::PLAIN)?;
        Ok(c.data().return_data.len() as i32)
    })?;
    Ok(())
}
