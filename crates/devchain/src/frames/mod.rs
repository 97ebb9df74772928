//! The frame loop: one explicit stack of frames of every engine, one journal.
//!
//! revm's `call` and `create` handlers are replaced by [`run`], which drives the whole call tree
//! of a transaction: EVM frames on revm's interpreter ([`evm`]), Stylus programs on wasmi
//! ([`stylus`]), the StylusDeployer (a native frame) and the precompiles ArbWasm and
//! ArbWasmCache. A frame that needs a sub-call returns [`Action::Call`] / [`Action::Create`];
//! the loop starts the callee on top of the stack and resumes the caller with the outcome. The
//! native stack never grows with the nesting: the only recursion-free stack strategy, proved by
//! the deep-nesting tests on a small thread stack.

mod evm;
pub(crate) mod stylus;

use std::{mem, rc::Rc, sync::Arc};

use revm::{
    interpreter::{CallInputs, CallScheme, CreateInputs},
    primitives::PragueSpec,
    Context, EvmContext, FrameOrResult, FrameResult, Handler,
};
use wasmi::Linker;

use crate::{
    context::{is_stylus, Action, Ctx, Db, EvmErr, Ext, Frame, LoopEnv, Resume, Step, TxState},
    host::HostState,
    system,
};

/// What the frame loop needs across transactions besides revm's context.
pub(crate) struct Runtime {
    /// Every hostio, for instantiating programs.
    pub linker: Linker<HostState>,
}

/// revm's mainnet handler whose first call or create runs the whole transaction in [`run`].
// revm's handler type wants an `Arc`; the devchain is single-threaded (`Rc` inside).
#[allow(clippy::arc_with_non_send_sync)]
pub(crate) fn handler<'a>(rt: Rc<Runtime>) -> Handler<'a, Ctx, Ext, Db> {
    let mut handler = Handler::mainnet::<PragueSpec>();
    let call_rt = rt.clone();
    handler.execution.call = Arc::new(move |ctx: &mut Ctx, inputs: Box<CallInputs>| {
        Ok(FrameOrResult::Result(run(
            ctx,
            &call_rt,
            Action::Call(inputs),
        )?))
    });
    handler.execution.create = Arc::new(move |ctx: &mut Ctx, inputs: Box<CreateInputs>| {
        Ok(FrameOrResult::Result(run(
            ctx,
            &rt,
            Action::Create(inputs),
        )?))
    });
    handler
}

/// Runs `first` (the transaction's call or create) and everything it calls to completion.
pub(crate) fn run(ctx: &mut Ctx, rt: &Runtime, first: Action) -> Result<FrameResult, EvmErr> {
    // The context is boxed once so frames can move it in and out of wasmi stores for free.
    let placeholder = || {
        Context::new(
            EvmContext::new(Db::default()),
            Ext {
                shared: ctx.external.shared.clone(),
                tx: TxState::default(),
            },
        )
    };
    let spare = Box::new(placeholder());
    let owned = Box::new(mem::replace(ctx, placeholder()));
    let mut env = LoopEnv::new(owned, spare);
    let result = run_loop(&mut env, rt, first);
    let (owned, _) = env.into_parts();
    *ctx = *owned;
    result
}

fn run_loop(env: &mut LoopEnv, rt: &Runtime, first: Action) -> Result<FrameResult, EvmErr> {
    let mut stack: Vec<Box<dyn Frame>> = Vec::new();
    let mut next = first;
    loop {
        let input = match next {
            Action::Call(inputs) => match start_call(&mut env.ctx, rt, inputs)? {
                Step::Frame(frame) => {
                    stack.push(frame);
                    Resume::Start
                }
                Step::Done(result) => Resume::from(result),
            },
            Action::Create(inputs) => match start_create(&mut env.ctx, inputs)? {
                Step::Frame(frame) => {
                    stack.push(frame);
                    Resume::Start
                }
                Step::Done(result) => Resume::from(result),
            },
            Action::Return(result) => {
                stack.pop();
                if stack.is_empty() {
                    return Ok(result);
                }
                Resume::from(result)
            }
        };
        // An immediate outcome with no frame left to take it ends the transaction.
        let Some(top) = stack.last_mut() else {
            return Ok(match input {
                Resume::Call(outcome) => FrameResult::Call(outcome),
                Resume::Create(outcome) => FrameResult::Create(outcome),
                Resume::Start => unreachable!("a started frame is on the stack"),
            });
        };
        next = top.resume(env, input)?;
    }
}

/// Starts a call: a system contract, a Stylus program or EVM code.
fn start_call(ctx: &mut Ctx, rt: &Runtime, inputs: Box<CallInputs>) -> Result<Step, EvmErr> {
    let target = inputs.bytecode_address;
    if let Some(step) = system::call(ctx, &inputs)? {
        return Ok(step);
    }
    let account = ctx
        .evm
        .inner
        .journaled_state
        .load_code(target, &mut ctx.evm.inner.db)?;
    if let Some(code) = &account.info.code {
        if is_stylus(code.original_byte_slice()) {
            let code = code.original_bytes();
            let code_hash = account.info.code_hash;
            return stylus::start(ctx, rt, inputs, code, code_hash);
        }
    }
    Ok(match ctx.evm.make_call_frame(&inputs)? {
        FrameOrResult::Frame(frame) => {
            // Nitro counts every open frame of an address except delegate calls and callcodes
            // (`tx_processor.go` `PushContract`).
            let counted = !matches!(
                inputs.scheme,
                CallScheme::DelegateCall | CallScheme::CallCode
            );
            if counted {
                ctx.external.tx.enter(inputs.target_address);
            }
            Step::Frame(Box::new(evm::EvmFrame::new(
                frame,
                counted.then_some(inputs.target_address),
            )))
        }
        FrameOrResult::Result(result) => Step::Done(result),
    })
}

/// Starts a create (init code always runs on revm).
fn start_create(ctx: &mut Ctx, inputs: Box<CreateInputs>) -> Result<Step, EvmErr> {
    Ok(
        match ctx.evm.make_create_frame(crate::context::SPEC, &inputs)? {
            FrameOrResult::Frame(frame) => Step::Frame(Box::new(evm::EvmFrame::new(frame, None))),
            FrameOrResult::Result(result) => Step::Done(result),
        },
    )
}
