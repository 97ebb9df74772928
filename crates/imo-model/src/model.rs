//! A whole model: its file format, the inference steps, and its commitments.
//!
//! Model file: `"IMOM" ‖ version: u8 ‖ task: u8 ‖ layers: u8 ‖ 0`, then per layer
//! `block_len: u32 LE ‖ block` (a [`LayerParams`] block). Nothing may follow the last block.

use crate::encoding::{self, Prompt, CLASSES, IMAGE_PIXELS};
use crate::{
    merkle, Error, Keccak256, LayerHeader, LayerParams, Result, FORMAT_VERSION, HEADER_LEN,
    MAX_WIDTH,
};

/// The first four bytes of a model file.
pub const MODEL_MAGIC: [u8; 4] = *b"IMOM";
/// The first four bytes of a program descriptor (what `programHash` hashes).
pub const PROGRAM_MAGIC: [u8; 4] = *b"IMOP";
/// Most layers a model may have.
pub const MAX_LAYERS: usize = 16;
/// Longest output any task decodes to.
pub const MAX_OUTPUT: usize = IMAGE_PIXELS;
/// Longest program descriptor.
const MAX_PROGRAM_LEN: usize = 8 + MAX_LAYERS * HEADER_LEN;

/// What a model does, which fixes its input and output encodings ([`encoding`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Task {
    /// Image (64 pixels `0..=16`) -> digit (one byte). First width 64, last 10. Id 0.
    Classifier,
    /// Prompt text -> image (64 pixels `0..=16`). First width `10 + noise`, last 64. Id 1.
    Generator,
}

impl Task {
    /// The task with byte id `id`.
    pub fn from_id(id: u8) -> Result<Self> {
        match id {
            0 => Ok(Task::Classifier),
            1 => Ok(Task::Generator),
            _ => Err(Error::BadTask),
        }
    }

    /// Its byte id.
    pub fn id(self) -> u8 {
        match self {
            Task::Classifier => 0,
            Task::Generator => 1,
        }
    }

    /// Length of the decoded output.
    pub fn output_len(self) -> usize {
        match self {
            Task::Classifier => 1,
            Task::Generator => IMAGE_PIXELS,
        }
    }

    /// `s_0 = encode(input)` for a model of this task whose first layer reads `in_dim` bytes,
    /// written to `out` (for code that knows the program but not the weights, e.g. a contract
    /// recomputing `h_0`). [`Model::encode`] is this with the model's own width.
    pub fn encode(self, in_dim: usize, input: &[u8], out: &mut [u8]) -> Result<usize> {
        match self {
            Task::Classifier if in_dim == IMAGE_PIXELS => encoding::image_to_state(input, out),
            Task::Generator if in_dim > CLASSES => {
                encoding::generator_state(encoding::parse_prompt(input), in_dim - CLASSES, out)
            }
            _ => Err(Error::LayerMismatch),
        }
    }

    /// `output = decode(s_L)` for this task, written to `out`; returns [`Task::output_len`].
    pub fn decode(self, state: &[u8], out: &mut [u8]) -> Result<usize> {
        match self {
            Task::Classifier => {
                if state.len() != CLASSES {
                    return Err(Error::StateLength);
                }
                let slot = out.first_mut().ok_or(Error::OutputTooSmall)?;
                *slot = encoding::argmax(state);
                Ok(1)
            }
            Task::Generator => encoding::state_to_image(state, out),
        }
    }
}

/// A validated model, borrowed from its file's bytes (no allocation).
#[derive(Clone, Copy, Debug)]
pub struct Model<'a> {
    bytes: &'a [u8],
    task: Task,
    layers: usize,
    /// Offset and length of each layer block within `bytes`.
    blocks: [(usize, usize); MAX_LAYERS],
}

impl<'a> Model<'a> {
    /// Parses a model file and validates every layer, the chaining of their widths, and the
    /// task's first and last widths.
    pub fn parse(bytes: &'a [u8]) -> Result<Self> {
        let Some(head) = bytes.get(..8) else {
            return Err(Error::BadLength);
        };
        if head[..4] != MODEL_MAGIC {
            return Err(Error::BadMagic);
        }
        if head[4] != FORMAT_VERSION {
            return Err(Error::BadVersion);
        }
        let task = Task::from_id(head[5])?;
        let layers = head[6] as usize;
        if layers == 0 || layers > MAX_LAYERS {
            return Err(Error::BadLayerCount);
        }
        if head[7] != 0 {
            return Err(Error::BadReserved);
        }
        let mut blocks = [(0usize, 0usize); MAX_LAYERS];
        let mut pos = 8usize;
        let mut width: Option<usize> = None;
        for slot in blocks.iter_mut().take(layers) {
            let len_bytes = bytes.get(pos..pos + 4).ok_or(Error::BadLength)?;
            let len = u32::from_le_bytes([len_bytes[0], len_bytes[1], len_bytes[2], len_bytes[3]])
                as usize;
            pos += 4;
            let end = pos.checked_add(len).ok_or(Error::BadLength)?;
            let block = bytes.get(pos..end).ok_or(Error::BadLength)?;
            let header = LayerParams::parse(block)?.header();
            if width.is_some_and(|w| w != header.in_dim()) {
                return Err(Error::LayerMismatch);
            }
            width = Some(header.out_dim());
            *slot = (pos, len);
            pos += len;
        }
        if pos != bytes.len() {
            return Err(Error::BadLength);
        }
        let model = Model {
            bytes,
            task,
            layers,
            blocks,
        };
        let first = model.state_width(0)?;
        let last = model.state_width(layers)?;
        let fits = match task {
            Task::Classifier => first == IMAGE_PIXELS && last == CLASSES,
            Task::Generator => first > CLASSES && last == IMAGE_PIXELS,
        };
        if !fits {
            return Err(Error::LayerMismatch);
        }
        Ok(model)
    }

    /// The model file's bytes.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The task.
    pub fn task(&self) -> Task {
        self.task
    }

    /// Number of layers `L` (so states `s_0..=s_L`).
    pub fn num_layers(&self) -> usize {
        self.layers
    }

    /// Layer `i`'s parameter block bytes (the calldata of a one-step proof).
    pub fn layer_block(&self, i: usize) -> Result<&'a [u8]> {
        if i >= self.layers {
            return Err(Error::LayerIndex);
        }
        let (offset, len) = self.blocks[i];
        Ok(&self.bytes[offset..offset + len])
    }

    /// Layer `i`'s parameters.
    pub fn layer(&self, i: usize) -> Result<LayerParams<'a>> {
        LayerParams::parse(self.layer_block(i)?)
    }

    /// Layer `i`'s header.
    pub fn header(&self, i: usize) -> Result<LayerHeader> {
        Ok(self.layer(i)?.header())
    }

    /// Length of state `s_i`, `i` in `0..=L`.
    pub fn state_width(&self, i: usize) -> Result<usize> {
        if i == 0 {
            Ok(self.header(0)?.in_dim())
        } else {
            Ok(self.header(i - 1)?.out_dim())
        }
    }

    /// The generator's noise length (0 for a classifier).
    pub fn noise_dim(&self) -> usize {
        match self.task {
            Task::Classifier => 0,
            Task::Generator => self.state_width(0).unwrap_or(CLASSES) - CLASSES,
        }
    }

    /// Learned parameters (weights and biases) of all layers.
    pub fn parameter_count(&self) -> usize {
        (0..self.layers)
            .filter_map(|i| self.header(i).ok())
            .map(|h| h.parameter_count())
            .sum()
    }

    /// `s_0 = encode(input)` into `out`; returns its length. The input is an image for a
    /// classifier and prompt text for a generator ([`encoding`]).
    pub fn encode(&self, input: &[u8], out: &mut [u8]) -> Result<usize> {
        self.task.encode(self.state_width(0)?, input, out)
    }

    /// A generator's `s_0` for an already parsed prompt.
    pub fn encode_prompt(&self, prompt: Prompt, out: &mut [u8]) -> Result<usize> {
        if self.task != Task::Generator {
            return Err(Error::BadTask);
        }
        encoding::generator_state(prompt, self.noise_dim(), out)
    }

    /// One step, `s_{i+1} = layer_i(s_i)`, into `out`; returns its length.
    pub fn step(&self, i: usize, state: &[u8], out: &mut [u8]) -> Result<usize> {
        self.layer(i)?.eval(state, out)
    }

    /// `output = decode(s_L)` into `out`; returns its length ([`Task::output_len`]).
    pub fn decode(&self, state: &[u8], out: &mut [u8]) -> Result<usize> {
        if state.len() != self.state_width(self.layers)? {
            return Err(Error::StateLength);
        }
        self.task.decode(state, out)
    }

    /// Runs every step from `s_0`, calling `visit(i, s_i)` for `i` in `0..=L`, then decodes
    /// into `out` and returns the output's length.
    pub fn trace_state<F: FnMut(usize, &[u8])>(
        &self,
        s0: &[u8],
        mut visit: F,
        out: &mut [u8],
    ) -> Result<usize> {
        let mut a = [0u8; MAX_WIDTH];
        let mut b = [0u8; MAX_WIDTH];
        let first = a.get_mut(..s0.len()).ok_or(Error::StateLength)?;
        first.copy_from_slice(s0);
        let mut len = s0.len();
        visit(0, &a[..len]);
        for i in 0..self.layers {
            len = self.step(i, &a[..len], &mut b)?;
            core::mem::swap(&mut a, &mut b);
            visit(i + 1, &a[..len]);
        }
        self.decode(&a[..len], out)
    }

    /// [`Model::trace_state`] from a raw input.
    pub fn trace<F: FnMut(usize, &[u8])>(
        &self,
        input: &[u8],
        visit: F,
        out: &mut [u8],
    ) -> Result<usize> {
        let mut s0 = [0u8; MAX_WIDTH];
        let len = self.encode(input, &mut s0)?;
        self.trace_state(&s0[..len], visit, out)
    }

    /// The whole inference: `decode(layer_{L-1}(... layer_0(encode(input))))` into `out`.
    pub fn infer(&self, input: &[u8], out: &mut [u8]) -> Result<usize> {
        self.trace(input, |_, _| {}, out)
    }

    /// The program descriptor: `"IMOP" ‖ version ‖ task ‖ L ‖ 0 ‖ header_0 ‖ … ‖ header_{L-1}`
    /// (written to `out`, returning its length): the architecture without the weights.
    pub fn program_descriptor(&self, out: &mut [u8]) -> Result<usize> {
        let len = 8 + self.layers * HEADER_LEN;
        let out = out.get_mut(..len).ok_or(Error::OutputTooSmall)?;
        out[..4].copy_from_slice(&PROGRAM_MAGIC);
        out[4] = FORMAT_VERSION;
        out[5] = self.task.id();
        out[6] = self.layers as u8;
        out[7] = 0;
        for i in 0..self.layers {
            let at = 8 + i * HEADER_LEN;
            out[at..at + HEADER_LEN].copy_from_slice(&self.header(i)?.to_bytes());
        }
        Ok(len)
    }

    /// `programHash`: keccak-256 of the [program descriptor](Model::program_descriptor).
    pub fn program_hash<H: Keccak256>(&self, hasher: &H) -> [u8; 32] {
        let mut buf = [0u8; MAX_PROGRAM_LEN];
        let len = self.program_descriptor(&mut buf).unwrap_or(0);
        hasher.keccak256(&buf[..len])
    }

    /// Layer `i`'s leaf in the model tree ([`LayerParams::leaf`]).
    pub fn layer_leaf<H: Keccak256>(&self, hasher: &H, i: usize) -> Result<[u8; 32]> {
        Ok(self.layer(i)?.leaf(hasher))
    }

    /// `modelHash`: the Merkle root over the layers' leaves.
    pub fn model_hash<H: Keccak256>(&self, hasher: &H) -> [u8; 32] {
        merkle::root(hasher, self.layers, |i| {
            self.layer_leaf(hasher, i).unwrap_or(merkle::EMPTY)
        })
    }

    /// The path proving layer `i`'s leaf against [`Model::model_hash`], written to `out`;
    /// returns its length.
    pub fn layer_proof<H: Keccak256>(
        &self,
        hasher: &H,
        i: usize,
        out: &mut [[u8; 32]],
    ) -> Result<usize> {
        if i >= self.layers {
            return Err(Error::LayerIndex);
        }
        let leaf = |k: usize| self.layer_leaf(hasher, k).unwrap_or(merkle::EMPTY);
        merkle::proof(hasher, self.layers, leaf, i, out)
    }
}

/// Whether `path` proves `leaf` as layer `i` of a model with `layers` layers and hash
/// `model_hash` (the one-step proof's parameter check).
pub fn verify_layer<H: Keccak256>(
    hasher: &H,
    model_hash: &[u8; 32],
    layers: usize,
    i: usize,
    leaf: [u8; 32],
    path: &[[u8; 32]],
) -> bool {
    merkle::verify(hasher, model_hash, layers, i, leaf, path)
}
