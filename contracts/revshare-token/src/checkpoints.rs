//! Lazy snapshot records of one value (an account's balance or the total
//! supply), in the manner of OpenZeppelin's `ERC20Snapshot`.
//!
//! A record `(id, value)` says "the value at snapshot `id` was `value`". It is
//! written the first time the value is about to change after snapshot `id`
//! was taken, so a transfer costs at most one new record per account however
//! many snapshots have passed, and nothing at all when no snapshot has been
//! taken since the account's last change. The value at snapshot `s` is the
//! value of the first record whose id is `>= s`, or the live value when there
//! is none (it has not changed since `s`).
//!
//! Storage: one slot holding `count` and `last_id` (packed, both `u64`), and
//! one slot per record holding `id << 128 | value` (values are at most
//! `u128::MAX`, which the token's constructor guarantees by capping the
//! supply).

use alloy_primitives::{U256, U64};
use stylus_sdk::{
    prelude::*,
    storage::{StorageMap, StorageU256, StorageU64},
};

/// Records of one value at past snapshots. See the module documentation.
#[storage]
pub struct Checkpoints {
    /// Number of records.
    count: StorageU64,
    /// Snapshot id of the newest record (0 when there is none).
    last_id: StorageU64,
    /// Record index -> `id << 128 | value`.
    entries: StorageMap<u64, StorageU256>,
}

/// A stored `u64`.
fn small(x: U64) -> u64 {
    x.as_limbs()[0]
}

/// Packs a record into one storage word.
fn pack(id: u64, value: U256) -> U256 {
    (U256::from(id) << 128) | value
}

/// The snapshot id of a packed record.
fn id_of(entry: U256) -> u64 {
    // The id occupies bits 128..192, so the shifted value always fits.
    let shifted: U256 = entry >> 128usize;
    shifted.as_limbs()[0]
}

/// The value of a packed record.
fn value_of(entry: U256) -> U256 {
    entry & U256::from(u128::MAX)
}

impl Checkpoints {
    /// Records `current` as the value at snapshot `current_id`, unless a
    /// record for that snapshot already exists or no snapshot exists yet.
    ///
    /// Call this before the value changes. `current` must be at most
    /// `u128::MAX`.
    ///
    /// # Arguments
    ///
    /// * `&mut self` - Write access to the records.
    /// * `current_id` - The newest snapshot id.
    /// * `current` - The value before the change.
    pub fn record(&mut self, current_id: u64, current: U256) {
        if current_id == 0 || small(self.last_id.get()) >= current_id {
            return;
        }
        let count = small(self.count.get());
        self.entries.setter(count).set(pack(current_id, current));
        // At most one record per snapshot id, and ids are `u64`.
        self.count.set(U64::from_limbs([count.saturating_add(1)]));
        self.last_id.set(U64::from_limbs([current_id]));
    }

    /// The value recorded for snapshot `id`, or `None` when the value has
    /// not changed since that snapshot (then the live value applies).
    ///
    /// Binary search over the records: `O(log n)` storage reads.
    ///
    /// # Arguments
    ///
    /// * `&self` - Read access to the records.
    /// * `id` - A snapshot id (the caller checks it exists).
    #[must_use]
    pub fn value_at(&self, id: u64) -> Option<U256> {
        if small(self.last_id.get()) < id {
            return None;
        }
        // Invariant: every record before `low` has an id < `id`, and the
        // record at `high` (if any) has an id >= `id`.
        let mut low = 0u64;
        let mut high = small(self.count.get());
        while low < high {
            let mid = low + (high - low) / 2;
            if id_of(self.entries.get(mid)) >= id {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        // `last_id >= id` guarantees that `low` is a valid index.
        Some(value_of(self.entries.get(low)))
    }

    /// Number of records (for tests and gas reasoning).
    #[must_use]
    pub fn len(&self) -> u64 {
        small(self.count.get())
    }

    /// Whether there is no record.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.count.get().is_zero()
    }
}

#[cfg(test)]
mod tests {
    use alloy_primitives::{Address, U256};
    use motsu::prelude::*;
    use stylus_sdk::prelude::*;

    use super::Checkpoints;

    #[storage]
    struct Holder {
        records: Checkpoints,
    }

    #[public]
    impl Holder {}

    unsafe impl TopLevelStorage for Holder {}

    #[motsu::test]
    fn records_once_per_snapshot_and_searches_first_id_at_or_after(
        contract: Contract<Holder>,
        alice: Address,
    ) {
        let mut c = contract.sender(alice);
        // Nothing is recorded before the first snapshot.
        c.records.record(0, U256::from(5));
        assert!(c.records.is_empty());
        // Value 10 at snapshot 1; a second change in the same period keeps it.
        c.records.record(1, U256::from(10));
        c.records.record(1, U256::from(11));
        assert_eq!(c.records.len(), 1);
        // Value 20 at snapshots 2..=4 (no change until after snapshot 4).
        c.records.record(4, U256::from(20));
        // Value 30 at snapshot 7.
        c.records.record(7, U256::from(30));
        assert_eq!(c.records.len(), 3);

        assert_eq!(c.records.value_at(1), Some(U256::from(10)));
        assert_eq!(c.records.value_at(2), Some(U256::from(20)));
        assert_eq!(c.records.value_at(4), Some(U256::from(20)));
        assert_eq!(c.records.value_at(5), Some(U256::from(30)));
        assert_eq!(c.records.value_at(7), Some(U256::from(30)));
        assert_eq!(c.records.value_at(8), None);
    }

    #[motsu::test]
    fn keeps_full_u128_values(contract: Contract<Holder>, alice: Address) {
        let mut c = contract.sender(alice);
        let max = U256::from(u128::MAX);
        c.records.record(u64::MAX, max);
        assert_eq!(c.records.value_at(u64::MAX), Some(max));
        assert_eq!(c.records.value_at(1), Some(max));
    }
}
