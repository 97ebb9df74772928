//! Voting weight: the RevShare token's snapshot views (`currentSnapshotId`, `balanceOfAt`,
//! `totalSupplyAt`), read with static calls.

use alloy_primitives::{Address, U256};
use imo_common::interfaces::IRevShareVotes;

use crate::{
    errors::{Error, TokenCallFailed},
    ModelGovernor,
};

impl ModelGovernor {
    /// The token's newest snapshot id.
    pub(crate) fn current_snapshot(&self) -> Result<U256, Error> {
        let token = self.token.get();
        IRevShareVotes::new(token)
            .current_snapshot_id(self)
            .map_err(|_| token_failed(token))
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
