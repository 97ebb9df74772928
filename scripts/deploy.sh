#!/usr/bin/env bash
# Deploys and wires the IMO contracts on a node: `imo deploy` after scripts/setup.sh (the pinned
# toolchain, wasm-opt for building missing artifacts). Every argument goes to `imo deploy`
# unchanged (`imo deploy --help`, crates/cli/README.md), for example:
#
#   export IMO_RPC_URL=http://127.0.0.1:8547 IMO_PRIVATE_KEY=0x…   # key from the environment
#   scripts/deploy.sh --config imo.toml --out imo-deployment.json
#   scripts/deploy.sh --rpc https://sepolia-rollup.arbitrum.io/rpc --keystore ~/.foundry/keystores/me
#
# Keep private keys off command lines (other users see them): IMO_PRIVATE_KEY or --keystore.
# The addresses (JSON) go to stdout and to --out FILE; progress goes to stderr. Relative paths
# are relative to the directory you run this from.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
exec cargo run --manifest-path "$IMO_ROOT/Cargo.toml" -p imo-cli -- deploy "$@"
