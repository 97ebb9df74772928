//! Running transactions: `eth_call` and `eth_estimateGas` (calls and creations, with value, a gas
//! limit, state overrides, at the latest block or refused at another), gas estimation by binary
//! search as nodes do it, and `eth_sendRawTransaction`.

use super::methods::{error, internal, json, reverted, Answer, State};
use alloy_consensus::Transaction as _;
use alloy_consensus::TxEnvelope;
use alloy_eips::eip2718::Decodable2718;
use alloy_json_rpc::ErrorPayload;
use alloy_primitives::{Bytes, TxKind};
use alloy_rpc_types_eth::state::StateOverride;
use alloy_rpc_types_eth::{BlockId, BlockNumberOrTag, TransactionRequest};
use serde_json::Value;
use stylus_devchain::{Devchain, Receipt};

/// The most gas a call or an estimate may use (a transaction's limit on the devchain).
const GAS_CAP: u64 = 30_000_000;

impl State {
    /// Refuses a block other than the latest one: the devchain keeps only the latest state. (The
    /// parent block of a failed transaction answers with its revert data: what clients ask to
    /// learn why a transaction failed.)
    fn at_latest(&self, block: Option<BlockId>) -> Result<(), ErrorPayload<Value>> {
        let number = match block {
            None => return Ok(()),
            Some(BlockId::Number(tag)) => match self.history.number(tag) {
                Some(n) => n,
                None => return Err(error(-32000, format!("block {tag} not found"))),
            },
            Some(BlockId::Hash(h)) => self
                .history
                .number_of(h.block_hash)
                .ok_or_else(|| error(-32000, format!("block {} not found", h.block_hash)))?,
        };
        if number == self.history.latest() {
            return Ok(());
        }
        if let Some(data) = self.history.failed_by_block.get(&(number + 1)) {
            return Err(reverted(data));
        }
        Err(error(
            -32000,
            format!(
                "state at block {number} is not kept: the devnode answers at the latest block ({})",
                self.history.latest()
            ),
        ))
    }

    /// Runs `tx` with at most `gas` without keeping anything: a plain call runs as a call, a
    /// transfer or a creation runs on a snapshot the chain returns to.
    fn dry_run(
        &mut self,
        tx: &TransactionRequest,
        gas: u64,
        overrides: Option<&StateOverride>,
    ) -> Result<Receipt, ErrorPayload<Value>> {
        let from = tx.from.unwrap_or(Devchain::DEV_ACCOUNT);
        let value = tx.value.unwrap_or_default();
        let data = tx.input.input().cloned().unwrap_or_default();
        let needs_snapshot =
            overrides.is_some() || !value.is_zero() || !matches!(tx.to, Some(TxKind::Call(_)));
        let snapshot = needs_snapshot.then(|| self.chain.snapshot());
        if let Some(overrides) = overrides {
            self.apply(overrides);
        }
        let limit = std::mem::replace(&mut self.chain.tx_gas_limit, gas);
        let r = match tx.to {
            Some(TxKind::Call(to)) if value.is_zero() && snapshot.is_none() => {
                self.chain.call(from, to, &data)
            }
            Some(TxKind::Call(to)) => self.chain.send(from, to, &data, value),
            _ => self.chain.create(from, &data, value),
        };
        self.chain.tx_gas_limit = limit;
        if let Some(snapshot) = snapshot {
            self.chain.restore(&snapshot);
        }
        r.map_err(|e| {
            let message = e.to_string();
            if message.contains("LackOfFundForMaxFee") || message.contains("funds") {
                error(
                    -32000,
                    format!("insufficient funds for value {value}: {message}"),
                )
            } else {
                internal(message)
            }
        })
    }

    /// Applies `eth_call`'s state overrides (balance, nonce, code, whole storage, storage
    /// slots) to the chain.
    fn apply(&mut self, overrides: &StateOverride) {
        for (address, o) in overrides {
            if let Some(balance) = o.balance {
                self.chain.set_balance(*address, balance);
            }
            if let Some(nonce) = o.nonce {
                self.chain.set_nonce(*address, nonce);
            }
            if let Some(code) = &o.code {
                self.chain.set_code(*address, code);
            }
            if let Some(state) = &o.state {
                self.chain.replace_storage(
                    *address,
                    state.iter().map(|(k, v)| ((*k).into(), (*v).into())),
                );
            }
            if let Some(diff) = &o.state_diff {
                for (slot, value) in diff {
                    self.chain
                        .set_storage(*address, (*slot).into(), (*value).into());
                }
            }
        }
    }

    /// Runs `tx` at the latest block (or refuses another) with its gas limit capped, for
    /// `eth_call` and the first try of `eth_estimateGas`: the receipt of a success and the cap,
    /// or the revert as nodes report it.
    fn run_latest(
        &mut self,
        tx: &TransactionRequest,
        block: Option<BlockId>,
        overrides: Option<&StateOverride>,
    ) -> Result<(Receipt, u64), ErrorPayload<Value>> {
        self.at_latest(block)?;
        let cap = tx.gas.unwrap_or(GAS_CAP).min(GAS_CAP);
        let r = self.dry_run(tx, cap, overrides)?;
        if !r.success {
            return Err(reverted(&r.output));
        }
        Ok((r, cap))
    }

    /// `eth_call`: the return data, or the revert as nodes report it.
    pub(super) fn call(
        &mut self,
        tx: TransactionRequest,
        block: Option<BlockId>,
        overrides: Option<StateOverride>,
    ) -> Answer {
        let (r, _) = self.run_latest(&tx, block, overrides.as_ref())?;
        json(r.output)
    }

    /// `eth_estimateGas`: the least gas limit (within 1.5%) with which `tx` succeeds, found by
    /// binary search between what it used and the cap, as nodes do; a revert at the cap is
    /// reported as the node would.
    pub(super) fn estimate_gas(
        &mut self,
        tx: &TransactionRequest,
        block: Option<BlockId>,
        overrides: Option<&StateOverride>,
    ) -> Result<u64, ErrorPayload<Value>> {
        let (first, cap) = self.run_latest(tx, block, overrides)?;
        // Usually what it used is enough; the 63/64 rule and refunds make some need more.
        if self.dry_run(tx, first.gas_used, overrides)?.success {
            return Ok(first.gas_used);
        }
        let (mut low, mut high) = (first.gas_used, cap);
        while high - low > 1 && (high - low) * 1000 / high > 15 {
            let mid = low + (high - low) / 2;
            if self.dry_run(tx, mid, overrides)?.success {
                high = mid;
            } else {
                low = mid;
            }
        }
        Ok(high)
    }

    /// `eth_sendRawTransaction`: runs a signed transaction as the next block.
    pub(super) fn send_raw_transaction(&mut self, raw: &[u8]) -> Answer {
        let tx = TxEnvelope::decode_2718(&mut &raw[..])
            .map_err(|e| error(-32602, format!("not a signed transaction: {e}")))?;
        let from = tx
            .recover_signer()
            .map_err(|e| error(-32602, format!("bad signature: {e}")))?;
        self.run_transaction(tx, from)
    }

    /// Runs transaction `tx` from `from` as the next block (chain id, nonce and intrinsic gas
    /// checked; its gas limit enforced): its hash.
    pub(super) fn run_transaction(
        &mut self,
        tx: TxEnvelope,
        from: alloy_primitives::Address,
    ) -> Answer {
        let chain = &mut self.chain;
        if tx.chain_id().is_some_and(|id| id != chain.chain_id) {
            return Err(error(
                -32000,
                format!(
                    "wrong chain id {:?} (this chain: {})",
                    tx.chain_id(),
                    chain.chain_id
                ),
            ));
        }
        let expected = chain.nonce(from);
        if tx.nonce() != expected {
            let which = if tx.nonce() < expected {
                "too low"
            } else {
                "too high"
            };
            return Err(error(
                -32000,
                format!(
                    "nonce {which}: transaction {}, account {expected}",
                    tx.nonce()
                ),
            ));
        }
        if tx.gas_limit() < 21_000 {
            return Err(error(
                -32000,
                format!("intrinsic gas too low: {}", tx.gas_limit()),
            ));
        }
        let limit = std::mem::replace(&mut chain.tx_gas_limit, tx.gas_limit().min(GAS_CAP));
        let input: Bytes = tx.input().clone();
        let receipt = match tx.kind() {
            TxKind::Call(to) => chain.send(from, to, &input, tx.value()),
            TxKind::Create => chain.create(from, &input, tx.value()),
        };
        chain.tx_gas_limit = limit;
        let receipt = receipt.map_err(|e| error(-32000, e.to_string()))?;
        let timestamp = chain.timestamp();
        // Each block one second after the previous one (what must wait for the next second, like
        // claiming a RevShare snapshot, can run).
        chain.advance_time(1);
        let hash = self.history.mine(tx, from, &receipt, timestamp);
        json(hash)
    }

    /// `eth_getBalance` and friends: the latest state, or a refusal for another block.
    pub(super) fn latest_value(&self, block: Option<BlockId>, value: Value) -> Answer {
        self.at_latest(block)?;
        Ok(value)
    }
}

/// `block` parameter as clients send it: a tag, a number, a hash, or absent.
pub(super) fn block_param(
    params: &[Value],
    i: usize,
) -> Result<Option<BlockId>, ErrorPayload<Value>> {
    match params.get(i) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => serde_json::from_value::<BlockId>(v.clone())
            .map(Some)
            .or_else(|_| {
                serde_json::from_value::<BlockNumberOrTag>(v.clone())
                    .map(|t| Some(BlockId::Number(t)))
            })
            .map_err(|e| {
                error(
                    -32602,
                    format!("parameter {i}: a block tag, number or hash: {e}"),
                )
            }),
    }
}
