//! The program descriptor read back: what `programHash` commits to (the task, the number of
//! layers and every layer header), for code that has the program but not the weights, such as
//! the on-chain dispute game (which needs `L` to size a trace and the first width to encode).
//!
//! Layout: `"IMOP" ‖ version ‖ task ‖ L ‖ 0 ‖ header_0 ‖ … ‖ header_{L-1}`, exactly what
//! [`Model::program_descriptor`](crate::Model::program_descriptor) writes.

use crate::encoding::{CLASSES, IMAGE_PIXELS};
use crate::{
    Error, LayerHeader, Result, Task, FORMAT_VERSION, HEADER_LEN, MAX_LAYERS, PROGRAM_MAGIC,
};

/// A validated program descriptor, borrowed from its bytes.
#[derive(Clone, Copy, Debug)]
pub struct Program<'a> {
    bytes: &'a [u8],
    task: Task,
    layers: usize,
}

impl<'a> Program<'a> {
    /// Parses a program descriptor and validates it as [`Model::parse`](crate::Model::parse)
    /// validates a model's architecture: magic, version, task, `1..=16` layers, a zero reserved
    /// byte, the exact length, every header, widths that chain, and first and last widths that
    /// fit the task's encodings.
    pub fn parse(bytes: &'a [u8]) -> Result<Self> {
        let Some(head) = bytes.get(..8) else {
            return Err(Error::BadLength);
        };
        if head[..4] != PROGRAM_MAGIC {
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
        if bytes.len() != 8 + layers * HEADER_LEN {
            return Err(Error::BadLength);
        }
        let program = Program {
            bytes,
            task,
            layers,
        };
        let mut width: Option<usize> = None;
        for i in 0..layers {
            let header = program.header(i)?;
            if width.is_some_and(|w| w != header.in_dim()) {
                return Err(Error::LayerMismatch);
            }
            width = Some(header.out_dim());
        }
        let first = program.state_width(0)?;
        let last = program.state_width(layers)?;
        let fits = match task {
            Task::Classifier => first == IMAGE_PIXELS && last == CLASSES,
            Task::Generator => first > CLASSES && last == IMAGE_PIXELS,
        };
        if !fits {
            return Err(Error::LayerMismatch);
        }
        Ok(program)
    }

    /// The descriptor's bytes.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The task.
    pub fn task(&self) -> Task {
        self.task
    }

    /// Number of layers `L`.
    pub fn num_layers(&self) -> usize {
        self.layers
    }

    /// Layer `i`'s header.
    pub fn header(&self, i: usize) -> Result<LayerHeader> {
        if i >= self.layers {
            return Err(Error::LayerIndex);
        }
        let at = 8 + i * HEADER_LEN;
        LayerHeader::parse(&self.bytes[at..at + HEADER_LEN])
    }

    /// Length of state `s_i`, `i` in `0..=L`.
    pub fn state_width(&self, i: usize) -> Result<usize> {
        if i == 0 {
            Ok(self.header(0)?.in_dim())
        } else {
            Ok(self.header(i - 1)?.out_dim())
        }
    }

    /// `s_0 = encode(input)` into `out`; returns its length.
    pub fn encode(&self, input: &[u8], out: &mut [u8]) -> Result<usize> {
        self.task.encode(self.state_width(0)?, input, out)
    }

    /// `output = decode(s_L)` into `out`; returns its length.
    pub fn decode(&self, state: &[u8], out: &mut [u8]) -> Result<usize> {
        if state.len() != self.state_width(self.layers)? {
            return Err(Error::StateLength);
        }
        self.task.decode(state, out)
    }
}
