//! Builds this crate for `wasm32-unknown-unknown` and runs it in wasmi (shared by the identity
//! test and the `cost` example).
//!
//! The build runs `cargo build --release --target wasm32-unknown-unknown -p imo-model-wasm` in
//! the workspace with its own target directory (`<target>/imo-model-wasm`), so it never waits on
//! the lock of the build that runs the tests. It uses the workspace's release profile (the one
//! contracts are built with) and its pinned toolchain, whose wasm32 target `scripts/test.sh`
//! installs. Cargo makes it incremental: after the first run it costs well under a second.

#![allow(dead_code)] // each user takes what it needs

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use anyhow::{bail, Context, Result};
use wasmi::{Config, Engine, Instance, Linker, Memory, Module, Store, WasmParams, WasmResults};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Builds (once per process) and returns the WASM module's bytes.
pub fn wasm() -> &'static [u8] {
    static WASM: OnceLock<Vec<u8>> = OnceLock::new();
    WASM.get_or_init(|| build().unwrap_or_else(|e| panic!("building the WASM module: {e:#}")))
}

fn build() -> Result<Vec<u8>> {
    let root = workspace();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("imo-model-wasm");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(&root)
        .args([
            "build",
            "--release",
            "--locked",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "imo-model-wasm",
            "--target-dir",
        ])
        .arg(&target)
        // Flags meant for the host build are not for this one.
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_TARGET")
        .output()
        .context("running cargo")?;
    if !out.status.success() {
        bail!(
            "cargo build for wasm32 failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let path = target.join("wasm32-unknown-unknown/release/imo_model_wasm.wasm");
    std::fs::read(&path).with_context(|| format!("reading {}", path.display()))
}

/// One instance of the module, with fuel metering.
pub struct Vm {
    store: Store<()>,
    instance: Instance,
    memory: Memory,
    /// Address of the scratch buffer.
    pub scratch: u32,
}

impl Vm {
    /// Instantiates the module built by [`wasm`].
    pub fn new() -> Result<Self> {
        Self::with_module(wasm())
    }

    /// Instantiates `module` (e.g. an instrumented copy of [`wasm`]), with fuel metering and
    /// eager translation (so no call pays for compiling).
    pub fn with_module(module: &[u8]) -> Result<Self> {
        let mut config = Config::default();
        config.consume_fuel(true);
        config.compilation_mode(wasmi::CompilationMode::Eager);
        let engine = Engine::new(&config);
        let module = Module::new(&engine, module)?;
        let mut store = Store::new(&engine, ());
        store.set_fuel(u64::MAX)?;
        let instance = Linker::<()>::new(&engine).instantiate_and_start(&mut store, &module)?;
        let memory = instance
            .get_memory(&store, "memory")
            .context("the module exports no memory")?;
        let mut vm = Vm {
            store,
            instance,
            memory,
            scratch: 0,
        };
        vm.scratch = vm.call::<(), i32>("scratch", ())? as u32;
        Ok(vm)
    }

    /// Calls export `name`.
    pub fn call<P: WasmParams, R: WasmResults>(&mut self, name: &str, params: P) -> Result<R> {
        let f = self
            .instance
            .get_typed_func::<P, R>(&self.store, name)
            .with_context(|| format!("export {name}"))?;
        Ok(f.call(&mut self.store, params)?)
    }

    /// Calls export `name` and returns its result and the fuel it used.
    pub fn metered<P: WasmParams, R: WasmResults>(
        &mut self,
        name: &str,
        params: P,
    ) -> Result<(R, u64)> {
        let before = self.store.get_fuel()?;
        let r = self.call(name, params)?;
        Ok((r, before - self.store.get_fuel()?))
    }

    /// The value of the exported i64 global `name`.
    pub fn global_i64(&self, name: &str) -> Result<i64> {
        let global = self
            .instance
            .get_global(&self.store, name)
            .with_context(|| format!("global {name}"))?;
        global
            .get(&self.store)
            .i64()
            .with_context(|| format!("global {name} is not an i64"))
    }

    /// Writes `bytes` at scratch offset `at`; returns their address.
    pub fn put(&mut self, at: u32, bytes: &[u8]) -> Result<i32> {
        let addr = self.scratch + at;
        self.memory
            .write(&mut self.store, addr as usize, bytes)
            .context("writing memory")?;
        Ok(addr as i32)
    }

    /// Reads `len` bytes at scratch offset `at`.
    pub fn get(&self, at: u32, len: usize) -> Result<Vec<u8>> {
        let mut buf = vec![0u8; len];
        self.memory
            .read(&self.store, (self.scratch + at) as usize, &mut buf)
            .context("reading memory")?;
        Ok(buf)
    }

    /// Address of scratch offset `at`.
    pub fn addr(&self, at: u32) -> i32 {
        (self.scratch + at) as i32
    }
}

/// Scratch layout used by the tests: disjoint regions for each argument.
pub mod at {
    /// The model file or layer block (up to 64 KiB).
    pub const MODEL: u32 = 0;
    /// The raw input or a state.
    pub const INPUT: u32 = 0x1_0000;
    /// A second input (a header).
    pub const AUX: u32 = 0x1_4000;
    /// The output.
    pub const OUT: u32 = 0x1_8000;
}
