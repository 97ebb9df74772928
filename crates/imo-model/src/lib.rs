//! A verifiable integer neural network for the IMO's opML fraud proofs.
//!
//! A [`Model`] is a sequence of dense int8 layers run as steps over byte states:
//! `s_0 = encode(input)`, `s_{i+1} = layer_i(s_i)`, `output = decode(s_L)`. Every step is integer
//! arithmetic with defined rounding and saturation, so this crate computes the same bytes natively
//! (the node) and compiled to WASM (the on-chain one-step proof).
//!
//! Commitments (all keccak-256, through the [`Keccak256`] trait so on-chain code can use the host):
//! - `h_i` = [`state_hash`]`(s_i)`, the state after step `i` (`s_i` as its int8 bytes);
//! - `modelHash` = [`Model::model_hash`], a Merkle root over the layers' leaves; each leaf
//!   ([`LayerParams::leaf`]) commits to the layer's 16-byte header and to a Merkle root over its
//!   blocks of output rows, so one layer, or one block of its rows, is proven with a short path;
//! - `programHash` = [`Model::program_hash`], the architecture: task (input and output encoding)
//!   and every layer header (shapes, activation, shift, row blocking).
//!
//! The hot path ([`LayerParams::eval`], [`Rows::eval`]) borrows its parameters from a byte slice
//! and its state from another, and allocates nothing; the crate needs no allocator (only the
//! optional `build` module, feature `alloc`, writes model files into vectors).
//! Byte layouts, rounding and the prompt grammar are specified in the crate's README.

#![no_std]
#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]

#[cfg(feature = "alloc")]
pub mod build;
pub mod bundled;
pub mod card;
pub mod dataset;
#[cfg(feature = "alloc")]
pub mod dispute;
pub mod encoding;
mod error;
pub mod eval;
mod hash;
mod layer;
pub mod merkle;
mod model;
mod program;

pub use error::Error;
#[cfg(feature = "tiny-keccak")]
pub use hash::TinyKeccak;
pub use hash::{state_hash, Keccak256};
pub use layer::{
    layer_leaf, verify_row_block, Activation, LayerHeader, LayerParams, Rows, HEADER_LEN,
    LAYER_MAGIC, ROW_PREFIX_LEN,
};
pub use model::{verify_layer, Model, Task, MAX_LAYERS, MAX_OUTPUT, MODEL_MAGIC, PROGRAM_MAGIC};
pub use program::Program;

/// The widest state any layer reads or writes (bounds the exact i32 dot product and the
/// inference buffers).
pub const MAX_WIDTH: usize = 256;

/// Format version of layer blocks, model files and program descriptors.
pub const FORMAT_VERSION: u8 = 1;

/// This crate's results.
pub type Result<T> = core::result::Result<T, Error>;
