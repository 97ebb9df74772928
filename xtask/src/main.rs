//! `cargo xtask <command>`: the project's build tooling.
//!
//! `cargo xtask wasm [-p CRATE]... [--features F] [--name NAME] [--no-wasm-opt]` builds contract
//! crates for deployment: rustc with the nightly size recipe, then `wasm-opt` (when on PATH), the
//! in-process WASM -> text -> WASM repair, Nitro's activation checks, and brotli compression. It
//! writes `target/stylus/<name>.{wasm,code,initcode}` and prints one row per contract.
//!
//! `cargo xtask lines [--max N]` fails when a tracked Rust source file is over N (600) lines.
//!
//! `cargo xtask gas [--check]` measures the project's gas and rewrites (or checks) the README's
//! generated tables (crate `imo-gas`).

#![deny(missing_docs, rustdoc::broken_intra_doc_links)]

mod lines;

use std::{
    env,
    path::{Path, PathBuf},
    process::{Command, ExitCode},
};

use anyhow::{bail, Context, Result};
use clap::{ArgAction, Parser, Subcommand};
use stylus_wasm::{HostioSet, MAX_CODE_SIZE};

/// The project's build tooling.
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Build contract crates for deployment.
    ///
    /// Builds every contract crate under contracts/ (or only the -p crates), each in its own cargo
    /// invocation, and writes target/stylus/<name>.wasm (processed module), <name>.code
    /// (deployable code: EF F0 00 00 + brotli) and <name>.initcode (creation bytecode returning
    /// the code). Exits non-zero if a contract is invalid under Nitro's activation rules or over
    /// the 24,576-byte code limit.
    Wasm(Options),
    /// Fail when a tracked Rust source file (tests included) is over the line limit, listing the
    /// offenders.
    Lines(lines::Options),
    /// Measure the gas of the project's operations on the devchain (Nitro's pricing, cached and
    /// uncached, beside ORA's contracts) and rewrite the README's generated gas tables (`--check`:
    /// fail when they are stale instead). Needs the artifacts of `cargo xtask wasm` and of
    /// `cargo xtask wasm -p devchain-probe`.
    Gas(GasOptions),
}

/// `cargo xtask gas` options.
#[derive(clap::Args)]
struct GasOptions {
    /// Fail when a generated table is stale instead of rewriting it.
    #[arg(long)]
    check: bool,
}

/// Runs the `imo-gas` binary (a workspace crate) with `--write` or `--check`.
fn gas(opts: &GasOptions) -> Result<bool> {
    let status = Command::new(cargo())
        .current_dir(workspace_root())
        .args(["run", "--quiet", "-p", "imo-gas", "--"])
        .arg(if opts.check { "--check" } else { "--write" })
        .status()
        .context("running imo-gas")?;
    Ok(status.success())
}

fn main() -> ExitCode {
    let result = match Cli::parse().task {
        Task::Wasm(opts) => wasm(&opts),
        Task::Lines(opts) => lines::check(&workspace_root(), &opts),
        Task::Gas(opts) => gas(&opts),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask wasm` options.
#[derive(clap::Args)]
struct Options {
    /// Build this workspace package (repeatable; default: every crate under contracts/).
    #[arg(short = 'p', long = "package", value_name = "CRATE")]
    packages: Vec<String>,
    /// Cargo features for the build (e.g. a test fixture variant).
    #[arg(long, value_name = "FEATURES")]
    features: Option<String>,
    /// Artifact name (default: the crate name); needs exactly one -p.
    #[arg(long, value_name = "NAME", requires = "packages")]
    name: Option<String>,
    /// Skip binaryen's wasm-opt even when it is on PATH.
    #[arg(long = "no-wasm-opt", action = ArgAction::SetFalse)]
    wasm_opt: bool,
}

/// The workspace root (xtask's parent directory).
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Runs `cargo xtask wasm`; `Ok(false)` when a contract failed a check.
fn wasm(opts: &Options) -> Result<bool> {
    if opts.name.is_some() && opts.packages.len() != 1 {
        bail!("--name needs exactly one -p CRATE");
    }
    let root = workspace_root();
    let (contracts, target_dir) = workspace_contracts(&root)?;
    let builds: Vec<Build> = if opts.packages.is_empty() {
        contracts
    } else if opts.name.is_some() || opts.features.is_some() {
        // One explicit variant of one crate (e.g. a test fixture).
        vec![Build {
            package: opts.packages[0].clone(),
            name: opts
                .name
                .clone()
                .unwrap_or_else(|| opts.packages[0].clone()),
            features: opts.features.clone(),
        }]
    } else {
        // The named crates with their declared extra builds (or the crate alone if it is not a
        // contract under contracts/, e.g. a fixture).
        let mut builds = Vec::new();
        for package in &opts.packages {
            let declared: Vec<Build> = contracts
                .iter()
                .filter(|b| &b.package == package)
                .cloned()
                .collect();
            if declared.is_empty() {
                builds.push(Build {
                    package: package.clone(),
                    name: package.clone(),
                    features: None,
                });
            } else {
                builds.extend(declared);
            }
        }
        builds
    };
    let wasm_opt = opts.wasm_opt && wasm_opt_available();
    let out_dir = target_dir.join("stylus");
    std::fs::create_dir_all(&out_dir)?;

    let mut rows = Vec::new();
    let mut ok = true;
    for build in &builds {
        let row = build_one(&root, &target_dir, &out_dir, build, wasm_opt);
        match row {
            Ok(row) => {
                ok &= row.error.is_none();
                rows.push(row);
            }
            Err(e) => {
                ok = false;
                rows.push(Row::failed(build.name.clone(), format!("{e:#}")));
            }
        }
    }
    print_table(&rows, builds.is_empty());
    Ok(ok)
}

/// One WASM build: a crate, the artifact name, and the cargo features of that build.
#[derive(Clone, Debug)]
struct Build {
    package: String,
    name: String,
    features: Option<String>,
}

/// The contract builds (every `cdylib` crate under `contracts/`, plus the extra builds each declares
/// in `[package.metadata.stylus] extra-builds = [{ name = "...", features = ["..."] }]`) and the
/// target directory.
fn workspace_contracts(root: &Path) -> Result<(Vec<Build>, PathBuf)> {
    let output = Command::new(cargo())
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .current_dir(root)
        .output()
        .context("running cargo metadata")?;
    if !output.status.success() {
        bail!(
            "cargo metadata failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let meta: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    let contracts_dir = root.join("contracts");
    let mut builds = Vec::new();
    for p in meta["packages"]
        .as_array()
        .context("cargo metadata: no packages")?
    {
        let under_contracts = p["manifest_path"]
            .as_str()
            .is_some_and(|m| Path::new(m).starts_with(&contracts_dir));
        // Contracts are the `cdylib` crates; `contracts/common` and `contracts/testkit` are libraries.
        let cdylib = p["targets"].as_array().is_some_and(|targets| {
            targets.iter().any(|t| {
                t["crate_types"]
                    .as_array()
                    .is_some_and(|k| k.iter().any(|k| k == "cdylib"))
            })
        });
        let Some(package) = p["name"].as_str().filter(|_| under_contracts && cdylib) else {
            continue;
        };
        builds.push(Build {
            package: package.to_owned(),
            name: package.to_owned(),
            features: None,
        });
        for extra in p["metadata"]["stylus"]["extra-builds"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let name = extra["name"]
                .as_str()
                .with_context(|| format!("{package}: an extra build without a name"))?;
            let features: Vec<&str> = extra["features"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|f| f.as_str())
                .collect();
            builds.push(Build {
                package: package.to_owned(),
                name: name.to_owned(),
                features: (!features.is_empty()).then(|| features.join(",")),
            });
        }
    }
    builds.sort_by(|a, b| a.name.cmp(&b.name));
    let target = meta["target_directory"]
        .as_str()
        .context("cargo metadata: no target dir")?;
    Ok((builds, PathBuf::from(target)))
}

fn cargo() -> String {
    env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

fn wasm_opt_available() -> bool {
    Command::new("wasm-opt")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

struct Row {
    name: String,
    wasm: usize,
    code: usize,
    steps: &'static str,
    error: Option<String>,
}

impl Row {
    fn failed(name: String, error: String) -> Self {
        Row {
            name,
            wasm: 0,
            code: 0,
            steps: "-",
            error: Some(error),
        }
    }
}

/// Bytes of WASM stack: rustc's default is 1 MiB, which makes every module start at 17 pages and
/// pay ~15,000 gas of memory on every call on Nitro; with this stack they start at 1 page
/// (crates/devchain README: measurements; OpenZeppelin builds with the same 8 KiB).
const WASM_STACK_SIZE: u32 = 8_192;

fn rustflags() -> String {
    format!(
        "-Zunstable-options -Cpanic=immediate-abort -C target-feature=+bulk-memory \
         -Zlocation-detail=none -Zfmt-debug=none -C link-arg=-zstack-size={WASM_STACK_SIZE}"
    )
}

fn build_one(
    root: &Path,
    target_dir: &Path,
    out_dir: &Path,
    build: &Build,
    wasm_opt: bool,
) -> Result<Row> {
    let (package, name) = (build.package.as_str(), build.name.as_str());
    let mut cmd = Command::new(cargo());
    cmd.current_dir(root)
        .args([
            "build",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "--lib",
            "-p",
            package,
        ])
        .args(["-Z", "build-std=std,panic_abort"])
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", rustflags());
    if let Some(features) = &build.features {
        cmd.args(["--features", features]);
    }
    let status = cmd.status().context("running cargo build")?;
    if !status.success() {
        bail!("cargo build for wasm32 failed");
    }
    let built = target_dir
        .join("wasm32-unknown-unknown/release")
        .join(format!("{}.wasm", package.replace('-', "_")));
    let raw = std::fs::read(&built)
        .with_context(|| format!("reading {} (is the crate a cdylib?)", built.display()))?;

    let stripped = stylus_wasm::strip_custom_sections(&raw)?;
    let (optimised, steps) = if wasm_opt {
        (run_wasm_opt(out_dir, name, &stripped)?, "wasm-opt+wat")
    } else {
        (stripped, "wat")
    };
    let module = stylus_wasm::repair(&optimised)?;
    let code = stylus_wasm::compress(&module);
    let mut row = Row {
        name: name.to_owned(),
        wasm: module.len(),
        code: code.len(),
        steps,
        error: None,
    };
    if let Err(e) = stylus_wasm::validate(&module, HostioSet::Sdk) {
        row.error = Some(e.to_string());
        return Ok(row);
    }
    std::fs::write(out_dir.join(format!("{name}.wasm")), &module)?;
    std::fs::write(out_dir.join(format!("{name}.code")), &code)?;
    std::fs::write(
        out_dir.join(format!("{name}.initcode")),
        stylus_wasm::initcode(&code),
    )?;
    if code.len() > MAX_CODE_SIZE {
        row.error = Some(format!(
            "deployable code is {} bytes, over the {MAX_CODE_SIZE}-byte limit",
            code.len()
        ));
    }
    Ok(row)
}

/// Runs binaryen's `wasm-opt -Oz` restricted to the features Nitro accepts.
fn run_wasm_opt(out_dir: &Path, name: &str, wasm: &[u8]) -> Result<Vec<u8>> {
    // Unique per process: two builds of the same contract may run at once.
    let pid = std::process::id();
    let input = out_dir.join(format!("{name}.{pid}.pre-opt.wasm"));
    let output = out_dir.join(format!("{name}.{pid}.opt.wasm"));
    std::fs::write(&input, wasm)?;
    let result = Command::new("wasm-opt")
        .arg(&input)
        .args([
            "-Oz",
            "--strip-debug",
            "--strip-producers",
            "--mvp-features",
        ])
        .args([
            "--enable-bulk-memory",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-nontrapping-float-to-int",
            "--enable-multivalue",
        ])
        .arg("-o")
        .arg(&output)
        .output()
        .context("running wasm-opt")?;
    let _ = std::fs::remove_file(&input);
    if !result.status.success() {
        bail!(
            "wasm-opt failed: {}",
            String::from_utf8_lossy(&result.stderr)
        );
    }
    let optimised = std::fs::read(&output)?;
    let _ = std::fs::remove_file(&output);
    Ok(optimised)
}

fn print_table(rows: &[Row], empty: bool) {
    println!(
        "{:<28} {:>10} {:>12} {:>8} {:>9}  steps",
        "contract", "wasm B", "compressed B", "limit", "headroom"
    );
    if empty {
        println!("(no contract crates under contracts/)");
    }
    for row in rows {
        let headroom = (MAX_CODE_SIZE as f64 - row.code as f64) * 100.0 / MAX_CODE_SIZE as f64;
        println!(
            "{:<28} {:>10} {:>12} {:>8} {:>8.1}%  {}",
            row.name, row.wasm, row.code, MAX_CODE_SIZE, headroom, row.steps
        );
        if let Some(error) = &row.error {
            println!("  FAILED: {error}");
        }
    }
}
