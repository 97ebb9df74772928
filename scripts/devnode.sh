#!/usr/bin/env bash
# Starts a local Arbitrum Nitro dev node in Docker for the RPC path of the IMO tests and CLI:
# http://127.0.0.1:8547, chain id 412346, pre-funded dev account
# 0x3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E (its well-known dev key is printed below).
#
# It uses OffchainLabs' nitro-devnode script (https://github.com/OffchainLabs/nitro-devnode), which
# runs the offchainlabs/nitro-node image with --dev and then installs the CacheManager and the
# StylusDeployer (0xcEcba2F1DC234f70Dd89F2041029807F8D03A990) that `imo deploy` deploys through.
# That script needs Docker, git and Foundry's `cast`.
#
#   scripts/devnode.sh          start (or reuse) the node, wait until the StylusDeployer is there
#   scripts/devnode.sh --stop   stop it
#
# Environment: NITRO_NODE_VERSION (default v3.7.1-926f1ab), DEVNODE_DIR (where nitro-devnode is
# cloned; default ~/.cache/imo/nitro-devnode), DEVNODE_TIMEOUT (seconds, default 300).
set -euo pipefail

RPC=http://127.0.0.1:8547
DEV_KEY=0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659
DEPLOYER=0xcEcba2F1DC234f70Dd89F2041029807F8D03A990
export NITRO_NODE_VERSION="${NITRO_NODE_VERSION:-v3.7.1-926f1ab}"
DEVNODE_DIR="${DEVNODE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/imo/nitro-devnode}"
TIMEOUT="${DEVNODE_TIMEOUT:-300}"

die() { printf 'devnode: %s\n' "$*" >&2; exit 1; }

if ! command -v docker >/dev/null 2>&1; then
  die "Docker is not installed. Install it (https://docs.docker.com/get-docker/) to run a Nitro dev node.
Without Docker, everything runs on the in-process devchain instead:
  cargo run -p imo-cli -- demo
  cargo test -p imo-e2e"
fi
if ! docker info >/dev/null 2>&1; then
  die "Docker is installed but its daemon is not reachable (is it running, and may this user use it?).
Without Docker, use the in-process devchain: cargo run -p imo-cli -- demo / cargo test -p imo-e2e"
fi

if [[ "${1:-}" == "--stop" ]]; then
  docker stop nitro-dev >/dev/null 2>&1 && echo "devnode: stopped" || echo "devnode: not running"
  exit 0
fi
[[ $# -eq 0 ]] || die "unknown argument $1 (use --stop or nothing)"

rpc() { # method, params JSON -> result (raw JSON text)
  curl -s -m 5 -X POST -H 'Content-Type: application/json' \
    --data "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$1\",\"params\":$2}" "$RPC" || true
}
deployer_ready() { rpc eth_getCode "[\"$DEPLOYER\",\"latest\"]" | grep -q '"result":"0x[0-9a-fA-F]\{2,\}'; }

if deployer_ready; then
  echo "devnode: already running at $RPC with the StylusDeployer"
else
  command -v git >/dev/null 2>&1 || die "git is needed to fetch OffchainLabs/nitro-devnode"
  command -v cast >/dev/null 2>&1 || die "Foundry's cast is needed by nitro-devnode's script (https://book.getfoundry.sh/getting-started/installation)"
  if [[ ! -d "$DEVNODE_DIR/.git" ]]; then
    mkdir -p "$(dirname "$DEVNODE_DIR")"
    git clone --depth 1 https://github.com/OffchainLabs/nitro-devnode.git "$DEVNODE_DIR"
  fi
  log="$DEVNODE_DIR/devnode.log"
  echo "devnode: starting nitro-node $NITRO_NODE_VERSION (log: $log)"
  (cd "$DEVNODE_DIR" && nohup ./run-dev-node.sh >"$log" 2>&1 &)
  waited=0
  until deployer_ready; do
    if (( waited >= TIMEOUT )); then
      die "the node or the StylusDeployer is not up after ${TIMEOUT}s; see $log"
    fi
    sleep 2; waited=$((waited + 2))
  done
  echo "devnode: up at $RPC (StylusDeployer installed) after ${waited}s"
fi

cat <<EOT

Use it with:
  export IMO_RPC_URL=$RPC
  export IMO_PRIVATE_KEY=$DEV_KEY   # the dev node's public, pre-funded dev key
  cargo test -p imo-e2e --test rpc -- --nocapture    # every scenario on the node
  scripts/deploy.sh                                   # deploy and wire the contracts
EOT
