//! The chain's state as plain data ([`ChainState`]): every account with its balance, nonce,
//! code and storage, and the block and clock. What a node writes to a file to survive a restart
//! ([`Devchain::dump`], [`Devchain::load`]). Program records live in ArbWasm's storage, so an
//! activated program stays activated; its compiled module is rebuilt from the code on first use.

use crate::chain::Devchain;
use crate::context::Db;
use alloy_primitives::{Address, Bytes, U256};
use revm::db::AccountState;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One account as [`ChainState`] holds it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountDump {
    /// Balance in wei.
    pub balance: U256,
    /// Nonce.
    pub nonce: u64,
    /// Code (EVM bytecode, or a Stylus program's `EF F0 00` + compressed WASM); empty for none.
    #[serde(default, skip_serializing_if = "<[u8]>::is_empty")]
    pub code: Bytes,
    /// Every non-zero storage slot.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub storage: BTreeMap<U256, U256>,
}

/// The whole state of a [`Devchain`]: accounts, block number and clock, under its chain id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainState {
    /// The chain id the state belongs to.
    pub chain_id: u64,
    /// The current block number.
    pub block_number: u64,
    /// The current block timestamp.
    pub timestamp: u64,
    /// Every account that exists, by address.
    pub accounts: BTreeMap<Address, AccountDump>,
}

impl Devchain {
    /// The chain's whole state as plain data (accounts that exist, with code and non-zero
    /// storage; the block and the clock).
    pub fn dump(&self) -> ChainState {
        let accounts = self
            .db
            .accounts
            .iter()
            .filter(|(_, a)| a.account_state != AccountState::NotExisting)
            .map(|(address, a)| {
                let code = a
                    .info
                    .code
                    .clone()
                    .or_else(|| self.db.contracts.get(&a.info.code_hash).cloned())
                    .map(|c| c.original_bytes())
                    .unwrap_or_default();
                let storage = a
                    .storage
                    .iter()
                    .filter(|(_, v)| !v.is_zero())
                    .map(|(k, v)| (*k, *v))
                    .collect();
                let dump = AccountDump {
                    balance: a.info.balance,
                    nonce: a.info.nonce,
                    code,
                    storage,
                };
                (*address, dump)
            })
            .collect();
        ChainState {
            chain_id: self.chain_id,
            block_number: self.block_number,
            timestamp: self.timestamp,
            accounts,
        }
    }

    /// Replaces the chain's state with `state` (every account not in it is gone).
    ///
    /// # Errors
    ///
    /// When `state` belongs to another chain id (nothing is changed then).
    pub fn load(&mut self, state: &ChainState) -> anyhow::Result<()> {
        if state.chain_id != self.chain_id {
            anyhow::bail!(
                "the state is of chain {}, this chain is {}",
                state.chain_id,
                self.chain_id
            );
        }
        self.db = Db::default();
        for (address, account) in &state.accounts {
            self.set_balance(*address, account.balance);
            self.set_nonce(*address, account.nonce);
            if !account.code.is_empty() {
                self.set_code(*address, &account.code);
            }
            self.replace_storage(*address, account.storage.iter().map(|(k, v)| (*k, *v)));
        }
        self.set_block(state.block_number, state.timestamp);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::address;

    #[test]
    fn a_dump_loads_into_a_fresh_chain_as_the_same_state() {
        let mut chain = Devchain::new().unwrap();
        let who = address!("00000000000000000000000000000000000000aa");
        chain.set_balance(who, U256::from(7));
        chain.set_nonce(who, 3);
        chain.set_code(who, &[0x60, 0x00]);
        chain.set_storage(who, U256::from(1), U256::from(9));
        chain.set_storage(who, U256::from(2), U256::ZERO);
        chain.set_block(12, 1_700_000_123);
        let state = chain.dump();
        assert_eq!(
            state.accounts[&who].storage.len(),
            1,
            "zero slots are not kept"
        );

        let mut fresh = Devchain::new().unwrap();
        fresh.set_balance(
            address!("00000000000000000000000000000000000000bb"),
            U256::from(1),
        );
        fresh.load(&state).unwrap();
        assert_eq!(fresh.dump(), state);
        assert_eq!(fresh.storage(who, U256::from(1)), U256::from(9));
        assert_eq!(fresh.code(who).as_ref(), &[0x60, 0x00]);
        assert_eq!(fresh.timestamp(), 1_700_000_123);
        assert_eq!(
            fresh.balance(address!("00000000000000000000000000000000000000bb")),
            U256::ZERO,
            "accounts the state does not hold are gone"
        );
    }

    #[test]
    fn a_state_of_another_chain_is_refused() {
        let mut chain = Devchain::new().unwrap();
        let mut state = chain.dump();
        state.chain_id = 1;
        let before = chain.dump();
        let err = chain.load(&state).unwrap_err().to_string();
        assert!(err.contains("chain 1"), "{err}");
        assert_eq!(chain.dump(), before);
    }
}
