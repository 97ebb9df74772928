//! The `vm_hooks` hostios a Stylus program imports, with Nitro's semantics and prices
//! (`wasm-libraries/user-host-trait`, `arbutil/src/evm/req.rs`, `arbos/programs/api.go`).
//!
//! Ink lives in the program's own globals (`stylus_ink_left`, `stylus_ink_status`) added by the
//! instrumentation; hostios buy ink from them as Nitro's do. A hostio that needs a sub-call
//! (calls, creates) stores the request in the frame's [`HostState`] and stops the program with
//! [`Fault::Yield`]; the frame loop runs the callee and resumes the program through
//! [`calls::complete`].

mod calls;
mod env;
mod storage;

use std::{collections::BTreeMap, fmt};

use revm::{
    interpreter::{CallInputs, CreateInputs},
    primitives::{Address, Bytes, B256, U256},
};
use wasmi::{AsContext, AsContextMut, Caller, Engine, Error, Global, Linker, Memory, Val};

use crate::context::{Ctx, EvmErr};

pub(crate) use calls::complete;

/// A hostio's reason to stop the program.
#[derive(Debug)]
pub(crate) enum Fault {
    /// A sub-call or create waits in [`HostState::request`].
    Yield,
    /// `exit_early(status)`.
    Exit(i32),
    /// Not enough ink left.
    OutOfInk,
    /// The program broke a rule (bad pointer, a write in a static call, bad arguments): a
    /// failure, which reverts the frame and keeps its gas, as on Nitro.
    Program(String),
    /// The devchain itself failed (a database error): aborts the transaction.
    Fatal(String),
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Yield => write!(f, "sub-call"),
            Fault::Exit(status) => write!(f, "exit_early({status})"),
            Fault::OutOfInk => write!(f, "out of ink"),
            Fault::Program(msg) | Fault::Fatal(msg) => write!(f, "{msg}"),
        }
    }
}

impl wasmi::errors::HostError for Fault {}

pub(crate) fn fault(msg: impl Into<String>) -> Error {
    Error::host(Fault::Program(msg.into()))
}

pub(crate) fn fatal(e: EvmErr) -> Error {
    Error::host(Fault::Fatal(format!("EVM error: {e}")))
}

/// What a Stylus frame knows about the call that started it (Nitro's `EvmData`).
#[derive(Clone, Debug)]
pub(crate) struct FrameInfo {
    /// Storage (and `contract_address`) address: the callee, or the caller for delegate calls.
    pub address: Address,
    /// Where the code came from.
    pub code_address: Address,
    /// `msg_sender`.
    pub caller: Address,
    /// `msg_value`.
    pub value: U256,
    /// The calldata.
    pub input: Bytes,
    /// Writes are forbidden.
    pub is_static: bool,
    /// `msg_reentrant`, fixed when the frame starts.
    pub reentrant: bool,
}

/// The instrumentation's globals of one instance.
#[derive(Clone, Copy)]
pub(crate) struct Meter {
    /// `stylus_ink_left`.
    pub ink: Global,
    /// `stylus_ink_status`.
    pub status: Global,
    /// `stylus_stack_left`.
    pub stack: Global,
}

/// One slot of the storage cache (`arbutil/src/evm/storage.rs`).
#[derive(Clone, Copy)]
pub(crate) struct Word {
    value: B256,
    /// The value in the state, when known (loaded, or flushed): writing it back is not dirty.
    known: Option<B256>,
}

/// Nitro's per-call storage cache, ordered so flushes are deterministic.
#[derive(Default)]
pub(crate) struct StorageCache {
    slots: BTreeMap<B256, Word>,
    reads: usize,
    writes: usize,
}

/// A sub-call or create a hostio asked for.
pub(crate) enum Request {
    /// A call of any kind.
    Call(Box<CallInputs>),
    /// A create.
    Create(Box<CreateInputs>),
}

/// How to finish the hostio once its sub-call ends.
pub(crate) enum Pending {
    /// `call_contract` and friends: the caller pays `base + gas - gas returned`.
    Call { base: u64, gas: u64, ret_len: i32 },
    /// `create1` / `create2`: the caller pays what the init code used; 1/64 is kept back.
    Create {
        start_gas: u64,
        kept: u64,
        contract: i32,
        revert_len: i32,
    },
}

/// The data of one Stylus frame's wasmi store.
pub(crate) struct HostState {
    /// The revm context, moved in while the program runs.
    pub ctx: Option<Box<Ctx>>,
    /// The call.
    pub frame: FrameInfo,
    /// The exported memory.
    pub memory: Option<Memory>,
    /// The ink and stack globals.
    pub meter: Option<Meter>,
    /// Ink per gas.
    pub ink_price: u64,
    /// What `write_result` set.
    pub output: Vec<u8>,
    /// The last sub-call's or create's return data.
    pub return_data: Bytes,
    /// The storage cache.
    pub cache: StorageCache,
    /// The code `account_code` read last (Nitro reads the same account's code once).
    pub last_code: Option<(Address, Bytes)>,
    /// EIP-2200/3529 refunds earned by this frame and its successful sub-calls.
    pub refund: i64,
    /// The sub-call a hostio asked for.
    pub request: Option<Request>,
    /// How to finish that hostio.
    pub pending: Option<Pending>,
    /// Ink the hostios bought (for [`crate::GasBreakdown`]).
    pub hostio_ink: u64,
    /// Of which the gas sub-calls and creates used.
    pub subcall_ink: u64,
}

impl HostState {
    /// A frame's host state, before the instance exists.
    pub fn new(frame: FrameInfo, ink_price: u64) -> Self {
        Self {
            ctx: None,
            frame,
            memory: None,
            meter: None,
            ink_price,
            output: Vec::new(),
            return_data: Bytes::new(),
            cache: StorageCache::default(),
            last_code: None,
            refund: 0,
            request: None,
            pending: None,
            hostio_ink: 0,
            subcall_ink: 0,
        }
    }

    /// The revm context.
    pub fn ctx(&mut self) -> Result<&mut Ctx, Error> {
        self.ctx
            .as_deref_mut()
            .ok_or_else(|| Error::host(Fault::Fatal("EVM context missing".into())))
    }
}

pub(crate) type C<'a> = Caller<'a, HostState>;

fn memory<T: AsContext<Data = HostState>>(c: &T) -> Result<Memory, Error> {
    c.as_context()
        .data()
        .memory
        .ok_or_else(|| fault("hostio called before memory was exported"))
}

/// Reads `len` bytes of program memory at `ptr`.
pub(crate) fn read<T: AsContext<Data = HostState>>(
    c: &T,
    ptr: i32,
    len: usize,
) -> Result<Vec<u8>, Error> {
    let mem = memory(c)?;
    let data = mem.data(c);
    let start = ptr as u32 as usize;
    data.get(start..start.saturating_add(len))
        .map(<[u8]>::to_vec)
        .ok_or_else(|| fault(format!("read of {len} bytes at {start} is out of bounds")))
}

pub(crate) fn read32<T: AsContext<Data = HostState>>(c: &T, ptr: i32) -> Result<B256, Error> {
    Ok(B256::from_slice(&read(c, ptr, 32)?))
}

pub(crate) fn read_u256<T: AsContext<Data = HostState>>(c: &T, ptr: i32) -> Result<U256, Error> {
    Ok(U256::from_be_bytes(read32(c, ptr)?.0))
}

pub(crate) fn read_address<T: AsContext<Data = HostState>>(
    c: &T,
    ptr: i32,
) -> Result<Address, Error> {
    Ok(Address::from_slice(&read(c, ptr, 20)?))
}

/// Writes `bytes` into program memory at `ptr`.
pub(crate) fn write<T: AsContextMut<Data = HostState>>(
    c: &mut T,
    ptr: i32,
    bytes: &[u8],
) -> Result<(), Error> {
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

pub(crate) fn write_u32<T: AsContextMut<Data = HostState>>(
    c: &mut T,
    ptr: i32,
    value: usize,
) -> Result<(), Error> {
    write(c, ptr, &(value as u32).to_le_bytes())
}

fn meter<T: AsContext<Data = HostState>>(c: &T) -> Result<Meter, Error> {
    c.as_context()
        .data()
        .meter
        .ok_or_else(|| Error::host(Fault::Fatal("program not instrumented".into())))
}

/// Ink left, or out of ink once the program is exhausted.
pub(crate) fn ink_ready<T: AsContextMut<Data = HostState>>(c: &mut T) -> Result<u64, Error> {
    let m = meter(c)?;
    if m.status.get(&*c).i32().unwrap_or(1) != 0 {
        return Err(out_of_ink(c));
    }
    Ok(m.ink.get(&*c).i64().unwrap_or(0) as u64)
}

fn set_ink<T: AsContextMut<Data = HostState>>(c: &mut T, ink: u64, status: i32) {
    if let Ok(m) = meter(c) {
        let _ = m.ink.set(&mut *c, Val::I64(ink as i64));
        let _ = m.status.set(&mut *c, Val::I32(status));
    }
}

/// Marks the program exhausted (ink 0, status 1) and returns the error that stops it.
pub(crate) fn out_of_ink<T: AsContextMut<Data = HostState>>(c: &mut T) -> Error {
    set_ink(c, 0, 1);
    Error::host(Fault::OutOfInk)
}

/// Buys `ink` (Nitro's `buy_ink`).
pub(crate) fn buy_ink<T: AsContextMut<Data = HostState>>(c: &mut T, ink: u64) -> Result<(), Error> {
    let left = ink_ready(c)?;
    if left < ink {
        return Err(out_of_ink(c));
    }
    set_ink(c, left - ink, 0);
    c.as_context_mut().data_mut().hostio_ink += ink;
    Ok(())
}

/// Fails unless `ink` is left, without buying it (`require_ink`).
pub(crate) fn require_ink<T: AsContextMut<Data = HostState>>(
    c: &mut T,
    ink: u64,
) -> Result<(), Error> {
    if ink_ready(c)? < ink {
        return Err(out_of_ink(c));
    }
    Ok(())
}

fn price<T: AsContext<Data = HostState>>(c: &T) -> u64 {
    c.as_context().data().ink_price
}

/// Buys `gas` worth of ink.
pub(crate) fn buy_gas<T: AsContextMut<Data = HostState>>(c: &mut T, gas: u64) -> Result<(), Error> {
    let ink = gas.saturating_mul(price(c));
    buy_ink(c, ink)
}

/// Fails unless `gas` worth of ink is left.
pub(crate) fn require_gas<T: AsContextMut<Data = HostState>>(
    c: &mut T,
    gas: u64,
) -> Result<(), Error> {
    let ink = gas.saturating_mul(price(c));
    require_ink(c, ink)
}

/// Gas left (ink / ink price).
pub(crate) fn gas_left<T: AsContextMut<Data = HostState>>(c: &mut T) -> Result<u64, Error> {
    let ink = ink_ready(c)?;
    Ok(ink / price(c))
}

/// Adds to the transaction's gas breakdown.
pub(crate) fn account_gas<T: AsContextMut<Data = HostState>>(
    c: &mut T,
    f: impl FnOnce(&mut crate::receipt::GasBreakdown),
) {
    if let Some(ctx) = c.as_context_mut().data_mut().ctx.as_deref_mut() {
        f(&mut ctx.external.tx.gas);
    }
}

/// Builds the linker with every hostio Nitro offers to programs (`vm_hooks`).
pub(crate) fn linker(engine: &Engine) -> anyhow::Result<Linker<HostState>> {
    let mut l = Linker::<HostState>::new(engine);
    storage::register(&mut l)?;
    calls::register(&mut l)?;
    env::register(&mut l)?;
    Ok(l)
}
