//! The crate's error type.

use core::fmt;

/// Why a model, layer block, state or input was rejected.
///
/// Every code path that can fail returns one of these; nothing panics on outside data.
/// [`Error::code`] gives each a stable small number (the WASM wrapper returns it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// A layer block, model file, or data set does not start with its magic bytes.
    BadMagic,
    /// Unknown format version.
    BadVersion,
    /// Unknown activation id in a layer header.
    BadActivation,
    /// Requantization shift outside `1..=62`.
    BadShift,
    /// A reserved header byte is not zero.
    BadReserved,
    /// A width is zero or over [`MAX_WIDTH`](crate::MAX_WIDTH), or `rows_per_block` is not in
    /// `1..=out_dim`.
    BadShape,
    /// A byte string is shorter or longer than its header says.
    BadLength,
    /// Unknown task id in a model file.
    BadTask,
    /// Zero layers, or more than [`MAX_LAYERS`](crate::MAX_LAYERS).
    BadLayerCount,
    /// A layer's input width differs from the previous layer's output width, or the first and
    /// last widths do not fit the task's encodings.
    LayerMismatch,
    /// A layer index past the last layer.
    LayerIndex,
    /// A row range or row-block index outside the layer.
    RowRange,
    /// A state whose length is not the layer's input width.
    StateLength,
    /// An output buffer too small for the result.
    OutputTooSmall,
    /// An input value outside its encoding's range (e.g. a pixel over 16).
    BadInput,
    /// A Merkle proof buffer shorter than the tree's depth.
    ProofTooShort,
}

impl Error {
    /// A stable number for the error (1-based; the WASM wrapper returns its negation).
    pub fn code(self) -> i32 {
        match self {
            Error::BadMagic => 1,
            Error::BadVersion => 2,
            Error::BadActivation => 3,
            Error::BadShift => 4,
            Error::BadReserved => 5,
            Error::BadShape => 6,
            Error::BadLength => 7,
            Error::BadTask => 8,
            Error::BadLayerCount => 9,
            Error::LayerMismatch => 10,
            Error::LayerIndex => 11,
            Error::RowRange => 12,
            Error::StateLength => 13,
            Error::OutputTooSmall => 14,
            Error::BadInput => 15,
            Error::ProofTooShort => 16,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Error::BadMagic => "wrong magic bytes",
            Error::BadVersion => "unknown format version",
            Error::BadActivation => "unknown activation",
            Error::BadShift => "requantization shift outside 1..=62",
            Error::BadReserved => "reserved header byte is not zero",
            Error::BadShape => "layer shape out of range",
            Error::BadLength => "byte length does not match the header",
            Error::BadTask => "unknown task",
            Error::BadLayerCount => "layer count out of range",
            Error::LayerMismatch => "layer widths do not chain or do not fit the task",
            Error::LayerIndex => "layer index out of range",
            Error::RowRange => "row range outside the layer",
            Error::StateLength => "state length is not the layer's input width",
            Error::OutputTooSmall => "output buffer too small",
            Error::BadInput => "input value out of range",
            Error::ProofTooShort => "proof buffer shorter than the tree depth",
        };
        f.write_str(text)
    }
}

impl core::error::Error for Error {}
