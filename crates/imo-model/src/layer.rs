//! One dense int8 layer: its parameter block, its evaluation, and its commitments.
//!
//! A parameter block is a 16-byte [`LayerHeader`] followed by `out_dim` rows; row `r` is
//! `bias_r: i32 LE ‖ mult_r: i32 LE ‖ w_r: in_dim × i8`. Output `r` for an input state `x`
//! (`in_dim` int8 bytes) is
//!
//! ```text
//! dot   = Σ_j w_r[j] · x[j]                      (exact in i32: |dot| ≤ 256·128·128)
//! acc   = bias_r + dot                           (i64)
//! y     = (acc · mult_r + 2^(shift-1)) >> shift  (i64; arithmetic shift: rounds half up)
//! out_r = clamp(y, lo, 127) as i8                (lo = -128 for Identity, 0 for ReLU)
//! ```
//!
//! Every value of every row field is valid (no overflow is possible: `|acc · mult| ≤ 2^62 + 2^53`),
//! so only the header can make a block invalid. The layer's Merkle leaf is
//! `keccak256(header ‖ rows_root)`, where `rows_root` is the [`merkle`](crate::merkle) root over the
//! layer's row blocks (`rows_per_block` consecutive rows each, the last one shorter), each hashed
//! as `keccak256(its row bytes)`.

use core::ops::Range;

use crate::{merkle, Error, Keccak256, Result, FORMAT_VERSION, MAX_WIDTH};

/// The first four bytes of every layer block.
pub const LAYER_MAGIC: [u8; 4] = *b"IMOL";
/// Length of a layer header in bytes.
pub const HEADER_LEN: usize = 16;
/// Bytes before a row's weights: its bias and its multiplier.
pub const ROW_PREFIX_LEN: usize = 8;

/// A layer's activation, applied with the final saturation to int8.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activation {
    /// Saturate to `-128..=127` (id 0).
    Identity,
    /// `max(y, 0)`, saturated to `0..=127` (id 1).
    Relu,
}

impl Activation {
    /// The activation with byte id `id`.
    pub fn from_id(id: u8) -> Result<Self> {
        match id {
            0 => Ok(Activation::Identity),
            1 => Ok(Activation::Relu),
            _ => Err(Error::BadActivation),
        }
    }

    /// Its byte id.
    pub fn id(self) -> u8 {
        match self {
            Activation::Identity => 0,
            Activation::Relu => 1,
        }
    }

    /// The smallest output value.
    fn low(self) -> i64 {
        match self {
            Activation::Identity => -128,
            Activation::Relu => 0,
        }
    }
}

/// A validated layer header (the block's first [`HEADER_LEN`] bytes).
///
/// Layout: `"IMOL" ‖ version: u8 ‖ activation: u8 ‖ shift: u8 ‖ 0 ‖ in_dim: u16 LE ‖
/// out_dim: u16 LE ‖ rows_per_block: u16 LE ‖ 0: u16`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LayerHeader {
    activation: Activation,
    shift: u8,
    in_dim: u16,
    out_dim: u16,
    rows_per_block: u16,
}

impl LayerHeader {
    /// A header from its fields, validated as [`LayerHeader::parse`] does.
    pub fn new(
        activation: Activation,
        shift: u8,
        in_dim: usize,
        out_dim: usize,
        rows_per_block: usize,
    ) -> Result<Self> {
        if !(1..=62).contains(&shift) {
            return Err(Error::BadShift);
        }
        let width = 1..=MAX_WIDTH;
        if !width.contains(&in_dim)
            || !width.contains(&out_dim)
            || !(1..=out_dim).contains(&rows_per_block)
        {
            return Err(Error::BadShape);
        }
        Ok(LayerHeader {
            activation,
            shift,
            in_dim: in_dim as u16,
            out_dim: out_dim as u16,
            rows_per_block: rows_per_block as u16,
        })
    }

    /// Parses and validates the header at the start of `bytes` (which may hold more).
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        let Some(h) = bytes.get(..HEADER_LEN) else {
            return Err(Error::BadLength);
        };
        if h[..4] != LAYER_MAGIC {
            return Err(Error::BadMagic);
        }
        if h[4] != FORMAT_VERSION {
            return Err(Error::BadVersion);
        }
        let activation = Activation::from_id(h[5])?;
        if h[7] != 0 || h[14] != 0 || h[15] != 0 {
            return Err(Error::BadReserved);
        }
        let u16_at = |i: usize| u16::from_le_bytes([h[i], h[i + 1]]) as usize;
        Self::new(activation, h[6], u16_at(8), u16_at(10), u16_at(12))
    }

    /// The header's canonical bytes.
    pub fn to_bytes(&self) -> [u8; HEADER_LEN] {
        let mut b = [0u8; HEADER_LEN];
        b[..4].copy_from_slice(&LAYER_MAGIC);
        b[4] = FORMAT_VERSION;
        b[5] = self.activation.id();
        b[6] = self.shift;
        b[8..10].copy_from_slice(&self.in_dim.to_le_bytes());
        b[10..12].copy_from_slice(&self.out_dim.to_le_bytes());
        b[12..14].copy_from_slice(&self.rows_per_block.to_le_bytes());
        b
    }

    /// The activation.
    pub fn activation(&self) -> Activation {
        self.activation
    }

    /// The requantization shift (`1..=62`).
    pub fn shift(&self) -> u8 {
        self.shift
    }

    /// Input width (length of the state the layer reads).
    pub fn in_dim(&self) -> usize {
        self.in_dim as usize
    }

    /// Output width (number of rows).
    pub fn out_dim(&self) -> usize {
        self.out_dim as usize
    }

    /// Rows per row block (the unit of the row-level commitment).
    pub fn rows_per_block(&self) -> usize {
        self.rows_per_block as usize
    }

    /// Bytes per row: bias, multiplier and `in_dim` weights.
    pub fn row_len(&self) -> usize {
        ROW_PREFIX_LEN + self.in_dim()
    }

    /// Length of the whole parameter block (header and rows).
    pub fn block_len(&self) -> usize {
        HEADER_LEN + self.out_dim() * self.row_len()
    }

    /// Number of row blocks.
    pub fn row_blocks(&self) -> usize {
        self.out_dim().div_ceil(self.rows_per_block())
    }

    /// The rows of row block `j`.
    pub fn block_rows(&self, j: usize) -> Result<Range<usize>> {
        if j >= self.row_blocks() {
            return Err(Error::RowRange);
        }
        let start = j * self.rows_per_block();
        Ok(start..(start + self.rows_per_block()).min(self.out_dim()))
    }

    /// Learned parameters: weights and biases (the multipliers are counted apart, as
    /// quantization constants).
    pub fn parameter_count(&self) -> usize {
        self.out_dim() * (self.in_dim() + 1)
    }
}

/// A contiguous run of a layer's rows, borrowed from a byte slice.
#[derive(Clone, Copy, Debug)]
pub struct Rows<'a> {
    header: LayerHeader,
    first: usize,
    data: &'a [u8],
}

impl<'a> Rows<'a> {
    /// The rows `first_row..` of a layer with `header`, whose bytes are `data` (a whole number of
    /// rows, at least one, none past the layer's last row).
    pub fn new(header: LayerHeader, first_row: usize, data: &'a [u8]) -> Result<Self> {
        let row_len = header.row_len();
        if data.is_empty() || !data.len().is_multiple_of(row_len) {
            return Err(Error::BadLength);
        }
        let end = first_row.checked_add(data.len() / row_len);
        if end.is_none_or(|end| end > header.out_dim()) {
            return Err(Error::RowRange);
        }
        Ok(Rows {
            header,
            first: first_row,
            data,
        })
    }

    /// The layer's header.
    pub fn header(&self) -> LayerHeader {
        self.header
    }

    /// Which of the layer's output rows these are.
    pub fn range(&self) -> Range<usize> {
        self.first..self.first + self.len()
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.data.len() / self.header.row_len()
    }

    /// Always false: a `Rows` holds at least one row.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// The rows' bytes.
    pub fn bytes(&self) -> &'a [u8] {
        self.data
    }

    /// The rows `range` (absolute row indices, inside [`Rows::range`]).
    pub fn sub(&self, range: Range<usize>) -> Result<Rows<'a>> {
        if range.start >= range.end || range.start < self.first || range.end > self.range().end {
            return Err(Error::RowRange);
        }
        let row_len = self.header.row_len();
        let from = (range.start - self.first) * row_len;
        let to = (range.end - self.first) * row_len;
        Ok(Rows {
            header: self.header,
            first: range.start,
            data: &self.data[from..to],
        })
    }

    /// Computes these rows' outputs for `input` into `out[..self.len()]`.
    ///
    /// # Errors
    /// [`Error::StateLength`] if `input` is not `in_dim` bytes; [`Error::OutputTooSmall`].
    pub fn eval(&self, input: &[u8], out: &mut [u8]) -> Result<()> {
        if input.len() != self.header.in_dim() {
            return Err(Error::StateLength);
        }
        let Some(out) = out.get_mut(..self.len()) else {
            return Err(Error::OutputTooSmall);
        };
        let shift = u32::from(self.header.shift);
        let round = 1i64 << (shift - 1);
        let low = self.header.activation.low();
        for (row, y) in self.data.chunks_exact(self.header.row_len()).zip(out) {
            let bias = i32::from_le_bytes([row[0], row[1], row[2], row[3]]);
            let mult = i32::from_le_bytes([row[4], row[5], row[6], row[7]]);
            let acc = i64::from(bias) + i64::from(dot(&row[ROW_PREFIX_LEN..], input));
            let v = (acc * i64::from(mult) + round) >> shift;
            *y = v.clamp(low, 127) as i8 as u8;
        }
        Ok(())
    }

    /// `keccak256` of the rows' bytes: a leaf of the layer's row tree when these rows are exactly
    /// one row block.
    pub fn hash<H: Keccak256>(&self, hasher: &H) -> [u8; 32] {
        hasher.keccak256(self.data)
    }
}

/// `Σ w[j] · x[j]` over int8 bytes, exact in i32 for up to [`MAX_WIDTH`] terms.
///
/// Eight terms per loop iteration: in WASM every loop iteration is a few basic blocks, and Nitro
/// charges each basic block more than a multiply-add.
#[inline(always)]
fn dot(weights: &[u8], input: &[u8]) -> i32 {
    let mut acc: i32 = 0;
    let (mut w, mut x) = (weights, input);
    while let (Some((w8, w_rest)), Some((x8, x_rest))) =
        (w.split_first_chunk::<8>(), x.split_first_chunk::<8>())
    {
        acc += mul(w8[0], x8[0]) + mul(w8[1], x8[1]) + mul(w8[2], x8[2]) + mul(w8[3], x8[3]);
        acc += mul(w8[4], x8[4]) + mul(w8[5], x8[5]) + mul(w8[6], x8[6]) + mul(w8[7], x8[7]);
        (w, x) = (w_rest, x_rest);
    }
    for (w, x) in w.iter().zip(x) {
        acc += mul(*w, *x);
    }
    acc
}

/// The product of two int8 values given as bytes.
#[inline(always)]
fn mul(w: u8, x: u8) -> i32 {
    i32::from(w as i8) * i32::from(x as i8)
}

/// A whole layer parameter block, borrowed and validated.
#[derive(Clone, Copy, Debug)]
pub struct LayerParams<'a> {
    block: &'a [u8],
    rows: Rows<'a>,
}

impl<'a> LayerParams<'a> {
    /// Parses a parameter block: a valid header and exactly `out_dim` rows.
    pub fn parse(block: &'a [u8]) -> Result<Self> {
        let header = LayerHeader::parse(block)?;
        if block.len() != header.block_len() {
            return Err(Error::BadLength);
        }
        let rows = Rows::new(header, 0, &block[HEADER_LEN..])?;
        Ok(LayerParams { block, rows })
    }

    /// The header.
    pub fn header(&self) -> LayerHeader {
        self.rows.header
    }

    /// The whole block's bytes.
    pub fn bytes(&self) -> &'a [u8] {
        self.block
    }

    /// All rows.
    pub fn rows(&self) -> Rows<'a> {
        self.rows
    }

    /// The rows `range`.
    pub fn row_range(&self, range: Range<usize>) -> Result<Rows<'a>> {
        self.rows.sub(range)
    }

    /// Row block `j`.
    pub fn row_block(&self, j: usize) -> Result<Rows<'a>> {
        self.rows.sub(self.header().block_rows(j)?)
    }

    /// The step `layer(s)`: writes the `out_dim` output bytes for state `input` into `out` and
    /// returns `out_dim`.
    pub fn eval(&self, input: &[u8], out: &mut [u8]) -> Result<usize> {
        self.rows.eval(input, out)?;
        Ok(self.rows.len())
    }

    /// `layer_rows(s, range)`: only the output rows `range`, written to `out[..range.len()]`.
    pub fn eval_rows(&self, input: &[u8], range: Range<usize>, out: &mut [u8]) -> Result<usize> {
        let rows = self.rows.sub(range)?;
        rows.eval(input, out)?;
        Ok(rows.len())
    }

    /// The Merkle root over the layer's row blocks.
    pub fn rows_root<H: Keccak256>(&self, hasher: &H) -> [u8; 32] {
        let header = self.header();
        merkle::root(hasher, header.row_blocks(), |j| match self.row_block(j) {
            Ok(rows) => rows.hash(hasher),
            Err(_) => merkle::EMPTY, // unreachable: j < row_blocks()
        })
    }

    /// The layer's leaf in the model tree: `keccak256(header ‖ rows_root)`.
    pub fn leaf<H: Keccak256>(&self, hasher: &H) -> [u8; 32] {
        layer_leaf(hasher, &self.header(), &self.rows_root(hasher))
    }

    /// The path proving row block `j` against [`LayerParams::rows_root`], written to `out`;
    /// returns its length.
    pub fn row_block_proof<H: Keccak256>(
        &self,
        hasher: &H,
        j: usize,
        out: &mut [[u8; 32]],
    ) -> Result<usize> {
        let n = self.header().row_blocks();
        let leaf = |k: usize| match self.row_block(k) {
            Ok(rows) => rows.hash(hasher),
            Err(_) => merkle::EMPTY, // unreachable: k < n
        };
        merkle::proof(hasher, n, leaf, j, out)
    }
}

/// A layer's leaf from its header and its rows root: `keccak256(header ‖ rows_root)`.
pub fn layer_leaf<H: Keccak256>(
    hasher: &H,
    header: &LayerHeader,
    rows_root: &[u8; 32],
) -> [u8; 32] {
    let mut buf = [0u8; HEADER_LEN + 32];
    buf[..HEADER_LEN].copy_from_slice(&header.to_bytes());
    buf[HEADER_LEN..].copy_from_slice(rows_root);
    hasher.keccak256(&buf)
}

/// Whether `rows` are exactly row block `j` of their layer and `path` proves them against
/// `rows_root` (the one-step proof of a layer bisected over row blocks; prove `rows_root` in
/// turn with [`layer_leaf`] and [`verify_layer`](crate::verify_layer)).
pub fn verify_row_block<H: Keccak256>(
    hasher: &H,
    rows_root: &[u8; 32],
    j: usize,
    rows: &Rows<'_>,
    path: &[[u8; 32]],
) -> bool {
    let header = rows.header();
    match header.block_rows(j) {
        Ok(range) if range == rows.range() => merkle::verify(
            hasher,
            rows_root,
            header.row_blocks(),
            j,
            rows.hash(hasher),
            path,
        ),
        _ => false,
    }
}
