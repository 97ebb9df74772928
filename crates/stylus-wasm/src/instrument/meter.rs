//! Ink metering: Nitro's per-opcode prices (`prover/src/programs/meter.rs`, `pricing_v1`), the
//! charge per basic block, and the per-byte charge of `memory.copy` / `memory.fill`
//! (`prover/src/programs/dynamic.rs`).

use wasmparser::{BlockType, Operator};

use super::{Globals, Sigs};

/// Ink charged on top of each basic block's operators (Nitro's `ink_header_cost`).
pub const BLOCK_HEADER_INK: u64 = 2_450;
/// Ink per byte of `memory.copy` and `memory.fill` (Nitro: `800 / 8`).
pub const MEMORY_BYTE_INK: i64 = 100;

/// Whether `op` ends a basic block (Nitro's `OperatorInfo::ends_basic_block`).
pub fn ends_basic_block(op: &Operator) -> bool {
    use Operator::*;
    matches!(
        op,
        End | Else
            | Return
            | Loop { .. }
            | Br { .. }
            | BrTable { .. }
            | BrIf { .. }
            | If { .. }
            | Call { .. }
            | CallIndirect { .. }
    )
}

/// Nitro's ink price of one operator, or `None` for operators Stylus does not support.
pub fn price(op: &Operator, sigs: &Sigs) -> Option<u64> {
    use Operator::*;
    Some(match op {
        Unreachable | Return | Nop | I32Const { .. } | I64Const { .. } => 1,
        Drop => 9,
        Block { .. } | Loop { .. } | Else | End => 1,
        Br { .. } | BrIf { .. } | If { .. } => 765,
        Select => 1_250,
        Call { .. } => 3_800,
        LocalGet { .. } | LocalTee { .. } => 75,
        LocalSet { .. } => 210,
        GlobalGet { .. } => 225,
        GlobalSet { .. } => 575,
        I32Load { .. }
        | I32Load8S { .. }
        | I32Load8U { .. }
        | I32Load16S { .. }
        | I32Load16U { .. } => 670,
        I64Load { .. }
        | I64Load8S { .. }
        | I64Load8U { .. }
        | I64Load16S { .. }
        | I64Load16U { .. }
        | I64Load32S { .. }
        | I64Load32U { .. } => 680,
        I32Store { .. } | I32Store8 { .. } | I32Store16 { .. } => 825,
        I64Store { .. } | I64Store8 { .. } | I64Store16 { .. } | I64Store32 { .. } => 950,
        MemorySize { .. } => 3_000,
        MemoryGrow { .. } => 8_050,
        I32Eqz | I32Eq | I32Ne | I32LtS | I32LtU | I32GtS | I32GtU | I32LeS | I32LeU | I32GeS
        | I32GeU => 170,
        I64Eqz | I64Eq | I64Ne | I64LtS | I64LtU | I64GtS | I64GtU | I64LeS | I64LeU | I64GeS
        | I64GeU => 225,
        I32Clz | I32Ctz | I64Clz | I64Ctz => 210,
        I32Add | I32Sub => 70,
        I32Mul | I64Mul => 160,
        I32DivS | I32DivU | I32RemS | I32RemU => 1_120,
        I32And | I32Or | I32Xor | I32Shl | I32ShrS | I32ShrU | I32Rotl | I32Rotr => 70,
        I64Add | I64Sub => 100,
        I64DivS | I64DivU | I64RemS | I64RemU => 1_270,
        I64And | I64Or | I64Xor | I64Shl | I64ShrS | I64ShrU | I64Rotl | I64Rotr => 100,
        I32Popcnt => 2_650,
        I64Popcnt => 6_000,
        I32WrapI64 | I64ExtendI32S | I64ExtendI32U => 100,
        I32Extend8S | I32Extend16S | I64Extend8S | I64Extend16S | I64Extend32S => 100,
        MemoryCopy { .. } | MemoryFill { .. } => 950,
        BrTable { targets } => 2_400 + 325 * u64::from(targets.len()),
        CallIndirect { type_index, .. } => 13_610 + 650 * sigs.get(*type_index as usize)?.0 as u64,
        _ => return None,
    })
}

/// The meter pass: each basic block is preceded by a check that enough ink is left for the whole
/// block (its operators plus [`BLOCK_HEADER_INK`]) and the deduction of that ink. Out of ink sets
/// the status global to 1 and traps.
pub fn meter<'a>(
    ops: Vec<Operator<'a>>,
    sigs: &Sigs,
    g: &Globals,
) -> Result<Vec<Operator<'a>>, String> {
    use Operator::*;
    let mut out = Vec::with_capacity(ops.len() * 2);
    let mut block = Vec::new();
    let mut cost: u64 = 0;
    for op in ops {
        let price = price(&op, sigs)
            .ok_or_else(|| format!("operator {op:?} is not supported by Stylus"))?;
        cost = cost.saturating_add(price);
        let end = ends_basic_block(&op);
        block.push(op);
        if end {
            let total = cost.saturating_add(BLOCK_HEADER_INK) as i64;
            out.extend([
                GlobalGet {
                    global_index: g.ink,
                },
                I64Const { value: total },
                I64LtU,
                If {
                    blockty: BlockType::Empty,
                },
                I32Const { value: 1 },
                GlobalSet {
                    global_index: g.status,
                },
                Unreachable,
                End,
                GlobalGet {
                    global_index: g.ink,
                },
                I64Const { value: total },
                I64Sub,
                GlobalSet {
                    global_index: g.ink,
                },
            ]);
            out.append(&mut block);
            cost = 0;
        }
    }
    out.append(&mut block);
    Ok(out)
}

/// The dynamic pass: `memory.copy` and `memory.fill` first pay [`MEMORY_BYTE_INK`] per byte
/// (the size is parked in the scratch global while the ink is deducted).
pub fn dynamic<'a>(ops: Vec<Operator<'a>>, g: &Globals) -> Result<Vec<Operator<'a>>, String> {
    use Operator::*;
    let mut out = Vec::with_capacity(ops.len());
    for op in ops {
        match op {
            MemoryCopy { .. } | MemoryFill { .. } => out.extend([
                GlobalSet {
                    global_index: g.scratch,
                },
                GlobalGet {
                    global_index: g.ink,
                },
                GlobalGet {
                    global_index: g.ink,
                },
                GlobalGet {
                    global_index: g.scratch,
                },
                I64ExtendI32U,
                I64Const {
                    value: MEMORY_BYTE_INK,
                },
                I64Mul,
                I64Sub,
                GlobalSet {
                    global_index: g.ink,
                },
                GlobalGet {
                    global_index: g.ink,
                },
                I64LtU,
                If {
                    blockty: BlockType::Empty,
                },
                I32Const { value: 1 },
                GlobalSet {
                    global_index: g.status,
                },
                Unreachable,
                End,
                GlobalGet {
                    global_index: g.scratch,
                },
            ]),
            MemoryInit { .. }
            | DataDrop { .. }
            | ElemDrop { .. }
            | TableInit { .. }
            | TableCopy { .. }
            | TableFill { .. }
            | TableGet { .. }
            | TableSet { .. }
            | TableGrow { .. }
            | TableSize { .. } => {
                return Err(format!("operator {op:?} is not supported by Stylus"))
            }
            _ => {}
        }
        out.push(op);
    }
    Ok(out)
}
