//! A Stylus frame: entry costs, a wasmi instance of the instrumented program, and
//! `user_entrypoint` run as a resumable call that stops at every sub-call.
//!
//! Entering follows Nitro's `programs.go` `CallProgram`: the program must be active (else all
//! gas is consumed), the memory model prices its initial pages given those open in the
//! transaction, and the init cost is paid (cached programs pay less). Ending follows
//! `native.go`: out of ink and out of stack consume all gas, a failure (trap, hostio fault)
//! reverts without data and keeps the rest, and return data costs at least what the EVM's
//! `RETURN` would.

use std::mem;

use revm::{
    interpreter::{
        CallInputs, CallOutcome, CallScheme, CallValue, Gas, InstructionResult, InterpreterResult,
    },
    primitives::{Bytes, B256},
    FrameResult, JournalCheckpoint, CALL_STACK_LIMIT,
};
use stylus_wasm::instrument::{STYLUS_INK_LEFT, STYLUS_INK_STATUS, STYLUS_STACK_LEFT};
use wasmi::{Store, TypedFunc, TypedResumableCall, TypedResumableCallHostTrap, Val};

use super::Runtime;
use crate::{
    context::{Action, Compiled, Ctx, EvmErr, Frame, LoopEnv, Resume, Step},
    host::{self, Fault, FrameInfo, HostState, Meter, Request},
    pricing, programs,
    receipt::{ProgramFailure, ProgramFailureKind},
};

/// A running program.
pub(crate) struct StylusFrame {
    store: Store<HostState>,
    entry: Option<TypedFunc<i32, i32>>,
    invocation: Option<TypedResumableCallHostTrap<i32>>,
    checkpoint: JournalCheckpoint,
    gas_limit: u64,
    /// Pages open when the frame started (restored when it ends).
    pages_open: u16,
    /// Counted for `msg_reentrant` (not a delegate call).
    counted: bool,
    return_memory: core::ops::Range<usize>,
    /// Ink the program started with.
    ink_supplied: u64,
}

fn done(inputs: &CallInputs, result: InstructionResult, gas: Gas) -> Step {
    Step::Done(FrameResult::Call(CallOutcome::new(
        InterpreterResult::new(result, Bytes::new(), gas),
        inputs.return_memory_offset.clone(),
    )))
}

/// Starts a call into the program with `code` (hash `code_hash`).
pub(crate) fn start(
    ctx: &mut Ctx,
    rt: &Runtime,
    inputs: Box<CallInputs>,
    code: Bytes,
    code_hash: B256,
) -> Result<Step, EvmErr> {
    let gas_limit = inputs.gas_limit;
    if ctx.evm.journaled_state.depth() > CALL_STACK_LIMIT {
        return Ok(done(
            &inputs,
            InstructionResult::CallTooDeep,
            Gas::new(gas_limit),
        ));
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
                return Ok(done(&inputs, result, Gas::new(gas_limit)));
            }
        }
        _ => ctx.evm.journaled_state.touch(&inputs.target_address),
    }
    let shared = ctx.external.shared.clone();
    let params = shared.params.borrow().clone();
    let config = shared.config.borrow().clone();
    let time = ctx.evm.env.block.timestamp.saturating_to::<u64>();
    let fail = |ctx: &mut Ctx, kind: ProgramFailureKind, result: InstructionResult| {
        ctx.evm.journaled_state.checkpoint_revert(checkpoint);
        ctx.external.tx.fail(ProgramFailure {
            program: inputs.bytecode_address,
            acting: inputs.target_address,
            kind,
        });
        let mut gas = Gas::new(gas_limit);
        gas.spend_all();
        Ok(done(&inputs, result, gas))
    };

    // Only active programs run; anything else consumes all gas (a non-revert error on Nitro).
    let record = programs::record(ctx, code_hash)?;
    if let Err(kind) = record.check_active(time, &params) {
        return fail(ctx, kind, InstructionResult::NotActivated);
    }
    let compiled = match programs::compiled(&shared, code_hash, &code) {
        Ok(c) => c,
        Err(why) => {
            let kind = ProgramFailureKind::Hostio(why);
            return fail(ctx, kind, InstructionResult::NotActivated);
        }
    };

    // Entry cost: memory model + program init (cached or not).
    let tx = &mut ctx.external.tx;
    let (open, ever) = (tx.pages_open, tx.pages_ever);
    let memory = pricing::memory_gas(&params, record.footprint, open, ever);
    let recent = config.recent_programs_cached
        && tx.recent_hit(code_hash, usize::from(params.block_cache_size));
    let cached = record.cached || config.all_programs_cached || recent;
    let mut cost = memory.saturating_add(pricing::cached_gas(&params, record.cached_cost));
    if !cached {
        cost = cost.saturating_add(pricing::init_gas(&params, record.init_cost));
    }
    if gas_limit < cost {
        let kind = ProgramFailureKind::EntryOutOfGas {
            cost,
            gas: gas_limit,
        };
        return fail(ctx, kind, InstructionResult::OutOfGas);
    }
    let gas = gas_limit - cost;
    tx.gas.programs_entered += 1;
    tx.gas.memory_init += memory;
    tx.gas.program_init += cost - memory;
    tx.pages_open = open.saturating_add(record.footprint);
    tx.pages_ever = tx.pages_ever.max(tx.pages_open);
    let counted = !matches!(
        inputs.scheme,
        CallScheme::DelegateCall | CallScheme::CallCode
    );
    if counted {
        tx.enter(inputs.target_address);
    }
    let info = FrameInfo {
        address: inputs.target_address,
        code_address: inputs.bytecode_address,
        caller: inputs.caller,
        value: inputs.call_value(),
        input: inputs.input.clone(),
        is_static: inputs.is_static,
        reentrant: tx.reentrant(inputs.target_address),
    };
    let ink_price = u64::from(params.ink_price);
    let mut frame = StylusFrame {
        store: Store::new(&shared.engine, HostState::new(info, ink_price)),
        entry: None,
        invocation: None,
        checkpoint,
        gas_limit,
        pages_open: open,
        counted,
        return_memory: inputs.return_memory_offset.clone(),
        ink_supplied: 0,
    };
    let ink = gas.saturating_mul(ink_price);
    frame.ink_supplied = ink;
    match frame.instantiate(rt, &compiled, ink, params.max_stack_depth) {
        Ok(()) => Ok(Step::Frame(Box::new(frame))),
        Err(e) => {
            let kind = ProgramFailureKind::Trap(format!("instantiation: {e}"));
            Ok(Step::Done(frame.finish(ctx, Exit::Failure(kind))))
        }
    }
}

/// How a program run ended.
enum Exit {
    Status(i32),
    OutOfInk,
    OutOfStack,
    Failure(ProgramFailureKind),
}

impl StylusFrame {
    /// A fresh instance (fresh memory, as every call on Nitro) with `ink` and a full stack.
    fn instantiate(
        &mut self,
        rt: &Runtime,
        compiled: &Compiled,
        ink: u64,
        max_depth: u32,
    ) -> Result<(), wasmi::Error> {
        let store = &mut self.store;
        let instance = rt
            .linker
            .instantiate_and_start(&mut *store, &compiled.module)?;
        let missing = |what: &str| wasmi::Error::new(format!("the module exports no {what}"));
        let memory = instance
            .get_memory(&*store, "memory")
            .ok_or_else(|| missing("memory"))?;
        let global = |name: &str| {
            instance
                .get_global(&*store, name)
                .ok_or_else(|| missing(name))
        };
        let meter = Meter {
            ink: global(STYLUS_INK_LEFT)?,
            status: global(STYLUS_INK_STATUS)?,
            stack: global(STYLUS_STACK_LEFT)?,
        };
        meter.ink.set(&mut *store, Val::I64(ink as i64))?;
        meter.status.set(&mut *store, Val::I32(0))?;
        meter.stack.set(&mut *store, Val::I32(max_depth as i32))?;
        store.data_mut().memory = Some(memory);
        store.data_mut().meter = Some(meter);
        self.entry = Some(instance.get_typed_func::<i32, i32>(&*store, "user_entrypoint")?);
        Ok(())
    }

    /// Why the program stopped with `error` (a trap or a hostio's fault).
    fn classify(&mut self, error: &wasmi::Error) -> Result<Exit, EvmErr> {
        let global = |g: Option<wasmi::Global>, store: &Store<HostState>| {
            g.and_then(|g| g.get(store).i64().or(g.get(store).i32().map(i64::from)))
        };
        let meter = self.store.data().meter;
        // Nitro checks the stack first, then the ink (stylus/src/run.rs).
        if global(meter.map(|m| m.stack), &self.store) == Some(0) {
            return Ok(Exit::OutOfStack);
        }
        if global(meter.map(|m| m.status), &self.store).is_some_and(|s| s != 0) {
            return Ok(Exit::OutOfInk);
        }
        Ok(match error.downcast_ref::<Fault>() {
            Some(Fault::Exit(status)) => Exit::Status(*status),
            Some(Fault::OutOfInk) => Exit::OutOfInk,
            Some(Fault::Program(why)) => Exit::Failure(ProgramFailureKind::Hostio(why.clone())),
            Some(Fault::Fatal(why)) => return Err(revm::primitives::EVMError::Custom(why.clone())),
            Some(Fault::Yield) => {
                Exit::Failure(ProgramFailureKind::Hostio("sub-call request lost".into()))
            }
            None => Exit::Failure(ProgramFailureKind::Trap(error.to_string())),
        })
    }

    /// Ends the frame: gas, return data, journal checkpoint, the frame's result.
    fn finish(&mut self, ctx: &mut Ctx, exit: Exit) -> FrameResult {
        let data = self.store.data_mut();
        let frame = data.frame.clone();
        let tx = &mut ctx.external.tx;
        if self.counted {
            tx.leave(frame.address);
        }
        tx.pages_open = self.pages_open;
        let ink_left = data
            .meter
            .and_then(|m| m.ink.get(&self.store).i64())
            .unwrap_or(0) as u64;
        let data = self.store.data_mut();
        let price = data.ink_price;
        let spent = self.ink_supplied.saturating_sub(ink_left);
        tx.gas.hostio += data.hostio_ink.saturating_sub(data.subcall_ink) / price;
        tx.gas.wasm += spent.saturating_sub(data.hostio_ink) / price;
        let mut gas_left = ink_left / price;
        let output = Bytes::from(mem::take(&mut data.output));
        let refund = data.refund;
        let failed = |kind| ProgramFailure {
            program: frame.code_address,
            acting: frame.address,
            kind,
        };
        let (mut result, mut output) = match exit {
            Exit::Status(0) => (InstructionResult::Return, output),
            Exit::Status(_) => (InstructionResult::Revert, output),
            Exit::OutOfInk => {
                tx.fail(failed(ProgramFailureKind::OutOfInk));
                gas_left = 0;
                (InstructionResult::OutOfGas, Bytes::new())
            }
            Exit::OutOfStack => {
                tx.fail(failed(ProgramFailureKind::OutOfStack));
                gas_left = 0;
                (InstructionResult::CallTooDeep, Bytes::new())
            }
            Exit::Failure(kind) => {
                tx.fail(failed(kind));
                (InstructionResult::Revert, Bytes::new())
            }
        };
        // Return data costs at least what the EVM's RETURN would (ArbOS StylusFixes).
        if !output.is_empty() {
            let cost = pricing::evm_memory_cost(output.len() as u64);
            if self.gas_limit < cost {
                gas_left = 0;
                result = InstructionResult::OutOfGas;
                output = Bytes::new();
            } else {
                gas_left = gas_left.min(self.gas_limit - cost);
            }
        }
        let mut gas = Gas::new_spent(self.gas_limit);
        gas.erase_cost(gas_left);
        if result.is_ok() {
            gas.record_refund(refund);
            ctx.evm.journaled_state.checkpoint_commit();
        } else {
            ctx.evm.journaled_state.checkpoint_revert(self.checkpoint);
        }
        FrameResult::Call(CallOutcome::new(
            InterpreterResult::new(result, output, gas),
            self.return_memory.clone(),
        ))
    }
}

impl Frame for StylusFrame {
    fn resume(&mut self, env: &mut LoopEnv, input: Resume) -> Result<Action, EvmErr> {
        self.store.data_mut().ctx = Some(env.lend());
        let run = match input {
            Resume::Start => match self.entry {
                Some(entry) => {
                    let args = self.store.data().frame.input.len() as i32;
                    entry.call_resumable(&mut self.store, args)
                }
                None => Err(wasmi::Error::new("no entry point")),
            },
            outcome => match (
                host::complete(&mut self.store, outcome),
                self.invocation.take(),
            ) {
                (Ok(values), Some(invocation)) => invocation.resume(&mut self.store, &values),
                (Err(e), _) => Err(e),
                (Ok(_), None) => Err(wasmi::Error::new("no suspended program to resume")),
            },
        };
        let ctx = self.store.data_mut().ctx.take();
        env.give_back(ctx.ok_or_else(|| {
            revm::primitives::EVMError::Custom("Stylus host lost the EVM context".into())
        })?);
        let exit = match run {
            Ok(TypedResumableCall::Finished(status)) => Exit::Status(status),
            Ok(TypedResumableCall::HostTrap(invocation)) => {
                if matches!(
                    invocation.host_error().downcast_ref::<Fault>(),
                    Some(Fault::Yield)
                ) {
                    if let Some(request) = self.store.data_mut().request.take() {
                        self.invocation = Some(invocation);
                        return Ok(match request {
                            Request::Call(inputs) => Action::Call(inputs),
                            Request::Create(inputs) => Action::Create(inputs),
                        });
                    }
                }
                self.classify(invocation.host_error())?
            }
            Ok(TypedResumableCall::OutOfFuel(_)) => Exit::OutOfInk,
            Err(e) => self.classify(&e)?,
        };
        Ok(Action::Return(self.finish(&mut env.ctx, exit)))
    }
}
