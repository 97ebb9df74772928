//! [`imo_model`] behind a small C ABI, built for `wasm32-unknown-unknown` so tests can run the
//! exact WASM the chain would run and compare it with native code.
//!
//! The host writes its inputs into the module's memory (the [`scratch`] buffer), calls an export
//! with pointers into that memory, and reads the results back. Every export that produces bytes
//! returns their length, or the negated [`Error::code`](imo_model::Error::code) on failure.
//! Inputs and outputs passed to one call must not overlap.
//!
//! Keccak runs in WASM here (`tiny-keccak`); a Stylus contract would use the host's
//! `native_keccak256` instead, so only the `layer_*` and `rows_eval` exports measure what the
//! on-chain one-step proof executes in WASM.

#![cfg_attr(target_arch = "wasm32", no_std)]
#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]

use core::cell::UnsafeCell;

use imo_model::{
    state_hash, LayerHeader, LayerParams, Model, Result, Rows, TinyKeccak, HEADER_LEN, MAX_OUTPUT,
    MAX_WIDTH,
};

/// Bytes in the [`scratch`] buffer.
pub const SCRATCH_LEN: usize = 1 << 17;

#[repr(align(16))]
struct Scratch(UnsafeCell<[u8; SCRATCH_LEN]>);

// SAFETY: the buffer is only handed out as a raw pointer; the host serialises its calls.
unsafe impl Sync for Scratch {}

static SCRATCH: Scratch = Scratch(UnsafeCell::new([0; SCRATCH_LEN]));

/// Where the host may write inputs and read outputs ([`SCRATCH_LEN`] bytes).
#[no_mangle]
pub extern "C" fn scratch() -> *mut u8 {
    SCRATCH.0.get().cast()
}

/// # Safety
/// `ptr..ptr + len` must be readable memory not written during the borrow.
unsafe fn input<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if len == 0 {
        return &[];
    }
    // SAFETY: the caller's contract.
    unsafe { core::slice::from_raw_parts(ptr, len) }
}

/// # Safety
/// `ptr..ptr + len` must be writable memory not otherwise borrowed.
unsafe fn output<'a>(ptr: *mut u8, len: usize) -> &'a mut [u8] {
    // SAFETY: the caller's contract.
    unsafe { core::slice::from_raw_parts_mut(ptr, len) }
}

fn status(r: Result<usize>) -> i32 {
    match r {
        Ok(n) => n as i32,
        Err(e) => -e.code(),
    }
}

/// `s_0 = encode(input)` for the model file at `model`; writes up to [`MAX_WIDTH`] bytes at `out`.
///
/// # Safety
/// Pointers and lengths describe valid, non-overlapping memory; `out` has [`MAX_WIDTH`] bytes.
#[no_mangle]
pub unsafe extern "C" fn model_encode(
    model: *const u8,
    model_len: usize,
    data: *const u8,
    data_len: usize,
    out: *mut u8,
) -> i32 {
    let (model, data, out) = unsafe {
        (
            input(model, model_len),
            input(data, data_len),
            output(out, MAX_WIDTH),
        )
    };
    status(Model::parse(model).and_then(|m| m.encode(data, out)))
}

/// One step `s_{i+1} = layer_i(s_i)` of the model file at `model`; writes up to [`MAX_WIDTH`]
/// bytes at `out`.
///
/// # Safety
/// As [`model_encode`].
#[no_mangle]
pub unsafe extern "C" fn model_step(
    model: *const u8,
    model_len: usize,
    layer: usize,
    state: *const u8,
    state_len: usize,
    out: *mut u8,
) -> i32 {
    let (model, state, out) = unsafe {
        (
            input(model, model_len),
            input(state, state_len),
            output(out, MAX_WIDTH),
        )
    };
    status(Model::parse(model).and_then(|m| m.step(layer, state, out)))
}

/// `output = decode(s_L)`; writes up to [`MAX_OUTPUT`] bytes at `out`.
///
/// # Safety
/// As [`model_encode`], with [`MAX_OUTPUT`] bytes at `out`.
#[no_mangle]
pub unsafe extern "C" fn model_decode(
    model: *const u8,
    model_len: usize,
    state: *const u8,
    state_len: usize,
    out: *mut u8,
) -> i32 {
    let (model, state, out) = unsafe {
        (
            input(model, model_len),
            input(state, state_len),
            output(out, MAX_OUTPUT),
        )
    };
    status(Model::parse(model).and_then(|m| m.decode(state, out)))
}

/// The whole inference; writes up to [`MAX_OUTPUT`] bytes at `out`.
///
/// # Safety
/// As [`model_decode`].
#[no_mangle]
pub unsafe extern "C" fn model_infer(
    model: *const u8,
    model_len: usize,
    data: *const u8,
    data_len: usize,
    out: *mut u8,
) -> i32 {
    let (model, data, out) = unsafe {
        (
            input(model, model_len),
            input(data, data_len),
            output(out, MAX_OUTPUT),
        )
    };
    status(Model::parse(model).and_then(|m| m.infer(data, out)))
}

/// `modelHash ‖ programHash` (64 bytes at `out`); returns 64.
///
/// # Safety
/// As [`model_encode`], with 64 bytes at `out`.
#[no_mangle]
pub unsafe extern "C" fn model_hashes(model: *const u8, model_len: usize, out: *mut u8) -> i32 {
    let (model, out) = unsafe { (input(model, model_len), output(out, 64)) };
    status(Model::parse(model).map(|m| {
        out[..32].copy_from_slice(&m.model_hash(&TinyKeccak));
        out[32..].copy_from_slice(&m.program_hash(&TinyKeccak));
        64
    }))
}

/// The one-step hot path: parse the layer block at `block` and compute `layer(s)` into `out`
/// (up to [`MAX_WIDTH`] bytes).
///
/// # Safety
/// As [`model_encode`].
#[no_mangle]
pub unsafe extern "C" fn layer_eval(
    block: *const u8,
    block_len: usize,
    state: *const u8,
    state_len: usize,
    out: *mut u8,
) -> i32 {
    let (block, state, out) = unsafe {
        (
            input(block, block_len),
            input(state, state_len),
            output(out, MAX_WIDTH),
        )
    };
    status(LayerParams::parse(block).and_then(|l| l.eval(state, out)))
}

/// `layer_rows(s, start..end)` of the layer block at `block` into `out`.
///
/// # Safety
/// As [`model_encode`].
#[no_mangle]
pub unsafe extern "C" fn layer_eval_rows(
    block: *const u8,
    block_len: usize,
    state: *const u8,
    state_len: usize,
    start: usize,
    end: usize,
    out: *mut u8,
) -> i32 {
    let (block, state, out) = unsafe {
        (
            input(block, block_len),
            input(state, state_len),
            output(out, MAX_WIDTH),
        )
    };
    status(LayerParams::parse(block).and_then(|l| l.eval_rows(state, start..end, out)))
}

/// A row-block one-step: from the 16-byte layer header at `header` and the bytes of rows
/// `first_row..` at `rows` (not the whole layer), computes those rows' outputs into `out`.
///
/// # Safety
/// As [`model_encode`], with [`HEADER_LEN`] bytes at `header`.
#[no_mangle]
pub unsafe extern "C" fn rows_eval(
    header: *const u8,
    first_row: usize,
    rows: *const u8,
    rows_len: usize,
    state: *const u8,
    state_len: usize,
    out: *mut u8,
) -> i32 {
    let (header, rows, state, out) = unsafe {
        (
            input(header, HEADER_LEN),
            input(rows, rows_len),
            input(state, state_len),
            output(out, MAX_WIDTH),
        )
    };
    status(
        LayerHeader::parse(header)
            .and_then(|h| Rows::new(h, first_row, rows))
            .and_then(|r| r.eval(state, out).map(|()| r.len())),
    )
}

/// The layer block's leaf, `keccak256(header ‖ rows_root)` (32 bytes at `out`); returns 32.
///
/// # Safety
/// As [`model_encode`], with 32 bytes at `out`.
#[no_mangle]
pub unsafe extern "C" fn layer_leaf(block: *const u8, block_len: usize, out: *mut u8) -> i32 {
    let (block, out) = unsafe { (input(block, block_len), output(out, 32)) };
    status(LayerParams::parse(block).map(|l| {
        out.copy_from_slice(&l.leaf(&TinyKeccak));
        32
    }))
}

/// `keccak256(data)` (32 bytes at `out`), as [`state_hash`] computes `h_i`; returns 32.
///
/// # Safety
/// As [`model_encode`], with 32 bytes at `out`.
#[no_mangle]
pub unsafe extern "C" fn keccak(data: *const u8, data_len: usize, out: *mut u8) -> i32 {
    let (data, out) = unsafe { (input(data, data_len), output(out, 32)) };
    out.copy_from_slice(&state_hash(&TinyKeccak, data));
    32
}

#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
