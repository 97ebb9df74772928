//! An in-process chain that runs compiled Stylus WASM (on wasmi) and EVM bytecode (on revm)
//! together, with Nitro's gas schedule and semantics, so tests and demos execute the exact bytes
//! that would be deployed on Arbitrum and pay what Arbitrum charges.
//!
//! See the crate README for the design, every Nitro rule implemented (with its source file)
//! and every known difference from Nitro.
//!
//! ```no_run
//! use stylus_devchain::{Devchain, U256};
//! # fn main() -> anyhow::Result<()> {
//! let mut chain = Devchain::new()?;
//! let wasm = stylus_devchain::load_artifact(
//!     "imo-revshare-token",
//!     "cargo xtask wasm -p imo-revshare-token",
//! )?;
//! let program = chain.deploy_stylus(&wasm, &[], U256::ZERO)?;
//! let receipt = chain.send(Devchain::DEV_ACCOUNT, program, &[0x12, 0x34, 0x56, 0x78], U256::ZERO)?;
//! assert!(receipt.success, "{}", receipt.describe());
//! # Ok(()) }
//! ```
//!
//! # Layout
//!
//! `context` is the leaf every engine shares (revm's context, the actions a frame returns, the
//! `Frame` trait). `frames` runs one explicit stack of EVM frames (revm's interpreter), Stylus
//! frames (wasmi, `host` for the hostios) and system contracts (`system`), so nothing recurses
//! on the native stack. `pricing` and `programs` hold Nitro's formulas and ArbOS's records.
#![deny(missing_docs, rustdoc::broken_intra_doc_links)]

mod chain;
mod context;
mod dump;
mod frames;
mod host;
pub mod params;
pub mod pricing;
mod programs;
mod programs_api;
mod receipt;
pub mod scenario;
mod system;
mod typed;

use std::path::PathBuf;

use anyhow::anyhow;

pub use alloy_primitives::{address, Address, Bytes, B256, U256};
pub use chain::{Devchain, Measured, ProgramInfo, Snapshot};
pub use context::{is_stylus, Db, SPEC, STYLUS_MAGIC};
pub use dump::{AccountDump, ChainState};
pub use params::{ChainConfig, StylusParams};
pub use programs::ProgramRecord;
pub use receipt::{
    Failure, FailureKind, GasBreakdown, ProgramFailure, ProgramFailureKind, Receipt,
};
pub use revm::primitives::Log;
pub use system::{
    init_salt, IArbWasm, IArbWasmCache, IStylusDeployer, ARB_WASM, ARB_WASM_CACHE, STYLUS_DEPLOYER,
    STYLUS_VERSION,
};

/// The selector stylus-sdk 0.9 routes to a `#[constructor]`: `keccak256("stylus_constructor()")[..4]`.
pub fn constructor_selector() -> [u8; 4] {
    let hash = alloy_primitives::keccak256(b"stylus_constructor()");
    [hash[0], hash[1], hash[2], hash[3]]
}

/// Calldata for an sdk 0.9 `#[constructor]` taking ABI-encoded `args` (the parameters'
/// encoding, as `SolValue::abi_encode_params` gives), for [`Devchain::deploy_stylus`].
pub fn constructor_calldata(args: &[u8]) -> Vec<u8> {
    let mut data = constructor_selector().to_vec();
    data.extend_from_slice(args);
    data
}

/// Reads a WASM artifact built by `cargo xtask wasm` from `target/stylus/<name>.wasm`
/// (honouring `CARGO_TARGET_DIR`).
///
/// # Errors
///
/// When the file is missing: the message names `build_command`, which produces it.
pub fn load_artifact(name: &str, build_command: &str) -> anyhow::Result<Vec<u8>> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let path = target.join("stylus").join(format!("{name}.wasm"));
    std::fs::read(&path).map_err(|e| {
        anyhow!(
            "cannot read {} ({e}); build it first with `{build_command}`",
            path.display()
        )
    })
}
