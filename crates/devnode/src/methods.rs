//! The Ethereum JSON-RPC methods the facade serves, on a devchain, with alloy's RPC types.

use alloy_consensus::{
    Eip658Value, Receipt, ReceiptEnvelope, ReceiptWithBloom, Transaction, TxEnvelope, TxType,
};
use alloy_eips::eip2718::Decodable2718;
use alloy_json_rpc::ErrorPayload;
use alloy_primitives::{hex, keccak256, Bloom, Bytes, TxKind, B256, U256, U64};
use alloy_rpc_types_eth::{
    BlockId, BlockNumberOrTag, Filter, FilteredParams, Log, TransactionReceipt, TransactionRequest,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use stylus_devchain::{Devchain, Snapshot};

/// The answer to one call: a result, or a JSON-RPC error.
type Answer = Result<Value, ErrorPayload<Value>>;

/// The gas `eth_estimateGas` answers for what the devchain cannot dry-run (creations, value).
const UNESTIMATED_GAS: u64 = 10_000_000;

/// A JSON-RPC error without data.
pub(super) fn error(code: i64, message: impl Into<String>) -> ErrorPayload<Value> {
    ErrorPayload {
        code,
        message: message.into().into(),
        data: None,
    }
}

/// A revert as nodes report it: code 3, the revert data as hex in `data`.
fn reverted(data: &[u8]) -> ErrorPayload<Value> {
    ErrorPayload {
        code: 3,
        message: "execution reverted".into(),
        data: Some(Value::String(hex::encode_prefixed(data))),
    }
}

fn internal(e: impl std::fmt::Display) -> ErrorPayload<Value> {
    error(-32000, e.to_string())
}

/// Parameter `i` as `T` (a missing one reads as JSON null, for optional parameters).
fn param<T: DeserializeOwned>(params: &[Value], i: usize) -> Result<T, ErrorPayload<Value>> {
    serde_json::from_value(params.get(i).cloned().unwrap_or(Value::Null))
        .map_err(|e| error(-32602, format!("parameter {i}: {e}")))
}

/// A quantity as clients send it: a JSON number or a `0x` hex string.
fn quantity(params: &[Value], i: usize) -> Result<u64, ErrorPayload<Value>> {
    match params.get(i) {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s
            .strip_prefix("0x")
            .and_then(|h| u64::from_str_radix(h, 16).ok()),
        _ => None,
    }
    .ok_or_else(|| {
        error(
            -32602,
            format!("parameter {i}: a quantity (number or 0x hex)"),
        )
    })
}

fn json(value: impl Serialize) -> Answer {
    serde_json::to_value(value).map_err(internal)
}

/// The devchain and what a node remembers of its transactions.
pub(super) struct State {
    chain: Devchain,
    receipts: HashMap<B256, TransactionReceipt>,
    /// Revert data of each failed transaction, by block.
    failed_by_block: HashMap<u64, Bytes>,
    /// Every log of every successful transaction.
    logs: Vec<Log>,
    /// `evm_snapshot`s, oldest first (id = position + 1).
    snapshots: Vec<Saved>,
}

/// What `evm_snapshot` keeps: the chain and what the node remembers of its transactions.
struct Saved {
    chain: Snapshot,
    receipts: HashMap<B256, TransactionReceipt>,
    failed_by_block: HashMap<u64, Bytes>,
    logs: usize,
}

impl State {
    /// A fresh devchain.
    pub(super) fn new() -> anyhow::Result<Self> {
        Ok(Self {
            chain: Devchain::new()?,
            receipts: HashMap::new(),
            failed_by_block: HashMap::new(),
            logs: Vec::new(),
            snapshots: Vec::new(),
        })
    }

    /// Runs `method` with `params`.
    pub(super) fn handle(&mut self, method: &str, params: &[Value]) -> Answer {
        match method {
            "eth_chainId" => json(U64::from(self.chain.chain_id)),
            "net_version" => json(self.chain.chain_id.to_string()),
            "web3_clientVersion" => json(concat!("imo-devnode/", env!("CARGO_PKG_VERSION"))),
            "eth_accounts" => json([Devchain::DEV_ACCOUNT]),
            "eth_syncing" => json(false),
            "eth_getCode" => json(self.chain.code(param(params, 0)?)),
            "eth_getStorageAt" => {
                let slot: U256 = param(params, 1)?;
                json(B256::from(self.chain.storage(param(params, 0)?, slot)))
            }
            "evm_increaseTime" => {
                let seconds = quantity(params, 0)?;
                self.chain.advance_time(seconds);
                json(U64::from(seconds))
            }
            "evm_mine" => {
                let (number, timestamp) = (self.chain.block_number(), self.chain.timestamp());
                self.chain.set_block(number + 1, timestamp + 1);
                json("0x0")
            }
            "evm_snapshot" => {
                self.snapshots.push(Saved {
                    chain: self.chain.snapshot(),
                    receipts: self.receipts.clone(),
                    failed_by_block: self.failed_by_block.clone(),
                    logs: self.logs.len(),
                });
                json(U64::from(self.snapshots.len()))
            }
            "evm_revert" => json(self.revert(quantity(params, 0)?)),
            "anvil_setBalance" | "hardhat_setBalance" => {
                let wei: U256 = param(params, 1)?;
                self.chain.set_balance(param(params, 0)?, wei);
                json(true)
            }
            "eth_blockNumber" => json(U64::from(self.chain.block_number())),
            "eth_gasPrice" | "eth_maxPriorityFeePerGas" => json(U64::ZERO),
            "eth_getTransactionCount" => json(U64::from(self.chain.nonce(param(params, 0)?))),
            "eth_getBalance" => json(self.chain.balance(param(params, 0)?)),
            "eth_estimateGas" => self.estimate_gas(param(params, 0)?),
            "eth_call" => self.call(param(params, 0)?, param(params, 1)?),
            "eth_sendRawTransaction" => self.send_raw_transaction(&param::<Bytes>(params, 0)?),
            "eth_getTransactionReceipt" => json(self.receipts.get(&param::<B256>(params, 0)?)),
            "eth_getLogs" => self.logs(param(params, 0)?),
            "eth_getBlockByNumber" => self.latest_block(param(params, 0)?),
            other => Err(error(
                -32601,
                format!("method {other} not served by the devchain facade"),
            )),
        }
    }

    /// `evm_revert`: back to snapshot `id`, which is used up with every later one (as anvil and
    /// hardhat do). `false` for an unknown id.
    fn revert(&mut self, id: u64) -> bool {
        let Some(index) = usize::try_from(id)
            .ok()
            .and_then(|i| i.checked_sub(1))
            .filter(|i| *i < self.snapshots.len())
        else {
            return false;
        };
        let saved = self.snapshots.swap_remove(index);
        self.snapshots.truncate(index);
        self.chain.restore(&saved.chain);
        self.receipts = saved.receipts;
        self.failed_by_block = saved.failed_by_block;
        self.logs.truncate(saved.logs);
        true
    }

    /// The latest block's header (number, timestamp, gas limit), without transactions: the
    /// devchain keeps no history, so another block is refused.
    fn latest_block(&self, tag: BlockNumberOrTag) -> Answer {
        let number = self.chain.block_number();
        match tag {
            BlockNumberOrTag::Latest | BlockNumberOrTag::Pending => {}
            BlockNumberOrTag::Number(n) if n == number => {}
            other => {
                return Err(error(
                    -32602,
                    format!("the devchain facade serves only the latest block, not {other}"),
                ))
            }
        }
        let header = alloy_consensus::Header {
            number,
            timestamp: self.chain.timestamp(),
            gas_limit: 32_000_000,
            ..alloy_consensus::Header::default()
        };
        let block = alloy_rpc_types_eth::Block::<alloy_rpc_types_eth::Transaction> {
            header: alloy_rpc_types_eth::Header {
                hash: keccak256(number.to_be_bytes()),
                inner: header,
                total_difficulty: None,
                size: None,
            },
            uncles: Vec::new(),
            transactions: alloy_rpc_types_eth::BlockTransactions::Hashes(Vec::new()),
            withdrawals: None,
        };
        json(block)
    }

    fn estimate_gas(&mut self, tx: TransactionRequest) -> Answer {
        let (Some(TxKind::Call(to)), true) = (tx.to, tx.value.unwrap_or_default().is_zero()) else {
            return json(U64::from(UNESTIMATED_GAS));
        };
        let from = tx.from.unwrap_or(Devchain::DEV_ACCOUNT);
        let data = tx.input.input().cloned().unwrap_or_default();
        let r = self.chain.call(from, to, &data).map_err(internal)?;
        if !r.success {
            return Err(reverted(&r.output));
        }
        json(U64::from(r.gas_used))
    }

    fn call(&mut self, tx: TransactionRequest, block: Option<BlockId>) -> Answer {
        if let Some(BlockId::Number(BlockNumberOrTag::Number(n))) = block {
            if let Some(data) = self.failed_by_block.get(&(n + 1)) {
                return Err(reverted(data));
            }
        }
        let Some(TxKind::Call(to)) = tx.to else {
            return Err(error(-32602, "eth_call needs a `to`"));
        };
        let from = tx.from.unwrap_or(Devchain::DEV_ACCOUNT);
        let data = tx.input.input().cloned().unwrap_or_default();
        let r = self.chain.call(from, to, &data).map_err(internal)?;
        if !r.success {
            return Err(reverted(&r.output));
        }
        json(r.output)
    }

    fn send_raw_transaction(&mut self, raw: &[u8]) -> Answer {
        let tx = TxEnvelope::decode_2718(&mut &raw[..]).map_err(internal)?;
        let from = tx.recover_signer().map_err(internal)?;
        let chain = &mut self.chain;
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
        let receipt = match tx.kind() {
            TxKind::Call(to) => chain.send(from, to, tx.input(), tx.value()),
            TxKind::Create => chain.create(from, tx.input(), tx.value()),
        }
        .map_err(internal)?;
        // Each block one second after the previous one (what must wait for the next second, like
        // claiming a RevShare snapshot, can run).
        chain.advance_time(1);
        let hash = *tx.tx_hash();
        let block = receipt.block_number;
        let block_hash = keccak256(block.to_be_bytes());
        let mut bloom = Bloom::default();
        let logs: Vec<Log> = (0u64..)
            .zip(&receipt.logs)
            .map(|(index, log)| {
                bloom.accrue_log(log);
                Log {
                    inner: log.clone(),
                    block_hash: Some(block_hash),
                    block_number: Some(block),
                    block_timestamp: None,
                    transaction_hash: Some(hash),
                    transaction_index: Some(0),
                    log_index: Some(index),
                    removed: false,
                }
            })
            .collect();
        if receipt.success {
            self.logs.extend(logs.iter().cloned());
        } else {
            self.failed_by_block.insert(block, receipt.output.clone());
        }
        let consensus = ReceiptWithBloom::new(
            Receipt {
                status: Eip658Value::Eip658(receipt.success),
                cumulative_gas_used: receipt.gas_used,
                logs,
            },
            bloom,
        );
        let inner = match tx.tx_type() {
            TxType::Legacy => ReceiptEnvelope::Legacy(consensus),
            TxType::Eip2930 => ReceiptEnvelope::Eip2930(consensus),
            TxType::Eip1559 => ReceiptEnvelope::Eip1559(consensus),
            TxType::Eip4844 => ReceiptEnvelope::Eip4844(consensus),
            TxType::Eip7702 => ReceiptEnvelope::Eip7702(consensus),
        };
        self.receipts.insert(
            hash,
            TransactionReceipt {
                inner,
                transaction_hash: hash,
                transaction_index: Some(0),
                block_hash: Some(block_hash),
                block_number: Some(block),
                gas_used: receipt.gas_used,
                effective_gas_price: 0,
                blob_gas_used: None,
                blob_gas_price: None,
                from,
                to: tx.to(),
                contract_address: receipt.contract_address,
            },
        );
        json(hash)
    }

    fn logs(&self, filter: Filter) -> Answer {
        let params = FilteredParams::new(Some(filter));
        let matching: Vec<&Log> = self
            .logs
            .iter()
            .filter(|l| {
                params.filter_block_range(l.block_number.unwrap_or_default())
                    && params.filter_address(&l.address())
                    && params.filter_topics(l.topics())
            })
            .collect();
        json(matching)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::U256;

    #[test]
    fn value_parameters_and_unknown_methods() {
        let mut state = State::new().unwrap();
        let dev = serde_json::to_value(Devchain::DEV_ACCOUNT).unwrap();
        let balance = state
            .handle("eth_getBalance", &[dev, "latest".into()])
            .unwrap();
        let balance: U256 = serde_json::from_value(balance).unwrap();
        assert!(balance > U256::ZERO);
        let err = state.handle("eth_mining", &[]).unwrap_err();
        assert_eq!(err.code, -32601);
        let err = state
            .handle("eth_getBalance", &["0x12".into()])
            .unwrap_err();
        assert_eq!(err.code, -32602);
        let receipt = state.handle(
            "eth_getTransactionReceipt",
            &[B256::ZERO.to_string().into()],
        );
        assert_eq!(receipt.unwrap(), Value::Null);
    }
}
