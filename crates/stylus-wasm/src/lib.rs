//! From rustc's WASM output to code a Nitro chain activates.
//!
//! One crate, used by `cargo xtask wasm` (to build artifacts) and by the devchain (to load them),
//! so both apply exactly the same rules:
//!
//! - [`repair`]: drop custom sections and re-encode the module through its text form, which
//!   rewrites rustc's reference-types encodings into the MVP forms Nitro's parser accepts;
//! - [`validate`]: Nitro's activation rules, one [`Rule`] per check;
//! - [`compress`] / [`decompress`]: the `EF F0 00 00 ‖ brotli(wasm)` code format;
//! - [`initcode`]: EVM creation code that returns a given runtime code;
//! - [`instrument::activate`]: Nitro's activation (ink metering, stack limits, entry costs).

mod code;
mod hostio;
pub mod instrument;
mod repair;
mod validate;

pub use code::{
    compress, decompress, initcode, CodeError, CODE_PREFIX, MAX_CODE_SIZE, MAX_WASM_SIZE,
};
pub use hostio::{HostioSet, NITRO_EXTRA_HOSTIOS, SDK_HOSTIOS};
pub use repair::{repair, strip_custom_sections};
pub use validate::{
    validate, validate_and_activate, ModuleInfo, Rule, ValidationError, Violation,
    MAX_DATA_SEGMENTS, MAX_FUNCTIONS, MAX_LOCALS, MAX_OPCODES, MAX_PAGES,
};
