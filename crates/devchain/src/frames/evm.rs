//! An EVM frame: revm's interpreter, run until it calls, creates or returns.

use std::mem;

use revm::{
    interpreter::{
        gas::CODEDEPOSIT, opcode::InstructionTable, CallOutcome, CreateOutcome, InstructionResult,
        InterpreterAction, InterpreterResult, EMPTY_SHARED_MEMORY,
    },
    primitives::{Address, Bytecode, PragueSpec},
    Frame as RevmFrame, FrameResult, JournalCheckpoint,
};

use crate::context::{is_stylus, Action, Ctx, EvmErr, Frame, LoopEnv, Resume};

/// Prague's instruction table for this crate's context.
static TABLE: InstructionTable<Ctx> =
    revm::interpreter::opcode::make_instruction_table::<Ctx, PragueSpec>();

/// A call or create frame on revm's interpreter.
pub(super) struct EvmFrame {
    frame: RevmFrame,
    /// The address counted for `msg_reentrant` while the frame runs.
    counted: Option<Address>,
}

impl EvmFrame {
    pub fn new(frame: RevmFrame, counted: Option<Address>) -> Self {
        Self { frame, counted }
    }

    /// Settles the journal checkpoint and builds the frame's result.
    fn finish(&mut self, ctx: &mut Ctx, mut result: InterpreterResult) -> FrameResult {
        if let Some(address) = self.counted.take() {
            ctx.external.tx.leave(address);
        }
        match &self.frame {
            RevmFrame::Call(frame) => {
                ctx.evm.call_return(&result, frame.frame_data.checkpoint);
                FrameResult::Call(CallOutcome::new(result, frame.return_memory_range.clone()))
            }
            RevmFrame::Create(frame) => {
                let address = frame.created_address;
                let checkpoint = frame.frame_data.checkpoint;
                if result.result.is_ok() && is_stylus(&result.output) {
                    stylus_code_deposit(ctx, &mut result, address, checkpoint);
                } else {
                    ctx.evm
                        .inner
                        .create_return::<PragueSpec>(&mut result, address, checkpoint);
                }
                FrameResult::Create(CreateOutcome::new(result, Some(address)))
            }
            RevmFrame::EOFCreate(frame) => {
                let address = frame.created_address;
                ctx.evm.eofcreate_return::<PragueSpec>(
                    &mut result,
                    address,
                    frame.frame_data.checkpoint,
                );
                FrameResult::EOFCreate(CreateOutcome::new(result, Some(address)))
            }
        }
    }
}

impl Frame for EvmFrame {
    fn resume(&mut self, env: &mut LoopEnv, input: Resume) -> Result<Action, EvmErr> {
        let LoopEnv { ctx, memory, .. } = env;
        ctx.evm.take_error()?;
        let interpreter = &mut self.frame.frame_data_mut().interpreter;
        match input {
            Resume::Start => memory.new_context(),
            Resume::Call(outcome) => interpreter.insert_call_outcome(memory, outcome),
            Resume::Create(outcome) => interpreter.insert_create_outcome(outcome),
        }
        let owned = mem::replace(memory, EMPTY_SHARED_MEMORY);
        let action = interpreter.run(owned, &TABLE, &mut **ctx);
        *memory = interpreter.take_memory();
        ctx.evm.take_error()?;
        Ok(match action {
            InterpreterAction::Call { inputs } => Action::Call(inputs),
            InterpreterAction::Create { inputs } => Action::Create(inputs),
            InterpreterAction::Return { result } => {
                memory.free_context();
                Action::Return(self.finish(ctx, result))
            }
            InterpreterAction::EOFCreate { .. } | InterpreterAction::None => {
                return Err(revm::primitives::EVMError::Custom(
                    "EOF creation is not supported on the devchain".into(),
                ))
            }
        })
    }
}

/// Installs code starting `EF F0 00` returned by init code, as Nitro does (EIP-3541 exempts
/// Stylus programs there). The size limit and the per-byte deposit cost are the EVM's.
fn stylus_code_deposit(
    ctx: &mut Ctx,
    result: &mut InterpreterResult,
    address: Address,
    checkpoint: JournalCheckpoint,
) {
    let journal = &mut ctx.evm.inner.journaled_state;
    if result.output.len() > ctx.evm.inner.env.cfg.max_code_size() {
        journal.checkpoint_revert(checkpoint);
        result.result = InstructionResult::CreateContractSizeLimit;
        return;
    }
    let deposit = result.output.len() as u64 * CODEDEPOSIT;
    if !result.gas.record_cost(deposit) {
        journal.checkpoint_revert(checkpoint);
        result.result = InstructionResult::OutOfGas;
        return;
    }
    journal.checkpoint_commit();
    journal.set_code(address, Bytecode::new_legacy(result.output.clone()));
    result.result = InstructionResult::Return;
}
