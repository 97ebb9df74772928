//! Arguments and result, the environment getters, accounts, logs, keccak, math, memory growth.

use revm::primitives::{keccak256, Address, Bytes, Log, B256, U256};
use wasmi::{Error, Linker};

use super::*;
use crate::pricing::{self, hostio};

/// Loads an account with Nitro's `WasmAccountTouchCost` (2,600 cold / 100 warm, +700 with code)
/// and returns `f` of the context.
fn touch<T>(
    c: &mut C,
    address: Address,
    with_code: bool,
    f: impl FnOnce(&mut Ctx, Address) -> Result<revm::interpreter::StateLoad<T>, EvmErr>,
) -> Result<(T, u64), Error> {
    let load = f(c.data_mut().ctx()?, address).map_err(fatal)?;
    let access = if load.is_cold {
        pricing::COLD_ACCOUNT_GAS
    } else {
        pricing::WARM_GAS
    };
    let code = if with_code { pricing::EXTCODE_GAS } else { 0 };
    account_gas(c, |g| g.account_access += access + code);
    Ok((load.data, access + code))
}

/// `account_code` / `account_code_size`: the code, through the one-entry code cache.
fn account_code(c: &mut C, address: Address) -> Result<Bytes, Error> {
    buy_ink(c, hostio::EVM_API)?;
    require_gas(c, pricing::COLD_ACCOUNT_GAS)?;
    if let Some((last, code)) = &c.data().last_code {
        if *last == address {
            return Ok(code.clone());
        }
    }
    let gas = gas_left(c)?;
    let (code, cost) = touch(c, address, true, |ctx, a| ctx.evm.code(a))?;
    let code = if gas < cost { Bytes::new() } else { code };
    buy_gas(c, cost)?;
    if !code.is_empty() {
        c.data_mut().last_code = Some((address, code.clone()));
    }
    Ok(code)
}

fn emit_log(c: &mut C, data: i32, len: i32, topics: i32) -> Result<(), Error> {
    buy_ink(c, hostio::EVM_API)?;
    let (len, topics) = (len as u32 as usize, topics as u32 as usize);
    if topics > 4 || len < topics * 32 {
        return Err(fault(format!(
            "emit_log with {topics} topics and {len} bytes"
        )));
    }
    buy_ink(c, pricing::read_price(len as u64))?;
    let gas = pricing::log_gas(topics as u64, (len - topics * 32) as u64);
    buy_gas(c, gas)?;
    account_gas(c, |g| g.logs += gas);
    let bytes = read(c, data, len)?;
    if c.data().frame.is_static {
        return Err(fault("emit_log in a static call (write protection)"));
    }
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
    ink: u64,
    value: i32,
    args: &[i32],
    f: impl FnOnce(U256, &[U256]) -> U256,
) -> Result<(), Error> {
    buy_ink(c, ink)?;
    let a = read_u256(c, value)?;
    let rest = args
        .iter()
        .map(|p| read_u256(c, *p))
        .collect::<Result<Vec<_>, _>>()?;
    let out = f(a, &rest);
    write(c, value, &out.to_be_bytes::<32>())
}

/// `pay_for_memory_grow(pages)`: the memory model's price of the new pages given those open
/// in the transaction (instrumented before every `memory.grow`).
fn pay_for_memory_grow(c: &mut C, pages: i32) -> Result<(), Error> {
    let pages = pages as u32 as u16;
    if pages == 0 {
        return buy_ink(c, hostio::PLAIN);
    }
    let ctx = c.data_mut().ctx()?;
    let params = ctx.external.shared.params.borrow().clone();
    let tx = &mut ctx.external.tx;
    let (open, ever) = (tx.pages_open, tx.pages_ever);
    tx.pages_open = open.saturating_add(pages);
    tx.pages_ever = ever.max(tx.pages_open);
    let cost = pricing::memory_gas(&params, pages, open, ever);
    tx.gas.memory_grow += cost;
    buy_gas(c, cost)
}

type Getter = fn(&mut C) -> Result<Vec<u8>, Error>;

/// Getters that write a value through one pointer.
const PTR_GETTERS: [(&str, Getter); 7] = [
    ("msg_sender", |c| Ok(c.data().frame.caller.to_vec())),
    ("contract_address", |c| Ok(c.data().frame.address.to_vec())),
    ("msg_value", |c| Ok(c.data().frame.value.to_be_bytes_vec())),
    ("tx_origin", |c| {
        Ok(c.data_mut().ctx()?.evm.env.tx.caller.to_vec())
    }),
    ("block_coinbase", |c| {
        Ok(c.data_mut().ctx()?.evm.env.block.coinbase.to_vec())
    }),
    ("block_basefee", |c| {
        Ok(c.data_mut().ctx()?.evm.env.block.basefee.to_be_bytes_vec())
    }),
    ("tx_gas_price", |c| {
        Ok(c.data_mut()
            .ctx()?
            .evm
            .env
            .effective_gas_price()
            .to_be_bytes_vec())
    }),
];

pub(super) fn register(l: &mut Linker<HostState>) -> anyhow::Result<()> {
    const M: &str = "vm_hooks";
    l.func_wrap(M, "read_args", |mut c: C, dest: i32| {
        buy_ink(&mut c, hostio::PLAIN)?;
        let input = c.data().frame.input.clone();
        buy_ink(&mut c, pricing::write_price(input.len() as u64))?;
        write(&mut c, dest, &input)
    })?;
    l.func_wrap(M, "write_result", |mut c: C, data: i32, len: i32| {
        buy_ink(&mut c, hostio::PLAIN)?;
        let len = len as u32 as u64;
        buy_ink(&mut c, pricing::read_price(len))?;
        buy_ink(&mut c, pricing::read_price(len))?;
        c.data_mut().output = read(&c, data, len as usize)?;
        Ok(())
    })?;
    l.func_wrap(M, "exit_early", |_c: C, status: i32| -> Result<(), Error> {
        Err(Error::host(Fault::Exit(status)))
    })?;
    for (name, getter) in PTR_GETTERS {
        l.func_wrap(M, name, move |mut c: C, dest: i32| {
            buy_ink(&mut c, hostio::ONE_PTR)?;
            let value = getter(&mut c)?;
            write(&mut c, dest, &value)
        })?;
    }
    l.func_wrap(M, "chainid", |mut c: C| {
        buy_ink(&mut c, hostio::PLAIN)?;
        Ok(c.data_mut().ctx()?.evm.env.cfg.chain_id as i64)
    })?;
    l.func_wrap(M, "block_gas_limit", |mut c: C| {
        buy_ink(&mut c, hostio::PLAIN)?;
        Ok(c.data_mut()
            .ctx()?
            .evm
            .env
            .block
            .gas_limit
            .saturating_to::<u64>() as i64)
    })?;
    l.func_wrap(M, "block_number", |mut c: C| {
        buy_ink(&mut c, hostio::PLAIN)?;
        Ok(c.data_mut()
            .ctx()?
            .evm
            .env
            .block
            .number
            .saturating_to::<u64>() as i64)
    })?;
    l.func_wrap(M, "block_timestamp", |mut c: C| {
        buy_ink(&mut c, hostio::PLAIN)?;
        Ok(c.data_mut()
            .ctx()?
            .evm
            .env
            .block
            .timestamp
            .saturating_to::<u64>() as i64)
    })?;
    l.func_wrap(M, "msg_reentrant", |mut c: C| {
        buy_ink(&mut c, hostio::PLAIN)?;
        Ok(i32::from(c.data().frame.reentrant))
    })?;
    l.func_wrap(M, "tx_ink_price", |mut c: C| {
        buy_ink(&mut c, hostio::PLAIN)?;
        Ok(c.data().ink_price as i32)
    })?;
    l.func_wrap(M, "evm_gas_left", |mut c: C| {
        buy_ink(&mut c, hostio::PLAIN)?;
        Ok(gas_left(&mut c)? as i64)
    })?;
    l.func_wrap(M, "evm_ink_left", |mut c: C| {
        buy_ink(&mut c, hostio::PLAIN)?;
        Ok(ink_ready(&mut c)? as i64)
    })?;
    l.func_wrap(M, "account_balance", |mut c: C, address: i32, dest: i32| {
        buy_ink(&mut c, hostio::TWO_PTR_EVM_API)?;
        require_gas(&mut c, pricing::COLD_ACCOUNT_GAS)?;
        let address = read_address(&c, address)?;
        let (balance, cost) = touch(&mut c, address, false, |ctx, a| ctx.evm.balance(a))?;
        buy_gas(&mut c, cost)?;
        write(&mut c, dest, &balance.to_be_bytes::<32>())
    })?;
    l.func_wrap(
        M,
        "account_codehash",
        |mut c: C, address: i32, dest: i32| {
            buy_ink(&mut c, hostio::TWO_PTR_EVM_API)?;
            require_gas(&mut c, pricing::COLD_ACCOUNT_GAS)?;
            let address = read_address(&c, address)?;
            let (hash, cost) = touch(&mut c, address, false, |ctx, a| ctx.evm.code_hash(a))?;
            buy_gas(&mut c, cost)?;
            write(&mut c, dest, hash.as_slice())
        },
    )?;
    l.func_wrap(
        M,
        "account_code",
        |mut c: C, address: i32, offset: i32, size: i32, dest: i32| {
            let address = read_address(&c, address)?;
            let code = account_code(&mut c, address)?;
            buy_ink(&mut c, pricing::write_price(code.len() as u64))?;
            let start = (offset as u32 as usize).min(code.len());
            let end = start.saturating_add(size as u32 as usize).min(code.len());
            write(&mut c, dest, &code[start..end])?;
            Ok((end - start) as i32)
        },
    )?;
    l.func_wrap(M, "account_code_size", |mut c: C, address: i32| {
        let address = read_address(&c, address)?;
        Ok(account_code(&mut c, address)?.len() as i32)
    })?;
    l.func_wrap(
        M,
        "emit_log",
        |mut c: C, data: i32, len: i32, topics: i32| emit_log(&mut c, data, len, topics),
    )?;
    l.func_wrap(
        M,
        "native_keccak256",
        |mut c: C, data: i32, len: i32, out: i32| {
            let len = len as u32 as usize;
            buy_ink(&mut c, pricing::keccak_price(len as u64))?;
            let bytes = read(&c, data, len)?;
            write(&mut c, out, keccak256(bytes).as_slice())
        },
    )?;
    l.func_wrap(M, "pay_for_memory_grow", |mut c: C, pages: i32| {
        pay_for_memory_grow(&mut c, pages)
    })?;
    l.func_wrap(M, "math_div", |mut c: C, v: i32, d: i32| {
        math(&mut c, hostio::MATH_DIV, v, &[d], |a, r| {
            a.checked_div(r[0]).unwrap_or_default()
        })
    })?;
    l.func_wrap(M, "math_mod", |mut c: C, v: i32, d: i32| {
        math(&mut c, hostio::MATH_DIV, v, &[d], |a, r| {
            a.checked_rem(r[0]).unwrap_or_default()
        })
    })?;
    l.func_wrap(M, "math_pow", |mut c: C, v: i32, e: i32| {
        let exponent = read32(&c, e)?;
        math(
            &mut c,
            hostio::MATH_POW + pricing::pow_price(&exponent.0),
            v,
            &[e],
            |a, r| a.wrapping_pow(r[0]),
        )
    })?;
    l.func_wrap(M, "math_add_mod", |mut c: C, v: i32, w: i32, m: i32| {
        math(&mut c, hostio::MATH_ADD_MOD, v, &[w, m], |a, r| {
            a.add_mod(r[0], r[1])
        })
    })?;
    l.func_wrap(M, "math_mul_mod", |mut c: C, v: i32, w: i32, m: i32| {
        math(&mut c, hostio::MATH_MUL_MOD, v, &[w, m], |a, r| {
            a.mul_mod(r[0], r[1])
        })
    })?;
    Ok(())
}
