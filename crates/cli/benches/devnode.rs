//! `imo devnode` throughput and startup (a benchmark: `cargo bench -p imo-cli --bench devnode`;
//! needs `cargo xtask wasm`'s artifacts). Prints, for the node as users run it (the `imo`
//! process, release build):
//!
//! - the time from process start to the URL printed and to the first JSON-RPC answer;
//! - requests per second of `eth_call` of a Stylus view (the RevShare token's `balanceOf`) from
//!   concurrent keep-alive HTTP clients, with latency percentiles;
//! - requests per second of `eth_sendRawTransaction` of token transfers signed ahead, one
//!   client per sending account (the node mines each transaction at once, so a sender's
//!   transactions go in nonce order), every transfer checked to have succeeded afterwards.
//!
//! `IMO_BENCH_CALLS` and `IMO_BENCH_TRANSFERS` (per account) change the counts.

use alloy_consensus::{SignableTransaction, TxEip1559, TxEnvelope};
use alloy_eips::eip2718::Encodable2718;
use alloy_primitives::{Address, Bytes, TxKind, U256};
use alloy_signer::SignerSync;
use alloy_signer_local::PrivateKeySigner;
use alloy_sol_types::{sol, SolCall};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

sol! {
    function transfer(address to, uint256 amount) returns (bool);
    function balanceOf(address owner) view returns (uint256);
}

/// The nitro devnode's public development key (the devnode funds its account).
const DEV_KEY: &str = "0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659";

/// Concurrent clients of the `eth_call` run.
const CALL_CLIENTS: usize = 8;

struct Node(Child);

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `imo devnode --port 0`: the node, its URL, and the time until the URL was printed.
fn start() -> (Node, String, Duration) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_imo"))
        .args(["devnode", "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("imo devnode starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let url = lines.next().expect("a URL").expect("a line");
    let printed = started.elapsed();
    std::thread::spawn(move || lines.for_each(drop));
    (Node(child), url, printed)
}

fn count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One JSON-RPC call on a blocking client: its `result` (panics on an error answer).
fn rpc(client: &reqwest::blocking::Client, url: &str, method: &str, params: Value) -> Value {
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
    let answer: Value = client
        .post(url)
        .json(&body)
        .send()
        .and_then(|r| r.json())
        .expect("an answer");
    assert!(answer.get("error").is_none(), "{method}: {answer}");
    answer["result"].clone()
}

/// A signed EIP-1559 transfer of `amount` tokens from `signer` with `nonce`.
fn signed_transfer(
    signer: &PrivateKeySigner,
    token: Address,
    to: Address,
    amount: u64,
    nonce: u64,
) -> Bytes {
    let tx = TxEip1559 {
        chain_id: 412_346,
        nonce,
        gas_limit: 500_000,
        max_fee_per_gas: 0,
        max_priority_fee_per_gas: 0,
        to: TxKind::Call(token),
        value: U256::ZERO,
        access_list: Default::default(),
        input: transferCall {
            to,
            amount: U256::from(amount),
        }
        .abi_encode()
        .into(),
    };
    let signature = signer.sign_hash_sync(&tx.signature_hash()).expect("signed");
    TxEnvelope::from(tx.into_signed(signature))
        .encoded_2718()
        .into()
}

/// Latency percentiles of `samples` (sorted here), in microseconds.
fn percentiles(samples: &mut [Duration]) -> String {
    samples.sort();
    let at = |p: usize| samples[(samples.len() - 1) * p / 100].as_micros();
    format!("p50 {} us, p99 {} us", at(50), at(99))
}

/// Runs `per_client` POSTs of each client's bodies on `clients` concurrent keep-alive
/// connections: requests per second and latency percentiles. Every answer must be a result.
fn hammer(url: &str, bodies: Vec<Vec<String>>) -> (f64, String) {
    let total: usize = bodies.iter().map(Vec::len).sum();
    let started = Instant::now();
    let latencies: Vec<Duration> = std::thread::scope(|scope| {
        let workers: Vec<_> = bodies
            .into_iter()
            .map(|bodies| {
                scope.spawn(move || {
                    let client = reqwest::blocking::Client::new();
                    bodies
                        .into_iter()
                        .map(|body| {
                            let sent = Instant::now();
                            let answer: Value = client
                                .post(url)
                                .header("content-type", "application/json")
                                .body(body)
                                .send()
                                .and_then(|r| r.json())
                                .expect("an answer");
                            assert!(answer.get("result").is_some(), "{answer}");
                            sent.elapsed()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a client thread"))
            .collect()
    });
    let elapsed = started.elapsed();
    let mut latencies = latencies;
    (
        total as f64 / elapsed.as_secs_f64(),
        percentiles(&mut latencies),
    )
}

fn main() {
    let artifact = imo_client::artifacts::artifact_dir().join("imo-revshare-token.wasm");
    if !artifact.exists() {
        eprintln!(
            "devnode bench: run `cargo xtask wasm` first ({} is missing)",
            artifact.display()
        );
        std::process::exit(1);
    }
    let client = reqwest::blocking::Client::new();

    // Startup: process start to URL printed, and to the first answer.
    let mut printed = Vec::new();
    let mut answered = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let (_node, url, to_url) = start();
        rpc(&client, &url, "eth_chainId", json!([]));
        printed.push(to_url);
        answered.push(started.elapsed());
    }
    printed.sort();
    answered.sort();
    println!(
        "startup (median of 5): URL printed after {:.1} ms, first answer after {:.1} ms",
        printed[2].as_secs_f64() * 1e3,
        answered[2].as_secs_f64() * 1e3
    );

    let (_node, url, _) = start();
    let out = Command::new(env!("CARGO_BIN_EXE_imo"))
        .args(["deploy", "--rpc", &url, "--private-key", DEV_KEY])
        .env_remove("IMO_PRIVATE_KEY")
        .env_remove("IMO_RPC_URL")
        .output()
        .expect("imo deploy runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let deployed: Value = serde_json::from_slice(&out.stdout).expect("addresses");
    let token: Address = serde_json::from_value(deployed["token"].clone()).expect("a token");

    // eth_call of a Stylus view.
    let calls = count("IMO_BENCH_CALLS", 20_000);
    let dev: PrivateKeySigner = DEV_KEY.parse().expect("the dev key");
    let data = Bytes::from(
        balanceOfCall {
            owner: dev.address(),
        }
        .abi_encode(),
    );
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "eth_call",
        "params": [{"to": token, "data": data}, "latest"]})
    .to_string();
    let bodies = vec![vec![body; calls / CALL_CLIENTS]; CALL_CLIENTS];
    let (rate, latency) = hammer(&url, bodies);
    println!(
        "eth_call token.balanceOf (Stylus view), {CALL_CLIENTS} clients, {} calls: {rate:.0} req/s ({latency})",
        calls / CALL_CLIENTS * CALL_CLIENTS
    );

    // eth_sendRawTransaction: the ten test accounts each send transfers, in nonce order.
    let senders = imo_devnode::test_signers().expect("test accounts");
    let per_sender = count("IMO_BENCH_TRANSFERS", 300);
    let first = rpc(
        &client,
        &url,
        "eth_getTransactionCount",
        json!([dev.address(), "latest"]),
    );
    let first = u64::from_str_radix(first.as_str().expect("hex").trim_start_matches("0x"), 16)
        .expect("a nonce");
    for (nonce, s) in (first..).zip(&senders) {
        let raw = signed_transfer(&dev, token, s.address(), per_sender as u64, nonce);
        rpc(&client, &url, "eth_sendRawTransaction", json!([raw]));
    }
    let sink = Address::repeat_byte(0x5a);
    let bodies: Vec<Vec<String>> = senders
        .iter()
        .map(|s| {
            (0..per_sender as u64)
                .map(|n| {
                    let raw = signed_transfer(s, token, sink, 1, n);
                    json!({"jsonrpc": "2.0", "id": 1, "method": "eth_sendRawTransaction",
                        "params": [raw]})
                    .to_string()
                })
                .collect()
        })
        .collect();
    let (rate, latency) = hammer(&url, bodies);
    // Every transfer went through: the sink holds one token per transfer.
    let held = rpc(
        &client,
        &url,
        "eth_call",
        json!([{"to": token, "data": Bytes::from(balanceOfCall { owner: sink }.abi_encode())}, "latest"]),
    );
    let held = U256::from_str_radix(held.as_str().expect("hex").trim_start_matches("0x"), 16)
        .expect("a balance");
    assert_eq!(
        held,
        U256::from(per_sender * senders.len()),
        "every transfer succeeded"
    );
    println!(
        "eth_sendRawTransaction token.transfer, {} senders x {per_sender}: {rate:.0} req/s ({latency})",
        senders.len()
    );
}
