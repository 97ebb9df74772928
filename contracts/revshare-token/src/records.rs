//! Balances and the total supply at past snapshots.
//!
//! A snapshot taken at time `T` (the clock is `block.timestamp`) holds the balances as they are
//! at the end of second `T`, not at the moment `snapshot()` runs: a balance borrowed and repaid
//! within one transaction (a flash loan), or within one second, counts for nothing. Snapshot `s`
//! is *final* once its second has passed (`now > T_s`); before that `balanceOfAt`,
//! `totalSupplyAt` and `claim` refuse it with `SnapshotNotFinal` and `claimableRevenue` is 0. At
//! most one snapshot is taken per second, so every snapshot but the newest is final.
//!
//! Why `block.timestamp`: inside a Stylus program on Arbitrum `block.number` is the L1 block
//! number, which stays the same across many L2 blocks (minutes of transactions). Several L2
//! blocks can share a second too, so "the end of second `T`" is later than "the end of the
//! block" and at least as strict: anything that happens in the snapshot's second, in its
//! block or after it, is settled before the snapshot is used.
//!
//! Recorded lazily, in the manner of OpenZeppelin's `ERC20Snapshot`: before an account's balance
//! (or the supply) changes at time `now`, its value is recorded for the newest snapshot that is
//! already final at `now` (`current` when `now > T_current`, else `current - 1`), once per
//! snapshot ([`Checkpoints`](crate::Checkpoints)). The value at a final snapshot `s` is the value
//! of the first record with an id `>= s`, or the live value when there is none: the first change
//! after second `T_s` recorded exactly the value at the end of `T_s`, and changes during `T_s`
//! (before or after `snapshot()`) are recorded for `s - 1` or earlier.

use alloy_primitives::{Address, U256};
use imo_common::{
    clock,
    math::{from_small, to_u64},
};
use stylus_sdk::prelude::*;

use crate::{
    errors::{Error, SnapshotNotFinal, SnapshotNotFound},
    RevShareToken,
};

impl RevShareToken {
    /// The newest snapshot id (0 before the first).
    pub(crate) fn current_id(&self) -> u64 {
        from_small(self.current_snapshot_id.get())
    }

    /// The newest snapshot that is final now: the current one once its second has passed, else
    /// the one before (0 when there is none).
    pub(crate) fn final_id(&self) -> u64 {
        let current = self.current_id();
        if current != 0 && clock::now(self.vm()) <= from_small(self.last_snapshot_timestamp.get()) {
            current - 1
        } else {
            current
        }
    }

    /// `snapshot_id` if it names a final snapshot; [`Error::SnapshotNotFound`] for 0 or an id in
    /// the future, [`Error::SnapshotNotFinal`] for a snapshot taken in the current second.
    pub(crate) fn final_snapshot(&self, snapshot_id: U256) -> Result<u64, Error> {
        match to_u64(snapshot_id) {
            Some(id) if id != 0 && id <= self.current_id() => {
                if id > self.final_id() {
                    return Err(not_final(snapshot_id));
                }
                Ok(id)
            }
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

    /// Records the balances of `from` and `to` (and nothing else) at the newest final snapshot
    /// before a transfer of `value` changes them.
    pub(crate) fn before_transfer(&mut self, from: Address, to: Address, value: U256) {
        let id = self.final_id();
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

    /// Records `account`'s balance and the supply at the newest final snapshot before a burn of
    /// `amount` changes them.
    pub(crate) fn before_burn(
        &mut self,
        account: Address,
        amount: U256,
        balance: U256,
        supply: U256,
    ) {
        let id = self.final_id();
        if id != 0 && !amount.is_zero() {
            self.balance_records.setter(account).record(id, balance);
            self.supply_records.record(id, supply);
        }
    }
}

/// [`Error::SnapshotNotFinal`].
pub(crate) fn not_final(snapshot_id: U256) -> Error {
    Error::SnapshotNotFinal(SnapshotNotFinal {
        snapshotId: snapshot_id,
    })
}
