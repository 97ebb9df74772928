//! The contract artifacts `cargo xtask wasm` writes and the backends deploy.

use std::path::{Path, PathBuf};

/// The command that builds every artifact.
pub const BUILD_COMMAND: &str = "cargo xtask wasm";

/// The artifacts of one IMO deployment (`target/stylus/<name>.wasm` / `.initcode`), in the order
/// [`crate::Imo::deploy`] and [`crate::Imo::deploy_launchpad`] deploy them.
pub const ARTIFACTS: [&str; 11] = [
    "imo-ai-oracle-admin",
    "imo-ai-oracle",
    "imo-ai-oracle-verifier",
    "imo-revshare-token",
    "imo-aigc-renderer",
    "imo-aigc-minter",
    "imo-aigc-nft",
    "imo-governor",
    "imo-offering",
    "imo-vesting",
    "imo-launchpad",
];

/// The workspace root (where `cargo xtask wasm` runs): two levels above this crate.
pub fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .ancestors()
        .nth(2)
        .unwrap_or(manifest_dir)
        .to_path_buf()
}

/// The directory `cargo xtask wasm` writes to: `$CARGO_TARGET_DIR/stylus` or `<workspace>/target/stylus`.
pub fn artifact_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
        .join("stylus")
}

/// The [`ARTIFACTS`] with `extension` (`wasm`, `initcode`) missing from `dir`.
pub fn missing_artifacts(dir: &Path, extension: &str) -> Vec<PathBuf> {
    ARTIFACTS
        .iter()
        .map(|name| dir.join(format!("{name}.{extension}")))
        .filter(|p| !p.is_file())
        .collect()
}
