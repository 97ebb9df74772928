//! `imo node` under faults: its JSON-RPC endpoint is a proxy that drops connections, answers
//! 503 and JSON-RPC errors, stalls, and loses the answers of requests that took effect (a
//! delivery sent in the dark); the node process is killed at random moments and restarted from
//! its `--state` file, while requests keep coming. In the end every request is answered exactly
//! once and the node sent exactly one transaction per request: nothing lost, nothing doubled,
//! no gas spent on a refused second delivery.

mod support;

use imo_e2e::faults::{Fault, FaultProxy};
use rand::{rngs::StdRng, Rng, SeedableRng};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};
use support::{deploy, imo_command};

/// The node process, killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_node_killed_and_failed_on_loses_nothing_and_doubles_nothing() {
    let mut d = deploy();
    let proxy = FaultProxy::start(&d.url, 15, 0x5eed).unwrap();
    // The node key staked already: its transactions from here on are deliveries.
    let staked = d.nonce_of(d.node);
    let dir = std::env::temp_dir().join(format!("imo-node-faults-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("node-state.json");
    let log = dir.join("node.log");
    // Every start names the block to begin at; once the state file exists it wins.
    let from_block = d.block_number().to_string();
    let (node_key, oracle) = (d.node_key.clone(), d.oracle.to_string());
    let start = |proxy: &FaultProxy| {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .unwrap();
        Running(
            imo_command()
                .env("IMO_PRIVATE_KEY", &node_key)
                .args(["node", "--rpc", &proxy.url, "--oracle"])
                .arg(&oracle)
                .args(["--model", "7", "--poll-interval-ms", "100", "--from-block"])
                .arg(&from_block)
                .arg("--state")
                .arg(&state)
                .stdout(Stdio::from(log.try_clone().unwrap()))
                .stderr(Stdio::from(log))
                .spawn()
                .unwrap(),
        )
    };

    let mut rng = StdRng::seed_from_u64(7);
    let mut ids = Vec::new();
    let mut node = start(&proxy);
    let mut restarts = 0;
    let deadline = Instant::now() + Duration::from_secs(240);
    let total = 24;
    while ids.len() < total {
        std::thread::sleep(Duration::from_millis(rng.gen_range(100..700)));
        ids.push(d.request(
            7,
            format!("a {}, seed {}", ids.len() % 10, ids.len()).as_bytes(),
        ));
        // Kill it at a random moment one time in three (it may be mid-delivery), or restart
        // it when it gave up on startup (its first calls failed).
        let exited = node.0.try_wait().unwrap().is_some();
        if exited || rng.gen_ratio(1, 3) {
            drop(node);
            node = start(&proxy);
            restarts += 1;
        }
    }
    // Faults continue while the node catches up; then the endpoint heals.
    while !ids.iter().all(|id| d.results(*id) > 0) {
        assert!(
            Instant::now() < deadline,
            "not every request answered in time; node log:\n{}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        if node.0.try_wait().unwrap().is_some() {
            node = start(&proxy);
            restarts += 1;
        }
        if Instant::now() + Duration::from_secs(120) > deadline {
            proxy.set_rate(0);
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    drop(node);
    let text = std::fs::read_to_string(&log).unwrap_or_default();

    // Exactly one result per request, and exactly one transaction per request from the node:
    // no second delivery was ever sent (it would have cost gas, even reverted).
    for id in &ids {
        assert_eq!(d.results(*id), 1, "request {id}; node log:\n{text}");
    }
    let sent = d.nonce_of(d.node) - staked;
    assert_eq!(
        sent, total as u64,
        "transactions sent by the node; log:\n{text}"
    );
    let seen = proxy.seen();
    for fault in [
        Fault::Drop,
        Fault::Unavailable,
        Fault::RpcError,
        Fault::LoseAnswer,
    ] {
        assert!(
            seen.get(&fault).copied().unwrap_or(0) > 0,
            "{fault:?} never injected: {seen:?}"
        );
    }
    assert!(
        text.contains("poll failed"),
        "the failures are logged:\n{text}"
    );
    let resumed = text.matches("interrupted delivery").count();
    println!(
        "faults injected: {seen:?}; node restarts: {restarts}; deliveries finished after a fault: \
         {resumed}; failed polls: {}",
        text.matches("poll failed").count()
    );
    std::fs::remove_dir_all(&dir).ok();
}
