#!/usr/bin/env bash
# Compiles the Solidity interfaces, base contracts and example dApps with the solc-js pinned in
# solidity/package.json and writes ABI + bytecode artifacts into solidity/out/ (committed).
#   scripts/solc.sh          write the artifacts
#   scripts/solc.sh --check  fail if solidity/out/ is not what the sources compile to (CI)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d solidity/node_modules/solc ] || npm ci --prefix solidity --no-audit --no-fund --loglevel=error
exec node scripts/solc.js "$@"
