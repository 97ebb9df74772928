//! The `imo` command line: `imo demo` (the whole lifecycle on an in-process devchain),
//! `imo deploy` (the contracts on a node, wired) and `imo node` (a reference inference node).

pub mod config;
pub mod node;

use anyhow::{bail, Context};
use imo_e2e::scenarios::{self, format_eth};
use imo_e2e::{Config, DevchainBackend, Imo, RpcBackend};
use std::path::{Path, PathBuf};

/// The artifacts every command deploys (`target/stylus/<name>.wasm` / `.initcode`).
pub const ARTIFACTS: [&str; 6] = [
    "imo-ai-oracle",
    "imo-ai-oracle-verifier",
    "imo-revshare-token",
    "imo-aigc-renderer",
    "imo-aigc-minter",
    "imo-aigc-nft",
];

/// The command that builds them.
pub const BUILD_COMMAND: &str = "cargo xtask wasm";

/// Usage text.
pub const USAGE: &str = "\
imo: the IMO contracts from the command line

USAGE:
    imo demo [--no-build]
        Runs the whole lifecycle on an in-process devchain (no node, no network), narrating each
        step with balances and gas. Builds the contracts with `cargo xtask wasm` first when their
        artifacts are missing (unless --no-build).
    imo deploy --rpc URL (--private-key KEY | --keystore FILE) [--config imo.toml]
        Deploys the oracle, its verifier, the RevShare token and the AIGC collection from
        target/stylus (built by `cargo xtask wasm`), wires them and prints the addresses as JSON.
    imo node --rpc URL --private-key KEY --oracle ADDRESS --model ID [--from-block N] [--once]
        A reference inference node: answers AICallbackRequest events of model ID with
        invokeCallback, running the built-in deterministic model.
";

/// The directory of the artifacts.
pub fn artifact_dir() -> PathBuf {
    imo_e2e::rpc::artifact_dir()
}

/// The artifacts with `extension` missing from `dir`.
pub fn missing_artifacts(dir: &Path, extension: &str) -> Vec<PathBuf> {
    ARTIFACTS
        .iter()
        .map(|name| dir.join(format!("{name}.{extension}")))
        .filter(|p| !p.is_file())
        .collect()
}

/// The workspace root (where `cargo xtask wasm` runs).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Makes sure the artifacts exist: builds them with `cargo xtask wasm` when `build` is set,
/// otherwise fails with the command to run.
///
/// # Errors
///
/// Missing artifacts that could not be built.
pub fn ensure_artifacts(extension: &str, build: bool) -> anyhow::Result<()> {
    let dir = artifact_dir();
    let missing = missing_artifacts(&dir, extension);
    if missing.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = missing.iter().map(|p| p.display().to_string()).collect();
    if !build {
        bail!(
            "missing contract artifacts:\n  {}\nbuild them with `{BUILD_COMMAND}` (in {})",
            list.join("\n  "),
            workspace_root().display()
        );
    }
    eprintln!(
        "contract artifacts missing ({}); building them once with `{BUILD_COMMAND}` ...",
        list.join(", ")
    );
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = std::process::Command::new(cargo)
        .args(["xtask", "wasm"])
        .current_dir(workspace_root())
        .status()
        .context("running `cargo xtask wasm`")?;
    if !status.success() || !missing_artifacts(&dir, extension).is_empty() {
        bail!(
            "`{BUILD_COMMAND}` did not produce the artifacts ({status}); run it yourself and retry"
        );
    }
    Ok(())
}

/// `imo demo`: the lifecycle on the devchain, narrated, with a summary table.
///
/// # Errors
///
/// Missing artifacts or a failed step.
pub fn demo(build: bool) -> anyhow::Result<()> {
    ensure_artifacts("wasm", build)?;
    println!("IMO demo: an Initial Model Offering on an in-process Arbitrum Stylus devchain");
    println!(
        "(the exact WASM of `cargo xtask wasm`; EVM gas exact, Stylus gas the devchain's estimate)"
    );
    let started = std::time::Instant::now();
    let summary = scenarios::lifecycle(DevchainBackend::new()?, true)?;
    println!("\n== Summary\n");
    println!("| {:<48} | {:>9} |", "transaction", "gas used");
    println!("|{:-<50}|{:->11}|", "", "");
    let mut total = 0u64;
    for (step, gas) in &summary.steps {
        println!("| {step:<48} | {gas:>9} |");
        total += gas;
    }
    println!("| {:<48} | {total:>9} |", "total");
    println!();
    println!("| {:<28} | {:>26} |", "account", "balance at the end");
    println!("|{:-<30}|{:->28}|", "", "");
    for (account, wei) in &summary.balances {
        println!("| {account:<28} | {:>26} |", format_eth(*wei));
    }
    println!(
        "\nlifecycle complete in {:.1}s: every balance matched to the wei.",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `imo deploy`: deploys and wires the contracts on a node; returns the addresses as JSON.
///
/// # Errors
///
/// Unreachable RPC, unfunded key, missing artifact, failed transaction.
pub fn deploy(mut backend: RpcBackend, cfg: Config) -> anyhow::Result<String> {
    use imo_e2e::Backend;
    let missing = missing_artifacts(&backend.artifacts, "initcode");
    if !missing.is_empty() {
        let list: Vec<String> = missing.iter().map(|p| p.display().to_string()).collect();
        bail!(
            "missing contract artifacts:\n  {}\nbuild them with `{BUILD_COMMAND}`",
            list.join("\n  ")
        );
    }
    let deployer = backend.deployer();
    let funds = backend.balance(deployer)?;
    if funds.is_zero() {
        bail!(
            "the key's account {deployer} has no ETH on chain {}: fund it first",
            backend.chain_id
        );
    }
    eprintln!(
        "deploying from {deployer} ({}) on {}",
        format_eth(funds),
        backend.name()
    );
    backend.progress = true;
    let imo = Imo::deploy(backend, cfg, false)?;
    for step in &imo.steps {
        eprintln!("  {:<48} gas {:>9}", step.label, step.gas);
    }
    Ok(imo.c.to_json())
}

/// The private key in an encrypted JSON keystore (Web3 Secret Storage, as written by
/// `cast wallet import` or geth), decrypted with the password in `IMO_KEYSTORE_PASSWORD` (or
/// typed on stdin when it is unset).
///
/// # Errors
///
/// Unreadable file, wrong password.
pub fn keystore_key(path: &str) -> anyhow::Result<String> {
    let password = match std::env::var("IMO_KEYSTORE_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            eprint!("password for {path}: ");
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .context("reading the password")?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    let signer = alloy_signer_local::PrivateKeySigner::decrypt_keystore(path, password)
        .map_err(|e| anyhow::anyhow!("keystore {path}: {e}"))?;
    Ok(imo_e2e::backend::hex(signer.to_bytes().as_slice()))
}
