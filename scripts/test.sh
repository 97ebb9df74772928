#!/usr/bin/env bash
# The project's one test command (CI runs it through .ci/run). Installs what it needs:
# the pinned nightly with its components and the wasm32 target, and binaryen's wasm-opt (npm).
set -euo pipefail
cd "$(dirname "$0")/.."

toolchain=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
step() { printf '\n==> %s\n' "$*"; }

step "toolchain $toolchain"
# RUSTUP_AUTO_INSTALL=0 on our machines: install explicitly (a no-op when present).
rustup toolchain install "$toolchain" --profile minimal \
  --component rust-src,rustfmt,clippy --target wasm32-unknown-unknown

step "build tools (binaryen wasm-opt, pinned in scripts/package-lock.json)"
npm ci --prefix scripts --no-audit --no-fund --loglevel=error
export PATH="$PWD/scripts/node_modules/.bin:$PATH"
wasm-opt --version

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo xtask wasm (contracts: build, Nitro checks, size limit)"
cargo xtask wasm

step "cargo xtask wasm (test fixtures)"
# Test-only programs that end-to-end tests load from target/stylus/: the devchain's probe, built
# without and with the SDK's `reentrant` feature.
cargo xtask wasm -p devchain-probe
cargo xtask wasm -p devchain-probe --features reentrant --name devchain_probe_reentrant

step "Solidity artifacts (solidity/out/ must be what the sources compile to)"
npm ci --prefix solidity --no-audit --no-fund --loglevel=error
scripts/solc.sh --check

step "cargo test"
cargo test --workspace
