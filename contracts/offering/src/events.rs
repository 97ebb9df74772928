//! The sale's events, one for every change of its state, and one typed emitter per event.
//!
//! Every field is a static word, so the emitters write the `sol!` encoding through
//! [`imo_common::log::emit_words`] from one call site ([`Sale::log_words`]) instead of a generic
//! encoder per event type; `tests/events.rs` checks their bytes against the `sol!` encoding.
#![allow(missing_docs)] // `sol!` generates the fields.

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{sol, SolEvent};
use imo_common::{erc20::word, log::emit_words, math::wide};
use stylus_sdk::prelude::*;

use crate::Sale;

sol! {
    /// The sale was initialized: it sells `tokensForSale` tokens of `token` for up to `target` of
    /// `currency` (zero: ETH) between `start` and `end`, succeeding from `minimum`.
    #[derive(Debug)]
    event SaleInitialized(address indexed token, address indexed treasury, address currency, uint64 start, uint64 end, uint256 target, uint256 minimum, uint256 tokensForSale);
    /// `buyer` deposited `amount`, `total` in all.
    #[derive(Debug)]
    event Deposited(address indexed buyer, uint256 amount, uint256 total);
    /// The outcome was fixed: 3 succeeded, 4 failed; `proceeds` is what the sale keeps.
    #[derive(Debug)]
    event Finalized(uint8 outcome, uint256 totalDeposits, uint256 proceeds);
    /// `buyer`'s tokens, refund and revenue went to `to`.
    #[derive(Debug)]
    event Claimed(address indexed buyer, address indexed to, uint256 tokens, uint256 refund, uint256 revenue);
    /// The treasury received the proceeds (less the liquidity share), the unsold and undistributed
    /// tokens, and the revenue they earned while the sale held them.
    #[derive(Debug)]
    event Distributed(address indexed treasury, uint256 proceeds, uint256 tokens, uint256 revenue);
    /// The liquidity recipient received `currency` and `tokens` at the sale price.
    #[derive(Debug)]
    event LiquidityFunded(address indexed recipient, uint256 currency, uint256 tokens);
    /// The vesting contract of a grant received its `amount` of tokens.
    #[derive(Debug)]
    event GrantFunded(address indexed vesting, uint256 amount);
    /// The sale collected `amount` wei of revenue from its token's snapshot `snapshotId`.
    #[derive(Debug)]
    event RevenueCollected(uint256 indexed snapshotId, uint256 amount);
    /// Every buyer has claimed: what rounding left over went to the treasury.
    #[derive(Debug)]
    event DustSwept(address indexed treasury, uint256 currency, uint256 tokens, uint256 revenue);
    /// The creator canceled the sale before it started.
    #[derive(Debug)]
    event Canceled();
}

/// An address as the 32-byte word of an indexed topic or a data field.
fn topic(account: Address) -> B256 {
    account.into_word()
}

impl Sale {
    /// Emits a log with `topics` and the words `words`: the one call site of [`emit_words`].
    pub(crate) fn log_words(&self, topics: &[B256], words: &[U256]) {
        emit_words(self.vm(), topics, words);
    }

    /// Emits [`SaleInitialized`].
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn emit_initialized(
        &self,
        token: Address,
        treasury: Address,
        currency: Address,
        start: u64,
        end: u64,
        target: u128,
        minimum: u128,
        tokens_for_sale: u128,
    ) {
        self.log_words(
            &[
                SaleInitialized::SIGNATURE_HASH,
                topic(token),
                topic(treasury),
            ],
            &[
                word(currency),
                U256::from(start),
                U256::from(end),
                wide(target),
                wide(minimum),
                wide(tokens_for_sale),
            ],
        );
    }

    /// Emits [`Deposited`].
    pub(crate) fn emit_deposited(&self, buyer: Address, amount: u128, total: u128) {
        self.log_words(
            &[Deposited::SIGNATURE_HASH, topic(buyer)],
            &[wide(amount), wide(total)],
        );
    }

    /// Emits [`Finalized`].
    pub(crate) fn emit_finalized(&self, outcome: u8, total: u128, proceeds: u128) {
        self.log_words(
            &[Finalized::SIGNATURE_HASH],
            &[U256::from(outcome), wide(total), wide(proceeds)],
        );
    }

    /// Emits [`Claimed`].
    pub(crate) fn emit_claimed(
        &self,
        buyer: Address,
        to: Address,
        tokens: u128,
        refund: u128,
        revenue: u128,
    ) {
        self.log_words(
            &[Claimed::SIGNATURE_HASH, topic(buyer), topic(to)],
            &[wide(tokens), wide(refund), wide(revenue)],
        );
    }

    /// Emits [`Distributed`].
    pub(crate) fn emit_distributed(
        &self,
        treasury: Address,
        proceeds: u128,
        tokens: u128,
        revenue: u128,
    ) {
        self.log_words(
            &[Distributed::SIGNATURE_HASH, topic(treasury)],
            &[wide(proceeds), wide(tokens), wide(revenue)],
        );
    }

    /// Emits [`LiquidityFunded`].
    pub(crate) fn emit_liquidity_funded(&self, recipient: Address, currency: u128, tokens: u128) {
        self.log_words(
            &[LiquidityFunded::SIGNATURE_HASH, topic(recipient)],
            &[wide(currency), wide(tokens)],
        );
    }

    /// Emits [`GrantFunded`].
    pub(crate) fn emit_grant_funded(&self, vesting: Address, amount: u128) {
        self.log_words(
            &[GrantFunded::SIGNATURE_HASH, topic(vesting)],
            &[wide(amount)],
        );
    }

    /// Emits [`RevenueCollected`].
    pub(crate) fn emit_revenue_collected(&self, snapshot_id: u64, amount: U256) {
        self.log_words(
            &[
                RevenueCollected::SIGNATURE_HASH,
                U256::from(snapshot_id).into(),
            ],
            &[amount],
        );
    }

    /// Emits [`DustSwept`].
    pub(crate) fn emit_dust_swept(
        &self,
        treasury: Address,
        currency: U256,
        tokens: U256,
        revenue: U256,
    ) {
        self.log_words(
            &[DustSwept::SIGNATURE_HASH, topic(treasury)],
            &[currency, tokens, revenue],
        );
    }

    /// Emits [`Canceled`].
    pub(crate) fn emit_canceled(&self) {
        self.log_words(&[Canceled::SIGNATURE_HASH], &[]);
    }
}
