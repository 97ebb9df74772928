//! Writing layer blocks and model files (feature `alloc`): for tests, benchmarks and tools that
//! need models other than the committed ones (random small models for property tests of the
//! dispute game, wide layers for its gas benchmark). Every file written here is checked by the
//! same parsers that read the committed models.

extern crate alloc;

use alloc::vec::Vec;

use crate::{
    Activation, Error, LayerHeader, LayerParams, Model, Result, Task, FORMAT_VERSION, MODEL_MAGIC,
};

/// One output row of a layer: its bias, its requantization multiplier and `in_dim` weights.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The i32 bias.
    pub bias: i32,
    /// The i32 multiplier.
    pub mult: i32,
    /// The int8 weights, one per input.
    pub weights: Vec<i8>,
}

/// The parameter block of a layer with `header` and `rows` (exactly `out_dim` rows of `in_dim`
/// weights each).
///
/// # Errors
/// [`Error::BadLength`] if the rows do not fit the header.
pub fn layer_block(header: &LayerHeader, rows: &[Row]) -> Result<Vec<u8>> {
    if rows.len() != header.out_dim() || rows.iter().any(|r| r.weights.len() != header.in_dim()) {
        return Err(Error::BadLength);
    }
    let mut block = Vec::with_capacity(header.block_len());
    block.extend_from_slice(&header.to_bytes());
    for row in rows {
        block.extend_from_slice(&row.bias.to_le_bytes());
        block.extend_from_slice(&row.mult.to_le_bytes());
        block.extend(row.weights.iter().map(|&w| w as u8));
    }
    LayerParams::parse(&block)?;
    Ok(block)
}

/// A model file of `task` made of `blocks` (layer parameter blocks, in order).
///
/// # Errors
/// Whatever [`Model::parse`] refuses (widths that do not chain or do not fit the task, more
/// than 16 layers, invalid blocks).
pub fn model_file(task: Task, blocks: &[Vec<u8>]) -> Result<Vec<u8>> {
    let layers = u8::try_from(blocks.len()).map_err(|_| Error::BadLayerCount)?;
    let mut file = Vec::new();
    file.extend_from_slice(&MODEL_MAGIC);
    file.extend_from_slice(&[FORMAT_VERSION, task.id(), layers, 0]);
    for block in blocks {
        let len = u32::try_from(block.len()).map_err(|_| Error::BadLength)?;
        file.extend_from_slice(&len.to_le_bytes());
        file.extend_from_slice(block);
    }
    Model::parse(&file)?;
    Ok(file)
}

/// A layer with pseudo-random weights and biases drawn from `seed` (a xorshift generator), the
/// multiplier 1 and a shift that keeps typical outputs inside the int8 range, so states stay
/// varied from layer to layer rather than saturating.
///
/// # Errors
/// An invalid shape ([`LayerHeader::new`]).
pub fn random_layer(
    activation: Activation,
    in_dim: usize,
    out_dim: usize,
    rows_per_block: usize,
    seed: u64,
) -> Result<Vec<u8>> {
    // |dot| is about 127 · 127 · sqrt(in_dim / 3) for uniform values: shift it back to ±127.
    let shift = 7 + (usize::BITS - in_dim.leading_zeros()) / 2;
    let header = LayerHeader::new(activation, shift as u8, in_dim, out_dim, rows_per_block)?;
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let rows: Vec<Row> = (0..out_dim)
        .map(|_| Row {
            bias: (next() % 4_001) as i32 - 2_000,
            mult: 1,
            weights: (0..in_dim).map(|_| next() as u8 as i8).collect(),
        })
        .collect();
    layer_block(&header, &rows)
}
