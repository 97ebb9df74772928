//! The token's events (the standard ERC-20 and ownership events, then the IMO additions), and
//! one typed emitter per event.
//!
//! The emitters write the `sol!` encoding through [`imo_common::log::emit_words`], called from
//! one place (`RevShareToken::log_words`): one small function shared by every event instead
//! of a generic encoder per event type (the token is tight under the 24 KB limit). With a single
//! call site the host call inside is resolved statically; passing `self.vm()` (a `&dyn Host`)
//! on from several functions would keep the host's whole vtable in the module (about 600
//! bytes). `tests/events.rs` checks the emitters' bytes against the `sol!` encoding.
#![allow(missing_docs)] // `sol!` generates the fields.

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{sol, SolEvent};
use imo_common::log::emit_words;
use stylus_sdk::prelude::*;

use crate::RevShareToken;

sol! {
    /// ERC-20: `value` tokens moved from `from` to `to` (zero addresses for mint and burn).
    #[derive(Debug)]
    event Transfer(address indexed from, address indexed to, uint256 value);
    /// ERC-20: `owner` allowed `spender` to spend `value` of its tokens.
    #[derive(Debug)]
    event Approval(address indexed owner, address indexed spender, uint256 value);
    /// Ownable: the owner changed (from zero at construction, to zero on renouncing).
    #[derive(Debug)]
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
}

sol! {
    /// ETH arrived through `receive()` or `depositRevenue()`.
    #[derive(Debug)]
    event RevenueReceived(address indexed from, uint256 amount);
    /// Snapshot `id` was taken (OpenZeppelin's `ERC20Snapshot` event, which indexers written for
    /// ORA's token read).
    #[derive(Debug)]
    event Snapshot(uint256 id);
    /// What snapshot `id` assigned: `claimable` wei are claimable by its holders (new revenue
    /// share + rollover), `toRedeemPool` wei went to the redeem pool.
    #[derive(Debug)]
    event SnapshotRevenue(uint256 indexed id, uint256 claimable, uint256 toRedeemPool);
    /// `account` claimed `amount` wei of snapshot `snapshotId`.
    #[derive(Debug)]
    event RevenueClaimed(address indexed account, uint256 indexed snapshotId, uint256 amount);
    /// `account` burned `burned` tokens and was paid `paid` wei.
    #[derive(Debug)]
    event Redeemed(address indexed account, uint256 burned, uint256 paid);
    /// The owner registered a revenue source.
    #[derive(Debug)]
    event RevenueSourceAdded(address indexed oracle, uint256 indexed modelId);
    /// The owner removed a revenue source.
    #[derive(Debug)]
    event RevenueSourceRemoved(address indexed oracle, uint256 indexed modelId);
    /// `claimModelRevenue(modelId)` on `oracle` reverted during a snapshot; the snapshot went
    /// on without it.
    #[derive(Debug)]
    event RevenueSourceFailed(address indexed oracle, uint256 indexed modelId);
}

impl RevShareToken {
    /// Emits a log with `topics` and the 32-byte words `words`: the one call site of
    /// [`emit_words`].
    fn log_words(&self, topics: &[B256], words: &[U256]) {
        emit_words(self.vm(), topics, words);
    }

    /// Emits [`Transfer`].
    pub(crate) fn emit_transfer(&self, from: Address, to: Address, value: U256) {
        self.log_words(
            &[Transfer::SIGNATURE_HASH, from.into_word(), to.into_word()],
            &[value],
        );
    }

    /// Emits [`Approval`].
    pub(crate) fn emit_approval(&self, owner: Address, spender: Address, value: U256) {
        self.log_words(
            &[
                Approval::SIGNATURE_HASH,
                owner.into_word(),
                spender.into_word(),
            ],
            &[value],
        );
    }

    /// Emits [`OwnershipTransferred`].
    pub(crate) fn emit_ownership_transferred(&self, previous: Address, new: Address) {
        self.log_words(
            &[
                OwnershipTransferred::SIGNATURE_HASH,
                previous.into_word(),
                new.into_word(),
            ],
            &[],
        );
    }

    /// Emits [`RevenueReceived`].
    pub(crate) fn emit_revenue_received(&self, from: Address, amount: U256) {
        self.log_words(
            &[RevenueReceived::SIGNATURE_HASH, from.into_word()],
            &[amount],
        );
    }

    /// Emits [`Snapshot`] and [`SnapshotRevenue`].
    pub(crate) fn emit_snapshot(&self, id: U256, claimable: U256, to_redeem_pool: U256) {
        self.log_words(&[Snapshot::SIGNATURE_HASH], &[id]);
        self.log_words(
            &[SnapshotRevenue::SIGNATURE_HASH, id.into()],
            &[claimable, to_redeem_pool],
        );
    }

    /// Emits [`RevenueClaimed`].
    pub(crate) fn emit_revenue_claimed(&self, account: Address, snapshot_id: U256, amount: U256) {
        self.log_words(
            &[
                RevenueClaimed::SIGNATURE_HASH,
                account.into_word(),
                snapshot_id.into(),
            ],
            &[amount],
        );
    }

    /// Emits [`Redeemed`].
    pub(crate) fn emit_redeemed(&self, account: Address, burned: U256, paid: U256) {
        self.log_words(
            &[Redeemed::SIGNATURE_HASH, account.into_word()],
            &[burned, paid],
        );
    }

    /// Emits [`RevenueSourceAdded`].
    pub(crate) fn emit_revenue_source_added(&self, oracle: Address, model_id: U256) {
        self.log_words(
            &[
                RevenueSourceAdded::SIGNATURE_HASH,
                oracle.into_word(),
                model_id.into(),
            ],
            &[],
        );
    }

    /// Emits [`RevenueSourceRemoved`].
    pub(crate) fn emit_revenue_source_removed(&self, oracle: Address, model_id: U256) {
        self.log_words(
            &[
                RevenueSourceRemoved::SIGNATURE_HASH,
                oracle.into_word(),
                model_id.into(),
            ],
            &[],
        );
    }

    /// Emits [`RevenueSourceFailed`].
    pub(crate) fn emit_revenue_source_failed(&self, oracle: Address, model_id: U256) {
        self.log_words(
            &[
                RevenueSourceFailed::SIGNATURE_HASH,
                oracle.into_word(),
                model_id.into(),
            ],
            &[],
        );
    }
}
