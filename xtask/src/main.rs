//! `cargo xtask <command>`: the project's build tooling.
//!
//! `cargo xtask wasm [-p CRATE]... [--features F] [--name NAME] [--no-wasm-opt]` builds contract
//! crates for deployment: rustc with the nightly size recipe, then `wasm-opt` (when on PATH), the
//! in-process WASM -> text -> WASM repair, Nitro's activation checks, and brotli compression. It
//! writes `target/stylus/<name>.{wasm,code,initcode}` and prints one row per contract.

use std::{
    env,
    path::{Path, PathBuf},
    process::{Command, ExitCode},
};

use anyhow::{bail, Context, Result};
use stylus_wasm::{HostioSet, MAX_CODE_SIZE};

const USAGE: &str = "\
usage: cargo xtask wasm [-p CRATE]... [--features FEATURES] [--name NAME] [--no-wasm-opt]

Builds every contract crate under contracts/ (or only the -p crates) for deployment and writes
target/stylus/<name>.wasm (processed module), <name>.code (deployable code: EF F0 00 00 + brotli)
and <name>.initcode (creation bytecode returning the code). Exits non-zero if a contract is
invalid under Nitro's activation rules or over the 24,576-byte code limit.

  -p, --package CRATE   build this workspace package (repeatable; default: all under contracts/)
  --features FEATURES   cargo features for the build (e.g. a test fixture variant)
  --name NAME           artifact name (default: the crate name); needs exactly one -p
  --no-wasm-opt         skip binaryen's wasm-opt even when it is on PATH";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("wasm") => wasm(&args[1..]),
        Some("-h" | "--help" | "help") | None => {
            println!("{USAGE}");
            Ok(true)
        }
        Some(other) => Err(anyhow::anyhow!("unknown command `{other}`\n\n{USAGE}")),
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

struct Options {
    packages: Vec<String>,
    features: Option<String>,
    name: Option<String>,
    wasm_opt: bool,
}

fn parse(args: &[String]) -> Result<Options> {
    let mut opts = Options {
        packages: Vec::new(),
        features: None,
        name: None,
        wasm_opt: true,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .with_context(|| format!("{flag} needs a value\n\n{USAGE}"))
        };
        match arg.as_str() {
            "-p" | "--package" => opts.packages.push(value(arg)?),
            "--features" => opts.features = Some(value(arg)?),
            "--name" => opts.name = Some(value(arg)?),
            "--no-wasm-opt" => opts.wasm_opt = false,
            other => bail!("unknown argument `{other}`\n\n{USAGE}"),
        }
    }
    if opts.name.is_some() && opts.packages.len() != 1 {
        bail!("--name needs exactly one -p CRATE");
    }
    Ok(opts)
}

/// Runs `cargo xtask wasm`; `Ok(false)` when a contract failed a check.
fn wasm(args: &[String]) -> Result<bool> {
    let opts = parse(args)?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .context("xtask lives inside the workspace")?
        .to_path_buf();
    let (contracts, target_dir) = workspace_contracts(&root)?;
    let packages = if opts.packages.is_empty() {
        contracts
    } else {
        opts.packages.clone()
    };
    let wasm_opt = opts.wasm_opt && wasm_opt_available();
    let out_dir = target_dir.join("stylus");
    std::fs::create_dir_all(&out_dir)?;

    let mut rows = Vec::new();
    let mut ok = true;
    for package in &packages {
        let name = opts.name.clone().unwrap_or_else(|| package.clone());
        let row = build_one(
            &root,
            &target_dir,
            &out_dir,
            package,
            &name,
            &opts,
            wasm_opt,
        );
        match row {
            Ok(row) => {
                ok &= row.error.is_none();
                rows.push(row);
            }
            Err(e) => {
                ok = false;
                rows.push(Row::failed(name, format!("{e:#}")));
            }
        }
    }
    print_table(&rows, packages.is_empty());
    Ok(ok)
}

/// The contract crates (those under `contracts/`) and the target directory.
fn workspace_contracts(root: &Path) -> Result<(Vec<String>, PathBuf)> {
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
    let mut names: Vec<String> = meta["packages"]
        .as_array()
        .context("cargo metadata: no packages")?
        .iter()
        .filter(|p| {
            p["manifest_path"]
                .as_str()
                .is_some_and(|m| Path::new(m).starts_with(&contracts_dir))
        })
        .filter_map(|p| p["name"].as_str().map(str::to_owned))
        .collect();
    names.sort();
    let target = meta["target_directory"]
        .as_str()
        .context("cargo metadata: no target dir")?;
    Ok((names, PathBuf::from(target)))
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
    package: &str,
    name: &str,
    opts: &Options,
    wasm_opt: bool,
) -> Result<Row> {
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
    if let Some(features) = &opts.features {
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
