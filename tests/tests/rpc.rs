//! The RPC backend. Request formation against a local JSON-RPC stub (a TCP server on 127.0.0.1
//! answering the methods the backend uses, recording every request): the raw transactions are
//! decoded back and checked against the intended call. With `IMO_RPC_URL` and `IMO_PRIVATE_KEY`
//! set (a nitro devnode, see scripts/devnode.sh), every scenario also runs on that node.

use alloy_consensus::{Transaction, TxEnvelope};
use alloy_eips::eip2718::Decodable2718;
use alloy_primitives::{hex, Address, U256};
use alloy_sol_types::{SolCall, SolEvent, SolValue};
use imo_client::bindings::revshare::IRevShareToken;
use imo_client::rpc::{IStylusDeployer, RpcBackend, STYLUS_DEPLOYER};
use imo_client::Backend;
use imo_e2e::scenarios;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

/// The nitro devnode's public, pre-funded development key and its address.
const KEY: &str = "0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659";
const KEY_ADDRESS: &str = "0x3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E";
const CHAIN_ID: u64 = 412_346;

type Responder = dyn Fn(&str, &Value) -> Result<Value, Value> + Send + Sync;
/// (method, params) of every request the stub received.
type Seen = Arc<Mutex<Vec<(String, Value)>>>;

/// A JSON-RPC stub on 127.0.0.1; returns its URL and the requests it received.
fn stub(respond: Box<Responder>) -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/rpc", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut length = 0;
            let mut first = String::new();
            reader.read_line(&mut first).unwrap();
            assert!(first.starts_with("POST /rpc HTTP/1.1"), "{first}");
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap();
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let request: Value = serde_json::from_slice(&body).unwrap();
            let method = request["method"].as_str().unwrap().to_string();
            log.lock()
                .unwrap()
                .push((method.clone(), request["params"].clone()));
            let answer = match respond(&method, &request["params"]) {
                Ok(result) => json!({"jsonrpc": "2.0", "id": request["id"], "result": result}),
                Err(error) => json!({"jsonrpc": "2.0", "id": request["id"], "error": error}),
            }
            .to_string();
            // Answer in two chunks (chunked encoding) to exercise the client's decoder; one
            // request per connection.
            let (a, b) = answer.split_at(answer.len() / 2);
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{a}\r\n{:x}\r\n{b}\r\n0\r\n\r\n",
                a.len(),
                b.len()
            )
            .unwrap();
        }
    });
    (url, seen)
}

/// Answers like a node: chain id, nonce 7, 0.1 gwei gas price, 1 wei tip, 50,000 gas, and a
/// successful EIP-1559 receipt (every field a node sends) with `logs`.
fn node(logs: Value) -> Box<Responder> {
    Box::new(move |method, _params| match method {
        "eth_chainId" => Ok(json!(format!("{CHAIN_ID:#x}"))),
        "eth_getTransactionCount" => Ok(json!("0x7")),
        "eth_gasPrice" => Ok(json!("0x5f5e100")),
        "eth_maxPriorityFeePerGas" => Ok(json!("0x1")),
        "eth_estimateGas" => Ok(json!("0xc350")),
        "eth_sendRawTransaction" => Ok(json!(format!("0x{}", "ab".repeat(32)))),
        "eth_getTransactionReceipt" => Ok(json!({
            "type": "0x2", "transactionHash": format!("0x{}", "ab".repeat(32)),
            "transactionIndex": "0x0", "blockHash": format!("0x{}", "cd".repeat(32)),
            "blockNumber": "0x10", "from": KEY_ADDRESS, "to": null,
            "status": "0x1", "gasUsed": "0xb000", "cumulativeGasUsed": "0xb000",
            "effectiveGasPrice": "0x5f5e100", "logsBloom": format!("0x{}", "00".repeat(256)),
            "logs": logs, "contractAddress": null
        })),
        other => Err(json!({"code": -32601, "message": format!("no {other}")})),
    })
}

/// The one raw transaction the stub received, decoded.
fn sent(seen: &Mutex<Vec<(String, Value)>>) -> TxEnvelope {
    let seen = seen.lock().unwrap();
    let raws: Vec<&Value> = seen
        .iter()
        .filter(|(m, _)| m == "eth_sendRawTransaction")
        .map(|(_, p)| &p[0])
        .collect();
    assert_eq!(raws.len(), 1, "one transaction sent");
    let raw = hex::decode(raws[0].as_str().unwrap()).unwrap();
    TxEnvelope::decode_2718(&mut raw.as_slice()).expect("a valid EIP-2718 transaction")
}

#[test]
fn a_transaction_is_a_signed_eip1559_transaction_of_the_intended_call() {
    let (url, seen) = stub(node(json!([])));
    let mut backend = RpcBackend::connect(&url, KEY).unwrap();
    assert_eq!(backend.chain_id, CHAIN_ID);
    let from = backend.deployer();
    assert_eq!(from, KEY_ADDRESS.parse::<Address>().unwrap());
    let to = Address::repeat_byte(0x42);
    let call = IRevShareToken::transferCall {
        to: Address::repeat_byte(0x07),
        value: U256::from(1234),
    };
    let r = backend
        .send(from, to, &call.abi_encode(), U256::from(5))
        .unwrap();
    assert!(r.success);
    assert_eq!(r.gas_used, 0xb000);
    assert_eq!(r.fee, U256::from(0xb000u64 * 100_000_000));

    let tx = sent(&seen);
    let TxEnvelope::Eip1559(signed) = &tx else {
        panic!("not EIP-1559: {tx:?}")
    };
    assert_eq!(signed.recover_signer().unwrap(), from, "signed by the key");
    assert_eq!(tx.chain_id(), Some(CHAIN_ID));
    assert_eq!(tx.nonce(), 7, "nonce from eth_getTransactionCount(pending)");
    assert_eq!(tx.to(), Some(to));
    assert_eq!(tx.value(), U256::from(5));
    assert_eq!(
        IRevShareToken::transferCall::abi_decode(tx.input(), true).unwrap(),
        call
    );
    assert_eq!(tx.max_priority_fee_per_gas(), Some(1));
    assert_eq!(tx.max_fee_per_gas(), 2 * 100_000_000 + 1);
    assert_eq!(
        tx.gas_limit(),
        50_000 + 10_000 + 50_000,
        "estimate + 20% + 50k"
    );

    // The estimate was asked for exactly this call, from this sender.
    let seen = seen.lock().unwrap();
    let estimate = &seen.iter().find(|(m, _)| m == "eth_estimateGas").unwrap().1[0];
    assert_eq!(
        estimate["from"].as_str().unwrap().to_lowercase(),
        KEY_ADDRESS.to_lowercase()
    );
    assert_eq!(estimate["value"], "0x5");
    assert_eq!(estimate["data"], hex::encode_prefixed(call.abi_encode()));
    assert_eq!(
        estimate["input"], estimate["data"],
        "the calldata as input and data"
    );
    let nonce = &seen
        .iter()
        .find(|(m, _)| m == "eth_getTransactionCount")
        .unwrap()
        .1;
    assert_eq!(nonce[1], "pending");
}

#[test]
fn a_stylus_deployment_goes_through_the_stylus_deployer() {
    let deployed = Address::repeat_byte(0x99);
    let event = IStylusDeployer::ContractDeployed {
        deployedContract: deployed,
    };
    let logs = json!([{
        "address": STYLUS_DEPLOYER.to_string(),
        "topics": [IStylusDeployer::ContractDeployed::SIGNATURE_HASH.to_string()],
        "data": hex::encode_prefixed(event.encode_data()),
        "blockHash": format!("0x{}", "cd".repeat(32)), "blockNumber": "0x10",
        "transactionHash": format!("0x{}", "ab".repeat(32)), "transactionIndex": "0x0",
        "logIndex": "0x0", "removed": false,
    }]);
    let (url, seen) = stub(node(logs));
    let dir = std::env::temp_dir().join(format!("imo-e2e-stub-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let initcode = vec![0x60, 0x00, 0xef, 0xf0, 0x00, 0x00, 0x01];
    std::fs::write(dir.join("fake.initcode"), &initcode).unwrap();
    let mut backend = RpcBackend::connect(&url, KEY).unwrap();
    backend.artifacts = dir.clone();
    let args = (Address::repeat_byte(1), 3_600u64).abi_encode_params();
    let address = backend.deploy_stylus("fake", &args).unwrap();
    assert_eq!(address, deployed, "from the ContractDeployed event");

    let tx = sent(&seen);
    assert_eq!(tx.to(), Some(STYLUS_DEPLOYER));
    assert_eq!(
        tx.value(),
        backend.activation_value,
        "pays the activation fee"
    );
    let call = IStylusDeployer::deployCall::abi_decode(tx.input(), true).unwrap();
    assert_eq!(call.bytecode.to_vec(), initcode);
    assert_eq!(
        call.initData.to_vec(),
        stylus_devchain::constructor_calldata(&args)
    );
    assert_eq!(call.initValue, U256::ZERO);

    // A missing artifact names the command that builds it.
    let err = backend.deploy_stylus("missing", &[]).unwrap_err();
    assert!(err.to_string().contains("cargo xtask wasm"), "{err}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_reverting_call_is_a_failed_receipt_with_the_revert_data_and_nothing_is_sent() {
    let selector = alloy_sol_types::SolError::abi_encode(&IRevShareToken::ReentrantCall {});
    let data = hex::encode_prefixed(&selector);
    let respond: Box<Responder> = Box::new(move |method, _| match method {
        "eth_chainId" => Ok(json!("0x66eee")),
        "eth_estimateGas" | "eth_call" => Err(json!({
            "code": 3, "message": "execution reverted", "data": data
        })),
        "eth_getBalance" => Ok(json!("0xde0b6b3a7640000")),
        other => Err(json!({"code": -32601, "message": format!("no {other}")})),
    });
    let (url, seen) = stub(respond);
    let mut backend = RpcBackend::connect(&url, KEY).unwrap();
    assert_eq!(backend.chain_id, 0x66eee);
    let from = backend.deployer();
    let r = backend
        .send(from, Address::repeat_byte(1), &[1, 2, 3, 4], U256::ZERO)
        .unwrap();
    assert!(!r.success);
    assert_eq!(r.output, selector);
    assert!(imo_client::decode_revert(&r.output)
        .unwrap()
        .contains("ReentrantCall"));
    let r = backend.call(from, Address::repeat_byte(1), &[1]).unwrap();
    assert!(!r.success);
    assert_eq!(r.output, selector);
    assert_eq!(backend.balance(from).unwrap(), U256::from(10u64.pow(18)));
    assert!(!backend.advance_time(1).unwrap(), "a node cannot move time");
    assert!(!seen
        .lock()
        .unwrap()
        .iter()
        .any(|(m, _)| m == "eth_sendRawTransaction"));
}

#[test]
fn an_unfunded_key_and_an_unreachable_node_are_clear_errors() {
    let respond: Box<Responder> = Box::new(|method, _| match method {
        "eth_chainId" => Ok(json!("0x1")),
        _ => Err(json!({"code": -32000, "message": "insufficient funds for gas * price + value"})),
    });
    let (url, _) = stub(respond);
    let mut backend = RpcBackend::connect(&url, KEY).unwrap();
    let from = backend.deployer();
    let err = backend
        .send(from, Address::repeat_byte(1), &[], U256::from(1))
        .unwrap_err();
    assert!(err.to_string().contains("fund the key"), "{err}");

    // Nothing listens on a port we just freed.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = RpcBackend::connect(&format!("http://127.0.0.1:{port}"), KEY)
        .err()
        .unwrap();
    assert!(format!("{err:#}").contains("cannot reach"), "{err:#}");
    let err = RpcBackend::connect("ftp://node", KEY).err().unwrap();
    assert!(err.to_string().contains("expected an http"), "{err}");
    assert!(RpcBackend::connect(&url, "0x1234").is_err(), "a short key");
}

/// Every scenario on a real node when `IMO_RPC_URL` and `IMO_PRIVATE_KEY` are set.
#[test]
fn scenarios_on_a_node_when_configured() {
    let make = || match RpcBackend::from_env() {
        Ok(Some(mut b)) => {
            b.progress = true;
            Some(b)
        }
        Ok(None) => None,
        Err(e) => panic!("IMO_RPC_URL / IMO_PRIVATE_KEY are set but: {e:#}"),
    };
    if make().is_none() {
        println!("skipped: set IMO_RPC_URL and IMO_PRIVATE_KEY");
        return;
    }
    let summary = scenarios::lifecycle(make().unwrap(), true).unwrap_or_else(|e| panic!("{e:#}"));
    if !summary.waited_window {
        println!(
            "skipped on this node: verify after the challenge window (time cannot be advanced)"
        );
    }
    scenarios::nested_inference(make().unwrap()).unwrap_or_else(|e| panic!("{e:#}"));
    scenarios::sweep_reenters_token(make().unwrap()).unwrap_or_else(|e| panic!("{e:#}"));
    scenarios::challenges(make().unwrap()).unwrap_or_else(|e| panic!("{e:#}"));
    scenarios::reverting_callback(make().unwrap()).unwrap_or_else(|e| panic!("{e:#}"));
    scenarios::value_to_non_payable(make().unwrap()).unwrap_or_else(|e| panic!("{e:#}"));
    scenarios::malformed_calldata(make().unwrap()).unwrap_or_else(|e| panic!("{e:#}"));
}
