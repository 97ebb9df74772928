//! The Ethereum JSON-RPC methods the node serves, on a devchain, with alloy's RPC types: the
//! dispatch, the node-information and state methods, and the test methods (`evm_*`, `anvil_*`
//! and their `hardhat_*` twins). Blocks and transactions are in [`super::history`], calls and
//! transactions in [`super::execution`].

use super::accounts::Accounts;
use super::execution::block_param;
use super::filters::Filters;
use super::history::History;
use alloy_json_rpc::ErrorPayload;
use alloy_primitives::{hex, Address, Bytes, B256, U256, U64};
use alloy_rpc_types_eth::{BlockNumberOrTag, Filter, FilterBlockOption, FilteredParams, Log};
use alloy_sol_types::SolValue;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use stylus_devchain::{Devchain, Snapshot};

/// The answer to one call: a result, or a JSON-RPC error.
pub(super) type Answer = Result<Value, ErrorPayload<Value>>;

/// Multicall3's canonical address, where the node installs `solidity/src/Multicall3.sol`.
pub const MULTICALL3_ADDRESS: Address =
    alloy_primitives::address!("cA11bde05977b3631167028862bE2a173976CA11");

/// The compiled `solidity/src/Multicall3.sol`.
const MULTICALL3: &str = include_str!("../../../solidity/out/Multicall3.json");

/// The compiled `solidity/src/CacheManager.sol`.
const CACHE_MANAGER: &str = include_str!("../../../solidity/out/CacheManager.json");

/// The account that creates the CacheManager at genesis (nonce 0), so that no user account's
/// nonce moves.
pub const GENESIS_DEPLOYER: Address =
    alloy_primitives::address!("00000000000000000000000000000000000ca5e0");

/// The program cache's size in the CacheManager (bytes of programs, each counted as at least 4 KiB).
pub const CACHE_SIZE: u64 = 4 * 1024 * 1024;

/// The CacheManager's address: what [`GENESIS_DEPLOYER`] creates with nonce 0.
pub fn cache_manager_address() -> Address {
    GENESIS_DEPLOYER.create(0)
}

/// `field` of a solc artifact as bytes.
fn artifact_bytes(artifact: &str, field: &str) -> anyhow::Result<Vec<u8>> {
    let artifact: Value = serde_json::from_str(artifact)?;
    artifact[field]
        .as_str()
        .and_then(|h| hex::decode(h).ok())
        .ok_or_else(|| anyhow::anyhow!("the artifact has no {field}"))
}

/// A JSON-RPC error without data.
pub(super) fn error(code: i64, message: impl Into<String>) -> ErrorPayload<Value> {
    ErrorPayload {
        code,
        message: message.into().into(),
        data: None,
    }
}

/// A revert as nodes report it: code 3, the revert data as hex in `data`.
pub(super) fn reverted(data: &[u8]) -> ErrorPayload<Value> {
    ErrorPayload {
        code: 3,
        message: "execution reverted".into(),
        data: Some(Value::String(hex::encode_prefixed(data))),
    }
}

/// A server error (-32000).
pub(super) fn internal(e: impl std::fmt::Display) -> ErrorPayload<Value> {
    error(-32000, e.to_string())
}

/// Parameter `i` as `T` (a missing one reads as JSON null, for optional parameters).
pub(super) fn param<T: DeserializeOwned>(
    params: &[Value],
    i: usize,
) -> Result<T, ErrorPayload<Value>> {
    serde_json::from_value(params.get(i).cloned().unwrap_or(Value::Null))
        .map_err(|e| error(-32602, format!("parameter {i}: {e}")))
}

/// A quantity as clients send it: a JSON number or a `0x` hex string.
pub(super) fn quantity(params: &[Value], i: usize) -> Result<u64, ErrorPayload<Value>> {
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

/// A value as its JSON answer.
pub(super) fn json(value: impl Serialize) -> Answer {
    serde_json::to_value(value).map_err(internal)
}

/// The devchain and what the node remembers of it.
pub(super) struct State {
    pub(super) chain: Devchain,
    pub(super) history: History,
    /// `evm_snapshot`s, oldest first (id = position + 1).
    snapshots: Vec<(Snapshot, History)>,
    /// Installed log and block filters.
    pub(super) filters: Filters,
    /// The accounts the node signs for or impersonates.
    pub(super) accounts: Accounts,
}

impl State {
    /// A fresh devchain with Multicall3 at its canonical address and a CacheManager registered
    /// with ArbWasmCache (owned by the dev account).
    pub(super) fn new() -> anyhow::Result<Self> {
        let mut chain = Devchain::new()?;
        chain.set_code(
            MULTICALL3_ADDRESS,
            &artifact_bytes(MULTICALL3, "deployedBytecode")?,
        );
        chain.set_nonce(MULTICALL3_ADDRESS, 1);
        let (number, timestamp) = (chain.block_number(), chain.timestamp());
        let mut creation = artifact_bytes(CACHE_MANAGER, "bytecode")?;
        creation.extend((Devchain::DEV_ACCOUNT, CACHE_SIZE, 0u64).abi_encode_params());
        let manager = chain
            .create(GENESIS_DEPLOYER, &creation, U256::ZERO)?
            .ok()?
            .contract_address
            .ok_or_else(|| anyhow::anyhow!("the CacheManager was not created"))?;
        chain.add_cache_manager(manager);
        chain.set_block(number, timestamp);
        let accounts = Accounts::fund(&mut chain)?;
        let history = History::new(chain.timestamp());
        Ok(Self {
            chain,
            history,
            snapshots: Vec::new(),
            filters: Filters::default(),
            accounts,
        })
    }

    /// Runs `method` with `params`.
    pub(super) fn handle(&mut self, method: &str, params: &[Value]) -> Answer {
        match method {
            "eth_chainId" => json(U64::from(self.chain.chain_id)),
            "net_version" => json(self.chain.chain_id.to_string()),
            "net_listening" => json(true),
            "web3_clientVersion" => json(concat!("imo-devnode/", env!("CARGO_PKG_VERSION"))),
            "eth_accounts" => json(self.accounts.addresses()),
            "eth_syncing" => json(false),
            "eth_blockNumber" => json(U64::from(self.history.latest())),
            "eth_gasPrice" | "eth_maxPriorityFeePerGas" | "eth_blobBaseFee" => json(U64::ZERO),
            "eth_getCode" => {
                let code = self.chain.code(param(params, 0)?);
                self.latest_value(block_param(params, 1)?, json(code)?)
            }
            "eth_getStorageAt" => {
                let slot: U256 = param(params, 1)?;
                let word = B256::from(self.chain.storage(param(params, 0)?, slot));
                self.latest_value(block_param(params, 2)?, json(word)?)
            }
            "eth_getTransactionCount" => {
                let nonce = U64::from(self.chain.nonce(param(params, 0)?));
                self.latest_value(block_param(params, 1)?, json(nonce)?)
            }
            "eth_getBalance" => {
                let balance = self.chain.balance(param(params, 0)?);
                self.latest_value(block_param(params, 1)?, json(balance)?)
            }
            "eth_estimateGas" => {
                let tx = param(params, 0)?;
                let block = block_param(params, 1)?;
                let overrides: Option<_> = param(params, 2)?;
                let gas = self.estimate_gas(&tx, block, overrides.as_ref())?;
                json(U64::from(gas))
            }
            "eth_call" => self.call(
                param(params, 0)?,
                block_param(params, 1)?,
                param(params, 2)?,
            ),
            "eth_sendTransaction" => self.send_transaction(param(params, 0)?),
            "anvil_impersonateAccount" | "hardhat_impersonateAccount" => {
                self.impersonate(param(params, 0)?, true)
            }
            "anvil_stopImpersonatingAccount" | "hardhat_stopImpersonatingAccount" => {
                self.impersonate(param(params, 0)?, false)
            }
            "eth_sendRawTransaction" => self.send_raw_transaction(&param::<Bytes>(params, 0)?),
            "eth_getTransactionReceipt" => {
                json(self.history.receipts.get(&param::<B256>(params, 0)?))
            }
            "eth_getTransactionByHash" => json(self.history.transaction(param(params, 0)?)),
            "eth_getBlockByNumber" => {
                let tag: BlockNumberOrTag = param(params, 0)?;
                let full = param::<Option<bool>>(params, 1)?.unwrap_or(false);
                let block = self
                    .history
                    .number(tag)
                    .and_then(|n| self.history.block(n, full));
                json(block)
            }
            "eth_getBlockByHash" => {
                let full = param::<Option<bool>>(params, 1)?.unwrap_or(false);
                let block = self
                    .history
                    .number_of(param(params, 0)?)
                    .and_then(|n| self.history.block(n, full));
                json(block)
            }
            "eth_feeHistory" => {
                let count = quantity(params, 0)?;
                let newest = self
                    .history
                    .number(param(params, 1)?)
                    .ok_or_else(|| error(-32000, "newest block not found"))?;
                let percentiles = param::<Option<Vec<f64>>>(params, 2)?.unwrap_or_default();
                json(self.history.fee_history(count, newest, &percentiles))
            }
            "eth_getLogs" => self.logs(param(params, 0)?),
            "eth_newFilter" => self.new_filter(param(params, 0)?),
            "eth_newBlockFilter" => self.new_block_filter(),
            "eth_getFilterChanges" => self.filter_changes(param(params, 0)?),
            "eth_getFilterLogs" => self.filter_logs(param(params, 0)?),
            "eth_uninstallFilter" => self.uninstall_filter(param(params, 0)?),
            "evm_increaseTime" => {
                let seconds = quantity(params, 0)?;
                self.chain.advance_time(seconds);
                json(U64::from(seconds))
            }
            "evm_mine" | "anvil_mine" | "hardhat_mine" => {
                let blocks = if params.is_empty() {
                    1
                } else {
                    quantity(params, 0)?.clamp(1, 10_000)
                };
                for _ in 0..blocks {
                    self.mine_empty_block(1);
                }
                json("0x0")
            }
            "evm_snapshot" | "anvil_snapshot" => {
                self.snapshots
                    .push((self.chain.snapshot(), self.history.clone()));
                json(U64::from(self.snapshots.len()))
            }
            "evm_revert" | "anvil_revert" => json(self.revert(quantity(params, 0)?)),
            "anvil_setBalance" | "hardhat_setBalance" => {
                let wei: U256 = param(params, 1)?;
                self.chain.set_balance(param(params, 0)?, wei);
                json(true)
            }
            "anvil_setCode" | "hardhat_setCode" => {
                let code: Bytes = param(params, 1)?;
                self.chain.set_code(param(params, 0)?, &code);
                json(true)
            }
            "anvil_setNonce" | "hardhat_setNonce" => {
                let nonce = quantity(params, 1)?;
                self.chain.set_nonce(param(params, 0)?, nonce);
                json(true)
            }
            "anvil_setStorageAt" | "hardhat_setStorageAt" => {
                let (slot, value): (U256, B256) = (param(params, 1)?, param(params, 2)?);
                self.chain
                    .set_storage(param(params, 0)?, slot, value.into());
                json(true)
            }
            other => self.query(other, params).unwrap_or_else(|| {
                Err(error(
                    -32601,
                    format!("method {other} not served by imo devnode"),
                ))
            }),
        }
    }

    /// Mines an empty block; the next one is `seconds` later (`evm_mine`: 1, `--block-time`).
    pub(super) fn mine_empty_block(&mut self, seconds: u64) {
        let (number, timestamp) = (self.chain.block_number(), self.chain.timestamp());
        self.history.mine_empty(timestamp);
        self.chain
            .set_block(number + 1, timestamp.saturating_add(seconds));
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
        let (chain, history) = self.snapshots.swap_remove(index);
        self.snapshots.truncate(index);
        self.chain.restore(&chain);
        self.history = history;
        true
    }

    /// `eth_getLogs`: the logs matching `filter` (block range or hash, addresses, topics).
    pub(super) fn logs(&self, filter: Filter) -> Answer {
        let latest = self.history.latest();
        let (from, to) = match filter.block_option {
            FilterBlockOption::AtBlockHash(hash) => {
                let n = self
                    .history
                    .number_of(hash)
                    .ok_or_else(|| error(-32000, format!("block {hash} not found")))?;
                (n, n)
            }
            FilterBlockOption::Range {
                from_block,
                to_block,
            } => {
                // A number past the latest block stays as it is (a range not mined yet).
                let at = |tag: Option<BlockNumberOrTag>| match tag {
                    Some(BlockNumberOrTag::Number(n)) => n,
                    Some(t) => self.history.number(t).unwrap_or(latest),
                    None => latest,
                };
                (at(from_block), at(to_block))
            }
        };
        let params = FilteredParams::new(Some(filter));
        let matching: Vec<&Log> = self
            .history
            .logs
            .iter()
            .filter(|l| {
                let n = l.block_number.unwrap_or_default();
                n >= from
                    && n <= to
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
