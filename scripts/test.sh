#!/usr/bin/env bash
# The project's one test command (CI runs it through .ci/run). Installs what it needs
# (scripts/setup.sh: the pinned nightly with its components and the wasm32 target, binaryen's
# wasm-opt; here also solc-js), then checks and tests everything.
set -euo pipefail
step() { printf '\n==> %s\n' "$*"; }

step "setup (toolchain, wasm-opt)"
source "$(dirname "$0")/setup.sh"
cd "$IMO_ROOT"

step "cargo fmt --check"
cargo fmt --all --check

step "cargo xtask lines (no Rust source file over 600 lines, tests included)"
cargo xtask lines

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
