//! Nitro's ink meter, reproduced on a copy of the module so wasmi can run it.
//!
//! Nitro (prover/src/programs/meter.rs) splits every function into basic blocks (a block ends at
//! `end`, `else`, `return`, `loop`, `br`, `br_if`, `br_table`, `if`, `call`, `call_indirect`)
//! and charges, when a block starts, the `pricing_v1` ink of all its operators plus a fixed header
//! cost (`stylus_wasm::instrument::meter`, the table the devchain meters with). [`instrument`] inserts the same per-block sums into the code, adding them to an exported
//! i64 global `nitro_ink`; a second global, `nitro_ops`, counts executed operators and a third,
//! `nitro_copies`, executed `memory.copy`/`memory.fill` (whose per-byte ink this does not add; the
//! steps measured here execute none). Running the instrumented module gives Nitro's ink for this
//! exact WASM, an estimate only in that Nitro would run the contract's build (wasm-opt, other
//! code around the step) rather than this test module.

use anyhow::{bail, Context, Result};
use stylus_wasm::instrument::{
    meter::{ends_basic_block, price, BLOCK_HEADER_INK},
    Sigs,
};
use wasmparser::{Operator, Parser, Payload};

/// Ink per gas.
pub const INK_PER_GAS: u64 = 10_000;
/// Names of the exported counters.
pub const GLOBALS: [&str; 3] = ["nitro_ink", "nitro_ops", "nitro_copies"];

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
    let mut sigs: Sigs = Vec::new();
    let mut globals = 0u32;
    let mut bodies = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::TypeSection(types) => {
                for ty in types.into_iter_err_on_gc_types() {
                    let ty = ty?;
                    sigs.push((ty.params().len() as u32, ty.results().len() as u32));
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
            cost += price(op, &sigs).with_context(|| format!("Nitro rejects {op:?}"))?;
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
