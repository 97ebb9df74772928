#!/usr/bin/env bash
# Coverage-guided fuzzing of the contracts' ABI decoding (fuzz/, libFuzzer via cargo-fuzz):
# raw calldata through every contract's generated router, natively.
#   scripts/fuzz.sh              run until interrupted
#   scripts/fuzz.sh SECONDS      run SECONDS (CI: scripts/test.sh runs 60)
# Starts from the committed seed corpus (fuzz/corpus/abi_decoding: a well-formed call of every
# function of every contract) and writes what it finds to target/fuzz-corpus/abi_decoding (commit
# an input from there to keep it). A crash is saved in fuzz/artifacts/abi_decoding/ and fails the
# run; replay it with `cargo fuzz run abi_decoding fuzz/artifacts/abi_decoding/<file>`.
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO_FUZZ_VERSION=0.13.2
tools="$PWD/target/tools"
if ! "$tools/bin/cargo-fuzz" --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
  echo "installing cargo-fuzz $CARGO_FUZZ_VERSION (about a minute)"
  # The stable toolchain builds the tool; the pinned nightly (rust-toolchain.toml) builds the target.
  toolchain=(+stable)
  rustup run stable cargo --version >/dev/null 2>&1 || toolchain=()
  CARGO_TARGET_DIR="$tools/build" cargo "${toolchain[@]}" install cargo-fuzz \
    --version "$CARGO_FUZZ_VERSION" --locked --root "$tools" --quiet
fi
export PATH="$tools/bin:$PATH"
found=target/fuzz-corpus/abi_decoding
mkdir -p "$found"
args=(-print_final_stats=1 -rss_limit_mb=4096)
[[ $# -gt 0 ]] && args+=(-max_total_time="$1")
# Allocation failures behave as on chain, where the decoder's `try_with_capacity` of a huge
# length fails and the call reverts: the allocator returns null instead of stopping the run, up to
# AddressSanitizer's largest allocation.
export ASAN_OPTIONS="allocator_may_return_null=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
args+=(-malloc_limit_mb=1048576)
cargo fuzz run abi_decoding "$found" fuzz/corpus/abi_decoding -- "${args[@]}"
