//! The node's accounts: nitro-devnode's dev account and the test accounts of Foundry's and
//! Hardhat's well-known mnemonic (each funded), whose keys the node holds, and impersonated
//! accounts (`anvil_impersonateAccount`). `eth_sendTransaction` from any of them: the node signs
//! for the accounts it holds keys for, and runs an impersonated account's transaction under a
//! placeholder signature without checking it.

use super::methods::{error, json, Answer, State};
use alloy_consensus::{SignableTransaction, TxEnvelope, TypedTransaction};
use alloy_json_rpc::ErrorPayload;
use alloy_primitives::{Address, PrimitiveSignature, TxKind, U256};
use alloy_rpc_types_eth::TransactionRequest;
use alloy_signer::SignerSync;
use alloy_signer_local::{coins_bip39::English, MnemonicBuilder, PrivateKeySigner};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use stylus_devchain::Devchain;

/// The mnemonic of the test accounts (Foundry's anvil and Hardhat use it too, so wallets and
/// scripts know its keys). Never use these keys on a real network.
pub const TEST_MNEMONIC: &str = "test test test test test test test test test test test junk";

/// How many test accounts the node funds (`m/44'/60'/0'/0/0` to `/9`).
pub const TEST_ACCOUNTS: u32 = 10;

/// Each test account's balance in ETH at genesis.
pub const TEST_BALANCE_ETH: u64 = 10_000;

/// The test accounts' keys, in derivation order.
///
/// # Errors
///
/// If the mnemonic cannot be derived (a bug).
pub fn test_signers() -> anyhow::Result<Vec<PrivateKeySigner>> {
    (0..TEST_ACCOUNTS)
        .map(|i| {
            Ok(MnemonicBuilder::<English>::default()
                .phrase(TEST_MNEMONIC)
                .index(i)?
                .build()?)
        })
        .collect()
}

/// The accounts a node signs for and those it impersonates.
#[derive(Clone, Debug)]
pub(super) struct Accounts {
    /// The dev account, then the test accounts.
    signers: Vec<PrivateKeySigner>,
    by_address: HashMap<Address, usize>,
    impersonated: HashSet<Address>,
}

impl Accounts {
    /// The dev account and the test accounts; funds the test accounts on `chain`.
    pub(super) fn fund(chain: &mut Devchain) -> anyhow::Result<Self> {
        let dev: PrivateKeySigner = super::DEV_KEY.parse()?;
        let mut signers = vec![dev];
        signers.extend(test_signers()?);
        let balance = U256::from(TEST_BALANCE_ETH) * U256::from(10u64).pow(U256::from(18));
        for signer in &signers[1..] {
            chain.set_balance(signer.address(), balance);
        }
        let by_address = (0..).zip(&signers).map(|(i, s)| (s.address(), i)).collect();
        Ok(Self {
            signers,
            by_address,
            impersonated: HashSet::new(),
        })
    }

    /// The addresses the node holds keys for (`eth_accounts`).
    pub(super) fn addresses(&self) -> Vec<Address> {
        self.signers.iter().map(PrivateKeySigner::address).collect()
    }
}

/// A placeholder signature for an impersonated account's transaction (never checked).
fn placeholder() -> PrimitiveSignature {
    PrimitiveSignature::new(U256::from(1), U256::from(1), false)
}

/// `tx` signed with the signature `sign` gives for its signing hash (an EIP-4844 transaction is
/// refused: no blobs here).
fn envelope(
    tx: TypedTransaction,
    sign: impl Fn(alloy_primitives::B256) -> Result<PrimitiveSignature, ErrorPayload<Value>>,
) -> Result<TxEnvelope, ErrorPayload<Value>> {
    Ok(match tx {
        TypedTransaction::Legacy(tx) => tx.clone().into_signed(sign(tx.signature_hash())?).into(),
        TypedTransaction::Eip2930(tx) => tx.clone().into_signed(sign(tx.signature_hash())?).into(),
        TypedTransaction::Eip1559(tx) => tx.clone().into_signed(sign(tx.signature_hash())?).into(),
        TypedTransaction::Eip7702(tx) => tx.clone().into_signed(sign(tx.signature_hash())?).into(),
        TypedTransaction::Eip4844(_) => {
            return Err(error(-32602, "blob transactions are not served"));
        }
    })
}

impl State {
    /// `anvil_impersonateAccount`: transactions from `address` run without its key.
    pub(super) fn impersonate(&mut self, address: Address, on: bool) -> Answer {
        if on {
            self.accounts.impersonated.insert(address);
        } else {
            self.accounts.impersonated.remove(&address);
        }
        json(Value::Null)
    }

    /// `eth_sendTransaction`: fills the nonce, gas, fees and chain id the request leaves out,
    /// signs with the key the node holds for `from` (or a placeholder for an impersonated
    /// account), and runs the transaction as the next block.
    pub(super) fn send_transaction(&mut self, mut request: TransactionRequest) -> Answer {
        let from = request
            .from
            .ok_or_else(|| error(-32602, "eth_sendTransaction needs `from`"))?;
        let signer = self.accounts.by_address.get(&from).copied();
        if signer.is_none() && !self.accounts.impersonated.contains(&from) {
            return Err(error(
                -32000,
                format!(
                    "no key for {from}: send a signed transaction, or impersonate it first \
                     (anvil_impersonateAccount)"
                ),
            ));
        }
        if request.nonce.is_none() {
            request.nonce = Some(self.chain.nonce(from));
        }
        if request.gas.is_none() {
            request.gas = Some(self.estimate_gas(&request, None, None)?);
        }
        request.chain_id = Some(self.chain.chain_id);
        if request.gas_price.is_none() && request.max_fee_per_gas.is_none() {
            request.max_fee_per_gas = Some(0);
            request.max_priority_fee_per_gas = Some(0);
        }
        if request.to.is_none() {
            request.to = Some(TxKind::Create);
        }
        let tx = request
            .build_typed_tx()
            .map_err(|_| error(-32602, "the transaction request is incomplete"))?;
        let tx = match signer {
            Some(i) => {
                let signer = &self.accounts.signers[i];
                envelope(tx, |hash| {
                    signer
                        .sign_hash_sync(&hash)
                        .map_err(super::methods::internal)
                })?
            }
            None => envelope(tx, |_| Ok(placeholder()))?,
        };
        self.run_transaction(tx, from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{address, B256};

    fn send(state: &mut State, from: Address, to: Address, wei: u64) -> Answer {
        let request = serde_json::json!({"from": from, "to": to, "value": format!("{wei:#x}")});
        state.handle("eth_sendTransaction", &[request])
    }

    #[test]
    fn the_test_accounts_are_anvils_and_funded() {
        let state = State::new().unwrap();
        let addresses = state.accounts.addresses();
        assert_eq!(addresses.len(), 1 + TEST_ACCOUNTS as usize);
        assert_eq!(addresses[0], Devchain::DEV_ACCOUNT);
        // The first address of the mnemonic, as every anvil and Hardhat user knows it.
        assert_eq!(
            addresses[1],
            address!("f39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
        );
        let eth = U256::from(10u64).pow(U256::from(18));
        assert_eq!(
            state.chain.balance(addresses[10]),
            U256::from(TEST_BALANCE_ETH) * eth
        );
    }

    #[test]
    fn the_node_signs_for_its_accounts_and_runs_impersonated_ones() {
        let mut state = State::new().unwrap();
        let alice = state.accounts.addresses()[1];
        let whale = address!("00000000000000000000000000000000000000aa");
        let sink = address!("00000000000000000000000000000000000000bb");

        let hash: B256 = serde_json::from_value(send(&mut state, alice, sink, 5).unwrap()).unwrap();
        let tx = state.history.transaction(hash).unwrap();
        assert_eq!(
            tx.inner.recover_signer().unwrap(),
            alice,
            "a real signature"
        );
        assert_eq!(state.chain.balance(sink), U256::from(5));

        state.chain.set_balance(whale, U256::from(100));
        let err = send(&mut state, whale, sink, 7).unwrap_err();
        assert!(err.message.contains("impersonate"), "{}", err.message);
        state
            .handle("anvil_impersonateAccount", &[whale.to_string().into()])
            .unwrap();
        let hash: B256 = serde_json::from_value(send(&mut state, whale, sink, 7).unwrap()).unwrap();
        assert_eq!(state.history.receipts[&hash].from, whale);
        assert_eq!(state.chain.balance(sink), U256::from(12));
        assert_eq!(state.chain.nonce(whale), 1);
        state
            .handle(
                "hardhat_stopImpersonatingAccount",
                &[whale.to_string().into()],
            )
            .unwrap();
        assert!(send(&mut state, whale, sink, 1).is_err());
    }
}
