#!/usr/bin/env bash
# The project's one test command (CI runs it through .ci/run). Installs what it needs
# (scripts/setup.sh: the pinned nightly with its components and the wasm32 target, binaryen's
# wasm-opt; here also Debian's chromium and solc-js), then checks and tests everything.
set -euo pipefail
step() { printf '\n==> %s\n' "$*"; }

step "setup (toolchain, wasm-opt)"
source "$(dirname "$0")/setup.sh"
cd "$IMO_ROOT"

step "headless Chromium (tests/tests/render.rs screenshots the NFT's SVG)"
# Debian's `chromium`, installed with apt-get when it is missing (about a minute). A machine that
# cannot install it stops here with the reason: the test needs it and must not be skipped. Set
# IMO_CHROMIUM to use another Chromium binary.
if [[ -n "${IMO_CHROMIUM:-}" ]]; then
  echo "using IMO_CHROMIUM=$IMO_CHROMIUM"
elif command -v chromium >/dev/null 2>&1; then
  echo "found $(command -v chromium)"
else
  sudo=()
  if [[ "$(id -u)" -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      echo "test.sh: Chromium is missing and installing it needs root (apt-get install chromium);" \
        "install it, or set IMO_CHROMIUM to a Chromium binary" >&2
      exit 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: Chromium is missing and this is no Debian/Ubuntu machine (no apt-get);" \
      "install Chromium and set IMO_CHROMIUM to its binary" >&2
    exit 1
  fi
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  command -v chromium >/dev/null 2>&1 || { echo "test.sh: apt-get installed no chromium" >&2; exit 1; }
  echo "installed $(command -v chromium)"
fi

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

step "cargo xtask gas --check (the README's gas tables are what the contracts measure)"
cargo xtask gas --check

step "cargo test"
cargo test --workspace

step "cargo-stylus against imo devnode (export-abi, check, deploy, activate; where it is installed)"
scripts/cargo-stylus.sh

step "cargo fuzz (the contracts' ABI decoding, natively, 60 s from the committed corpus)"
scripts/fuzz.sh 60
