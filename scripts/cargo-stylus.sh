#!/usr/bin/env bash
# cargo-stylus 0.10.10 against `imo devnode`, the way Stylus developers work: from every contract
# crate's directory `cargo stylus export-abi`, `check`, `deploy --no-activate` and `activate`, each
# program then answering ArbWasm's `programVersion`, and `cache bid` / `cache status` through the
# devnode's CacheManager. The module is the one `cargo xtask wasm` built
# (`--wasm-file`): cargo-stylus 0.10.10's own build passes `-Z build-std-features=
# panic_immediate_abort`, which the pinned nightly refuses (see the README).
#
# Runs when cargo-stylus is installed (CARGO_STYLUS=path, or `cargo-stylus` on PATH); otherwise it
# says so and exits 0. Installing it (`cargo install cargo-stylus --version 0.10.10 --locked`)
# takes 6 to 13 minutes on 2 cores, so scripts/test.sh runs this only where a binary is cached.
# Needs the artifacts of `cargo xtask wasm` and curl.
set -euo pipefail
cd "$(dirname "$0")/.."

stylus=${CARGO_STYLUS:-$(command -v cargo-stylus || true)}
if [[ -z $stylus || ! -x $stylus ]]; then
  echo "cargo-stylus.sh: cargo-stylus is not installed; skipped" \
    "(cargo install cargo-stylus --version 0.10.10 --locked)"
  exit 0
fi
export PATH="$(cd "$(dirname "$stylus")" && pwd):$PATH"
version=$(cargo stylus --version)
if [[ $version != "stylus 0.10.10" ]]; then
  echo "cargo-stylus.sh: this script is written for cargo-stylus 0.10.10, found: $version" >&2
  exit 1
fi
command -v curl >/dev/null || { echo "cargo-stylus.sh: curl is needed" >&2; exit 1; }

key=0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659
cargo build -q -p imo-cli
# Where cargo builds (and `cargo xtask wasm` writes target/stylus/): CARGO_TARGET_DIR, or target/.
target_dir=$(realpath "${CARGO_TARGET_DIR:-target}")
work=$(mktemp -d)
"$target_dir/debug/imo" devnode --port 0 >"$work/node.log" 2>&1 &
node=$!
trap 'kill "$node" 2>/dev/null || true; rm -rf "$work"' EXIT
url=
for _ in $(seq 200); do
  url=$(head -n 1 "$work/node.log" 2>/dev/null || true)
  [[ $url == http* ]] && break
  sleep 0.1
done
[[ $url == http* ]] || { echo "cargo-stylus.sh: imo devnode did not start" >&2; exit 1; }

# cargo-stylus colours its output even into files.
plain() { sed 's/\x1b\[[0-9;]*m//g' "$1"; }

# crate directory : artifact : features
programs=(
  ai-oracle:imo-ai-oracle:
  ai-oracle:imo-ai-oracle-admin:admin
  ai-oracle-verifier:imo-ai-oracle-verifier:
  ai-oracle-verifier:imo-ai-oracle-verifier-admin:admin
  aigc-minter:imo-aigc-minter:
  aigc-nft:imo-aigc-nft:
  aigc-renderer:imo-aigc-renderer:
  dispute-game:imo-dispute-game:
  governor:imo-governor:
  launchpad:imo-launchpad:
  offering:imo-offering:
  revshare-token:imo-revshare-token:
  vesting:imo-vesting:
)
for entry in "${programs[@]}"; do
  IFS=: read -r dir artifact features <<<"$entry"
  wasm=$target_dir/stylus/$artifact.wasm
  out=$work/$artifact
  [[ -f $wasm ]] || { echo "cargo-stylus.sh: $wasm is missing: run cargo xtask wasm" >&2; exit 1; }
  (
    cd "contracts/$dir"
    abi_args=()
    [[ -n $features ]] && abi_args=(--rust-features "$features")
    cargo stylus export-abi "${abi_args[@]}" >"$out.sol" 2>"$out.abi-log" ||
      { cat "$out.abi-log" >&2; exit 1; }
    grep -q '^interface ' "$out.sol" || { echo "$artifact: export-abi printed no interface" >&2; exit 1; }
    # `--contract none`: check only the given module (cargo-stylus would also build every crate).
    cargo stylus check --wasm-file "$wasm" --contract none -e "$url" >"$out.check" 2>&1 ||
      { plain "$out.check" >&2; exit 1; }
    cargo stylus deploy --wasm-file "$wasm" --no-verify --no-activate -e "$url" \
      --private-key "$key" >"$out.deploy" 2>&1 || { plain "$out.deploy" >&2; exit 1; }
    address=$(plain "$out.deploy" | sed -n 's/.*deployed code at address: \(0x[0-9a-fA-F]*\).*/\1/p')
    [[ -n $address ]] || { plain "$out.deploy" >&2; exit 1; }
    # Not activated yet: ArbWasm refuses the program.
    call="{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_call\",\"params\":[{\"to\":\"0x0000000000000000000000000000000000000071\",\"data\":\"0xcc8f4e88000000000000000000000000${address#0x}\"},\"latest\"]}"
    curl -sf -H 'content-type: application/json' --data "$call" "$url" | grep -q '"error"' ||
      { echo "$artifact: ArbWasm took the program as active before activation" >&2; exit 1; }
    cargo stylus activate --address "$address" -e "$url" --private-key "$key" >"$out.activate" 2>&1 ||
      { plain "$out.activate" >&2; exit 1; }
    plain "$out.activate" | grep -q "successfully activated" || { plain "$out.activate" >&2; exit 1; }
    version=$(curl -sf -H 'content-type: application/json' --data "$call" "$url")
    [[ $version == *'"result":"0x0000000000000000000000000000000000000000000000000000000000000002"'* ]] ||
      { echo "$artifact: programVersion after activation: $version" >&2; exit 1; }
    # The CacheManager: a zero bid caches it (the cache has room), then the status says so.
    cargo stylus cache bid "$address" 0 -e "$url" --private-key "$key" >"$out.bid" 2>&1 ||
      { plain "$out.bid" >&2; exit 1; }
    plain "$out.bid" | grep -q "Successfully cached" || { plain "$out.bid" >&2; exit 1; }
    cargo stylus cache status --address "$address" -e "$url" >"$out.status" 2>&1 ||
      { plain "$out.status" >&2; exit 1; }
    size=$(plain "$out.check" | sed -n 's/.*contract size: .*(\([0-9]*\) bytes).*/\1/p')
    echo "$artifact: export-abi $(grep -c 'function ' "$out.sol") functions; check ${size} B;" \
      "deployed at $address; activated (programVersion 2); cached by a bid"
  )
done
echo "cargo-stylus.sh: $version: export-abi, check, deploy, activate and cache bid passed for" \
  "${#programs[@]} programs against imo devnode"
