//! What the node remembers of its chain: every block (one per transaction, or mined empty by
//! `evm_mine`), every transaction with its receipt, the logs, and the revert data of failed
//! transactions. The devchain itself keeps only the latest state.

use alloy_consensus::{
    Eip658Value, Receipt, ReceiptEnvelope, ReceiptWithBloom, Transaction as _, TxEnvelope, TxType,
};
use alloy_primitives::{keccak256, Address, Bloom, Bytes, B256};
use alloy_rpc_types_eth::{
    Block, BlockNumberOrTag, BlockTransactions, FeeHistory, Header, Log, Transaction,
    TransactionReceipt,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use stylus_devchain::Receipt as ChainReceipt;

/// The gas limit every block reports.
pub(super) const BLOCK_GAS_LIMIT: u64 = 32_000_000;

/// One block.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct BlockRecord {
    hash: B256,
    timestamp: u64,
    gas_used: u64,
    bloom: Bloom,
    /// Its transaction, if any.
    tx: Option<B256>,
}

/// The node's memory of its chain (written whole to a `--state` file).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct History {
    /// Blocks by number (genesis first).
    blocks: Vec<BlockRecord>,
    by_hash: HashMap<B256, u64>,
    transactions: HashMap<B256, Transaction>,
    pub(super) receipts: HashMap<B256, TransactionReceipt>,
    /// Revert data of each failed transaction, by block.
    pub(super) failed_by_block: HashMap<u64, Bytes>,
    /// Every log of every successful transaction.
    pub(super) logs: Vec<Log>,
}

impl History {
    /// A history holding the genesis block (number 0) at `timestamp`.
    pub(super) fn new(timestamp: u64) -> Self {
        let mut history = Self {
            blocks: Vec::new(),
            by_hash: HashMap::new(),
            transactions: HashMap::new(),
            receipts: HashMap::new(),
            failed_by_block: HashMap::new(),
            logs: Vec::new(),
        };
        history.push(timestamp, 0, Bloom::default(), None);
        history
    }

    fn push(&mut self, timestamp: u64, gas_used: u64, bloom: Bloom, tx: Option<B256>) -> B256 {
        let number = self.blocks.len() as u64;
        let mut seed = number.to_be_bytes().to_vec();
        seed.extend_from_slice(&timestamp.to_be_bytes());
        seed.extend_from_slice(tx.unwrap_or_default().as_slice());
        let hash = keccak256(seed);
        self.by_hash.insert(hash, number);
        self.blocks.push(BlockRecord {
            hash,
            timestamp,
            gas_used,
            bloom,
            tx,
        });
        hash
    }

    /// The latest block's number.
    pub(super) fn latest(&self) -> u64 {
        self.blocks.len() as u64 - 1
    }

    /// Records an empty block at `timestamp` (`evm_mine`).
    pub(super) fn mine_empty(&mut self, timestamp: u64) {
        self.push(timestamp, 0, Bloom::default(), None);
    }

    /// Records the block of transaction `tx` (from `from`) that the chain ran with `receipt` at
    /// `timestamp`.
    pub(super) fn mine(
        &mut self,
        tx: TxEnvelope,
        from: Address,
        receipt: &ChainReceipt,
        timestamp: u64,
    ) -> B256 {
        let hash = *tx.tx_hash();
        let block = receipt.block_number;
        let mut bloom = Bloom::default();
        for log in &receipt.logs {
            bloom.accrue_log(log);
        }
        let block_hash = self.push(timestamp, receipt.gas_used, bloom, Some(hash));
        // One transaction per block: its logs' indexes in the block start at 0.
        let logs: Vec<Log> = (0u64..)
            .zip(&receipt.logs)
            .map(|(index, log)| Log {
                inner: log.clone(),
                block_hash: Some(block_hash),
                block_number: Some(block),
                block_timestamp: Some(timestamp),
                transaction_hash: Some(hash),
                transaction_index: Some(0),
                log_index: Some(index),
                removed: false,
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
                logs: if receipt.success { logs } else { Vec::new() },
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
        self.transactions.insert(
            hash,
            Transaction {
                inner: tx,
                block_hash: Some(block_hash),
                block_number: Some(block),
                transaction_index: Some(0),
                effective_gas_price: Some(0),
                from,
            },
        );
        hash
    }

    /// The number a tag names (`None`: a block that does not exist).
    pub(super) fn number(&self, tag: BlockNumberOrTag) -> Option<u64> {
        match tag {
            BlockNumberOrTag::Earliest => Some(0),
            BlockNumberOrTag::Number(n) if n <= self.latest() => Some(n),
            BlockNumberOrTag::Number(_) => None,
            _ => Some(self.latest()),
        }
    }

    /// The number of the block with `hash`.
    pub(super) fn number_of(&self, hash: B256) -> Option<u64> {
        self.by_hash.get(&hash).copied()
    }

    /// The hash of block `number`'s transaction, if it has one.
    pub(super) fn transaction_of(&self, number: u64) -> Option<B256> {
        self.blocks.get(usize::try_from(number).ok()?)?.tx
    }

    /// The timestamp of block `number` (0 for a block that does not exist).
    pub(super) fn timestamp_of(&self, number: u64) -> u64 {
        usize::try_from(number)
            .ok()
            .and_then(|n| self.blocks.get(n))
            .map_or(0, |b| b.timestamp)
    }

    /// A transaction by hash.
    pub(super) fn transaction(&self, hash: B256) -> Option<&Transaction> {
        self.transactions.get(&hash)
    }

    /// Block `number` with its transaction's hash, or the whole transaction when `full`.
    pub(super) fn block(&self, number: u64, full: bool) -> Option<Block<Transaction>> {
        let record = self.blocks.get(usize::try_from(number).ok()?)?;
        let parent_hash = number
            .checked_sub(1)
            .and_then(|p| self.blocks.get(usize::try_from(p).ok()?))
            .map(|b| b.hash)
            .unwrap_or_default();
        let header = alloy_consensus::Header {
            parent_hash,
            number,
            timestamp: record.timestamp,
            gas_limit: BLOCK_GAS_LIMIT,
            gas_used: record.gas_used,
            logs_bloom: record.bloom,
            base_fee_per_gas: Some(0),
            ..alloy_consensus::Header::default()
        };
        let transactions = match (record.tx, full) {
            (None, _) => BlockTransactions::Hashes(Vec::new()),
            (Some(hash), false) => BlockTransactions::Hashes(vec![hash]),
            (Some(hash), true) => {
                BlockTransactions::Full(self.transactions.get(&hash).cloned().into_iter().collect())
            }
        };
        Some(Block {
            header: Header {
                hash: record.hash,
                inner: header,
                total_difficulty: Some(alloy_primitives::U256::ZERO),
                size: None,
            },
            uncles: Vec::new(),
            transactions,
            withdrawals: None,
        })
    }

    /// `eth_feeHistory` for `count` blocks up to `newest`: base fees (0), gas used ratios, and
    /// rewards (0) for each percentile asked.
    pub(super) fn fee_history(&self, count: u64, newest: u64, percentiles: &[f64]) -> FeeHistory {
        let count = count.min(newest + 1).min(1024);
        let oldest = newest + 1 - count;
        let ratios: Vec<f64> = (oldest..=newest)
            .map(|n| {
                self.blocks
                    .get(usize::try_from(n).unwrap_or(usize::MAX))
                    .map_or(0.0, |b| b.gas_used as f64 / BLOCK_GAS_LIMIT as f64)
            })
            .collect();
        FeeHistory {
            base_fee_per_gas: vec![0; ratios.len() + 1],
            gas_used_ratio: ratios.clone(),
            base_fee_per_blob_gas: Vec::new(),
            blob_gas_used_ratio: Vec::new(),
            oldest_block: oldest,
            reward: (!percentiles.is_empty())
                .then(|| vec![vec![0; percentiles.len()]; ratios.len()]),
        }
    }
}
