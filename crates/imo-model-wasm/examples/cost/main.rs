//! The model benchmark (measurements, not a timed test):
//!
//! - native inference time per request;
//! - per layer step: parameter bytes, the one-step proof's calldata and its gas, executed WASM
//!   operators of the step compiled to WASM (run in wasmi), and Nitro's ink for them (Nitro's
//!   per-basic-block metering reproduced on the module, see `nitro_ink.rs`), plus the hostio ink
//!   the proof's calldata read and hashing would cost on chain;
//! - the same for one row block of the widest layer (the bisection's unit).
//!
//! `cargo run -p imo-model-wasm --release --example cost`

mod nitro_ink;
#[path = "../../tests/support/mod.rs"]
mod support;

use std::time::Instant;

use anyhow::{ensure, Result};
use imo_model::dataset::Dataset;
use imo_model::{bundled, merkle, Model, TinyKeccak, HEADER_LEN, MAX_OUTPUT};
use nitro_ink::INK_PER_GAS;
use support::{at, Vm};

/// EIP-2028 calldata gas.
fn calldata_gas(bytes: &[u8]) -> u64 {
    bytes.iter().map(|&b| if b == 0 { 4 } else { 16 }).sum()
}

/// Nitro's keccak hostio ink for hashing `len` bytes.
fn keccak_ink(len: usize) -> u64 {
    121_800 + 21_000 * (len.div_ceil(32) as u64).saturating_sub(2)
}

/// Nitro's `read_args` ink for `len` bytes of calldata.
fn read_args_ink(len: usize) -> u64 {
    16_381 + 55 * (len as u64).saturating_sub(32)
}

fn time_requests(model: &Model<'_>, inputs: &[Vec<u8>]) -> Result<f64> {
    let mut out = [0u8; MAX_OUTPUT];
    let rounds = 200;
    let start = Instant::now();
    for _ in 0..rounds {
        for input in inputs {
            model.infer(std::hint::black_box(input), &mut out)?;
        }
    }
    Ok(start.elapsed().as_secs_f64() * 1e6 / (rounds * inputs.len()) as f64)
}

/// What one export call executed.
struct Counts {
    /// Nitro ink of the executed basic blocks.
    ink: u64,
    /// Executed WASM operators.
    ops: u64,
    /// wasmi fuel of the uninstrumented call (wasmi's default costs).
    fuel: u64,
}

/// Runs one export call on the instrumented module (and the plain one, for its fuel): `write`
/// puts the inputs in memory and returns the arguments; the output must be `expect`.
fn measure(
    metered: &[u8],
    export: &str,
    expect: &[u8],
    write: impl Fn(&mut Vm) -> Result<[i32; 7]>,
) -> Result<Counts> {
    let run = |vm: &mut Vm| -> Result<u64> {
        let a = write(vm)?;
        let (status, fuel): (i32, u64) = if export == "rows_eval" {
            vm.metered(export, (a[0], a[1], a[2], a[3], a[4], a[5], a[6]))?
        } else {
            vm.metered(export, (a[0], a[1], a[2], a[3], a[4]))?
        };
        ensure!(status == expect.len() as i32, "{export} returned {status}");
        ensure!(
            vm.get(at::OUT, expect.len())? == expect,
            "{export}: not the native result"
        );
        Ok(fuel)
    };
    let fuel = run(&mut Vm::new()?)?;
    let mut vm = Vm::with_module(metered)?;
    let read = |vm: &Vm| -> Result<[u64; 3]> {
        let mut v = [0u64; 3];
        for (slot, name) in v.iter_mut().zip(nitro_ink::GLOBALS) {
            *slot = vm.global_i64(name)? as u64;
        }
        Ok(v)
    };
    let before = read(&vm)?;
    run(&mut vm)?;
    let after = read(&vm)?;
    ensure!(
        after[2] == before[2],
        "memory.copy/fill ran: add its per-byte ink"
    );
    Ok(Counts {
        ink: after[0] - before[0],
        ops: after[1] - before[1],
        fuel,
    })
}

struct Row {
    name: String,
    params: usize,
    calldata: usize,
    calldata_gas: u64,
    macs: usize,
    counts: Counts,
    keccak_ink: u64,
}

fn print_rows(rows: &[Row]) {
    println!(
        "| step | parameter bytes | one-step calldata bytes (gas) | WASM operators | wasmi fuel | \
         Nitro ink | ink per multiply-add | WASM gas | hostio ink: read_args + keccak | total gas w/o entry |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        let ink = r.counts.ink;
        let read = read_args_ink(r.calldata);
        let gas = (ink + read + r.keccak_ink).div_ceil(INK_PER_GAS) + r.calldata_gas + 21_000;
        println!(
            "| {} | {} | {} ({}) | {} | {} | {} | {} | {} | {} + {} | {} |",
            r.name,
            r.params,
            r.calldata,
            r.calldata_gas,
            r.counts.ops,
            r.counts.fuel,
            ink,
            ink / r.macs as u64,
            ink.div_ceil(INK_PER_GAS),
            read,
            r.keccak_ink,
            gas
        );
    }
}

/// The instrumentation on a function small enough to price by hand: blocks
/// `[block, local.get, br_if]`, `[i32.const, local.set, end]` (skipped when the branch is
/// taken) and `[local.get, end]`, each plus the 2,450-ink header.
fn self_check() -> Result<()> {
    let wasm = wat::parse_str(
        r#"(module (func (export "f") (param i32) (result i32) (local i32)
            block
              local.get 0
              br_if 0
              i32.const 7
              local.set 1
            end
            local.get 1))"#,
    )?;
    let metered = nitro_ink::instrument(&wasm)?;
    let engine = wasmi::Engine::default();
    let module = wasmi::Module::new(&engine, &metered)?;
    for (arg, ink, ops) in [
        (0, 841 + 212 + 76 + 3 * 2_450, 8),
        (1, 841 + 76 + 2 * 2_450, 5),
    ] {
        let mut store = wasmi::Store::new(&engine, ());
        let instance =
            wasmi::Linker::<()>::new(&engine).instantiate_and_start(&mut store, &module)?;
        let f = instance.get_typed_func::<i32, i32>(&store, "f")?;
        ensure!(f.call(&mut store, arg)? == if arg == 0 { 7 } else { 0 });
        let global = |name| {
            instance
                .get_global(&store, name)
                .and_then(|g| g.get(&store).i64())
        };
        ensure!(
            global("nitro_ink") == Some(ink),
            "ink {:?} != {ink}",
            global("nitro_ink")
        );
        ensure!(
            global("nitro_ops") == Some(ops),
            "ops {:?} != {ops}",
            global("nitro_ops")
        );
    }
    Ok(())
}

fn main() -> Result<()> {
    self_check()?;
    let h = TinyKeccak;
    let metered = nitro_ink::instrument(support::wasm())?;
    let data = Dataset::parse(bundled::HELDOUT)?;
    let images: Vec<Vec<u8>> = data.iter().map(|s| s.image.to_vec()).collect();
    let prompts: Vec<Vec<u8>> = (0..100)
        .map(|i| format!("{}, seed {i}", i % 10).into_bytes())
        .collect();
    let classifier = Model::parse(bundled::CLASSIFIER)?;
    let generator = Model::parse(bundled::GENERATOR)?;

    let profile = if cfg!(debug_assertions) {
        "debug (use --release)"
    } else {
        "release"
    };
    println!("## Native inference time per request ({profile} build, this machine)\n");
    println!("| model | requests | µs per request |\n|---|---:|---:|");
    println!(
        "| classifier | {} held-out images x 200 | {:.1} |",
        images.len(),
        time_requests(&classifier, &images)?
    );
    println!(
        "| generator | {} prompts x 200 | {:.1} |",
        prompts.len(),
        time_requests(&generator, &prompts)?
    );

    println!("\n## One layer step in WASM (`layer_eval`: parse the block, compute the layer)\n");
    let mut rows = Vec::new();
    for (name, model, input) in [
        ("classifier", &classifier, images[0].clone()),
        ("generator", &generator, b"a 7, seed 42".to_vec()),
    ] {
        let mut states = Vec::new();
        let mut out = [0u8; MAX_OUTPUT];
        model.trace(&input, |_, s| states.push(s.to_vec()), &mut out)?;
        for k in 0..model.num_layers() {
            let block = model.layer_block(k)?;
            let header = model.header(k)?;
            let state = &states[k];
            let depth = merkle::depth(model.num_layers());
            let mut path = vec![[0u8; 32]; depth];
            model.layer_proof(&h, k, &mut path)?;
            let mut calldata = block.to_vec();
            calldata.extend_from_slice(state);
            path.iter().for_each(|p| calldata.extend_from_slice(p));
            // Hashes: h_k and h_{k+1}, every row block, the row tree's inner nodes, the leaf, the
            // model path.
            let blocks = header.row_blocks();
            let mut keccak = keccak_ink(state.len()) + keccak_ink(header.out_dim());
            for j in 0..blocks {
                keccak += keccak_ink(header.block_rows(j)?.len() * header.row_len());
            }
            keccak += (blocks as u64 - 1) * keccak_ink(64) + keccak_ink(HEADER_LEN + 32);
            keccak += depth as u64 * keccak_ink(64);
            let counts = measure(&metered, "layer_eval", &states[k + 1], |vm| {
                let pb = vm.put(at::MODEL, block)?;
                let ps = vm.put(at::INPUT, state)?;
                Ok([
                    pb,
                    block.len() as i32,
                    ps,
                    state.len() as i32,
                    vm.addr(at::OUT),
                    0,
                    0,
                ])
            })?;
            rows.push(Row {
                name: format!(
                    "{name} layer {k} ({} -> {})",
                    header.in_dim(),
                    header.out_dim()
                ),
                params: block.len(),
                macs: header.in_dim() * header.out_dim(),
                calldata: calldata.len(),
                calldata_gas: calldata_gas(&calldata),
                counts,
                keccak_ink: keccak,
            });
        }
    }
    print_rows(&rows);

    println!("\n## One row block in WASM (`rows_eval`: header + 16 rows, the bisection's unit)\n");
    let k = 1;
    let header = generator.header(k)?;
    let layer = generator.layer(k)?;
    let mut states = Vec::new();
    let mut out = [0u8; MAX_OUTPUT];
    generator.trace(b"a 7, seed 42", |_, s| states.push(s.to_vec()), &mut out)?;
    let rows_0 = layer.row_block(0)?;
    let row_depth = merkle::depth(header.row_blocks());
    let model_depth = merkle::depth(generator.num_layers());
    let mut calldata = header.to_bytes().to_vec();
    calldata.extend_from_slice(rows_0.bytes());
    calldata.extend_from_slice(&states[k]);
    let mut row_path = vec![[0u8; 32]; row_depth];
    layer.row_block_proof(&h, 0, &mut row_path)?;
    let mut model_path = vec![[0u8; 32]; model_depth];
    generator.layer_proof(&h, k, &mut model_path)?;
    row_path
        .iter()
        .chain(&model_path)
        .for_each(|p| calldata.extend_from_slice(p));
    calldata.extend_from_slice(&layer.rows_root(&h));
    let keccak = keccak_ink(states[k].len())
        + keccak_ink(rows_0.bytes().len())
        + (row_depth + model_depth) as u64 * keccak_ink(64)
        + keccak_ink(HEADER_LEN + 32);
    let counts = measure(
        &metered,
        "rows_eval",
        &states[k + 1][rows_0.range()],
        |vm| {
            let ph = vm.put(at::AUX, &header.to_bytes())?;
            let pr = vm.put(at::MODEL, rows_0.bytes())?;
            let ps = vm.put(at::INPUT, &states[k])?;
            Ok([
                ph,
                0,
                pr,
                rows_0.bytes().len() as i32,
                ps,
                states[k].len() as i32,
                vm.addr(at::OUT),
            ])
        },
    )?;
    let row = Row {
        name: format!("generator layer {k}, rows 0..{}", rows_0.len()),
        params: HEADER_LEN + rows_0.bytes().len(),
        macs: header.in_dim() * rows_0.len(),
        calldata: calldata.len(),
        calldata_gas: calldata_gas(&calldata),
        counts,
        keccak_ink: keccak,
    };
    print_rows(std::slice::from_ref(&row));

    Ok(())
}
