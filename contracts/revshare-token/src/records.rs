//! Balances and the total supply at past snapshots.
//!
//! Recorded lazily, in the manner of OpenZeppelin's `ERC20Snapshot`: the first time an
//! account's balance (or the supply) changes after a snapshot, its value before the change is
//! recorded for that snapshot ([`Checkpoints`](crate::Checkpoints)); a value without a record at
//! or after a snapshot has not changed since and is read live.

use alloy_primitives::{Address, U256};
use imo_common::math::{from_small, to_u64};

use crate::{
    errors::{Error, SnapshotNotFound},
    RevShareToken,
};

impl RevShareToken {
    /// The newest snapshot id (0 before the first).
    pub(crate) fn current_id(&self) -> u64 {
        from_small(self.current_snapshot_id.get())
    }

    /// `snapshot_id` if it names a snapshot that exists; [`Error::SnapshotNotFound`] otherwise.
    pub(crate) fn existing_id(&self, snapshot_id: U256) -> Result<u64, Error> {
        match to_u64(snapshot_id) {
            Some(id) if id != 0 && id <= self.current_id() => Ok(id),
            _ => Err(Error::SnapshotNotFound(SnapshotNotFound {
                snapshotId: snapshot_id,
            })),
        }
    }

    /// `account`'s balance at snapshot `id` (an existing snapshot).
    pub(crate) fn balance_at(&self, account: Address, id: u64) -> U256 {
        self.balance_records
            .getter(account)
            .value_at(id)
            .unwrap_or_else(|| self.balances.get(account))
    }

    /// The total supply at snapshot `id` (an existing snapshot).
    pub(crate) fn supply_at(&self, id: u64) -> U256 {
        self.supply_records
            .value_at(id)
            .unwrap_or_else(|| self.total_supply.get())
    }

    /// Records the balances of `from` and `to` (and nothing else) at the newest snapshot before
    /// a transfer of `value` changes them.
    pub(crate) fn before_transfer(&mut self, from: Address, to: Address, value: U256) {
        let id = self.current_id();
        if id == 0 || value.is_zero() {
            return;
        }
        for account in [from, to] {
            if !account.is_zero() {
                let balance = self.balances.get(account);
                self.balance_records.setter(account).record(id, balance);
            }
        }
    }

    /// Records `account`'s balance and the supply at the newest snapshot before a burn of
    /// `amount` changes them.
    pub(crate) fn before_burn(
        &mut self,
        account: Address,
        amount: U256,
        balance: U256,
        supply: U256,
    ) {
        let id = self.current_id();
        if id != 0 && !amount.is_zero() {
            self.balance_records.setter(account).record(id, balance);
            self.supply_records.record(id, supply);
        }
    }
}
