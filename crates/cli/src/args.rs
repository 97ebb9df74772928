//! The command line, parsed by clap.

use alloy_primitives::Address;
use alloy_signer_local::PrivateKeySigner;
use anyhow::{anyhow, bail, Context};
use clap::{Args, Parser, Subcommand};
use std::path::{Path, PathBuf};
use url::Url;
use zeroize::Zeroizing;

const EXAMPLES: &str = "\
Examples:
  imo demo
  IMO_PRIVATE_KEY=0x… imo deploy --rpc http://127.0.0.1:8547 --config imo.toml --out imo-deployment.json
  imo deploy --rpc https://sepolia-rollup.arbitrum.io/rpc --keystore ~/.foundry/keystores/me
  imo node --rpc http://127.0.0.1:8547 --keystore node.json --oracle 0x… --model 1
  imo launch --rpc http://127.0.0.1:8547 --deployment imo-deployment.json --config launch.toml
  imo watch --rpc http://127.0.0.1:8547 --keystore watcher.json --oracle 0x… --model 1
  imo devnode --port 8547";

/// The IMO contracts from the command line.
#[derive(Debug, Parser)]
#[command(name = "imo", version, after_help = EXAMPLES)]
pub struct Cli {
    /// What to do (without one: this help).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the whole lifecycle on an in-process devchain (no node, no network), narrating each
    /// step with balances and gas.
    Demo(DemoArgs),
    /// Deploy the oracle, its verifier, the RevShare token, the AIGC collection and the IMO
    /// launchpad from target/stylus through a node's StylusDeployer, wire them and print the
    /// addresses as JSON.
    Deploy(DeployArgs),
    /// Run an inference node: answer the AICallbackRequest events of one model with
    /// invokeCallback, running a real integer network of imo-model (by default the committed
    /// digit generator, the AIGC NFT's model).
    Node(NodeArgs),
    /// Launch a model's Initial Model Offering through a deployed launchpad: its RevShare token,
    /// governor (treasury), sale and vesting grants in one transaction; prints their addresses.
    Launch(LaunchArgs),
    /// Serve the devchain as a local JSON-RPC node (chain 412346, nitro-devnode's funded dev
    /// account, the StylusDeployer and ArbWasm): point `imo deploy`, cargo-stylus, viem or a
    /// wallet at it. Runs until interrupted.
    Devnode(DevnodeArgs),
    /// Watch a verifiable model's results: re-execute each with imo-model, challenge a wrong
    /// one with a bond, and play every move of each dispute game the account is a party to
    /// (traces, the one-step proof, timeouts) until it ends. With a node's key it defends the
    /// node's results.
    Watch(WatchArgs),
}

/// `imo devnode`.
#[derive(Debug, Args)]
pub struct DevnodeArgs {
    /// The interface to listen on.
    #[arg(long, default_value = "127.0.0.1", value_name = "HOST")]
    pub host: String,
    /// The port (0: any free port; the URL is printed).
    #[arg(long, default_value_t = 8547, value_name = "PORT")]
    pub port: u16,
    /// Keep the chain in FILE: read at start when it exists (a corrupt or foreign file is
    /// refused, never replaced), written every `--state-interval` seconds and on Ctrl-C.
    #[arg(long, value_name = "FILE")]
    pub state: Option<std::path::PathBuf>,
    /// Seconds between writes of `--state` (only when the chain changed).
    #[arg(long, default_value_t = 10, value_name = "SECONDS", requires = "state")]
    pub state_interval: u64,
    /// Mine an empty block every SECONDS, that many seconds later on the chain's clock
    /// (transactions are still mined at once, each in its own block).
    #[arg(long, value_name = "SECONDS")]
    pub block_time: Option<u64>,
}

/// `imo launch`.
#[derive(Debug, Args)]
pub struct LaunchArgs {
    /// The node's JSON-RPC endpoint (http:// or https://).
    #[arg(long, env = "IMO_RPC_URL", value_name = "URL")]
    pub rpc: Url,
    /// The creator's account (it may cancel the sale before its start).
    #[command(flatten)]
    pub key: KeyArgs,
    /// The launch: a TOML file with [token], [governor], [sale], [[grants]], [model] (see
    /// crates/cli/README.md).
    #[arg(long, value_name = "FILE")]
    pub config: PathBuf,
    /// The JSON `imo deploy` wrote (its `launchpad`).
    #[arg(long, value_name = "FILE", required_unless_present = "launchpad")]
    pub deployment: Option<PathBuf>,
    /// The launchpad's address (instead of --deployment).
    #[arg(long, value_name = "ADDRESS", conflicts_with = "deployment")]
    pub launchpad: Option<Address>,
    /// Also write the launched addresses (JSON) to this file.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `imo demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Fail instead of running `cargo xtask wasm` when the contract artifacts are missing.
    #[arg(long)]
    pub no_build: bool,
    /// Where to save the minted NFT's SVG (default: imo-demo/nft.svg in the target directory).
    #[arg(long, value_name = "FILE")]
    pub svg_out: Option<PathBuf>,
}

/// `imo deploy`.
#[derive(Debug, Args)]
pub struct DeployArgs {
    /// The node's JSON-RPC endpoint (http:// or https://).
    #[arg(long, env = "IMO_RPC_URL", value_name = "URL")]
    pub rpc: Url,
    /// The deploying account.
    #[command(flatten)]
    pub key: KeyArgs,
    /// Deployment parameters: a TOML file of `key = value` lines (see crates/cli/README.md).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Also write the addresses (JSON) to this file.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Fail instead of running `cargo xtask wasm` when the contract artifacts are missing.
    #[arg(long)]
    pub no_build: bool,
}

/// `imo node`.
#[derive(Debug, Args)]
pub struct NodeArgs {
    /// The node's JSON-RPC endpoint (http:// or https://).
    #[arg(long, env = "IMO_RPC_URL", value_name = "URL")]
    pub rpc: Url,
    /// The inference node's account (whitelisted and staked in the verifier).
    #[command(flatten)]
    pub key: KeyArgs,
    /// The AI Oracle.
    #[arg(long, value_name = "ADDRESS")]
    pub oracle: Address,
    /// The model whose requests the node answers.
    #[arg(long, value_name = "ID")]
    pub model: u64,
    /// The first block to scan (default: the current block).
    #[arg(long, value_name = "N")]
    pub from_block: Option<u64>,
    /// Keep the progress (next block, answered requests, the delivery in flight) in FILE and
    /// resume from it: a restarted node loses no request and sends no answer twice.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Milliseconds between polls (doubled after each failed poll, up to a minute).
    #[arg(long, default_value_t = 1_000, value_name = "MS")]
    pub poll_interval_ms: u64,
    /// Scan once, answer what is there, and exit.
    #[arg(long)]
    pub once: bool,
    /// Which committed network to run (models/, embedded in the binary). The oracle's
    /// registration of --model must carry its modelHash and programHash.
    #[arg(long, value_enum, default_value_t = NetworkArg::Generator, value_name = "NAME")]
    pub network: NetworkArg,
    /// Run this imo-model file instead (e.g. a re-trained models/generator.bin).
    #[arg(long, value_name = "FILE", conflicts_with = "network")]
    pub network_file: Option<PathBuf>,
    /// TEST ONLY, a dishonest node: compute step K of every inference wrong (0 encodes, 1..=L
    /// the layers, L+1 decodes) and deliver the wrong output, to exercise the fraud proof.
    #[arg(long, value_name = "K")]
    pub test_only_wrong_step: Option<usize>,
}

/// `imo watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The node's JSON-RPC endpoint (http:// or https://).
    #[arg(long, env = "IMO_RPC_URL", value_name = "URL")]
    pub rpc: Url,
    /// The watcher's account (pays the challenge bonds and the moves).
    #[command(flatten)]
    pub key: KeyArgs,
    /// The AI Oracle (its verifier and dispute game are read from it).
    #[arg(long, value_name = "ADDRESS")]
    pub oracle: Address,
    /// The verifiable model whose results are re-executed.
    #[arg(long, value_name = "ID")]
    pub model: u64,
    /// The first block to scan (default: the current block).
    #[arg(long, value_name = "N")]
    pub from_block: Option<u64>,
    /// Scan once, challenge and move where due, and exit.
    #[arg(long)]
    pub once: bool,
    /// Which committed network the model is.
    #[arg(long, value_enum, default_value_t = NetworkArg::Generator, value_name = "NAME")]
    pub network: NetworkArg,
    /// Only play the games the account is a party to (e.g. a node defending its results).
    #[arg(long)]
    pub no_challenge: bool,
    /// TEST ONLY, a dishonest party: play a trace wrong from step K on (never proving).
    #[arg(long, value_name = "K", conflicts_with = "test_only_stall")]
    pub test_only_wrong_step: Option<usize>,
    /// TEST ONLY, a stalling party: never move in a game.
    #[arg(long)]
    pub test_only_stall: bool,
}

/// The committed networks `imo node --network` runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum NetworkArg {
    /// The digit generator (prompt -> 8x8 image, 64 pixels 0..=16), the AIGC NFT's model.
    Generator,
    /// The digit classifier (64 pixels 0..=16 -> the digit, one byte).
    Classifier,
}

/// The account that signs: a private key or an encrypted keystore, exactly one.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct KeyArgs {
    /// The account's hex private key. Prefer the environment variable to the option: a command
    /// line is visible to every user of the machine.
    #[arg(
        long,
        env = "IMO_PRIVATE_KEY",
        hide_env_values = true,
        value_name = "KEY"
    )]
    pub private_key: Option<String>,
    /// An encrypted JSON keystore (Web3 Secret Storage, as `cast wallet import` or geth write
    /// it); the password comes from IMO_KEYSTORE_PASSWORD or is read from the terminal without
    /// echo.
    #[arg(long, value_name = "FILE")]
    pub keystore: Option<PathBuf>,
}

impl KeyArgs {
    /// The signer: the private key parsed, or the keystore decrypted.
    ///
    /// # Errors
    ///
    /// An invalid key (not echoed), an unreadable keystore, a wrong password.
    pub fn signer(&self) -> anyhow::Result<PrivateKeySigner> {
        match (&self.private_key, &self.keystore) {
            (Some(key), None) => key.trim().parse().map_err(|_| {
                anyhow!("--private-key / IMO_PRIVATE_KEY is not a secp256k1 private key (32 bytes of hex)")
            }),
            (None, Some(path)) => decrypt_keystore(path),
            _ => bail!("give exactly one of --private-key (or IMO_PRIVATE_KEY) and --keystore"),
        }
    }
}

/// The key in an encrypted JSON keystore, decrypted with the password in `IMO_KEYSTORE_PASSWORD`
/// or typed on the terminal (not echoed). The key goes from the keystore into the signer directly.
///
/// # Errors
///
/// Unreadable file, no password, wrong password.
pub fn decrypt_keystore(path: &Path) -> anyhow::Result<PrivateKeySigner> {
    let password = Zeroizing::new(match std::env::var("IMO_KEYSTORE_PASSWORD") {
        Ok(password) => password,
        Err(_) => rpassword::prompt_password(format!("password for {}: ", path.display()))
            .context(
            "reading the keystore password (set IMO_KEYSTORE_PASSWORD when there is no terminal)",
        )?,
    });
    PrivateKeySigner::decrypt_keystore(path, password.as_bytes())
        .map_err(|e| anyhow!("keystore {}: {e}", path.display()))
}
