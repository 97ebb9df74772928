//! The grant's events and one typed emitter per event (word events through
//! [`imo_common::log::emit_words`], from one call site).
#![allow(missing_docs)] // `sol!` generates the fields.

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{sol, SolEvent};
use imo_common::{erc20::word, log::emit_words, math::wide};
use stylus_sdk::prelude::*;

use crate::Vesting;

sol! {
    /// The grant was set up: `amount` tokens of `token` vest for `beneficiary` linearly over
    /// `duration` seconds from `start`, nothing before `start + cliff`; the locked tokens'
    /// revenue goes to `revenueRecipient`.
    #[derive(Debug)]
    event VestingInitialized(address indexed token, address indexed beneficiary, address revenueRecipient, uint64 start, uint64 cliff, uint64 duration, uint256 amount);
    /// `amount` vested tokens went to `beneficiary`.
    #[derive(Debug)]
    event Released(address indexed beneficiary, uint256 amount);
    /// The locked tokens' revenue of snapshot `snapshotId`, `amount` wei, went to `to`.
    #[derive(Debug)]
    event RevenueForwarded(uint256 indexed snapshotId, address indexed to, uint256 amount);
}

impl Vesting {
    /// Emits a log: the one call site of [`emit_words`].
    fn log_words(&self, topics: &[B256], words: &[U256]) {
        emit_words(self.vm(), topics, words);
    }

    /// Emits [`VestingInitialized`].
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn emit_initialized(
        &self,
        token: Address,
        beneficiary: Address,
        revenue_recipient: Address,
        start: u64,
        cliff: u64,
        duration: u64,
        amount: u128,
    ) {
        self.log_words(
            &[
                VestingInitialized::SIGNATURE_HASH,
                token.into_word(),
                beneficiary.into_word(),
            ],
            &[
                word(revenue_recipient),
                U256::from(start),
                U256::from(cliff),
                U256::from(duration),
                wide(amount),
            ],
        );
    }

    /// Emits [`Released`].
    pub(crate) fn emit_released(&self, beneficiary: Address, amount: u128) {
        self.log_words(
            &[Released::SIGNATURE_HASH, beneficiary.into_word()],
            &[wide(amount)],
        );
    }

    /// Emits [`RevenueForwarded`].
    pub(crate) fn emit_revenue_forwarded(&self, snapshot_id: u64, to: Address, amount: U256) {
        self.log_words(
            &[
                RevenueForwarded::SIGNATURE_HASH,
                U256::from(snapshot_id).into(),
                to.into_word(),
            ],
            &[amount],
        );
    }
}
