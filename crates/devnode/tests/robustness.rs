//! The node under bad input: 10,000 malformed or random JSON-RPC requests (random bytes, wrong
//! types, unknown and known methods with wrong parameters, deep nesting, huge batches, an
//! oversized body) are each answered with a JSON-RPC error of the right code, never a dropped
//! connection, and the node keeps serving. Also `evm_snapshot` / `evm_revert` and
//! `anvil_setBalance`.

use rand::{rngs::StdRng, Rng, SeedableRng};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;

/// One HTTP/1.1 POST; returns the status code and the body as JSON.
fn post(url: &str, body: &[u8]) -> (u16, Value) {
    let host = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).expect("the node accepts connections");
    let head = format!(
        "POST / HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).expect("write");
    // A refused body may be answered before it is all sent.
    let _ = stream.write_all(body);
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .expect("an answer, not a dropped connection");
    let text = String::from_utf8_lossy(&response);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("an HTTP status: {text}"));
    let json = text.split("\r\n\r\n").nth(1).unwrap_or("");
    let value = serde_json::from_str(json).unwrap_or_else(|e| panic!("JSON ({e}): {text}"));
    (status, value)
}

fn call(url: &str, method: &str, params: Value) -> Value {
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
    post(url, body.to_string().as_bytes()).1
}

/// A random JSON value of bounded size.
fn random_value(rng: &mut StdRng, depth: u32) -> Value {
    match rng.gen_range(0..if depth > 3 { 5 } else { 7 }) {
        0 => Value::Null,
        1 => json!(rng.gen::<bool>()),
        2 => json!(rng.gen::<i64>()),
        3 => json!(format!("0x{:x}", rng.gen::<u128>())),
        4 => json!("latest"),
        5 => Value::Array(
            (0..rng.gen_range(0..4))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        _ => json!({"to": random_value(rng, depth + 1), "data": random_value(rng, depth + 1)}),
    }
}

const METHODS: &[&str] = &[
    "eth_call",
    "eth_estimateGas",
    "eth_getBalance",
    "eth_getCode",
    "eth_getStorageAt",
    "eth_getTransactionCount",
    "eth_getTransactionReceipt",
    "eth_getLogs",
    "eth_getBlockByNumber",
    "eth_sendRawTransaction",
    "evm_increaseTime",
    "evm_revert",
    "anvil_setBalance",
    "eth_sendTransaction",
    "eth_getBlockReceipts",
    "eth_getTransactionByBlockNumberAndIndex",
    "evm_setNextBlockTimestamp",
    "anvil_impersonateAccount",
    "anvil_loadState",
    "eth_feeHistory",
    "no_such_method",
];

/// The error codes a bad request may get: parse error, invalid request, method not found,
/// invalid params, a server error (a transaction the chain refuses), a revert.
const CODES: &[i64] = &[-32700, -32600, -32601, -32602, -32000, 3];

fn assert_error_or_result(answer: &Value, what: &str) {
    match answer {
        Value::Array(items) => {
            for item in items {
                assert_error_or_result(item, what);
            }
        }
        _ => {
            if let Some(code) = answer.get("error").and_then(|e| e["code"].as_i64()) {
                assert!(CODES.contains(&code), "{what}: code {code} in {answer}");
            } else {
                assert!(answer.get("result").is_some(), "{what}: {answer}");
            }
        }
    }
}

#[test]
fn ten_thousand_bad_requests_get_errors_and_the_node_keeps_serving() {
    let url = imo_devnode::serve_devchain().expect("a node");
    let mut rng = StdRng::seed_from_u64(0xbad_5eed);
    for i in 0..10_000 {
        let body: Vec<u8> = match i % 6 {
            0 => (0..rng.gen_range(0..200)).map(|_| rng.gen()).collect(),
            1 => random_value(&mut rng, 0).to_string().into_bytes(),
            2 => json!({"jsonrpc": "2.0", "id": i, "method": random_value(&mut rng, 3), "params": []})
                .to_string()
                .into_bytes(),
            3 => {
                let method = METHODS[rng.gen_range(0..METHODS.len())];
                let params: Vec<Value> = (0..rng.gen_range(0..4)).map(|_| random_value(&mut rng, 0)).collect();
                json!({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
                    .to_string()
                    .into_bytes()
            }
            4 => {
                let depth = rng.gen_range(100..300);
                format!("{}{}", "[".repeat(depth), "]".repeat(depth)).into_bytes()
            }
            _ => {
                let n = rng.gen_range(0..1_200);
                let call = json!({"jsonrpc": "2.0", "id": 1, "method": "eth_chainId"});
                Value::Array(vec![call; n]).to_string().into_bytes()
            }
        };
        let (status, answer) = post(&url, &body);
        assert_eq!(status, 200, "request {i}: {answer}");
        assert_error_or_result(&answer, &format!("request {i}"));
    }
    // Too big: refused before it is read.
    let huge = vec![b' '; imo_devnode::MAX_REQUEST_BYTES + 1];
    let (status, answer) = post(&url, &huge);
    assert_eq!(status, 413);
    assert_eq!(answer["error"]["code"], -32600, "{answer}");
    // Still serving.
    assert_eq!(call(&url, "eth_chainId", json!([]))["result"], "0x64aba");
}

#[test]
fn snapshots_revert_balances_and_set_balance_sets_them() {
    let url = imo_devnode::serve_devchain().expect("a node");
    let who = "0x00000000000000000000000000000000000000aa";
    let balance = |url: &str| call(url, "eth_getBalance", json!([who, "latest"]))["result"].clone();
    assert_eq!(balance(&url), "0x0");
    let first = call(&url, "evm_snapshot", json!([]))["result"].clone();
    assert_eq!(
        call(&url, "anvil_setBalance", json!([who, "0x64"]))["result"],
        true
    );
    assert_eq!(balance(&url), "0x64");
    let second = call(&url, "evm_snapshot", json!([]))["result"].clone();
    assert_eq!(
        call(&url, "hardhat_setBalance", json!([who, "0x65"]))["result"],
        true
    );
    assert_eq!(call(&url, "evm_revert", json!([second]))["result"], true);
    assert_eq!(balance(&url), "0x64");
    assert_eq!(call(&url, "evm_revert", json!([first]))["result"], true);
    assert_eq!(balance(&url), "0x0");
    // Reverting uses a snapshot up, with every later one.
    assert_eq!(call(&url, "evm_revert", json!([first]))["result"], false);
    assert_eq!(call(&url, "evm_revert", json!([second]))["result"], false);
}
