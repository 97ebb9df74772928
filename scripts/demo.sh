#!/usr/bin/env bash
# The IMO demo from a fresh checkout: installs what it needs (scripts/setup.sh: the pinned
# toolchain, wasm-opt), then runs `imo demo`, which builds the contracts with `cargo xtask wasm`
# when their artifacts are missing and narrates the whole lifecycle on an in-process devchain.
# Arguments go to `imo demo` (e.g. --no-build).
set -euo pipefail
source "$(dirname "$0")/setup.sh"
cd "$IMO_ROOT"
exec cargo run -p imo-cli -- demo "$@"
