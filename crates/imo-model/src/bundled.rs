//! The committed models and held-out set (files under `models/` at the repository root),
//! embedded so that the node, the tests and the card need no file paths.
//!
//! Unused constants cost nothing in a WASM build: the linker drops them.

/// The digit classifier (`models/classifier.bin`).
pub const CLASSIFIER: &[u8] = include_bytes!("../../../models/classifier.bin");
/// The digit generator (`models/generator.bin`).
pub const GENERATOR: &[u8] = include_bytes!("../../../models/generator.bin");
/// The held-out digits (`models/digits-heldout.bin`): scikit-learn's 1,797 digits minus the
/// training split (see `models/train.py`).
pub const HELDOUT: &[u8] = include_bytes!("../../../models/digits-heldout.bin");
