#!/usr/bin/env bash
# Deploys and wires the IMO contracts on a node: a thin wrapper around `imo deploy` that builds
# the contract artifacts first when they are missing and saves the addresses.
#
#   scripts/deploy.sh [--rpc URL] [--private-key KEY | --keystore FILE] [--config imo.toml] [--out FILE]
#
# Defaults: --rpc $IMO_RPC_URL (else http://127.0.0.1:8547, scripts/devnode.sh), --private-key
# $IMO_PRIVATE_KEY, --out imo-deployment.json. The addresses (JSON) go to stdout and to --out.
# http:// (a devnode) and https:// (Arbitrum Sepolia: https://sepolia-rollup.arbitrum.io/rpc) work.
set -euo pipefail
cd "$(dirname "$0")/.."

rpc="${IMO_RPC_URL:-http://127.0.0.1:8547}"
key="${IMO_PRIVATE_KEY:-}"
keystore=""
config=""
out="imo-deployment.json"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rpc) rpc="$2"; shift 2 ;;
    --private-key) key="$2"; shift 2 ;;
    --keystore) keystore="$2"; shift 2 ;;
    --config) config="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "deploy.sh: unknown argument $1" >&2; exit 1 ;;
  esac
done

args=(deploy --rpc "$rpc")
if [[ -n "$keystore" ]]; then
  args+=(--keystore "$keystore")
elif [[ -n "$key" ]]; then
  args+=(--private-key "$key")
else
  echo "deploy.sh: give --private-key, --keystore or set IMO_PRIVATE_KEY" >&2
  exit 1
fi
[[ -z "$config" ]] || args+=(--config "$config")

for name in imo-ai-oracle imo-ai-oracle-verifier imo-revshare-token imo-aigc-renderer imo-aigc-minter imo-aigc-nft; do
  if [[ ! -f "target/stylus/$name.initcode" ]]; then
    echo "deploy.sh: contract artifacts missing; building them with cargo xtask wasm" >&2
    cargo xtask wasm
    break
  fi
done

addresses=$(cargo run --quiet -p imo-cli -- "${args[@]}")
printf '%s\n' "$addresses" | tee "$out"
echo "deploy.sh: addresses saved to $out" >&2
