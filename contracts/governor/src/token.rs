//! Voting weight: the RevShare token's snapshot views (`currentSnapshotId`,
//! `lastSnapshotTimestamp`, `balanceOfAt`, `totalSupplyAt`), read with static calls.
//!
//! A token snapshot holds the balances at the end of the second it was taken in, and is final
//! (readable) only after that second. A proposal is voted with the newest *final* snapshot: a
//! proposal made in the same second as a snapshot uses the one before it. So a proposal can
//! never be blocked by someone taking a snapshot just before it, and tokens borrowed for one
//! transaction (a flash loan: borrow, `snapshot()`, `propose`, `castVote`, repay) weigh
//! nothing: the borrower's weight at any final snapshot is what it held at the end of a second.

use alloy_primitives::{Address, U256};
use imo_common::interfaces::IRevShareVotes;

use crate::{
    errors::{Error, TokenCallFailed},
    ModelGovernor,
};

impl ModelGovernor {
    /// The token's newest final snapshot id at time `now` (0 when there is none).
    pub(crate) fn final_snapshot(&self, now: u64) -> Result<U256, Error> {
        let token = self.token.get();
        let votes = IRevShareVotes::new(token);
        let current = votes
            .current_snapshot_id(self)
            .map_err(|_| token_failed(token))?;
        if current.is_zero() {
            return Ok(current);
        }
        let taken = votes
            .last_snapshot_timestamp(self)
            .map_err(|_| token_failed(token))?;
        Ok(if taken < now {
            current
        } else {
            current - U256::from(1)
        })
    }

    /// `account`'s balance at snapshot `snapshot`.
    pub(crate) fn weight_at(&self, account: Address, snapshot: U256) -> Result<U256, Error> {
        let token = self.token.get();
        IRevShareVotes::new(token)
            .balance_of_at(self, account, snapshot)
            .map_err(|_| token_failed(token))
    }

    /// The token's supply at snapshot `snapshot`.
    pub(crate) fn supply_at(&self, snapshot: U256) -> Result<U256, Error> {
        let token = self.token.get();
        IRevShareVotes::new(token)
            .total_supply_at(self, snapshot)
            .map_err(|_| token_failed(token))
    }
}

/// [`Error::TokenCallFailed`].
pub(crate) fn token_failed(token: Address) -> Error {
    Error::TokenCallFailed(TokenCallFailed { token })
}
