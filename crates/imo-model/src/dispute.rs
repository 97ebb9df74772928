//! What a party to an opML dispute computes off chain (feature `alloc`): its trace of one
//! inference, and the material of the one-step proofs (a layer's parameter block and its path to
//! `modelHash`, or one row block with its path to the layer's rows root).
//!
//! A trace of a model with `L` layers is `L + 2` hashes: `h_0 .. h_L` (`h_i = keccak256(s_i)`)
//! and the output hash `keccak256(decode(s_L))`. An honest party runs the model; a dishonest one
//! ([`Trace::with_wrong_step`]) computes one step wrong and everything after it from the wrong
//! value, so its trace first parts from the honest one exactly at that step.

extern crate alloc;

use alloc::{vec, vec::Vec};

use crate::{Error, Keccak256, Model, Result, HEADER_LEN, MAX_OUTPUT, MAX_WIDTH};

/// One party's view of one inference: every state, the output and the trace of hashes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trace {
    /// `s_0 ..= s_L`.
    pub states: Vec<Vec<u8>>,
    /// The output (`decode(s_L)`, or a wrong one).
    pub output: Vec<u8>,
    /// `[h_0, .., h_L, keccak256(output)]`.
    pub hashes: Vec<[u8; 32]>,
}

impl Trace {
    /// The honest trace of `model` on `input`.
    ///
    /// # Errors
    /// An input the model cannot encode.
    pub fn honest<H: Keccak256>(model: &Model<'_>, input: &[u8], hasher: &H) -> Result<Self> {
        Self::with_wrong_step(model, input, None, hasher)
    }

    /// The trace of a party that gets step `wrong` wrong (`None`: no step): step `0` encodes
    /// wrong, step `i` in `1..=L` computes layer `i - 1` wrong (byte `j` of its result moved by
    /// `64 · (2j + 1)`, modulo 256: values move by different amounts, so an argmax moves too),
    /// step `L + 1` decodes wrong (every output byte plus one, modulo 17). The steps
    /// after a wrong one are computed from its wrong result, as a node running a corrupted
    /// layer would.
    ///
    /// # Errors
    /// An input the model cannot encode; a step past `L + 1`.
    pub fn with_wrong_step<H: Keccak256>(
        model: &Model<'_>,
        input: &[u8],
        wrong: Option<usize>,
        hasher: &H,
    ) -> Result<Self> {
        Self::with_wrong_step_by(model, input, wrong, 64, hasher)
    }

    /// [`Trace::with_wrong_step`] with byte `j` of the wrong state moved by `delta · (2j + 1)`
    /// (and every output byte by `delta % 16 + 1` for a wrong decoding), so two parties
    /// can be wrong at the same step in different ways.
    ///
    /// # Errors
    /// As [`Trace::with_wrong_step`].
    pub fn with_wrong_step_by<H: Keccak256>(
        model: &Model<'_>,
        input: &[u8],
        wrong: Option<usize>,
        delta: u8,
        hasher: &H,
    ) -> Result<Self> {
        let layers = model.num_layers();
        if wrong.is_some_and(|k| k > layers + 1) {
            return Err(Error::LayerIndex);
        }
        let corrupt = |k: usize, state: &mut Vec<u8>| {
            if wrong == Some(k) {
                state.iter_mut().enumerate().for_each(|(i, b)| {
                    // `(2j + 1) mod 256`: states are up to 256 bytes wide.
                    *b = b.wrapping_add(delta.wrapping_mul((2 * i + 1) as u8));
                });
            }
        };
        let mut buf = [0u8; MAX_WIDTH];
        let n = model.encode(input, &mut buf)?;
        let mut state = buf[..n].to_vec();
        corrupt(0, &mut state);
        let mut states = vec![state];
        for i in 0..layers {
            let n = model.step(i, &states[i], &mut buf)?;
            let mut next = buf[..n].to_vec();
            corrupt(i + 1, &mut next);
            states.push(next);
        }
        let mut out = [0u8; MAX_OUTPUT];
        let n = model.decode(&states[layers], &mut out)?;
        let mut output = out[..n].to_vec();
        if wrong == Some(layers + 1) {
            output
                .iter_mut()
                .for_each(|b| *b = (*b + delta % 16 + 1) % 17);
        }
        let mut hashes: Vec<[u8; 32]> = states.iter().map(|s| hasher.keccak256(s)).collect();
        hashes.push(hasher.keccak256(&output));
        Ok(Trace {
            states,
            output,
            hashes,
        })
    }

    /// `keccak256(output)`, the trace's last entry.
    pub fn output_hash(&self) -> [u8; 32] {
        self.hashes.last().copied().unwrap_or_default()
    }
}

/// The first index where two traces differ (`None` if they are equal or of different lengths).
pub fn first_divergence(a: &[[u8; 32]], b: &[[u8; 32]]) -> Option<usize> {
    if a.len() != b.len() {
        return None;
    }
    a.iter().zip(b).position(|(x, y)| x != y)
}

/// The path proving layer `layer`'s leaf against the model's `modelHash`.
///
/// # Errors
/// A layer index past the last layer.
pub fn layer_path<H: Keccak256>(
    model: &Model<'_>,
    layer: usize,
    hasher: &H,
) -> Result<Vec<[u8; 32]>> {
    let mut buf = [[0u8; 32]; 8];
    let n = model.layer_proof(hasher, layer, &mut buf)?;
    Ok(buf[..n].to_vec())
}

/// One block of a layer's output rows with everything that proves it against `modelHash`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowBlock {
    /// The layer's 16-byte header.
    pub header: [u8; HEADER_LEN],
    /// The root of the layer's row tree.
    pub rows_root: [u8; 32],
    /// The layer's path to `modelHash`.
    pub model_path: Vec<[u8; 32]>,
    /// The block's rows.
    pub rows: Vec<u8>,
    /// The block's path to `rows_root`.
    pub row_path: Vec<[u8; 32]>,
}

/// Row block `block` of layer `layer`, with its proofs.
///
/// # Errors
/// A layer or block index out of range.
pub fn row_block<H: Keccak256>(
    model: &Model<'_>,
    layer: usize,
    block: usize,
    hasher: &H,
) -> Result<RowBlock> {
    let params = model.layer(layer)?;
    let rows = params.row_block(block)?;
    let mut buf = [[0u8; 32]; 8];
    let n = params.row_block_proof(hasher, block, &mut buf)?;
    Ok(RowBlock {
        header: params.header().to_bytes(),
        rows_root: params.rows_root(hasher),
        model_path: layer_path(model, layer, hasher)?,
        rows: rows.bytes().to_vec(),
        row_path: buf[..n].to_vec(),
    })
}
