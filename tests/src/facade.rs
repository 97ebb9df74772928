//! A JSON-RPC facade over an in-process [`Devchain`]: a tiny HTTP server on 127.0.0.1 that
//! answers the methods [`crate::RpcBackend`] and `imo node` use, executing signed raw
//! transactions on a devchain. It lets the RPC path (signing, nonces, the StylusDeployer with the
//! `.initcode` artifacts, receipts, logs) run end to end in CI, where no Nitro node can run.
//!
//! Differences from a node: gas price 0; `eth_estimateGas` runs the call for value-less calls
//! (a revert is reported as the node would) and answers 10,000,000 for calls with value (the
//! devchain has no value-carrying dry run); the gas limit of a transaction is not enforced (the
//! devchain's own limit applies); one transaction per block, each block one second after the
//! previous one (so that what must wait for the next second, like claiming a RevShare snapshot,
//! can run); `eth_call` at the parent block of a failed transaction returns that transaction's
//! revert data.

use crate::backend::hex;
use crate::rpc::{q, unhex};
use alloy_consensus::{Transaction, TxEnvelope};
use alloy_eips::eip2718::Decodable2718;
use alloy_primitives::{Address, Log, U256};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use stylus_devchain::{Devchain, Receipt};

struct State {
    chain: Devchain,
    receipts: HashMap<String, Value>,
    failed_by_block: HashMap<u64, Vec<u8>>,
    logs: Vec<(u64, Log)>,
}

/// Starts a devchain behind a JSON-RPC endpoint on 127.0.0.1 (a background thread that lives as
/// long as the process) and returns its `http://` URL. The devchain's `DEV_ACCOUNT` (the nitro
/// devnode's dev key, `0xb6b15c8c…0659`) holds 1,000,000 ETH.
///
/// # Errors
///
/// When no port can be bound.
pub fn serve_devchain() -> anyhow::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}", listener.local_addr()?);
    std::thread::Builder::new()
        .name("devchain-rpc".into())
        .stack_size(256 << 20)
        .spawn(move || {
            let mut state = State {
                chain: Devchain::new().expect("devchain"),
                receipts: HashMap::new(),
                failed_by_block: HashMap::new(),
                logs: Vec::new(),
            };
            for stream in listener.incoming().flatten() {
                // A broken connection only loses its own request.
                let _ = serve(&mut state, stream);
            }
        })?;
    Ok(url)
}

fn serve(state: &mut State, mut stream: TcpStream) -> anyhow::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut length = 0;
    let mut line = String::new();
    reader.read_line(&mut line)?;
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse()?;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let request: Value = serde_json::from_slice(&body)?;
    let method = request["method"].as_str().unwrap_or("");
    let answer = match handle(state, method, &request["params"]) {
        Ok(result) => json!({"jsonrpc": "2.0", "id": request["id"], "result": result}),
        Err(error) => json!({"jsonrpc": "2.0", "id": request["id"], "error": error}),
    }
    .to_string();
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
        answer.len()
    )?;
    Ok(())
}

fn address(v: &Value) -> Result<Address, Value> {
    v.as_str()
        .unwrap_or("")
        .parse()
        .map_err(|_| json!({"code": -32602, "message": format!("bad address {v}")}))
}

fn bytes(v: &Value) -> Result<Vec<u8>, Value> {
    unhex(v.as_str().unwrap_or("0x"))
        .map_err(|_| json!({"code": -32602, "message": format!("bad data {v}")}))
}

fn number(v: &Value) -> Option<u64> {
    let s = v.as_str()?;
    u64::from_str_radix(s.strip_prefix("0x")?, 16).ok()
}

fn internal(e: impl std::fmt::Display) -> Value {
    json!({"code": -32000, "message": e.to_string()})
}

fn reverted(data: &[u8]) -> Value {
    json!({"code": 3, "message": "execution reverted", "data": format!("0x{}", hex(data))})
}

fn log_json(block: u64, log: &Log) -> Value {
    json!({
        "address": log.address.to_string(),
        "topics": log.topics().iter().map(ToString::to_string).collect::<Vec<_>>(),
        "data": format!("0x{}", hex(&log.data.data)),
        "blockNumber": q(block),
    })
}

fn handle(state: &mut State, method: &str, params: &Value) -> Result<Value, Value> {
    let chain = &mut state.chain;
    match method {
        "eth_chainId" => Ok(json!(q(chain.chain_id))),
        "eth_blockNumber" => Ok(json!(q(chain.block_number()))),
        "eth_gasPrice" | "eth_maxPriorityFeePerGas" => Ok(json!("0x0")),
        "eth_getTransactionCount" => Ok(json!(q(chain.nonce(address(&params[0])?)))),
        "eth_getBalance" => Ok(json!(q(chain.balance(address(&params[0])?)))),
        "eth_estimateGas" | "eth_call" => {
            let tx = &params[0];
            let from = tx
                .get("from")
                .map(address)
                .transpose()?
                .unwrap_or(Devchain::DEV_ACCOUNT);
            if method == "eth_call" {
                if let Some(data) =
                    number(&params[1]).and_then(|b| state.failed_by_block.get(&(b + 1)))
                {
                    return Err(reverted(data));
                }
            }
            let data = bytes(&tx["data"])?;
            let value = tx
                .get("value")
                .and_then(|v| U256::from_str_radix(v.as_str()?.strip_prefix("0x")?, 16).ok())
                .unwrap_or_default();
            let Some(to) = tx.get("to").filter(|t| !t.is_null()) else {
                return Ok(json!(q(10_000_000u64)));
            };
            let to = address(to)?;
            if method == "eth_estimateGas" && !value.is_zero() {
                return Ok(json!(q(10_000_000u64)));
            }
            let r = chain.call(from, to, &data).map_err(internal)?;
            if !r.success {
                return Err(reverted(&r.output));
            }
            Ok(if method == "eth_call" {
                json!(format!("0x{}", hex(&r.output)))
            } else {
                json!(q(r.gas_used))
            })
        }
        "eth_sendRawTransaction" => {
            let raw = bytes(&params[0])?;
            let tx = TxEnvelope::decode_2718(&mut raw.as_slice()).map_err(internal)?;
            let from = tx.recover_signer().map_err(internal)?;
            if tx.chain_id() != Some(chain.chain_id) {
                return Err(internal(format!("wrong chain id {:?}", tx.chain_id())));
            }
            if tx.nonce() != chain.nonce(from) {
                return Err(internal(format!(
                    "nonce {} != {}",
                    tx.nonce(),
                    chain.nonce(from)
                )));
            }
            let receipt: Receipt = match tx.to() {
                Some(to) => chain.send(from, to, tx.input(), tx.value()),
                None => chain.create(from, tx.input(), tx.value()),
            }
            .map_err(internal)?;
            chain.advance_time(1);
            let hash = tx.tx_hash().to_string();
            let block = receipt.block_number;
            if receipt.success {
                state
                    .logs
                    .extend(receipt.logs.iter().map(|l| (block, l.clone())));
            } else {
                state.failed_by_block.insert(block, receipt.output.to_vec());
            }
            let logs: Vec<Value> = receipt.logs.iter().map(|l| log_json(block, l)).collect();
            state.receipts.insert(
                hash.clone(),
                json!({
                    "transactionHash": hash,
                    "status": if receipt.success { "0x1" } else { "0x0" },
                    "gasUsed": q(receipt.gas_used),
                    "effectiveGasPrice": "0x0",
                    "blockNumber": q(block),
                    "logs": logs,
                    "contractAddress": receipt.contract_address.map(|a| a.to_string()),
                }),
            );
            Ok(json!(hash))
        }
        "eth_getTransactionReceipt" => Ok(state
            .receipts
            .get(params[0].as_str().unwrap_or(""))
            .cloned()
            .unwrap_or(Value::Null)),
        "eth_getLogs" => {
            let filter = &params[0];
            let from = number(&filter["fromBlock"]).unwrap_or(0);
            let to = number(&filter["toBlock"]).unwrap_or(u64::MAX);
            let wanted = filter.get("address").map(address).transpose()?;
            let topic0: Vec<String> = match &filter["topics"][0] {
                Value::String(s) => vec![s.to_lowercase()],
                Value::Array(a) => a
                    .iter()
                    .filter_map(|t| t.as_str().map(str::to_lowercase))
                    .collect(),
                _ => Vec::new(),
            };
            Ok(Value::Array(
                state
                    .logs
                    .iter()
                    .filter(|(b, l)| {
                        (from..=to).contains(b)
                            && wanted.is_none_or(|w| w == l.address)
                            && (topic0.is_empty()
                                || l.topics()
                                    .first()
                                    .is_some_and(|t| topic0.contains(&t.to_string())))
                    })
                    .map(|(b, l)| log_json(*b, l))
                    .collect(),
            ))
        }
        other => Err(
            json!({"code": -32601, "message": format!("method {other} not served by the devchain facade")}),
        ),
    }
}
