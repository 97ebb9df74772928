//! Call dispatch shared by revm and the Stylus host: one journal for every frame.
//!
//! revm runs EVM frames. Its `call` handler is replaced by [`call_frame`], which sends calls to
//! ArbWasm, to the StylusDeployer and to Stylus programs (code starting `EF F0 00`) to this
//! crate, and everything else back to revm. A Stylus program runs on wasmi with the revm
//! [`Context`] (journal, database, environment) moved into its store; a sub-call from a
//! hostio moves the context on into a nested revm [`Evm`] or a nested wasmi store, and back.
//! Every frame opens a journal checkpoint and commits or reverts exactly that checkpoint, so a
//! reverted sub-call rolls back its own storage, balance and log changes, whichever engine ran it.

use std::{cell::RefCell, collections::HashMap, convert::Infallible, mem, rc::Rc, sync::Arc};

use revm::{
    db::{CacheDB, EmptyDB},
    interpreter::{
        CallInputs, CallOutcome, CallValue, CreateInputs, CreateOutcome, Gas, InstructionResult,
        InterpreterResult,
    },
    primitives::{Address, Bytecode, Bytes, EVMError, PragueSpec, SpecId, B256, U256},
    Context, Evm, EvmContext, FrameOrResult, FrameResult, Handler, CALL_STACK_LIMIT,
};
use wasmi::{Engine, Linker, Module, Store};

use crate::{
    gas::FUEL_PER_GAS,
    host::{self, Fault, FrameInfo, HostState},
    system,
};

/// The state database: everything in memory.
pub type Db = CacheDB<EmptyDB>;
/// revm's context with this crate's external data.
pub(crate) type Ctx = Context<Ext, Db>;
/// revm's error type for [`Db`].
pub(crate) type EvmErr = EVMError<Infallible>;

/// The EVM specification the devchain runs.
pub const SPEC: SpecId = SpecId::PRAGUE;

/// `EF F0 00`: the code prefix that marks a Stylus program.
pub const STYLUS_MAGIC: [u8; 3] = [0xEF, 0xF0, 0x00];

/// Whether `code` is a Stylus program.
pub fn is_stylus(code: &[u8]) -> bool {
    code.starts_with(&STYLUS_MAGIC)
}

/// External data revm carries for us in its context.
#[derive(Clone)]
pub(crate) struct Ext {
    pub rt: Rc<Runtime>,
}

/// What the Stylus side shares across frames.
pub(crate) struct Runtime {
    pub engine: Engine,
    pub linker: Linker<HostState>,
    /// Compiled modules by code hash (filled at activation, or on first call).
    pub modules: RefCell<HashMap<B256, Module>>,
    /// How many frames act as each address (storage context) on the call stack, EVM and
    /// Stylus alike (Nitro: "reentrant if more than one open same-actor context span exists").
    pub active: RefCell<HashMap<Address, u32>>,
    /// Why the most recent failing Stylus frame failed (trap, fault, not activated).
    pub failure: RefCell<Option<String>>,
}

impl Runtime {
    pub fn new() -> anyhow::Result<Self> {
        let mut config = wasmi::Config::default();
        config.consume_fuel(true);
        config.compilation_mode(wasmi::CompilationMode::Eager);
        let engine = Engine::new(&config);
        let linker = host::linker(&engine)?;
        Ok(Self {
            engine,
            linker,
            modules: RefCell::new(HashMap::new()),
            active: RefCell::new(HashMap::new()),
            failure: RefCell::new(None),
        })
    }

    /// A frame acting as `address` (its storage context) starts.
    pub fn enter(&self, address: Address) {
        *self.active.borrow_mut().entry(address).or_default() += 1;
    }

    /// A frame acting as `address` ended.
    pub fn leave(&self, address: Address) {
        if let Some(count) = self.active.borrow_mut().get_mut(&address) {
            *count = count.saturating_sub(1);
        }
    }

    /// Whether more than one frame acting as `address` is open (Nitro's `msg_reentrant`).
    pub fn reentrant(&self, address: Address) -> bool {
        self.active.borrow().get(&address).copied().unwrap_or(0) > 1
    }

    /// Records why a Stylus frame failed (the newest failure wins).
    pub fn fail(&self, why: String) {
        *self.failure.borrow_mut() = Some(why);
    }

    /// Decompresses, validates (Nitro's rules, shared with `cargo xtask wasm`) and compiles
    /// a program's code.
    pub fn compile(&self, code: &[u8]) -> Result<Module, String> {
        let wasm =
            stylus_wasm::decompress(code).map_err(|e| format!("invalid program code: {e}"))?;
        stylus_wasm::validate(&wasm, stylus_wasm::HostioSet::Nitro)
            .map_err(|e| format!("program fails Nitro's activation rules: {e}"))?;
        Module::new(&self.engine, &wasm).map_err(|e| format!("program does not compile: {e}"))
    }

    /// The compiled module for `code`, from the cache or compiled now.
    pub fn module(&self, code_hash: B256, code: &[u8]) -> Result<Module, String> {
        if let Some(m) = self.modules.borrow().get(&code_hash) {
            return Ok(m.clone());
        }
        let module = self.compile(code)?;
        self.modules.borrow_mut().insert(code_hash, module.clone());
        Ok(module)
    }
}

/// A cheap stand-in left in place while the real context is moved elsewhere.
pub(crate) fn placeholder(ext: &Ext) -> Ctx {
    Context::new(EvmContext::new(Db::default()), ext.clone())
}

/// revm's mainnet handler with this crate's call dispatch and Stylus-aware code deposit.
pub(crate) fn handler<'a>() -> Handler<'a, Ctx, Ext, Db> {
    let mut handler = Handler::mainnet::<PragueSpec>();
    handler.execution.call = Arc::new(call_frame);
    handler.execution.call_return = Arc::new(|ctx: &mut Ctx, frame, result| {
        let acting = frame.frame_data.interpreter.contract.target_address;
        ctx.external.rt.leave(acting);
        ctx.evm.call_return(&result, frame.frame_data.checkpoint);
        Ok(CallOutcome::new(result, frame.return_memory_range))
    });
    handler.execution.create_return = Arc::new(|ctx: &mut Ctx, frame, mut result| {
        let address = frame.created_address;
        let checkpoint = frame.frame_data.checkpoint;
        if result.result.is_ok() && is_stylus(&result.output) {
            stylus_code_deposit(ctx, &mut result, address, checkpoint);
        } else {
            ctx.evm
                .inner
                .create_return::<PragueSpec>(&mut result, address, checkpoint);
        }
        Ok(CreateOutcome::new(result, Some(address)))
    });
    handler
}

/// Installs code starting `EF F0 00` returned by init code, as Nitro does (EIP-3541 exempts
/// Stylus programs there). The size limit and the per-byte deposit cost are the EVM's.
fn stylus_code_deposit(
    ctx: &mut Ctx,
    result: &mut InterpreterResult,
    address: Address,
    checkpoint: revm::JournalCheckpoint,
) {
    let journal = &mut ctx.evm.inner.journaled_state;
    if result.output.len() > ctx.evm.inner.env.cfg.max_code_size() {
        journal.checkpoint_revert(checkpoint);
        result.result = InstructionResult::CreateContractSizeLimit;
        return;
    }
    let deposit = result.output.len() as u64 * revm::interpreter::gas::CODEDEPOSIT;
    if !result.gas.record_cost(deposit) {
        journal.checkpoint_revert(checkpoint);
        result.result = InstructionResult::OutOfGas;
        return;
    }
    journal.checkpoint_commit();
    journal.set_code(address, Bytecode::new_legacy(result.output.clone()));
    result.result = InstructionResult::Return;
}

/// revm's `call` handler: system contracts and Stylus programs run here, EVM code on revm.
/// EVM frames count towards `msg_reentrant` of their acting address, as on Nitro.
fn call_frame(ctx: &mut Ctx, inputs: Box<CallInputs>) -> Result<FrameOrResult, EvmErr> {
    match intercept(ctx, &inputs)? {
        Some(result) => Ok(FrameOrResult::new_call_result(
            result,
            inputs.return_memory_offset.clone(),
        )),
        None => {
            let frame = ctx.evm.make_call_frame(&inputs)?;
            if let FrameOrResult::Frame(_) = frame {
                ctx.external.rt.enter(inputs.target_address);
            }
            Ok(frame)
        }
    }
}

/// Runs the call here if its target is not plain EVM code.
fn intercept(ctx: &mut Ctx, inputs: &CallInputs) -> Result<Option<InterpreterResult>, EvmErr> {
    let target = inputs.bytecode_address;
    if target == system::ARB_WASM {
        return system::arb_wasm(ctx, inputs).map(Some);
    }
    if target == system::STYLUS_DEPLOYER {
        return system::stylus_deployer(ctx, inputs).map(Some);
    }
    let account = ctx
        .evm
        .inner
        .journaled_state
        .load_code(target, &mut ctx.evm.inner.db)?;
    let code = match &account.info.code {
        Some(code) if is_stylus(code.original_byte_slice()) => code.original_bytes(),
        _ => return Ok(None),
    };
    let code_hash = account.info.code_hash;
    stylus_call(ctx, inputs, &code, code_hash).map(Some)
}

/// Native stack kept free before a nested frame starts; below it a new segment is used.
const STACK_RED_ZONE: usize = 1 << 20;
/// Size of each extra native stack segment for deep nesting.
const STACK_SEGMENT: usize = 16 << 20;

/// Runs `f` with at least [`STACK_RED_ZONE`] of native stack: every Stylus frame and every
/// nested revm run recurses on the native stack, so deep call chains get fresh segments.
fn with_stack<T>(f: impl FnOnce() -> T) -> T {
    stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, f)
}

/// A call frame from any caller (revm, a hostio, a system contract), run to completion.
pub(crate) fn call(ctx: &mut Ctx, inputs: Box<CallInputs>) -> Result<InterpreterResult, EvmErr> {
    with_stack(|| call_inner(ctx, inputs))
}

fn call_inner(ctx: &mut Ctx, inputs: Box<CallInputs>) -> Result<InterpreterResult, EvmErr> {
    if let Some(result) = intercept(ctx, &inputs)? {
        return Ok(result);
    }
    let placeholder = placeholder(&ctx.external);
    let mut evm = Evm::new(mem::replace(ctx, placeholder), handler());
    let result = match evm.context.evm.make_call_frame(&inputs) {
        Ok(FrameOrResult::Frame(frame)) => {
            // Balanced by the `call_return` handler when the frame ends.
            evm.context.external.rt.enter(inputs.target_address);
            evm.run_the_loop(frame)
        }
        Ok(FrameOrResult::Result(result)) => Ok(result),
        Err(e) => Err(e),
    };
    *ctx = evm.into_context();
    result.map(FrameResult::into_interpreter_result)
}

/// A create frame from a hostio or a system contract, run to completion on revm.
pub(crate) fn create(ctx: &mut Ctx, inputs: Box<CreateInputs>) -> Result<CreateOutcome, EvmErr> {
    with_stack(|| create_inner(ctx, inputs))
}

fn create_inner(ctx: &mut Ctx, inputs: Box<CreateInputs>) -> Result<CreateOutcome, EvmErr> {
    let placeholder = placeholder(&ctx.external);
    let mut evm = Evm::new(mem::replace(ctx, placeholder), handler());
    let result = match evm.context.evm.make_create_frame(SPEC, &inputs) {
        Ok(FrameOrResult::Frame(frame)) => evm.run_the_loop(frame),
        Ok(FrameOrResult::Result(result)) => Ok(result),
        Err(e) => Err(e),
    };
    *ctx = evm.into_context();
    match result? {
        FrameResult::Create(outcome) => Ok(outcome),
        other => Ok(CreateOutcome::new(other.into_interpreter_result(), None)),
    }
}

/// Whether the program with this code hash has been activated through ArbWasm.
pub(crate) fn is_activated(ctx: &mut Ctx, code_hash: B256) -> Result<bool, EvmErr> {
    ctx.evm.load_account(system::ARB_WASM)?;
    let slot = U256::from_be_bytes(code_hash.0);
    Ok(!ctx.evm.sload(system::ARB_WASM, slot)?.data.is_zero())
}

/// Runs one Stylus call frame: checkpoint, value transfer, activation check, the program, and
/// commit or revert of the checkpoint.
fn stylus_call(
    ctx: &mut Ctx,
    inputs: &CallInputs,
    code: &[u8],
    code_hash: B256,
) -> Result<InterpreterResult, EvmErr> {
    let rt = ctx.external.rt.clone();
    let gas_limit = inputs.gas_limit;
    let failed = |result: InstructionResult| InterpreterResult {
        result,
        output: Bytes::new(),
        gas: Gas::new(gas_limit),
    };
    if ctx.evm.journaled_state.depth() > CALL_STACK_LIMIT {
        return Ok(failed(InstructionResult::CallTooDeep));
    }
    ctx.evm.load_account(inputs.target_address)?;
    let checkpoint = ctx.evm.journaled_state.checkpoint();
    match inputs.value {
        CallValue::Transfer(value) if !value.is_zero() => {
            if let Some(result) = ctx.evm.inner.journaled_state.transfer(
                &inputs.caller,
                &inputs.target_address,
                value,
                &mut ctx.evm.inner.db,
            )? {
                ctx.evm.journaled_state.checkpoint_revert(checkpoint);
                return Ok(failed(result));
            }
        }
        _ => ctx.evm.journaled_state.touch(&inputs.target_address),
    }
    let module = if is_activated(ctx, code_hash)? {
        rt.module(code_hash, code)
            .map_err(|e| format!("Stylus program {}: {e}", inputs.bytecode_address))
    } else {
        Err(format!(
            "Stylus program {} is not activated (call ArbWasm.activateProgram)",
            inputs.bytecode_address
        ))
    };
    let module = match module {
        Ok(module) => module,
        Err(why) => {
            ctx.evm.journaled_state.checkpoint_revert(checkpoint);
            rt.fail(why);
            return Ok(failed(InstructionResult::Revert));
        }
    };
    let frame = FrameInfo {
        address: inputs.target_address,
        code_address: inputs.bytecode_address,
        caller: inputs.caller,
        value: inputs.call_value(),
        input: inputs.input.clone(),
        is_static: inputs.is_static,
    };
    let result = with_stack(|| run_program(ctx, &rt, &module, frame, gas_limit))?;
    if result.result.is_ok() {
        ctx.evm.journaled_state.checkpoint_commit();
    } else {
        ctx.evm.journaled_state.checkpoint_revert(checkpoint);
    }
    Ok(result)
}

/// How a program run ended, before it is mapped onto revm's result codes.
enum Exit {
    Status(i32),
    OutOfGas,
    Failure(String),
}

/// Instantiates `module` in a fresh store holding the context and calls `user_entrypoint`.
fn run_program(
    ctx: &mut Ctx,
    rt: &Rc<Runtime>,
    module: &Module,
    frame: FrameInfo,
    gas_limit: u64,
) -> Result<InterpreterResult, EvmErr> {
    let address = frame.address;
    let code_address = frame.code_address;
    let args_len = frame.input.len();
    let owned = mem::replace(ctx, placeholder(&ctx.external));
    let mut store = Store::new(&rt.engine, HostState::new(owned, rt.clone(), frame));
    let fuel = gas_limit.saturating_mul(FUEL_PER_GAS);
    rt.enter(address);

    let run = (|| -> Result<i32, wasmi::Error> {
        store.set_fuel(fuel)?;
        let instance = rt.linker.instantiate_and_start(&mut store, module)?;
        let memory = instance
            .get_memory(&store, "memory")
            .ok_or_else(|| wasmi::Error::new("program exports no memory"))?;
        store.data_mut().memory = Some(memory);
        let entry = instance.get_typed_func::<i32, i32>(&store, "user_entrypoint")?;
        entry.call(&mut store, args_len as i32)
    })();

    rt.leave(address);
    let fuel_left = store.get_fuel().unwrap_or(0);
    let mut state = store.into_data();
    *ctx = state
        .ctx
        .take()
        .ok_or_else(|| EVMError::Custom("Stylus host lost the EVM context".into()))?;

    let exit = match run {
        Ok(status) => Exit::Status(status),
        Err(e) => {
            if let Some(status) = e.i32_exit_status() {
                Exit::Status(status)
            } else if let Some(fault) = e.downcast_ref::<Fault>() {
                match fault {
                    Fault::OutOfGas => Exit::OutOfGas,
                    Fault::Fatal(msg) => return Err(EVMError::Custom(msg.clone())),
                    Fault::Program(msg) => Exit::Failure(msg.clone()),
                }
            } else if e.as_trap_code() == Some(wasmi::TrapCode::OutOfFuel) {
                Exit::OutOfGas
            } else {
                Exit::Failure(format!("trap: {e}"))
            }
        }
    };
    let mut gas = Gas::new(gas_limit);
    let used = fuel
        .saturating_sub(fuel_left)
        .div_ceil(FUEL_PER_GAS)
        .min(gas_limit);
    let output = Bytes::from(mem::take(&mut state.output));
    let result = match exit {
        Exit::Status(0) => {
            gas.set_spent(used);
            gas.record_refund(state.refund);
            InterpreterResult::new(InstructionResult::Return, output, gas)
        }
        Exit::Status(_) => {
            gas.set_spent(used);
            InterpreterResult::new(InstructionResult::Revert, output, gas)
        }
        Exit::OutOfGas => {
            rt.fail(format!(
                "Stylus program {code_address} (at {address}) ran out of gas"
            ));
            gas.spend_all();
            InterpreterResult::new(InstructionResult::OutOfGas, Bytes::new(), gas)
        }
        Exit::Failure(why) => {
            rt.fail(format!(
                "Stylus program {code_address} (at {address}) failed: {why}"
            ));
            gas.set_spent(used);
            InterpreterResult::new(InstructionResult::Revert, Bytes::new(), gas)
        }
    };
    Ok(result)
}
