//! What a node runs for each request: the [`Model`] trait and [`Network`], the real integer
//! networks of `imo-model` (the committed generator and classifier, or a model file).

use alloy_primitives::B256;
use anyhow::{anyhow, Context};
use imo_model::{Task, TinyKeccak, MAX_OUTPUT};
use std::borrow::Cow;
use std::path::Path;

/// A request input the model cannot run on; the node reports it to the oracle with
/// `feedbackError` (ORA's code 0, `InvalidInput`) instead of delivering.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidInput(pub String);

impl std::fmt::Display for InvalidInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid input: {}", self.0)
    }
}

impl std::error::Error for InvalidInput {}

/// What a node runs for each request. [`Network`] is the real one; implement the trait to plug
/// in another backend.
pub trait Model {
    /// A name for messages.
    fn name(&self) -> String;
    /// The output for `input`: the exact bytes the oracle delivers to the callback.
    ///
    /// # Errors
    ///
    /// An input the model cannot run on.
    fn infer(&mut self, input: &[u8]) -> Result<Vec<u8>, InvalidInput>;
    /// The `(modelHash, programHash)` the model's registration in the oracle must carry, when
    /// the model has such commitments (a node then refuses to serve a registration that differs).
    fn commitments(&self) -> Option<(B256, B256)> {
        None
    }
}

/// Which committed network (`models/`, embedded in the binary from `imo_model::bundled`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Committed {
    /// The digit generator, the AIGC NFT's model: prompt -> 8x8 image (64 pixels `0..=16`).
    Generator,
    /// The digit classifier: 8x8 image (64 pixels `0..=16`) -> one byte, the digit.
    Classifier,
}

/// A verifiable integer network of `imo-model`, run natively: the output is exactly
/// `decode(s_L)` of `imo_model::Model::infer`, the bytes the opML dispute game re-derives.
#[derive(Clone, Debug)]
pub struct Network {
    name: String,
    bytes: Cow<'static, [u8]>,
    model_hash: B256,
    program_hash: B256,
}

impl Network {
    /// One of the committed networks (`models/generator.bin`, `models/classifier.bin`).
    ///
    /// # Panics
    ///
    /// Never in practice: `imo-model`'s tests check that the committed files parse.
    pub fn committed(which: Committed) -> Self {
        let (name, bytes) = match which {
            Committed::Generator => ("generator", imo_model::bundled::GENERATOR),
            Committed::Classifier => ("classifier", imo_model::bundled::CLASSIFIER),
        };
        Self::new(
            format!("imo-model {name} (models/{name}.bin)"),
            Cow::Borrowed(bytes),
        )
        .expect("the committed models parse (imo-model's tests)")
    }

    /// The committed generator, the AIGC NFT's model.
    pub fn generator() -> Self {
        Self::committed(Committed::Generator)
    }

    /// The committed classifier.
    pub fn classifier() -> Self {
        Self::committed(Committed::Classifier)
    }

    /// A model file in `imo-model`'s format (e.g. one re-trained by `models/train.py`).
    ///
    /// # Errors
    ///
    /// An unreadable or invalid file.
    pub fn from_file(path: &Path) -> anyhow::Result<Self> {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        Self::new(
            format!("imo-model file {}", path.display()),
            Cow::Owned(bytes),
        )
        .with_context(|| format!("{} is not an imo-model file", path.display()))
    }

    /// A model file's bytes (e.g. built with `imo_model::build` for a benchmark), named `name`.
    ///
    /// # Errors
    ///
    /// An invalid file.
    pub fn from_bytes(name: &str, bytes: Vec<u8>) -> anyhow::Result<Self> {
        Self::new(name.to_string(), Cow::Owned(bytes))
    }

    fn new(name: String, bytes: Cow<'static, [u8]>) -> anyhow::Result<Self> {
        let model = imo_model::Model::parse(&bytes).map_err(|e| anyhow!("{e}"))?;
        let model_hash = B256::from(model.model_hash(&TinyKeccak));
        let program_hash = B256::from(model.program_hash(&TinyKeccak));
        Ok(Self {
            name,
            bytes,
            model_hash,
            program_hash,
        })
    }

    /// The parsed model (parsing validates and borrows; it allocates nothing).
    fn model(&self) -> imo_model::Model<'_> {
        imo_model::Model::parse(&self.bytes).expect("validated in Network::new")
    }

    /// The parsed `imo-model` network (for the dispute game's traces and proofs).
    pub fn parsed(&self) -> imo_model::Model<'_> {
        self.model()
    }

    /// The program descriptor (what `programHash` hashes), as the dispute game takes it.
    pub fn program_descriptor(&self) -> Vec<u8> {
        let mut buf = [0u8; 8 + 16 * 16];
        let n = self
            .model()
            .program_descriptor(&mut buf)
            .expect("a parsed model has a descriptor of at most 16 layers");
        buf[..n].to_vec()
    }

    /// `modelHash`: the Merkle root of the weights (ORA's `getModel` field).
    pub fn model_hash(&self) -> B256 {
        self.model_hash
    }

    /// `programHash`: the architecture and encodings.
    pub fn program_hash(&self) -> B256 {
        self.program_hash
    }

    /// What the network does.
    pub fn task(&self) -> Task {
        self.model().task()
    }

    /// `decode(s_L)` for `input` (a prompt for the generator, 64 pixels for the classifier).
    ///
    /// # Errors
    ///
    /// An input outside the task's encoding (the generator takes any bytes).
    pub fn run(&self, input: &[u8]) -> Result<Vec<u8>, InvalidInput> {
        let mut out = [0u8; MAX_OUTPUT];
        let n = self.model().infer(input, &mut out).map_err(|e| {
            InvalidInput(match self.task() {
                Task::Classifier => format!("{e}: the classifier reads 64 pixels, each 0..=16"),
                Task::Generator => e.to_string(),
            })
        })?;
        Ok(out[..n].to_vec())
    }
}

impl Model for Network {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn infer(&mut self, input: &[u8]) -> Result<Vec<u8>, InvalidInput> {
        self.run(input)
    }

    fn commitments(&self) -> Option<(B256, B256)> {
        Some((self.model_hash, self.program_hash))
    }
}

/// An 8x8 image (64 pixels `0..=16`) as eight lines of Unicode shades, two characters per pixel
/// (` `, `░`, `▒`, `▓`, `█` for 0, 1-4, 5-8, 9-12, 13-16); `None` when `pixels` is not an image.
pub fn shade_lines(pixels: &[u8]) -> Option<Vec<String>> {
    if pixels.len() != 64 || pixels.iter().any(|&p| p > 16) {
        return None;
    }
    const SHADES: [char; 5] = [' ', '░', '▒', '▓', '█'];
    Some(
        pixels
            .chunks(8)
            .map(|row| {
                row.iter()
                    .flat_map(|&p| {
                        let c = SHADES[usize::from(p).div_ceil(4)];
                        [c, c]
                    })
                    .collect()
            })
            .collect(),
    )
}
