# shellcheck shell=bash
# Installs what building and running the project needs and puts the build tools on PATH.
# Sourced by scripts/test.sh, scripts/demo.sh and scripts/deploy.sh, so that each of them works on
# a fresh machine that has only rustup, cargo, node and npm, in any order:
#   - the nightly pinned in rust-toolchain.toml with its components and the wasm32 target (our
#     machines set RUSTUP_AUTO_INSTALL=0: cargo refuses to start until it is installed); it is
#     also exported as RUSTUP_TOOLCHAIN, so cargo uses it from any directory;
#   - binaryen's wasm-opt (pinned in scripts/package-lock.json), on PATH for `cargo xtask wasm`,
#     installed again only when the lock file is newer than the installed modules.
# Progress goes to stderr (deploy.sh's stdout is the addresses). Sets IMO_ROOT (the repository).

IMO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export IMO_ROOT

imo_setup() {
  local toolchain modules="$IMO_ROOT/scripts/node_modules"
  toolchain=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' "$IMO_ROOT/rust-toolchain.toml")
  if [[ -z "$toolchain" ]]; then
    echo "setup: no channel in $IMO_ROOT/rust-toolchain.toml" >&2
    return 1
  fi
  if ! command -v rustup >/dev/null 2>&1; then
    echo "setup: rustup is needed (https://rustup.rs)" >&2
    return 1
  fi
  echo "setup: toolchain $toolchain (rust-src, rustfmt, clippy, wasm32-unknown-unknown)" >&2
  rustup toolchain install "$toolchain" --profile minimal \
    --component rust-src,rustfmt,clippy --target wasm32-unknown-unknown >&2
  export RUSTUP_TOOLCHAIN="$toolchain"

  if [[ ! -x "$modules/.bin/wasm-opt" || "$IMO_ROOT/scripts/package-lock.json" -nt "$modules/.package-lock.json" ]]; then
    if ! command -v npm >/dev/null 2>&1; then
      echo "setup: node and npm are needed for binaryen's wasm-opt (scripts/package.json)" >&2
      return 1
    fi
    echo "setup: binaryen wasm-opt (npm ci --prefix scripts)" >&2
    npm ci --prefix "$IMO_ROOT/scripts" --no-audit --no-fund --loglevel=error >&2
  fi
  export PATH="$modules/.bin:$PATH"
  echo "setup: $(wasm-opt --version)" >&2
}

imo_setup
