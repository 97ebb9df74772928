//! Sending a transaction: estimate (a revert there is a failed receipt, nothing is sent), nonce
//! and fees, EIP-1559 signing, `eth_sendRawTransaction`, the receipt, and the revert data of a
//! failed transaction replayed with `eth_call`.

use super::RpcBackend;
use crate::backend::TxReceipt;
use alloy_json_rpc::ErrorPayload;
use alloy_network::{eip2718::Encodable2718, Ethereum, NetworkWallet, TransactionBuilder};
use alloy_primitives::{Address, Bytes, TxHash, U256};
use alloy_provider::Provider;
use alloy_rpc_types_eth::{BlockId, TransactionReceipt};
use anyhow::{anyhow, bail};
use std::future::IntoFuture;
use std::time::Instant;

/// The revert data in a JSON-RPC error (`data` as a hex string, or nested in an object), empty
/// when there is none.
pub(super) fn revert_data(payload: &ErrorPayload) -> Vec<u8> {
    payload
        .as_revert_data()
        .or_else(|| payload.try_data_as::<Bytes>()?.ok())
        .map(|b| b.to_vec())
        .unwrap_or_default()
}

/// A signed transaction, ready to broadcast (again, if need be: the same bytes, the same nonce).
#[derive(Clone, Debug)]
pub struct Signed {
    /// Its hash.
    pub hash: TxHash,
    /// Its EIP-2718 encoding (what `eth_sendRawTransaction` takes).
    pub raw: Bytes,
    /// The sender.
    pub from: Address,
    /// The recipient (`None`: a creation).
    pub to: Option<Address>,
    /// The calldata.
    pub data: Bytes,
    /// The value.
    pub value: U256,
}

impl RpcBackend {
    /// Signs and sends a transaction (`to == None`: a creation) and waits for its receipt.
    /// When gas estimation fails because the call reverts, nothing is sent: the receipt is a
    /// failure with the revert data the node reported (`gas_used` 0).
    ///
    /// # Errors
    ///
    /// Unknown sender, an unfunded sender, transport errors, a receipt that does not come in time.
    pub fn transact(
        &mut self,
        from: Address,
        to: Option<Address>,
        data: &[u8],
        value: U256,
    ) -> anyhow::Result<TxReceipt> {
        let signed = match self.sign(from, to, data, value)? {
            Ok(signed) => signed,
            Err(refused) => return Ok(refused),
        };
        self.broadcast(&signed.raw)?;
        if self.progress {
            eprint!("    tx {} ", signed.hash);
        }
        let out = self.confirm(&signed)?;
        if self.progress {
            eprintln!(
                " {} (gas {})",
                if out.success { "confirmed" } else { "reverted" },
                out.gas_used
            );
        }
        Ok(out)
    }

    /// Estimates and signs a transaction without sending it. `Ok(Err(receipt))` when the
    /// estimate reverts: nothing to send, the receipt carries the revert data (`gas_used` 0).
    ///
    /// Gas limit: the estimate + 20% + 50,000 (Stylus estimates move with the state); fees:
    /// `eth_maxPriorityFeePerGas` as the tip (0 when the node has no such method) and twice
    /// `eth_gasPrice` plus the tip as the maximum; nonce: `eth_getTransactionCount(pending)`.
    ///
    /// # Errors
    ///
    /// Unknown sender, an unfunded sender, transport errors.
    pub fn sign(
        &mut self,
        from: Address,
        to: Option<Address>,
        data: &[u8],
        value: U256,
    ) -> anyhow::Result<Result<Signed, TxReceipt>> {
        if !NetworkWallet::<Ethereum>::has_signer_for(&self.wallet, &from) {
            bail!("no key for {from}");
        }
        let tx = Self::request(from, to, data, value);
        let gas = match self.block_on(self.provider.estimate_gas(&tx).into_future()) {
            Ok(gas) => gas,
            Err(e) => {
                let Some(payload) = e.as_error_resp() else {
                    return Err(anyhow!(e).context(format!("eth_estimateGas on {}", self.url)));
                };
                if payload.message.contains("insufficient funds") {
                    bail!("{from} cannot pay for this transaction: {payload} (fund the key)");
                }
                return Ok(Err(TxReceipt {
                    success: false,
                    output: revert_data(payload),
                    error: Some(format!("not sent: gas estimation reverted: {payload}")),
                    ..TxReceipt::default()
                }));
            }
        };
        let nonce = self.rpc(
            "eth_getTransactionCount",
            self.provider
                .get_transaction_count(from)
                .pending()
                .into_future(),
        )?;
        let gas_price = self.rpc("eth_gasPrice", self.provider.get_gas_price().into_future())?;
        let priority = self
            .block_on(self.provider.get_max_priority_fee_per_gas().into_future())
            .unwrap_or(0);
        let mut tx = tx
            .with_chain_id(self.chain_id)
            .with_nonce(nonce)
            .with_gas_limit(gas.saturating_add(gas / 5).saturating_add(50_000))
            .with_max_fee_per_gas(gas_price.saturating_mul(2).saturating_add(priority))
            .with_max_priority_fee_per_gas(priority);
        tx.transaction_type = Some(2);
        if to.is_none() {
            tx.set_create();
        }
        let envelope = self
            .block_on(tx.build(&self.wallet))
            .map_err(|e| anyhow!("signing: {e}"))?;
        Ok(Ok(Signed {
            hash: *envelope.tx_hash(),
            raw: envelope.encoded_2718().into(),
            from,
            to,
            data: Bytes::copy_from_slice(data),
            value,
        }))
    }

    /// Sends a signed transaction (`eth_sendRawTransaction`). A node that already has it in
    /// its pool ("already known") counts as sent.
    ///
    /// # Errors
    ///
    /// Transport errors; the node refusing it (a used nonce, say).
    pub fn broadcast(&self, raw: &[u8]) -> anyhow::Result<()> {
        match self.block_on(self.provider.send_raw_transaction(raw)) {
            Ok(_) => Ok(()),
            Err(e)
                if e.as_error_resp().is_some_and(|p| {
                    let m = p.message.to_lowercase();
                    m.contains("already known") || m.contains("known transaction")
                }) =>
            {
                Ok(())
            }
            Err(e) => Err(anyhow!(e).context(format!("eth_sendRawTransaction on {}", self.url))),
        }
    }

    /// The receipt of `hash` if the transaction is mined (no revert data).
    ///
    /// # Errors
    ///
    /// Transport errors.
    pub fn receipt(&self, hash: TxHash) -> anyhow::Result<Option<TxReceipt>> {
        let receipt = self.rpc(
            "eth_getTransactionReceipt",
            self.provider.get_transaction_receipt(hash).into_future(),
        )?;
        Ok(receipt.as_ref().map(parse_receipt))
    }

    /// Waits for `signed`'s receipt; a failed transaction is replayed with `eth_call` on its
    /// parent block for the revert data.
    ///
    /// # Errors
    ///
    /// Transport errors, a receipt that does not come within [`Self::receipt_timeout`].
    pub fn confirm(&self, signed: &Signed) -> anyhow::Result<TxReceipt> {
        let receipt = self.wait_for_receipt(signed.hash)?;
        let mut out = parse_receipt(&receipt);
        if !out.success {
            let parent = receipt.block_number.unwrap_or_default().saturating_sub(1);
            let tx = Self::request(signed.from, signed.to, &signed.data, signed.value);
            let call = self.provider.call(&tx).block(BlockId::number(parent));
            if let Err(e) = self.block_on(call.into_future()) {
                if let Some(payload) = e.as_error_resp() {
                    out.output = revert_data(payload);
                }
                out.error = Some(e.to_string());
            }
        }
        Ok(out)
    }

    /// Polls `eth_getTransactionReceipt` every [`Self::poll`] until [`Self::receipt_timeout`].
    fn wait_for_receipt(&self, hash: TxHash) -> anyhow::Result<TransactionReceipt> {
        let started = Instant::now();
        loop {
            let receipt = self.rpc(
                "eth_getTransactionReceipt",
                self.provider.get_transaction_receipt(hash).into_future(),
            )?;
            if let Some(receipt) = receipt {
                return Ok(receipt);
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
        }
    }
}

/// A node's receipt as a [`TxReceipt`]: the created address (if any) as the output.
fn parse_receipt(r: &TransactionReceipt) -> TxReceipt {
    let success = r.status();
    TxReceipt {
        success,
        output: r.contract_address.map(|a| a.to_vec()).unwrap_or_default(),
        logs: r.inner.logs().iter().map(|l| l.inner.clone()).collect(),
        gas_used: r.gas_used,
        fee: U256::from(r.gas_used) * U256::from(r.effective_gas_price),
        error: (!success).then(|| "reverted".to_string()),
    }
}
