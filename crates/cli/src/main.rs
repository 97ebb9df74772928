//! `imo`: see `imo --help`.

use anyhow::{anyhow, bail, Context};
use imo_cli::node::{DeterministicModel, Node};
use imo_e2e::{Config, RpcBackend};
use std::collections::HashMap;

/// `--flag value` and `--switch` arguments.
fn options(args: &[String], switches: &[&str]) -> anyhow::Result<HashMap<String, String>> {
    let mut map = HashMap::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let Some(name) = arg.strip_prefix("--") else {
            bail!("unexpected argument {arg}\n\n{}", imo_cli::USAGE);
        };
        if switches.contains(&name) {
            map.insert(name.to_string(), String::new());
        } else {
            let value = it.next().ok_or_else(|| anyhow!("--{name} needs a value"))?;
            map.insert(name.to_string(), value.clone());
        }
    }
    Ok(map)
}

fn required<'a>(o: &'a HashMap<String, String>, name: &str) -> anyhow::Result<&'a str> {
    o.get(name)
        .map(String::as_str)
        .ok_or_else(|| anyhow!("missing --{name}\n\n{}", imo_cli::USAGE))
}

fn check_known(o: &HashMap<String, String>, known: &[&str]) -> anyhow::Result<()> {
    for k in o.keys() {
        if !known.contains(&k.as_str()) {
            bail!("unknown option --{k}\n\n{}", imo_cli::USAGE);
        }
    }
    Ok(())
}

fn run() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = args.first() else {
        println!("{}", imo_cli::USAGE);
        return Ok(());
    };
    let rest = &args[1..];
    match command.as_str() {
        "demo" => {
            let o = options(rest, &["no-build"])?;
            check_known(&o, &["no-build"])?;
            imo_cli::demo(!o.contains_key("no-build"))
        }
        "deploy" => {
            let o = options(rest, &[])?;
            check_known(&o, &["rpc", "private-key", "keystore", "config"])?;
            let url = required(&o, "rpc")?;
            let key = match (o.get("private-key"), o.get("keystore")) {
                (Some(k), None) => k.clone(),
                (None, Some(path)) => imo_cli::keystore_key(path)?,
                _ => bail!("give exactly one of --private-key and --keystore"),
            };
            let mut cfg = Config::default();
            if let Some(path) = o.get("config") {
                let text =
                    std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?;
                imo_cli::config::apply(&text, &mut cfg).with_context(|| path.clone())?;
            }
            let backend = RpcBackend::connect(url, &key)?;
            println!("{}", imo_cli::deploy(backend, cfg)?);
            Ok(())
        }
        "node" => {
            let o = options(rest, &["once"])?;
            check_known(
                &o,
                &[
                    "rpc",
                    "private-key",
                    "oracle",
                    "model",
                    "from-block",
                    "once",
                ],
            )?;
            let backend = RpcBackend::connect(required(&o, "rpc")?, required(&o, "private-key")?)?;
            let oracle = required(&o, "oracle")?
                .parse()
                .map_err(|e| anyhow!("--oracle: {e}"))?;
            let model = required(&o, "model")?
                .parse::<u64>()
                .map_err(|e| anyhow!("--model: {e}"))?;
            let from = o
                .get("from-block")
                .map(|b| b.parse::<u64>())
                .transpose()
                .map_err(|e| anyhow!("--from-block: {e}"))?;
            let mut node = Node::new(
                backend,
                oracle,
                alloy_primitives::U256::from(model),
                DeterministicModel,
                from,
            )?;
            if o.contains_key("once") {
                node.poll_once().map(|_| ())
            } else {
                node.run(std::time::Duration::from_secs(1))
            }
        }
        "help" | "--help" | "-h" => {
            println!("{}", imo_cli::USAGE);
            Ok(())
        }
        other => bail!("unknown command {other}\n\n{}", imo_cli::USAGE),
    }
}

fn main() {
    // The devchain runs nested EVM <-> Stylus frames recursively on the calling thread's stack
    // (debug builds need far more than the main thread's 8 MiB): run on a thread with 256 MiB
    // (reserved address space, touched only as deep as the calls go).
    let result = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(run)
        .map_err(|e| anyhow!("starting the worker thread: {e}"))
        .and_then(|h| {
            h.join()
                .unwrap_or_else(|_| Err(anyhow!("the command panicked")))
        });
    if let Err(e) = result {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}
