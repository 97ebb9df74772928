//! The `imo` command line: `imo demo` (the whole lifecycle on an in-process devchain),
//! `imo deploy` (the contracts on a node, wired), `imo node` (a reference inference node) and
//! `imo watch` (re-executes a verifiable model's results, challenges and plays dispute games).
//! The chain work is `imo_client`'s; this crate parses arguments ([`args`], clap) and the
//! config file ([`config`], toml), and runs the commands.

#![deny(missing_docs, rustdoc::broken_intra_doc_links)]

pub mod args;
pub mod config;

use anyhow::{bail, Context};
use args::{Command, DeployArgs, DevnodeArgs, LaunchArgs, NetworkArg, NodeArgs, WatchArgs};
use imo_client::artifacts::{artifact_dir, missing_artifacts, workspace_root, BUILD_COMMAND};
use imo_client::launch::LaunchConfig;
use imo_client::lifecycle::{self, format_eth};
use imo_client::node::{Committed, Network, Node};
use imo_client::{Backend, Config, Contracts, DevchainBackend, Imo, RpcBackend};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Runs a parsed command.
///
/// # Errors
///
/// Whatever the command fails with.
pub fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Demo(args) => demo(!args.no_build, args.svg_out.as_deref()),
        Command::Deploy(args) => deploy_command(&args),
        Command::Node(args) => node_command(&args),
        Command::Launch(args) => launch_command(&args),
        Command::Devnode(args) => devnode_command(&args),
        Command::Watch(args) => watch_command(&args),
    }
}

/// Makes sure the artifacts with `extension` exist: builds them with `cargo xtask wasm` when
/// `build` is set, otherwise fails with the command to run.
///
/// # Errors
///
/// Missing artifacts that could not be built.
pub fn ensure_artifacts(extension: &str, build: bool) -> anyhow::Result<()> {
    let dir = artifact_dir();
    let missing = missing_artifacts(&dir, extension);
    if missing.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = missing.iter().map(|p| p.display().to_string()).collect();
    if !build {
        bail!(
            "missing contract artifacts:\n  {}\nbuild them with `{BUILD_COMMAND}` (in {})",
            list.join("\n  "),
            workspace_root().display()
        );
    }
    eprintln!(
        "contract artifacts missing ({}); building them once with `{BUILD_COMMAND}` ...",
        list.join(", ")
    );
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = std::process::Command::new(cargo)
        .args(["xtask", "wasm"])
        .current_dir(workspace_root())
        .status()
        .context("running `cargo xtask wasm`")?;
    if !status.success() || !missing_artifacts(&dir, extension).is_empty() {
        bail!(
            "`{BUILD_COMMAND}` did not produce the artifacts ({status}); run it yourself and retry"
        );
    }
    Ok(())
}

/// Where `imo demo` saves the NFT's SVG by default: `imo-demo/nft.svg` in the target directory.
pub fn default_svg_path() -> PathBuf {
    let dir = artifact_dir();
    dir.parent()
        .unwrap_or(&dir)
        .join("imo-demo")
        .join("nft.svg")
}

/// `imo demo`: the lifecycle on the devchain, narrated, with a summary table; the minted NFT's
/// SVG (from its `tokenURI`) is saved to `svg_out` (default [`default_svg_path`]).
///
/// # Errors
///
/// Missing artifacts, a failed step, an unwritable SVG path.
pub fn demo(build: bool, svg_out: Option<&Path>) -> anyhow::Result<()> {
    ensure_artifacts("wasm", build)?;
    println!("IMO demo: an Initial Model Offering on an in-process Arbitrum Stylus devchain");
    println!(
        "(the exact WASM of `cargo xtask wasm`; EVM gas exact, Stylus gas the devchain's estimate)"
    );
    let started = std::time::Instant::now();
    let summary = lifecycle::run(DevchainBackend::new()?, true)?;
    let svg_path = svg_out.map_or_else(default_svg_path, Path::to_path_buf);
    if let Some(dir) = svg_path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(&svg_path, &summary.nft.svg)
        .with_context(|| format!("writing {}", svg_path.display()))?;
    let shown = std::path::absolute(&svg_path).unwrap_or(svg_path);
    println!(
        "\nthe NFT's image (tokenURI's SVG) is saved in {}",
        shown.display()
    );
    println!("\n== Summary\n");
    println!("| {:<48} | {:>9} |", "transaction", "gas used");
    println!("|{:-<50}|{:->11}|", "", "");
    let mut total = 0u64;
    for (step, gas) in &summary.steps {
        println!("| {step:<48} | {gas:>9} |");
        total += gas;
    }
    println!("| {:<48} | {total:>9} |", "total");
    println!();
    println!("| {:<28} | {:>26} |", "account", "balance at the end");
    println!("|{:-<30}|{:->28}|", "", "");
    for (account, wei) in &summary.balances {
        println!("| {account:<28} | {:>26} |", format_eth(*wei));
    }
    println!(
        "\nlifecycle complete in {:.1}s: every balance matched to the wei.",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `imo deploy`: artifacts, config, key, then [`deploy`]; prints (and writes) the addresses.
fn deploy_command(args: &DeployArgs) -> anyhow::Result<()> {
    ensure_artifacts("initcode", !args.no_build)?;
    let cfg = match &args.config {
        Some(path) => config::load(path)?,
        None => Config::default(),
    };
    let backend = RpcBackend::with_signer(args.rpc.as_str(), args.key.signer()?)?;
    let addresses = deploy(backend, cfg)?;
    println!("{addresses}");
    if let Some(out) = &args.out {
        std::fs::write(out, format!("{addresses}\n"))
            .with_context(|| format!("writing {}", out.display()))?;
        eprintln!("addresses saved to {}", out.display());
    }
    Ok(())
}

/// `imo deploy`: deploys and wires the contracts on a node; returns the addresses as JSON.
///
/// # Errors
///
/// Missing artifacts, an unfunded key, a failed transaction.
pub fn deploy(mut backend: RpcBackend, cfg: Config) -> anyhow::Result<String> {
    let missing = missing_artifacts(&backend.artifacts, "initcode");
    if !missing.is_empty() {
        let list: Vec<String> = missing.iter().map(|p| p.display().to_string()).collect();
        bail!(
            "missing contract artifacts:\n  {}\nbuild them with `{BUILD_COMMAND}`",
            list.join("\n  ")
        );
    }
    let deployer = backend.deployer();
    let funds = backend.balance(deployer)?;
    if funds.is_zero() {
        bail!(
            "the key's account {deployer} has no ETH on chain {}: fund it first",
            backend.chain_id
        );
    }
    eprintln!(
        "deploying from {deployer} ({}) on {}",
        format_eth(funds),
        backend.name()
    );
    backend.progress = true;
    let mut imo = Imo::deploy(backend, cfg, false)?;
    imo.deploy_launchpad()?;
    for step in &imo.steps {
        eprintln!("  {:<48} gas {:>9}", step.label, step.gas);
    }
    Ok(imo.c.to_json())
}

/// `imo launch`: one transaction through the deployment's launchpad.
fn launch_command(args: &LaunchArgs) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&args.config)
        .with_context(|| format!("reading {}", args.config.display()))?;
    let launch = LaunchConfig::parse(&text).with_context(|| args.config.display().to_string())?;
    let launchpad = match (args.launchpad, &args.deployment) {
        (Some(address), _) => address,
        (None, Some(path)) => {
            let json = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            let c: Contracts = serde_json::from_str(&json)
                .with_context(|| format!("{}: not the JSON of imo deploy", path.display()))?;
            if c.launchpad.is_zero() {
                bail!(
                    "{} names no launchpad: deploy again with this imo",
                    path.display()
                );
            }
            c.launchpad
        }
        (None, None) => bail!("--deployment or --launchpad is required"),
    };
    let backend = RpcBackend::with_signer(args.rpc.as_str(), args.key.signer()?)?;
    let creator = backend.deployer();
    let mut imo = Imo {
        backend,
        cfg: Config::default(),
        c: Contracts {
            launchpad,
            ..Contracts::default()
        },
        owner: creator,
        steps: Vec::new(),
        echo: false,
    };
    let launched = imo.launch(creator, &launch)?;
    eprintln!(
        "launched {} in one transaction (gas {})",
        launch.token.symbol, launched.gas
    );
    let json = launched.to_json();
    println!("{json}");
    if let Some(out) = &args.out {
        std::fs::write(out, format!("{json}\n"))
            .with_context(|| format!("writing {}", out.display()))?;
    }
    Ok(())
}

/// `imo devnode`: serves until Ctrl-C or SIGTERM (then writes `--state`). The first line on
/// stdout is the URL.
fn devnode_command(args: &DevnodeArgs) -> anyhow::Result<()> {
    let listener = std::net::TcpListener::bind((args.host.as_str(), args.port))
        .with_context(|| format!("listening on {}:{}", args.host, args.port))?;
    let url = format!("http://{}", listener.local_addr()?);
    let state_interval = args.state_interval.max(1);
    let options = imo_devnode::NodeOptions {
        state_file: args.state.clone(),
        state_interval: Some(std::time::Duration::from_secs(state_interval)),
        block_time: args.block_time.map(std::time::Duration::from_secs),
        stop_on_signals: true,
    };
    let mut banner = format!(
        "{url}\nchain 412346; the dev account {} holds 1,000,000 ETH\n  \
         its key (nitro-devnode's public dev key): {}\n\
         test accounts ({} ETH each; mnemonic \"{}\"):\n",
        imo_devnode::DEV_ACCOUNT,
        imo_devnode::DEV_KEY,
        imo_devnode::TEST_BALANCE_ETH,
        imo_devnode::TEST_MNEMONIC,
    );
    for (i, signer) in imo_devnode::test_signers()?.iter().enumerate() {
        let key = alloy_primitives::hex::encode_prefixed(signer.to_bytes());
        banner.push_str(&format!("  ({i}) {} key {key}\n", signer.address()));
    }
    banner.push_str(&format!(
        "Multicall3 {}; CacheManager {} (cargo stylus cache bid)\n",
        imo_devnode::MULTICALL3_ADDRESS,
        imo_devnode::cache_manager_address()
    ));
    banner.push_str(&match &args.state {
        Some(path) => format!(
            "state kept in {} (written every {state_interval} s and on Ctrl-C)\n",
            path.display(),
        ),
        None => {
            "Ctrl-C stops the node (its state is in memory only; --state FILE keeps it)\n".into()
        }
    });
    imo_devnode::serve_with(listener, &options, || {
        // One write, errors ignored: a reader that stops reading (a pipe closed after the URL)
        // must not take the node down.
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(banner.as_bytes()).and_then(|()| out.flush());
    })?;
    if let Some(path) = &args.state {
        eprintln!("imo devnode: stopped; state written to {}", path.display());
    }
    Ok(())
}

/// `imo node`: polls forever, or once with `--once`.
fn node_command(args: &NodeArgs) -> anyhow::Result<()> {
    let backend = RpcBackend::with_signer(args.rpc.as_str(), args.key.signer()?)?;
    let model = alloy_primitives::U256::from(args.model);
    let network = match (&args.network_file, args.network) {
        (Some(path), _) => Network::from_file(path)?,
        (None, NetworkArg::Generator) => Network::committed(Committed::Generator),
        (None, NetworkArg::Classifier) => Network::committed(Committed::Classifier),
    };
    if let Some(wrong) = args.test_only_wrong_step {
        eprintln!("TEST ONLY: a dishonest node, every output wrong from step {wrong} on");
        let dishonest = imo_client::game::DishonestNetwork { network, wrong };
        let mut node = Node::new(
            backend,
            args.oracle,
            model,
            dishonest,
            args.from_block,
            args.state.as_deref(),
        )?;
        return if args.once {
            node.poll_once().map(|_| ())
        } else {
            node.run(std::time::Duration::from_millis(args.poll_interval_ms))
        };
    }
    let mut node = Node::new(
        backend,
        args.oracle,
        model,
        network,
        args.from_block,
        args.state.as_deref(),
    )?;
    if args.once {
        node.poll_once().map(|_| ())
    } else {
        node.run(std::time::Duration::from_millis(args.poll_interval_ms))
    }
}

/// `imo watch`: polls forever, or once with `--once`.
fn watch_command(args: &WatchArgs) -> anyhow::Result<()> {
    use imo_client::watch::{Behaviour, Watcher};
    let backend = RpcBackend::with_signer(args.rpc.as_str(), args.key.signer()?)?;
    let model = alloy_primitives::U256::from(args.model);
    let network = match args.network {
        NetworkArg::Generator => Network::committed(Committed::Generator),
        NetworkArg::Classifier => Network::committed(Committed::Classifier),
    };
    let mut watcher = Watcher::new(backend, args.oracle, model, network, args.from_block)?;
    watcher.challenge = !args.no_challenge;
    watcher.behaviour = match (args.test_only_wrong_step, args.test_only_stall) {
        (Some(k), _) => Behaviour::WrongAt(k),
        (None, true) => Behaviour::Stall,
        (None, false) => Behaviour::Honest,
    };
    if watcher.behaviour != Behaviour::Honest {
        eprintln!("TEST ONLY: a dishonest party ({:?})", watcher.behaviour);
    }
    if args.once {
        watcher.poll_once().map(|_| ())
    } else {
        watcher.run(std::time::Duration::from_secs(1))
    }
}
