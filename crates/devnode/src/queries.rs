//! The rest of the standard read set and anvil's state methods: receipts and transactions by
//! block (`eth_getBlockReceipts`, `eth_getBlockTransactionCountByNumber` / `ByHash`,
//! `eth_getTransactionByBlockNumberAndIndex` / `ByBlockHashAndIndex`, the uncle counts),
//! `evm_setNextBlockTimestamp`, and `anvil_dumpState` / `anvil_loadState` (the `--state` file's
//! contents as hex).

use super::execution::block_param;
use super::methods::{error, json, param, quantity, Answer, State};
use alloy_primitives::{Bytes, B256, U64};
use alloy_rpc_types_eth::{BlockId, BlockNumberOrTag};
use serde_json::Value;

/// The latest timestamp `evm_setNextBlockTimestamp` takes (room left for the clock to run).
const MAX_TIMESTAMP: u64 = u64::MAX / 2;

impl State {
    /// Answers `method` when it is one of this module's; `None` otherwise.
    pub(super) fn query(&mut self, method: &str, params: &[Value]) -> Option<Answer> {
        Some(match method {
            "eth_getBlockReceipts" => self.block_receipts(params),
            "eth_getBlockTransactionCountByNumber" => param::<BlockNumberOrTag>(params, 0)
                .and_then(|tag| {
                    let n = self.history.number(tag);
                    json(n.map(|n| self.transaction_count(n)))
                }),
            "eth_getBlockTransactionCountByHash" => param::<B256>(params, 0).and_then(|hash| {
                let n = self.history.number_of(hash);
                json(n.map(|n| self.transaction_count(n)))
            }),
            "eth_getTransactionByBlockNumberAndIndex" => param::<BlockNumberOrTag>(params, 0)
                .and_then(|tag| self.transaction_at(self.history.number(tag), params)),
            "eth_getTransactionByBlockHashAndIndex" => param::<B256>(params, 0)
                .and_then(|hash| self.transaction_at(self.history.number_of(hash), params)),
            "eth_getUncleCountByBlockNumber" | "eth_getUncleCountByBlockHash" => json(U64::ZERO),
            "evm_setNextBlockTimestamp" | "anvil_setNextBlockTimestamp" => {
                quantity(params, 0).and_then(|at| self.set_next_timestamp(at))
            }
            "anvil_dumpState" => self
                .to_state_file()
                .map_err(super::methods::internal)
                .and_then(|bytes| json(Bytes::from(bytes))),
            "anvil_loadState" => param::<Bytes>(params, 0).and_then(|bytes| {
                let state = Self::from_state_bytes(&bytes, "the anvil_loadState data")
                    .map_err(|e| error(-32602, format!("{e:#}")))?;
                let accounts = self.accounts.clone();
                *self = state;
                self.accounts = accounts;
                json(true)
            }),
            _ => return None,
        })
    }

    /// How many transactions block `number` holds (0 or 1: one transaction per block).
    fn transaction_count(&self, number: u64) -> U64 {
        U64::from(u8::from(self.history.transaction_of(number).is_some()))
    }

    /// The transaction at index `params[1]` of block `number` (null when there is none).
    fn transaction_at(&self, number: Option<u64>, params: &[Value]) -> Answer {
        let index = quantity(params, 1)?;
        let tx = number
            .and_then(|n| self.history.transaction_of(n))
            .filter(|_| index == 0)
            .and_then(|hash| self.history.transaction(hash));
        json(tx)
    }

    /// `eth_getBlockReceipts`: the receipts of a block's transactions (null for no such block).
    fn block_receipts(&self, params: &[Value]) -> Answer {
        let number = match block_param(params, 0)? {
            None => Some(self.history.latest()),
            Some(BlockId::Number(tag)) => self.history.number(tag),
            Some(BlockId::Hash(h)) => self.history.number_of(h.block_hash),
        };
        let Some(number) = number else {
            return json(Value::Null);
        };
        let receipts: Vec<_> = self
            .history
            .transaction_of(number)
            .and_then(|hash| self.history.receipts.get(&hash))
            .into_iter()
            .collect();
        json(receipts)
    }

    /// `evm_setNextBlockTimestamp`: the next block is at `at` (not before the latest block).
    fn set_next_timestamp(&mut self, at: u64) -> Answer {
        let latest = self.history.timestamp_of(self.history.latest());
        if at < latest || at > MAX_TIMESTAMP {
            return Err(error(
                -32602,
                format!("timestamp {at} is not between the latest block's ({latest}) and {MAX_TIMESTAMP}"),
            ));
        }
        let number = self.chain.block_number();
        self.chain.set_block(number, at);
        json(U64::from(at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::hex;

    fn send(state: &mut State) -> B256 {
        let alice = state.accounts.addresses()[1];
        let request = serde_json::json!({"from": alice, "to": alice, "value": "0x1"});
        serde_json::from_value(state.handle("eth_sendTransaction", &[request]).unwrap()).unwrap()
    }

    #[test]
    fn receipts_and_transactions_are_found_by_block() {
        let mut state = State::new().unwrap();
        let hash = send(&mut state);
        let latest = "latest".into();
        let receipts = state.handle("eth_getBlockReceipts", &[latest]).unwrap();
        assert_eq!(receipts[0]["transactionHash"], hash.to_string());
        let count = state
            .handle("eth_getBlockTransactionCountByNumber", &["0x1".into()])
            .unwrap();
        assert_eq!(count, "0x1");
        let empty = state
            .handle("eth_getBlockTransactionCountByNumber", &["0x0".into()])
            .unwrap();
        assert_eq!(empty, "0x0");
        let tx = state
            .handle(
                "eth_getTransactionByBlockNumberAndIndex",
                &["0x1".into(), "0x0".into()],
            )
            .unwrap();
        assert_eq!(tx["hash"], hash.to_string());
        let none = state
            .handle(
                "eth_getTransactionByBlockNumberAndIndex",
                &["0x1".into(), "0x1".into()],
            )
            .unwrap();
        assert_eq!(none, Value::Null);
        let missing = state
            .handle("eth_getBlockReceipts", &["0x63".into()])
            .unwrap();
        assert_eq!(missing, Value::Null);
    }

    #[test]
    fn the_next_block_takes_the_timestamp_set() {
        let mut state = State::new().unwrap();
        let at = state.chain.timestamp() + 1_000;
        state
            .handle("evm_setNextBlockTimestamp", &[at.into()])
            .unwrap();
        send(&mut state);
        let block = state
            .handle("eth_getBlockByNumber", &["latest".into(), false.into()])
            .unwrap();
        assert_eq!(block["timestamp"], format!("{at:#x}"));
        let err = state
            .handle("evm_setNextBlockTimestamp", &[(at - 5).into()])
            .unwrap_err();
        assert_eq!(err.code, -32602);
    }

    #[test]
    fn a_dumped_state_loads_back() {
        let mut state = State::new().unwrap();
        send(&mut state);
        let dump = state.handle("anvil_dumpState", &[]).unwrap();
        let mut other = State::new().unwrap();
        assert_eq!(other.handle("anvil_loadState", &[dump]).unwrap(), true);
        assert_eq!(other.history.latest(), 1);
        assert_eq!(other.chain.dump(), state.chain.dump());
        let err = other
            .handle("anvil_loadState", &[hex::encode_prefixed(b"{}").into()])
            .unwrap_err();
        assert_eq!(err.code, -32602);
    }
}
