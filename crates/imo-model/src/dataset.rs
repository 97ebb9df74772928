//! Labelled 8x8 digit images in a small binary file (the committed held-out set).
//!
//! Layout: `"IMOD" ‖ version: u8 ‖ 0 ‖ count: u16 LE`, then per sample `label: u8 ‖ 64 pixels`
//! (labels `0..=9`, pixels `0..=16`).

use crate::encoding::{CLASSES, IMAGE_PIXELS, PIXEL_MAX};
use crate::{Error, Result, FORMAT_VERSION};

/// The first four bytes of a data set file.
pub const DATASET_MAGIC: [u8; 4] = *b"IMOD";
const SAMPLE_LEN: usize = 1 + IMAGE_PIXELS;

/// One labelled image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sample<'a> {
    /// The digit shown, `0..=9`.
    pub label: u8,
    /// 64 pixels, `0..=16`.
    pub image: &'a [u8],
}

/// A validated data set, borrowed from its file's bytes.
#[derive(Clone, Copy, Debug)]
pub struct Dataset<'a> {
    samples: &'a [u8],
}

impl<'a> Dataset<'a> {
    /// Parses a data set file, checking every label and pixel.
    pub fn parse(bytes: &'a [u8]) -> Result<Self> {
        let head = bytes.get(..8).ok_or(Error::BadLength)?;
        if head[..4] != DATASET_MAGIC {
            return Err(Error::BadMagic);
        }
        if head[4] != FORMAT_VERSION {
            return Err(Error::BadVersion);
        }
        if head[5] != 0 {
            return Err(Error::BadReserved);
        }
        let count = u16::from_le_bytes([head[6], head[7]]) as usize;
        let samples = &bytes[8..];
        if samples.len() != count * SAMPLE_LEN {
            return Err(Error::BadLength);
        }
        for s in samples.chunks_exact(SAMPLE_LEN) {
            if s[0] as usize >= CLASSES || s[1..].iter().any(|&p| p > PIXEL_MAX) {
                return Err(Error::BadInput);
            }
        }
        Ok(Dataset { samples })
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.samples.len() / SAMPLE_LEN
    }

    /// Whether there are no samples.
    pub fn is_empty(&self) -> bool {
        self.samples.is_empty()
    }

    /// Sample `i`.
    pub fn get(&self, i: usize) -> Option<Sample<'a>> {
        let s = self.samples.get(i * SAMPLE_LEN..(i + 1) * SAMPLE_LEN)?;
        Some(Sample {
            label: s[0],
            image: &s[1..],
        })
    }

    /// All samples in order.
    pub fn iter(&self) -> impl Iterator<Item = Sample<'a>> + 'a {
        self.samples.chunks_exact(SAMPLE_LEN).map(|s| Sample {
            label: s[0],
            image: &s[1..],
        })
    }
}
