//! Deterministic stack limits (Nitro's `prover/src/programs/depth.rs`) and the payment before
//! `memory.grow` (`prover/src/programs/heap.rs`).
//!
//! Each function's worst-case frame is computed in words from its operators (after metering, as
//! on Nitro); entering the function deducts it from a stack budget global and returning gives it
//! back. A frame over [`MAX_FRAME_SIZE`] words, or more than [`MAX_FRAME_CONTENTION`] values on the
//! operand stack at once, rejects the program at activation.

use wasmparser::{BlockType, Operator};

use super::{Globals, Sigs};

/// Largest frame a function may have, in words (Nitro: `max_frame_size`, 10 * 1024).
pub const MAX_FRAME_SIZE: u32 = 10 * 1024;
/// Most values a function may hold on its operand stack at once (`max_frame_contention`).
pub const MAX_FRAME_CONTENTION: u32 = 4_096;

/// Why a function cannot be instrumented.
#[derive(Debug)]
pub enum DepthError {
    /// The frame is larger than [`MAX_FRAME_SIZE`].
    FrameTooLarge(u32),
    /// More than [`MAX_FRAME_CONTENTION`] values at once.
    Contention(u32),
    /// Anything else (an unsupported operator, bad scoping, a missing type).
    Other(String),
}

/// The worst-case frame of a function in words: the deepest operand stack, its declared locals
/// and 4 words of bookkeeping. `funcs` gives (params, results) of every function index.
pub fn frame_size(
    ops: &[Operator],
    locals: u32,
    funcs: &[(u32, u32)],
    sigs: &Sigs,
) -> Result<u32, DepthError> {
    use Operator::*;
    let other = |m: String| DepthError::Other(m);
    let mut worst: u32 = 0;
    let mut stack: u32 = 0;
    let mut scopes = vec![0u32];
    let push = |stack: &mut u32, worst: &mut u32, n: u32| {
        *stack += n;
        *worst = (*worst).max(*stack);
    };
    let pop = |stack: &mut u32, n: u32| *stack = stack.saturating_sub(n);
    let block_type = |stack: &mut u32, worst: &mut u32, ty: &BlockType| -> Result<(), DepthError> {
        match ty {
            BlockType::Empty => {}
            BlockType::Type(_) => push(stack, worst, 1),
            BlockType::FuncType(id) => {
                let (ins, outs) = sigs
                    .get(*id as usize)
                    .ok_or_else(|| other(format!("missing type {id}")))?;
                push(stack, worst, *outs);
                pop(stack, *ins);
            }
        }
        Ok(())
    };
    for op in ops {
        match op {
            Block { blockty } | Loop { blockty } => {
                block_type(&mut stack, &mut worst, blockty)?;
                scopes.push(stack);
            }
            If { blockty } => {
                pop(&mut stack, 1);
                block_type(&mut stack, &mut worst, blockty)?;
                scopes.push(stack);
            }
            Else => {
                stack = *scopes
                    .last()
                    .ok_or_else(|| other("malformed if-else scope".into()))?;
            }
            End => {
                stack = scopes
                    .pop()
                    .ok_or_else(|| other("malformed scoping at end of block".into()))?;
            }
            Call { function_index } => {
                let (ins, outs) = funcs
                    .get(*function_index as usize)
                    .ok_or_else(|| other(format!("missing type for func {function_index}")))?;
                push(&mut stack, &mut worst, *outs);
                pop(&mut stack, *ins);
            }
            CallIndirect { type_index, .. } => {
                let (ins, outs) = sigs
                    .get(*type_index as usize)
                    .ok_or_else(|| other(format!("missing type {type_index}")))?;
                push(&mut stack, &mut worst, *outs);
                pop(&mut stack, *ins);
                pop(&mut stack, 1);
            }
            MemoryFill { .. } | MemoryCopy { .. } => pop(&mut stack, 3),
            Nop
            | Unreachable
            | I32Eqz
            | I64Eqz
            | I32Clz
            | I32Ctz
            | I32Popcnt
            | I64Clz
            | I64Ctz
            | I64Popcnt
            | Br { .. }
            | Return
            | LocalTee { .. }
            | MemoryGrow { .. }
            | I32Load { .. }
            | I64Load { .. }
            | I32Load8S { .. }
            | I32Load8U { .. }
            | I32Load16S { .. }
            | I32Load16U { .. }
            | I64Load8S { .. }
            | I64Load8U { .. }
            | I64Load16S { .. }
            | I64Load16U { .. }
            | I64Load32S { .. }
            | I64Load32U { .. }
            | I32WrapI64
            | I64ExtendI32S
            | I64ExtendI32U
            | I32Extend8S
            | I32Extend16S
            | I64Extend8S
            | I64Extend16S
            | I64Extend32S => {}
            LocalGet { .. }
            | GlobalGet { .. }
            | MemorySize { .. }
            | I32Const { .. }
            | I64Const { .. } => push(&mut stack, &mut worst, 1),
            Drop
            | I32Eq
            | I32Ne
            | I32LtS
            | I32LtU
            | I32GtS
            | I32GtU
            | I32LeS
            | I32LeU
            | I32GeS
            | I32GeU
            | I64Eq
            | I64Ne
            | I64LtS
            | I64LtU
            | I64GtS
            | I64GtU
            | I64LeS
            | I64LeU
            | I64GeS
            | I64GeU
            | I32Add
            | I32Sub
            | I32Mul
            | I32DivS
            | I32DivU
            | I32RemS
            | I32RemU
            | I64Add
            | I64Sub
            | I64Mul
            | I64DivS
            | I64DivU
            | I64RemS
            | I64RemU
            | I32And
            | I32Or
            | I32Xor
            | I32Shl
            | I32ShrS
            | I32ShrU
            | I32Rotl
            | I32Rotr
            | I64And
            | I64Or
            | I64Xor
            | I64Shl
            | I64ShrS
            | I64ShrU
            | I64Rotl
            | I64Rotr
            | BrIf { .. }
            | BrTable { .. }
            | LocalSet { .. }
            | GlobalSet { .. } => pop(&mut stack, 1),
            Select
            | I32Store { .. }
            | I64Store { .. }
            | I32Store8 { .. }
            | I32Store16 { .. }
            | I64Store8 { .. }
            | I64Store16 { .. }
            | I64Store32 { .. } => pop(&mut stack, 2),
            other_op => return Err(other(format!("operator {other_op:?} is not supported"))),
        }
    }
    if worst > MAX_FRAME_CONTENTION {
        return Err(DepthError::Contention(worst));
    }
    let size = worst + locals + 4;
    if size > MAX_FRAME_SIZE {
        return Err(DepthError::FrameTooLarge(size));
    }
    Ok(size)
}

/// The depth pass: checks and deducts `size` words on entry (out of stack: the global is set to
/// 0 and the program traps), gives them back before every `return`, and ends the body with an
/// explicit `return` as Nitro does.
pub fn depth<'a>(mut ops: Vec<Operator<'a>>, size: u32, g: &Globals) -> Vec<Operator<'a>> {
    use Operator::*;
    let global_index = g.stack;
    let size = size as i32;
    let mut out = Vec::with_capacity(ops.len() + 16);
    out.extend([
        GlobalGet { global_index },
        I32Const { value: size },
        I32LeU,
        If {
            blockty: BlockType::Empty,
        },
        I32Const { value: 0 },
        GlobalSet { global_index },
        Unreachable,
        End,
        GlobalGet { global_index },
        I32Const { value: size },
        I32Sub,
        GlobalSet { global_index },
    ]);
    let last = ops.pop();
    ops.push(Return);
    ops.extend(last);
    for op in ops {
        if matches!(op, Return) {
            out.extend([
                GlobalGet { global_index },
                I32Const { value: size },
                I32Add,
                GlobalSet { global_index },
            ]);
        }
        out.push(op);
    }
    out
}

/// The heap pass: `memory.grow` first calls `pay_for_memory_grow(pages)` (only for modules whose
/// memory can grow).
pub fn heap<'a>(ops: Vec<Operator<'a>>, pay_func: Option<u32>, g: &Globals) -> Vec<Operator<'a>> {
    use Operator::*;
    let Some(function_index) = pay_func else {
        return ops;
    };
    let global_index = g.scratch;
    let mut out = Vec::with_capacity(ops.len());
    for op in ops {
        if matches!(op, MemoryGrow { .. }) {
            out.extend([
                GlobalSet { global_index },
                GlobalGet { global_index },
                GlobalGet { global_index },
                Call { function_index },
            ]);
        }
        out.push(op);
    }
    out
}
