//! Native and WASM give the same bytes: every step of both committed models on the held-out
//! images, random images and many prompts; every layer's one-step (whole, by row range, by row
//! block from its own bytes) on random states; random layers with extreme values; commitments;
//! and malformed inputs, which must fail with the same error.
//!
//! The WASM side is this crate compiled for `wasm32-unknown-unknown` with the release profile
//! (see `support/mod.rs`) and run in wasmi; the native side calls `imo_model` directly, as the node
//! does.

mod support;

use std::cell::RefCell;

use imo_model::dataset::Dataset;
use imo_model::{
    bundled, state_hash, Activation, Keccak256, LayerHeader, LayerParams, Model, Rows, TinyKeccak,
    HEADER_LEN, MAX_OUTPUT, MAX_WIDTH,
};
use proptest::prelude::*;
use support::{at, Vm};

type Out = Result<Vec<u8>, i32>;

thread_local! {
    static VM: RefCell<Vm> = RefCell::new(Vm::new().expect("instantiating the WASM module"));
}

fn with_vm<T>(f: impl FnOnce(&mut Vm) -> T) -> T {
    VM.with(|vm| f(&mut vm.borrow_mut()))
}

fn native(r: imo_model::Result<usize>, buf: &[u8]) -> Out {
    r.map(|n| buf[..n].to_vec()).map_err(|e| e.code())
}

fn result(vm: &Vm, status: i32) -> Out {
    if status < 0 {
        Err(-status)
    } else {
        Ok(vm.get(at::OUT, status as usize).unwrap())
    }
}

/// Calls a `(data, len, data2, len2, out) -> i32` export.
fn call2(name: &str, a: &[u8], b: &[u8]) -> Out {
    with_vm(|vm| {
        let pa = vm.put(at::MODEL, a).unwrap();
        let pb = vm.put(at::INPUT, b).unwrap();
        let args = (pa, a.len() as i32, pb, b.len() as i32, vm.addr(at::OUT));
        let status: i32 = vm.call(name, args).unwrap();
        result(vm, status)
    })
}

/// Calls a `(data, len, out) -> i32` export.
fn call1(name: &str, a: &[u8]) -> Out {
    with_vm(|vm| {
        let pa = vm.put(at::MODEL, a).unwrap();
        let status: i32 = vm
            .call(name, (pa, a.len() as i32, vm.addr(at::OUT)))
            .unwrap();
        result(vm, status)
    })
}

fn wasm_step(model: &[u8], layer: usize, state: &[u8]) -> Out {
    with_vm(|vm| {
        let pm = vm.put(at::MODEL, model).unwrap();
        let ps = vm.put(at::INPUT, state).unwrap();
        let args = (
            pm,
            model.len() as i32,
            layer as i32,
            ps,
            state.len() as i32,
            vm.addr(at::OUT),
        );
        let status: i32 = vm.call("model_step", args).unwrap();
        result(vm, status)
    })
}

fn wasm_rows(block: &[u8], state: &[u8], start: usize, end: usize) -> Out {
    with_vm(|vm| {
        let pb = vm.put(at::MODEL, block).unwrap();
        let ps = vm.put(at::INPUT, state).unwrap();
        let args = (
            pb,
            block.len() as i32,
            ps,
            state.len() as i32,
            start as i32,
            end as i32,
            vm.addr(at::OUT),
        );
        let status: i32 = vm.call("layer_eval_rows", args).unwrap();
        result(vm, status)
    })
}

fn wasm_rows_alone(header: &[u8], first: usize, rows: &[u8], state: &[u8]) -> Out {
    with_vm(|vm| {
        let ph = vm.put(at::AUX, header).unwrap();
        let pr = vm.put(at::MODEL, rows).unwrap();
        let ps = vm.put(at::INPUT, state).unwrap();
        let args = (
            ph,
            first as i32,
            pr,
            rows.len() as i32,
            ps,
            state.len() as i32,
            vm.addr(at::OUT),
        );
        let status: i32 = vm.call("rows_eval", args).unwrap();
        result(vm, status)
    })
}

/// Runs a whole request both ways, step by step, and compares every state, hash and output.
/// Returns the number of compared values.
fn compare_request(model_bytes: &[u8], input: &[u8]) -> usize {
    let h = TinyKeccak;
    let model = Model::parse(model_bytes).unwrap();
    let mut buf = [0u8; MAX_WIDTH];
    let s0 = native(model.encode(input, &mut buf), &buf);
    assert_eq!(
        call2("model_encode", model_bytes, input),
        s0,
        "encode {input:?}"
    );
    let Ok(mut state) = s0 else { return 1 };
    let mut compared = 1;
    for i in 0..model.num_layers() {
        assert_eq!(
            call1("keccak", &state),
            Ok(state_hash(&h, &state).to_vec()),
            "h_{i}"
        );
        let next = native(model.step(i, &state, &mut buf), &buf);
        assert_eq!(
            wasm_step(model_bytes, i, &state),
            next,
            "step {i} of {input:?}"
        );
        state = next.unwrap();
        compared += 2;
    }
    let mut out = [0u8; MAX_OUTPUT];
    let decoded = native(model.decode(&state, &mut out), &out);
    assert_eq!(
        call2("model_decode", model_bytes, &state),
        decoded,
        "decode"
    );
    let inferred = native(model.infer(input, &mut out), &out);
    assert_eq!(inferred, decoded, "infer is the decoded trace");
    assert_eq!(call2("model_infer", model_bytes, input), inferred, "infer");
    compared + 3
}

/// A deterministic stream of pseudo-random bytes for test inputs.
struct Bytes(u64);

impl Bytes {
    fn next(&mut self) -> u8 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 24) as u8
    }

    fn fill(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next()).collect()
    }
}

#[test]
fn the_wasm_has_no_float_instruction_and_no_import() {
    let mut ops = 0;
    for payload in wasmparser::Parser::new(0).parse_all(support::wasm()) {
        match payload.unwrap() {
            wasmparser::Payload::ImportSection(imports) => {
                assert_eq!(imports.count(), 0, "the model needs no host function");
            }
            wasmparser::Payload::CodeSectionEntry(body) => {
                let mut reader = body.get_operators_reader().unwrap();
                while !reader.eof() {
                    let op = format!("{:?}", reader.read().unwrap());
                    assert!(!op.starts_with('F'), "float instruction {op}");
                    assert!(!op.contains("F32") && !op.contains("F64"), "float {op}");
                    ops += 1;
                }
            }
            _ => {}
        }
    }
    assert!(ops > 1000, "parsed {ops} operators");
}

#[test]
fn classifier_requests_are_identical() {
    let data = Dataset::parse(bundled::HELDOUT).unwrap();
    let mut n = 0;
    for sample in data.iter() {
        n += compare_request(bundled::CLASSIFIER, sample.image);
    }
    let mut rng = Bytes(0x1234_5678_9abc_def1);
    for _ in 0..300 {
        let image: Vec<u8> = rng.fill(64).iter().map(|b| b % 17).collect();
        n += compare_request(bundled::CLASSIFIER, &image);
    }
    // Invalid inputs fail the same way.
    for bad in [&[0u8; 63][..], &[17u8; 64][..], &[][..]] {
        n += compare_request(bundled::CLASSIFIER, bad);
    }
    assert!(n > 5000, "{n} values compared");
}

#[test]
fn generator_requests_are_identical() {
    let mut n = 0;
    for digit in 0..10 {
        for seed in [0u32, 1, 2, 7, 42, 99, 1000, 65_535, 1 << 31, u32::MAX] {
            n += compare_request(
                bundled::GENERATOR,
                format!("{digit}, seed {seed}").as_bytes(),
            );
        }
    }
    let words = [
        "zero", "One", "TWO", "a three", "4", "five!", "six six", "seven", "8", "nine",
    ];
    for w in words {
        n += compare_request(bundled::GENERATOR, w.as_bytes());
    }
    let mut rng = Bytes(0x0bad_cafe_f00d_d00d);
    for len in 0..300 {
        let prompt = rng.fill(len % 80);
        n += compare_request(bundled::GENERATOR, &prompt);
    }
    assert!(n > 2500, "{n} values compared");
}

#[test]
fn one_steps_are_identical_on_any_state() {
    let mut rng = Bytes(0x5eed_5eed_5eed_5eed);
    for bytes in [bundled::CLASSIFIER, bundled::GENERATOR] {
        let model = Model::parse(bytes).unwrap();
        assert_eq!(
            call1("model_hashes", bytes),
            Ok([
                model.model_hash(&TinyKeccak),
                model.program_hash(&TinyKeccak)
            ]
            .concat())
        );
        for i in 0..model.num_layers() {
            let block = model.layer_block(i).unwrap();
            let layer = LayerParams::parse(block).unwrap();
            let header = layer.header();
            assert_eq!(
                call1("layer_leaf", block),
                Ok(layer.leaf(&TinyKeccak).to_vec())
            );
            for _ in 0..50 {
                // Any int8 state, not only reachable ones: the game may be fed anything.
                let state = rng.fill(header.in_dim());
                let mut full = [0u8; MAX_WIDTH];
                let expected = native(layer.eval(&state, &mut full), &full);
                assert_eq!(call2("layer_eval", block, &state), expected);
                let expected = expected.unwrap();
                let a = usize::from(rng.next()) % header.out_dim();
                let b = usize::from(rng.next()) % header.out_dim();
                let range = a.min(b)..a.max(b) + 1;
                let rows = wasm_rows(block, &state, range.start, range.end);
                assert_eq!(rows, Ok(expected[range.clone()].to_vec()));
                for j in 0..header.row_blocks() {
                    let rows = layer.row_block(j).unwrap();
                    let got = wasm_rows_alone(
                        &header.to_bytes(),
                        rows.range().start,
                        rows.bytes(),
                        &state,
                    );
                    assert_eq!(got, Ok(expected[rows.range()].to_vec()), "row block {j}");
                }
            }
            // A hostile first row (wrapping on wasm32 if unchecked) fails the same way.
            let rows = layer.row_block(0).unwrap();
            let state = rng.fill(header.in_dim());
            let hostile = u32::MAX as usize - 1;
            assert_eq!(
                wasm_rows_alone(&header.to_bytes(), hostile, rows.bytes(), &state),
                Err(imo_model::Error::RowRange.code())
            );
            // Wrong state lengths and ranges fail the same way.
            let short = rng.fill(header.in_dim() - 1);
            let mut out = [0u8; MAX_WIDTH];
            assert_eq!(
                call2("layer_eval", block, &short),
                native(layer.eval(&short, &mut out), &out)
            );
            let state = rng.fill(header.in_dim());
            let n = header.out_dim();
            assert_eq!(
                wasm_rows(block, &state, n - 1, n + 1),
                native(layer.eval_rows(&state, n - 1..n + 1, &mut out), &out)
            );
        }
    }
}

/// Any header fields and any row bytes, as in the crate's own reference test.
fn random_layer() -> impl Strategy<Value = (Vec<u8>, Vec<u8>)> {
    (1usize..=64, 1usize..=48, 1u8..=62, any::<bool>())
        .prop_flat_map(|(in_dim, out_dim, shift, relu)| {
            let act = if relu {
                Activation::Relu
            } else {
                Activation::Identity
            };
            (
                (1..=out_dim).prop_map(move |rpb| {
                    LayerHeader::new(act, shift, in_dim, out_dim, rpb).unwrap()
                }),
                prop::collection::vec(
                    prop_oneof![any::<u8>(), Just(0x80u8), Just(0x7f), Just(0xff), Just(0)],
                    out_dim * (8 + in_dim),
                ),
                prop::collection::vec(prop_oneof![any::<u8>(), Just(0x80u8), Just(0x7f)], in_dim),
            )
        })
        .prop_map(|(h, rows, state)| {
            let mut block = h.to_bytes().to_vec();
            block.extend_from_slice(&rows);
            (block, state)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_layers_are_identical((block, state) in random_layer()) {
        let layer = LayerParams::parse(&block).unwrap();
        let mut out = [0u8; MAX_WIDTH];
        let expected = native(layer.eval(&state, &mut out), &out);
        prop_assert_eq!(call2("layer_eval", &block, &state), expected);
        prop_assert_eq!(call1("layer_leaf", &block), Ok(layer.leaf(&TinyKeccak).to_vec()));
        let header = &block[..HEADER_LEN];
        let rows = Rows::new(layer.header(), 0, &block[HEADER_LEN..]).unwrap();
        let mut alone = [0u8; MAX_WIDTH];
        rows.eval(&state, &mut alone).unwrap();
        prop_assert_eq!(wasm_rows_alone(header, 0, rows.bytes(), &state), Ok(alone[..rows.len()].to_vec()));
    }

    #[test]
    fn damaged_models_fail_or_agree(
        generator in any::<bool>(),
        at in any::<prop::sample::Index>(),
        value in any::<u8>(),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let original = if generator { bundled::GENERATOR } else { bundled::CLASSIFIER };
        let mut bytes = original.to_vec();
        // Damage the header region more often: it is where parsing decides.
        let i = if at.index(4) == 0 { at.index(bytes.len()) } else { at.index(40) };
        bytes[i] = value;
        if truncate {
            bytes.truncate(cut.index(bytes.len()));
        }
        let input: &[u8] = if generator { b"a 3, seed 8" } else { &[8u8; 64] };
        let model = Model::parse(&bytes);
        let mut out = [0u8; MAX_OUTPUT];
        let expected = match model {
            Ok(m) => native(m.infer(input, &mut out), &out),
            Err(e) => Err(e.code()),
        };
        prop_assert_eq!(call2("model_infer", &bytes, input), expected);
        let mut hashes = Vec::new();
        let expected = match model {
            Ok(m) => {
                hashes.extend_from_slice(&m.model_hash(&TinyKeccak));
                hashes.extend_from_slice(&TinyKeccak.keccak256(&{
                    let mut d = [0u8; 8 + 16 * 16];
                    let n = m.program_descriptor(&mut d).unwrap();
                    d[..n].to_vec()
                }));
                Ok(hashes)
            }
            Err(e) => Err(e.code()),
        };
        prop_assert_eq!(call1("model_hashes", &bytes), expected);
    }
}
