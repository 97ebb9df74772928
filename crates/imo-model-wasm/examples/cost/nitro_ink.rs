//! Nitro's ink meter, reproduced on a copy of the module so wasmi can run it.
//!
//! Nitro (prover/src/programs/meter.rs) splits every function into basic blocks (a block ends at
//! `end`, `else`, `return`, `loop`, `br`, `br_if`, `br_table`, `if`, `call`, `call_indirect`)
//! and charges, when a block starts, the `pricing_v1` ink of all its operators plus a fixed header
//! cost. [`instrument`] inserts the same per-block sums into the code, adding them to an exported
//! i64 global `nitro_ink`; a second global, `nitro_ops`, counts executed operators and a third,
//! `nitro_copies`, executed `memory.copy`/`memory.fill` (whose per-byte ink this does not add; the
//! steps measured here execute none). Running the instrumented module gives Nitro's ink for this
//! exact WASM, an estimate only in that Nitro would run the contract's build (wasm-opt, other
//! code around the step) rather than this test module.

use anyhow::{bail, Context, Result};
use wasmparser::{Operator, Parser, Payload};

/// Ink of the metering header Nitro adds to every basic block.
pub const BLOCK_HEADER_INK: u64 = 2_450;
/// Ink per gas.
pub const INK_PER_GAS: u64 = 10_000;
/// Names of the exported counters.
pub const GLOBALS: [&str; 3] = ["nitro_ink", "nitro_ops", "nitro_copies"];

fn ends_basic_block(op: &Operator<'_>) -> bool {
    use Operator::*;
    matches!(
        op,
        End | Else
            | Return
            | Loop { .. }
            | Br { .. }
            | BrIf { .. }
            | BrTable { .. }
            | If { .. }
            | Call { .. }
            | CallIndirect { .. }
    )
}

/// Nitro's `pricing_v1` for the operators a Stylus program may use; `None` for the rest
/// (floats, SIMD, reference types, ...), which Nitro rejects.
fn ink(op: &Operator<'_>, params_of_type: &[u64]) -> Option<u64> {
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
        MemoryGrow { .. } => 1,
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
        CallIndirect { type_index, .. } => {
            13_610 + 650 * params_of_type.get(*type_index as usize).copied()?
        }
        _ => return None,
    })
}

fn leb_u(mut v: u64, out: &mut Vec<u8>) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn leb_i(mut v: i64, out: &mut Vec<u8>) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        let done = (v == 0 && byte & 0x40 == 0) || (v == -1 && byte & 0x40 != 0);
        out.push(if done { byte } else { byte | 0x80 });
        if done {
            return;
        }
    }
}

fn read_leb(bytes: &[u8], pos: &mut usize) -> Result<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*pos).context("truncated LEB128")?;
        *pos += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Ok(v);
        }
    }
    bail!("LEB128 too long")
}

/// `global[g] += value` (stack-neutral).
fn add_to_global(g: u32, value: u64, out: &mut Vec<u8>) {
    out.push(0x23); // global.get
    leb_u(u64::from(g), out);
    out.push(0x42); // i64.const
    leb_i(value as i64, out);
    out.push(0x7c); // i64.add
    out.push(0x24); // global.set
    leb_u(u64::from(g), out);
}

fn section(id: u8, content: &[u8], out: &mut Vec<u8>) {
    out.push(id);
    leb_u(content.len() as u64, out);
    out.extend_from_slice(content);
}

/// Appends `extra` entries to a vector section's content (`count ‖ entries`).
fn extend_vector(content: &[u8], extra: u64, entries: &[u8]) -> Result<Vec<u8>> {
    let mut pos = 0;
    let count = read_leb(content, &mut pos)?;
    let mut out = Vec::new();
    leb_u(count + extra, &mut out);
    out.extend_from_slice(&content[pos..]);
    out.extend_from_slice(entries);
    Ok(out)
}

/// The module with Nitro's per-block ink (and operator and copy counts) added to three new
/// exported globals. Fails on an operator Nitro would not accept.
pub fn instrument(wasm: &[u8]) -> Result<Vec<u8>> {
    let mut params_of_type = Vec::new();
    let mut globals = 0u32;
    let mut bodies = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::TypeSection(types) => {
                for ty in types.into_iter_err_on_gc_types() {
                    params_of_type.push(ty?.params().len() as u64);
                }
            }
            Payload::ImportSection(imports) if imports.count() > 0 => {
                bail!("the module has imports; globals would need renumbering")
            }
            Payload::GlobalSection(g) => globals = g.count(),
            Payload::CodeSectionEntry(body) => bodies.push(body),
            _ => {}
        }
    }
    let [g_ink, g_ops, g_copies] = [globals, globals + 1, globals + 2];

    let mut code = Vec::new();
    leb_u(bodies.len() as u64, &mut code);
    for body in &bodies {
        let range = body.range();
        let ops_start = body.get_binary_reader_for_operators()?.original_position() as usize;
        let mut new_body = wasm[range.start as usize..ops_start].to_vec(); // locals
        let mut reader = body.get_operators_reader()?;
        let mut ops = Vec::new();
        while !reader.eof() {
            ops.push(reader.read_with_offset()?);
        }
        let mut block_start = 0;
        let (mut cost, mut count, mut copies) = (0u64, 0u64, 0u64);
        for (i, (op, _)) in ops.iter().enumerate() {
            cost += ink(op, &params_of_type).with_context(|| format!("Nitro rejects {op:?}"))?;
            count += 1;
            copies += u64::from(matches!(
                op,
                Operator::MemoryCopy { .. } | Operator::MemoryFill { .. }
            ));
            if ends_basic_block(op) || i + 1 == ops.len() {
                add_to_global(g_ink, cost + BLOCK_HEADER_INK, &mut new_body);
                add_to_global(g_ops, count, &mut new_body);
                if copies > 0 {
                    add_to_global(g_copies, copies, &mut new_body);
                }
                let from = ops[block_start].1 as usize;
                let to = ops
                    .get(i + 1)
                    .map_or(range.end as usize, |(_, at)| *at as usize);
                new_body.extend_from_slice(&wasm[from..to]);
                block_start = i + 1;
                (cost, count, copies) = (0, 0, 0);
            }
        }
        leb_u(new_body.len() as u64, &mut code);
        code.extend_from_slice(&new_body);
    }

    let mut new_globals = Vec::new();
    let mut new_exports = Vec::new();
    for (i, name) in GLOBALS.iter().enumerate() {
        new_globals.extend_from_slice(&[0x7e, 0x01, 0x42, 0x00, 0x0b]); // mut i64 = 0
        leb_u(name.len() as u64, &mut new_exports);
        new_exports.extend_from_slice(name.as_bytes());
        new_exports.push(0x03); // global
        leb_u(u64::from(globals) + i as u64, &mut new_exports);
    }

    let mut out = wasm[..8].to_vec();
    let mut pos = 8;
    let (mut saw_globals, mut saw_exports) = (false, false);
    while pos < wasm.len() {
        let id = wasm[pos];
        pos += 1;
        let len = read_leb(wasm, &mut pos)? as usize;
        let content = wasm.get(pos..pos + len).context("truncated section")?;
        pos += len;
        // Sections are in id order (custom sections aside): add missing ones before later ids.
        if id > 6 && id != 0 && !saw_globals {
            section(6, &extend_vector(&[0], 3, &new_globals)?, &mut out);
            saw_globals = true;
        }
        if id > 7 && id != 0 && !saw_exports {
            section(7, &extend_vector(&[0], 3, &new_exports)?, &mut out);
            saw_exports = true;
        }
        match id {
            0 => {} // custom sections (names, producers) are not needed to run
            6 => {
                section(6, &extend_vector(content, 3, &new_globals)?, &mut out);
                saw_globals = true;
            }
            7 => {
                section(7, &extend_vector(content, 3, &new_exports)?, &mut out);
                saw_exports = true;
            }
            10 => section(10, &code, &mut out),
            _ => section(id, content, &mut out),
        }
    }
    Ok(out)
}
