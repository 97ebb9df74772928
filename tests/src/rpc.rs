//! [`Backend`] over a node's JSON-RPC (a Nitro devnode, Arbitrum Sepolia behind an HTTP endpoint):
//! signed EIP-1559 transactions, deployment through the StylusDeployer.
//!
//! `http://` endpoints (a devnode) go through a minimal blocking HTTP/1.1 client over
//! `std::net::TcpStream`; `https://` endpoints (Arbitrum Sepolia) through `reqwest`'s blocking
//! client with the platform's TLS.

use crate::backend::{hex, Backend, TxReceipt};
use alloy_consensus::{SignableTransaction, TxEip1559, TxEnvelope};
use alloy_eips::eip2718::Encodable2718;
use alloy_primitives::{keccak256, Address, Bytes, Log, LogData, TxKind, B256, U256};
use alloy_signer::SignerSync;
use alloy_signer_local::PrivateKeySigner;
use alloy_sol_types::{sol, SolCall, SolEvent};
use anyhow::{anyhow, bail, Context};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The StylusDeployer's address on every Arbitrum chain (and in the nitro devnode).
pub const STYLUS_DEPLOYER: Address =
    alloy_primitives::address!("cEcba2F1DC234f70Dd89F2041029807F8D03A990");

sol! {
    /// The StylusDeployer's ABI (what `cargo stylus deploy` uses).
    interface IStylusDeployer {
        function deploy(bytes calldata bytecode, bytes calldata initData, uint256 initValue, bytes32 salt) external payable returns (address);
        event ContractDeployed(address deployedContract);
    }
}

/// A blocking JSON-RPC 2.0 client over HTTP/1.1.
#[derive(Debug)]
pub struct JsonRpc {
    url: String,
    https: Option<reqwest::blocking::Client>,
    host: String,
    port: u16,
    path: String,
    next_id: u64,
    /// Per-request timeout.
    pub timeout: Duration,
}

/// A JSON-RPC error answer (`code`, `message`, `data`), e.g. a revert of `eth_call`.
#[derive(Clone, Debug)]
pub struct RpcError {
    /// The error code.
    pub code: i64,
    /// The message.
    pub message: String,
    /// `data`, when present (revert data as a hex string for reverts).
    pub data: Option<Value>,
}

impl std::fmt::Display for RpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "JSON-RPC error {}: {}", self.code, self.message)?;
        if let Some(d) = &self.data {
            write!(f, " ({d})")?;
        }
        Ok(())
    }
}

impl std::error::Error for RpcError {}

impl JsonRpc {
    /// Parses `http://host[:port][/path]` or an `https://` URL.
    ///
    /// # Errors
    ///
    /// Other schemes and malformed URLs.
    pub fn new(url: &str) -> anyhow::Result<Self> {
        let timeout = Duration::from_secs(30);
        if url.starts_with("https://") {
            let client = reqwest::blocking::Client::builder()
                .timeout(timeout)
                .build()
                .context("TLS client")?;
            return Ok(Self {
                url: url.to_string(),
                https: Some(client),
                host: String::new(),
                port: 443,
                path: String::new(),
                next_id: 1,
                timeout,
            });
        }
        let Some(rest) = url.strip_prefix("http://") else {
            bail!("{url}: expected an http:// or https:// URL");
        };
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) => (
                h.to_string(),
                p.parse().with_context(|| format!("port in {url}"))?,
            ),
            None => (authority.to_string(), 80),
        };
        if host.is_empty() {
            bail!("{url}: no host");
        }
        Ok(Self {
            url: url.to_string(),
            https: None,
            host,
            port,
            path: path.to_string(),
            next_id: 1,
            timeout,
        })
    }

    /// Calls `method` with `params`; a JSON-RPC error comes back as an [`RpcError`] inside the
    /// `anyhow::Error` (downcast to inspect it).
    ///
    /// # Errors
    ///
    /// Connection, HTTP or JSON errors, and the node's error answers.
    pub fn request(&mut self, method: &str, params: Value) -> anyhow::Result<Value> {
        let id = self.next_id;
        self.next_id += 1;
        let body =
            json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}).to_string();
        let body = match &self.https {
            Some(client) => {
                let response = client
                    .post(&self.url)
                    .header("Content-Type", "application/json")
                    .body(body)
                    .send()
                    .with_context(|| {
                        format!("cannot reach the RPC endpoint {} (is it up?)", self.url)
                    })?;
                let status = response.status();
                let text = response.bytes().context("reading the answer")?.to_vec();
                if !status.is_success() {
                    bail!(
                        "{method}: HTTP {status}: {}",
                        String::from_utf8_lossy(&text)
                    );
                }
                text
            }
            None => self.post_http(method, &body)?,
        };
        let answer: Value = serde_json::from_slice(&body)
            .with_context(|| format!("{method}: not JSON: {}", String::from_utf8_lossy(&body)))?;
        if let Some(error) = answer.get("error") {
            return Err(RpcError {
                code: error.get("code").and_then(Value::as_i64).unwrap_or(0),
                message: error
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                data: error.get("data").cloned(),
            }
            .into());
        }
        answer
            .get("result")
            .cloned()
            .ok_or_else(|| anyhow!("{method}: answer without result: {answer}"))
    }

    /// One request over plain HTTP/1.1; returns the response body.
    fn post_http(&self, method: &str, body: &str) -> anyhow::Result<Vec<u8>> {
        let mut stream =
            TcpStream::connect((self.host.as_str(), self.port)).with_context(|| {
                format!(
                    "cannot reach the RPC endpoint http://{}:{}{} (is the node running?)",
                    self.host, self.port, self.path
                )
            })?;
        stream.set_read_timeout(Some(self.timeout))?;
        stream.set_write_timeout(Some(self.timeout))?;
        let request = format!(
            "POST {} HTTP/1.1\r\nHost: {}:{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.path,
            self.host,
            self.port,
            body.len()
        );
        stream.write_all(request.as_bytes())?;
        let mut raw = Vec::new();
        stream
            .read_to_end(&mut raw)
            .with_context(|| format!("reading the answer to {method}"))?;
        http_body(&raw).with_context(|| format!("HTTP answer to {method}"))
    }
}

/// The body of a raw HTTP/1.1 response (status 200; Content-Length, chunked or until close).
fn http_body(raw: &[u8]) -> anyhow::Result<Vec<u8>> {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| anyhow!("no HTTP header"))?;
    let head = String::from_utf8_lossy(&raw[..end]).to_string();
    let body = &raw[end + 4..];
    let status = head.lines().next().unwrap_or("");
    if status.split_whitespace().nth(1) != Some("200") {
        bail!("{status}: {}", String::from_utf8_lossy(body));
    }
    let header = |name: &str| {
        head.lines().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    };
    if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        let mut out = Vec::new();
        let mut rest = body;
        loop {
            let line_end = rest
                .windows(2)
                .position(|w| w == b"\r\n")
                .ok_or_else(|| anyhow!("bad chunk"))?;
            let size_text = String::from_utf8_lossy(&rest[..line_end]).to_string();
            let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
                .context("chunk size")?;
            rest = &rest[line_end + 2..];
            if size == 0 {
                return Ok(out);
            }
            let chunk = rest.get(..size).ok_or_else(|| anyhow!("truncated chunk"))?;
            out.extend_from_slice(chunk);
            rest = rest.get(size + 2..).unwrap_or(&[]);
        }
    }
    if let Some(len) = header("content-length") {
        let len: usize = len.parse().context("Content-Length")?;
        return body
            .get(..len)
            .map(<[u8]>::to_vec)
            .ok_or_else(|| anyhow!("truncated body"));
    }
    Ok(body.to_vec())
}

fn quantity(v: &Value) -> anyhow::Result<U256> {
    let s = v
        .as_str()
        .ok_or_else(|| anyhow!("expected a quantity, got {v}"))?;
    let digits = s.strip_prefix("0x").unwrap_or(s);
    if digits.is_empty() {
        return Ok(U256::ZERO);
    }
    U256::from_str_radix(digits, 16).with_context(|| format!("quantity {s}"))
}

/// A quantity as u64.
///
/// # Errors
///
/// Not a quantity or too large.
pub fn quantity_u64(v: &Value) -> anyhow::Result<u64> {
    u64::try_from(quantity(v)?).map_err(|_| anyhow!("{v} exceeds u64"))
}

fn quantity_u128(v: &Value) -> anyhow::Result<u128> {
    u128::try_from(quantity(v)?).map_err(|_| anyhow!("{v} exceeds u128"))
}

/// Decodes `0x…` hex.
///
/// # Errors
///
/// Not a hex string.
pub fn unhex(s: &str) -> anyhow::Result<Vec<u8>> {
    let digits = s.strip_prefix("0x").unwrap_or(s);
    if !digits.len().is_multiple_of(2) {
        bail!("odd hex length");
    }
    (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).context("hex digit"))
        .collect()
}

/// A log object of `eth_getLogs` / a receipt.
///
/// # Errors
///
/// Malformed address, topics or data.
pub fn parse_log(l: &Value) -> anyhow::Result<Log> {
    let address: Address = l["address"]
        .as_str()
        .unwrap_or("")
        .parse()
        .context("log address")?;
    let topics = l["topics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|t| {
            t.as_str()
                .unwrap_or("")
                .parse::<B256>()
                .context("log topic")
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let data = unhex(l["data"].as_str().unwrap_or("0x"))?;
    Ok(Log {
        address,
        data: LogData::new_unchecked(topics, data.into()),
    })
}

/// `0x…` quantity text.
pub fn q(n: impl std::fmt::LowerHex) -> String {
    format!("{n:#x}")
}

/// The revert data of a JSON-RPC error, when it carries one.
fn revert_data(e: &anyhow::Error) -> Option<Vec<u8>> {
    let rpc = e.downcast_ref::<RpcError>()?;
    let data = rpc.data.as_ref()?;
    let s = data
        .as_str()
        .or_else(|| data.get("data").and_then(Value::as_str))?;
    unhex(s).ok()
}

/// A Nitro node over JSON-RPC, sending signed EIP-1559 transactions.
pub struct RpcBackend {
    rpc: JsonRpc,
    url: String,
    /// Chain id, from `eth_chainId`.
    pub chain_id: u64,
    deployer: Address,
    signers: HashMap<Address, PrivateKeySigner>,
    /// Wei sent with each StylusDeployer deployment to pay the activation data fee (the
    /// deployer refunds the excess to the sender).
    pub activation_value: U256,
    /// How long to wait for a receipt.
    pub receipt_timeout: Duration,
    /// Poll interval for receipts.
    pub poll: Duration,
    /// Where the `target/stylus` artifacts are (default: the workspace's target dir).
    pub artifacts: PathBuf,
    /// Print progress while transactions confirm.
    pub progress: bool,
    accounts: u64,
}

/// The directory `cargo xtask wasm` writes to: `$CARGO_TARGET_DIR/stylus` or `<workspace>/target/stylus`.
pub fn artifact_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"))
        .join("stylus")
}

/// Parses a hex private key (with or without `0x`).
///
/// # Errors
///
/// Not a valid secp256k1 key.
pub fn parse_key(key: &str) -> anyhow::Result<PrivateKeySigner> {
    let bytes = unhex(key.trim()).context("private key is not hex")?;
    PrivateKeySigner::from_slice(&bytes).map_err(|e| anyhow!("invalid private key: {e}"))
}

impl RpcBackend {
    /// Connects (`eth_chainId`) with the deployer's key.
    ///
    /// # Errors
    ///
    /// Unreachable endpoint, invalid key.
    pub fn connect(url: &str, private_key: &str) -> anyhow::Result<Self> {
        let signer = parse_key(private_key)?;
        Self::with_signer(url, signer)
    }

    /// Connects with an already parsed signer.
    ///
    /// # Errors
    ///
    /// Unreachable endpoint.
    pub fn with_signer(url: &str, signer: PrivateKeySigner) -> anyhow::Result<Self> {
        let mut rpc = JsonRpc::new(url)?;
        let chain_id = quantity_u64(&rpc.request("eth_chainId", json!([]))?)?;
        let deployer = signer.address();
        let mut signers = HashMap::new();
        signers.insert(deployer, signer);
        Ok(Self {
            rpc,
            url: url.to_string(),
            chain_id,
            deployer,
            signers,
            activation_value: U256::from(10_000_000_000_000_000u64),
            receipt_timeout: Duration::from_secs(120),
            poll: Duration::from_millis(200),
            artifacts: artifact_dir(),
            progress: false,
            accounts: 0,
        })
    }

    /// From `IMO_RPC_URL` and `IMO_PRIVATE_KEY`; `None` when either is unset.
    ///
    /// # Errors
    ///
    /// When they are set but the node cannot be reached or the key is invalid.
    pub fn from_env() -> anyhow::Result<Option<Self>> {
        match (
            std::env::var("IMO_RPC_URL"),
            std::env::var("IMO_PRIVATE_KEY"),
        ) {
            (Ok(url), Ok(key)) => Self::connect(&url, &key).map(Some),
            _ => Ok(None),
        }
    }

    /// The JSON-RPC client, for calls the trait does not cover.
    pub fn rpc(&mut self) -> &mut JsonRpc {
        &mut self.rpc
    }

    fn tx_object(from: Address, to: Option<Address>, data: &[u8], value: U256) -> Value {
        let mut o = json!({"from": from.to_string(), "data": format!("0x{}", hex(data)), "value": q(value)});
        if let Some(to) = to {
            o["to"] = json!(to.to_string());
        }
        o
    }

    /// Signs and sends a transaction (`to == None`: a creation) and waits for its receipt.
    /// When gas estimation fails because the call reverts, nothing is sent: the receipt is a
    /// failure with the revert data the node reported (`gas_used` 0).
    ///
    /// # Errors
    ///
    /// Unknown sender, transport errors, a receipt that does not come in time.
    pub fn transact(
        &mut self,
        from: Address,
        to: Option<Address>,
        data: &[u8],
        value: U256,
    ) -> anyhow::Result<TxReceipt> {
        let signer = self
            .signers
            .get(&from)
            .ok_or_else(|| anyhow!("no key for {from}"))?
            .clone();
        let tx = Self::tx_object(from, to, data, value);
        let gas = match self.rpc.request("eth_estimateGas", json!([tx])) {
            Ok(g) => quantity_u64(&g)?,
            Err(e) => {
                let Some(rpc) = e.downcast_ref::<RpcError>() else {
                    return Err(e);
                };
                if rpc.message.contains("insufficient funds") {
                    bail!("{from} cannot pay for this transaction: {rpc} (fund the key)");
                }
                return Ok(TxReceipt {
                    success: false,
                    output: revert_data(&e).unwrap_or_default(),
                    error: Some(format!("not sent: gas estimation reverted: {rpc}")),
                    ..TxReceipt::default()
                });
            }
        };
        let nonce = quantity_u64(&self.rpc.request(
            "eth_getTransactionCount",
            json!([from.to_string(), "pending"]),
        )?)?;
        let gas_price = quantity_u128(&self.rpc.request("eth_gasPrice", json!([]))?)?;
        let priority = match self.rpc.request("eth_maxPriorityFeePerGas", json!([])) {
            Ok(p) => quantity_u128(&p)?,
            Err(_) => 0,
        };
        let tx = TxEip1559 {
            chain_id: self.chain_id,
            nonce,
            // Stylus gas estimates move with the state; leave a margin.
            gas_limit: gas.saturating_add(gas / 5).saturating_add(50_000),
            max_fee_per_gas: gas_price.saturating_mul(2).saturating_add(priority),
            max_priority_fee_per_gas: priority,
            to: to.map_or(TxKind::Create, TxKind::Call),
            value,
            access_list: Default::default(),
            input: Bytes::copy_from_slice(data),
        };
        let signature = signer
            .sign_hash_sync(&tx.signature_hash())
            .map_err(|e| anyhow!("signing: {e}"))?;
        let raw = TxEnvelope::from(tx.into_signed(signature)).encoded_2718();
        let hash = self.rpc.request(
            "eth_sendRawTransaction",
            json!([format!("0x{}", hex(&raw))]),
        )?;
        let hash = hash
            .as_str()
            .ok_or_else(|| anyhow!("eth_sendRawTransaction returned {hash}"))?
            .to_string();
        if self.progress {
            eprint!("    tx {hash} ");
        }
        let started = Instant::now();
        let receipt = loop {
            let r = self
                .rpc
                .request("eth_getTransactionReceipt", json!([hash]))?;
            if !r.is_null() {
                break r;
            }
            if started.elapsed() > self.receipt_timeout {
                bail!(
                    "no receipt for {hash} after {}s",
                    self.receipt_timeout.as_secs()
                );
            }
            if self.progress {
                eprint!(".");
            }
            std::thread::sleep(self.poll);
        };
        let mut out = self.parse_receipt(&receipt)?;
        if self.progress {
            eprintln!(
                " {} (gas {})",
                if out.success { "confirmed" } else { "reverted" },
                out.gas_used
            );
        }
        if !out.success {
            // Replay on the parent block for the revert data.
            let block = quantity_u64(&receipt["blockNumber"])?;
            let tx = Self::tx_object(from, to, data, value);
            if let Err(e) = self
                .rpc
                .request("eth_call", json!([tx, q(block.saturating_sub(1))]))
            {
                out.output = revert_data(&e).unwrap_or_default();
                out.error = Some(e.to_string());
            }
        }
        Ok(out)
    }

    fn parse_receipt(&self, r: &Value) -> anyhow::Result<TxReceipt> {
        let success = quantity(&r["status"])? == U256::from(1);
        let gas_used = quantity_u64(&r["gasUsed"])?;
        let price = r
            .get("effectiveGasPrice")
            .map(quantity)
            .transpose()?
            .unwrap_or_default();
        let logs = r["logs"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(parse_log)
            .collect::<anyhow::Result<Vec<_>>>()?;
        let created = r
            .get("contractAddress")
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<Address>().ok());
        Ok(TxReceipt {
            success,
            output: created.map(|a| a.to_vec()).unwrap_or_default(),
            logs,
            gas_used,
            fee: U256::from(gas_used) * price,
            error: (!success).then(|| "reverted".to_string()),
        })
    }
}

impl Backend for RpcBackend {
    fn name(&self) -> String {
        format!("rpc {} (chain {})", self.url, self.chain_id)
    }

    fn deployer(&self) -> Address {
        self.deployer
    }

    fn new_account(&mut self, label: &str, wei: U256) -> anyhow::Result<Address> {
        self.accounts += 1;
        // A key derived from the deployer's key, the label and a counter: reproducible, and
        // funded from the deployer.
        let root = self.signers[&self.deployer].to_bytes();
        let mut seed = root.to_vec();
        seed.extend_from_slice(label.as_bytes());
        seed.extend_from_slice(&self.accounts.to_be_bytes());
        let signer = PrivateKeySigner::from_bytes(&keccak256(&seed))
            .map_err(|e| anyhow!("derived key: {e}"))?;
        let account = signer.address();
        self.signers.insert(account, signer);
        if !wei.is_zero() {
            let deployer = self.deployer;
            self.transact(deployer, Some(account), &[], wei)?
                .ok()
                .with_context(|| format!("funding {label} ({account})"))?;
        }
        Ok(account)
    }

    fn deploy_stylus(&mut self, name: &str, constructor_args: &[u8]) -> anyhow::Result<Address> {
        let path = self.artifacts.join(format!("{name}.initcode"));
        let initcode = std::fs::read(&path).map_err(|e| {
            anyhow!(
                "cannot read {} ({e}); build it first with `cargo xtask wasm`",
                path.display()
            )
        })?;
        let init_data = if constructor_args.is_empty() {
            Vec::new()
        } else {
            stylus_devchain::constructor_calldata(constructor_args)
        };
        let call = IStylusDeployer::deployCall {
            bytecode: initcode.into(),
            initData: init_data.into(),
            initValue: U256::ZERO,
            salt: B256::ZERO,
        };
        let (deployer, value) = (self.deployer, self.activation_value);
        let r = self.transact(deployer, Some(STYLUS_DEPLOYER), &call.abi_encode(), value)?;
        if !r.success {
            bail!(
                "deploying {name} through the StylusDeployer failed: {} {}",
                r.describe(),
                crate::imo::decode_revert(&r.output).unwrap_or_default()
            );
        }
        r.logs
            .iter()
            .filter(|l| l.address == STYLUS_DEPLOYER)
            .find_map(|l| IStylusDeployer::ContractDeployed::decode_log_data(&l.data, true).ok())
            .map(|e| e.deployedContract)
            .ok_or_else(|| anyhow!("deploying {name}: no ContractDeployed event"))
    }

    fn deploy_evm(&mut self, initcode: &[u8]) -> anyhow::Result<Address> {
        let deployer = self.deployer;
        let r = self.transact(deployer, None, initcode, U256::ZERO)?.ok()?;
        Address::try_from(r.output.as_slice()).map_err(|_| anyhow!("no contractAddress"))
    }

    fn send(
        &mut self,
        from: Address,
        to: Address,
        calldata: &[u8],
        value: U256,
    ) -> anyhow::Result<TxReceipt> {
        let mut r = self.transact(from, Some(to), calldata, value)?;
        if r.success {
            r.output.clear();
        }
        Ok(r)
    }

    fn call(&mut self, from: Address, to: Address, calldata: &[u8]) -> anyhow::Result<TxReceipt> {
        let tx = Self::tx_object(from, Some(to), calldata, U256::ZERO);
        match self.rpc.request("eth_call", json!([tx, "latest"])) {
            Ok(v) => Ok(TxReceipt {
                success: true,
                output: unhex(v.as_str().unwrap_or("0x"))?,
                ..TxReceipt::default()
            }),
            Err(e) if e.downcast_ref::<RpcError>().is_some() => Ok(TxReceipt {
                success: false,
                output: revert_data(&e).unwrap_or_default(),
                error: Some(e.to_string()),
                ..TxReceipt::default()
            }),
            Err(e) => Err(e),
        }
    }

    fn balance(&mut self, account: Address) -> anyhow::Result<U256> {
        quantity(
            &self
                .rpc
                .request("eth_getBalance", json!([account.to_string(), "latest"]))?,
        )
    }

    fn advance_time(&mut self, _seconds: u64) -> anyhow::Result<bool> {
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_bodies_by_length_chunks_or_close_and_errors_by_status() {
        let raw = b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcdEXTRA";
        assert_eq!(http_body(raw).unwrap(), b"abcd");
        let raw = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n";
        assert_eq!(http_body(raw).unwrap(), b"abcde");
        let raw = b"HTTP/1.1 200 OK\r\n\r\nall of it";
        assert_eq!(http_body(raw).unwrap(), b"all of it");
        let raw = b"HTTP/1.1 503 Service Unavailable\r\n\r\nbusy";
        assert!(http_body(raw).unwrap_err().to_string().contains("503"));
        assert!(http_body(b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nshort").is_err());
    }

    #[test]
    fn urls_and_quantities() {
        let rpc = JsonRpc::new("http://127.0.0.1:8547").unwrap();
        assert_eq!(
            (rpc.host.as_str(), rpc.port, rpc.path.as_str()),
            ("127.0.0.1", 8547, "/")
        );
        let rpc = JsonRpc::new("http://node.local/rpc/v1").unwrap();
        assert_eq!(
            (rpc.host.as_str(), rpc.port, rpc.path.as_str()),
            ("node.local", 80, "/rpc/v1")
        );
        assert!(JsonRpc::new("ws://x").is_err());
        assert_eq!(quantity(&json!("0x0")).unwrap(), U256::ZERO);
        assert_eq!(quantity(&json!("0x")).unwrap(), U256::ZERO);
        assert_eq!(quantity_u64(&json!("0x66eee")).unwrap(), 421_614);
        assert!(quantity(&json!(5)).is_err());
        assert_eq!(unhex("0x00ff").unwrap(), vec![0, 255]);
        assert!(unhex("0x0").is_err());
    }
}
