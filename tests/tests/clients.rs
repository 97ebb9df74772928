//! Real clients against the devchain's JSON-RPC node (what `imo devnode` serves): viem and ethers
//! v6, pinned in `tests/clients/package-lock.json`, with their default settings. Each script
//! deploys a Solidity contract and a Stylus contract (through the StylusDeployer), writes, reads,
//! waits for receipts, queries and watches events, decodes a custom error, estimates fees and
//! gas, reads blocks and transactions and batches calls through Multicall3; any failed step fails
//! the test. The packages are installed (`npm ci`) on first use.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `npm ci` in `tests/clients` once per run, when its packages are missing.
fn packages() -> &'static Result<(), String> {
    static INSTALLED: OnceLock<Result<(), String>> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let dir = root().join("tests/clients");
        if dir.join("node_modules/viem").exists() && dir.join("node_modules/ethers").exists() {
            return Ok(());
        }
        let out = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir)
            .output()
            .map_err(|e| format!("npm: {e} (Node.js and npm are needed)"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "npm ci in tests/clients: {}",
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    })
}

fn run(script: &str) {
    if let Err(e) = packages() {
        panic!("{e}");
    }
    let stylus = imo_client::artifacts::artifact_dir();
    let renderer = stylus.join("imo-aigc-renderer.initcode");
    assert!(
        renderer.exists(),
        "{} is missing: run `cargo xtask wasm`",
        renderer.display()
    );
    let url = imo_e2e::facade::serve_devchain().expect("a devnode");
    let out = Command::new("node")
        .arg(script)
        .arg(&url)
        .arg(root())
        .arg(&stylus)
        .current_dir(root().join("tests/clients"))
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "{script} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn viem_with_default_settings_deploys_writes_reads_watches_and_multicalls() {
    run("viem.mjs");
}

#[test]
fn ethers_v6_with_default_settings_deploys_writes_reads_listens_and_multicalls() {
    run("ethers.mjs");
}
