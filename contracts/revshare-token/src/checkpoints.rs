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
//! Storage: one slot per record holding the value (at most `u128::MAX`,
//! which the token's constructor guarantees by capping the supply) and the
//! snapshot id. The first record's slot also holds the header: the number of
//! records and the id of the newest one (32 bits each; the token refuses
//! snapshot ids beyond `u32::MAX`). So an account's first record costs one
//! new slot, and "is there a record for the newest snapshot?" one read.

use alloy_primitives::U256;
use stylus_sdk::{
    prelude::*,
    storage::{StorageMap, StorageU256},
};

/// Records of one value at past snapshots. See the module documentation.
#[storage]
pub struct Checkpoints {
    /// Record index -> `id << 128 | value`; index 0 also holds the header.
    entries: StorageMap<u64, StorageU256>,
}

// Word layout, as 64-bit limbs from low to high: value (limbs 0 and 1), id
// (limb 2), header (limb 3: count in the low 32 bits, newest id in the high
// 32 bits).

/// The header in the first record's slot: (number of records, newest id).
fn header(first: U256) -> (u64, u64) {
    let h = first.as_limbs()[3];
    (h & u64::from(u32::MAX), h >> 32)
}

/// A record word: `value` (at most `u128::MAX`), `id`, and header limb
/// `head` (0 except in the first record).
fn pack(id: u64, value: U256, head: u64) -> U256 {
    let v = value.as_limbs();
    U256::from_limbs([v[0], v[1], id, head])
}

/// The header limb for `count` records, the newest with id `last_id`.
fn pack_header(count: u64, last_id: u64) -> u64 {
    count | (last_id << 32)
}

/// The snapshot id of a record.
fn id_of(entry: U256) -> u64 {
    entry.as_limbs()[2]
}

/// The value of a record.
fn value_of(entry: U256) -> U256 {
    let l = entry.as_limbs();
    U256::from_limbs([l[0], l[1], 0, 0])
}

impl Checkpoints {
    /// Records `current` as the value at snapshot `current_id`, unless a
    /// record for that snapshot already exists or no snapshot exists yet.
    ///
    /// Call this before the value changes. `current_id` must be at most
    /// `u32::MAX` and `current` at most `u128::MAX`.
    ///
    /// # Arguments
    ///
    /// * `&mut self` - Write access to the records.
    /// * `current_id` - The newest snapshot id.
    /// * `current` - The value before the change.
    pub fn record(&mut self, current_id: u64, current: U256) {
        if current_id == 0 {
            return;
        }
        let first = self.entries.get(0);
        let (count, last_id) = header(first);
        if last_id >= current_id {
            return;
        }
        let head = pack_header(count + 1, current_id);
        if count == 0 {
            self.entries.setter(0).set(pack(current_id, current, head));
        } else {
            self.entries.setter(count).set(pack(current_id, current, 0));
            // Keep the first record, replace the header.
            self.entries
                .setter(0)
                .set(pack(id_of(first), value_of(first), head));
        }
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
        let (count, last_id) = header(self.entries.get(0));
        if last_id < id {
            return None;
        }
        // Invariant: every record before `low` has an id < `id`, and the
        // record at `high` (if any) has an id >= `id`.
        let mut low = 0u64;
        let mut high = count;
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
        header(self.entries.get(0)).0
    }

    /// Whether there is no record.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
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
    fn keeps_full_u128_values_and_u32_ids(contract: Contract<Holder>, alice: Address) {
        let mut c = contract.sender(alice);
        let max = U256::from(u128::MAX);
        let last = u64::from(u32::MAX);
        c.records.record(3, max);
        c.records.record(last, U256::from(7));
        assert_eq!(c.records.len(), 2);
        assert_eq!(c.records.value_at(1), Some(max));
        assert_eq!(c.records.value_at(3), Some(max));
        assert_eq!(c.records.value_at(4), Some(U256::from(7)));
        assert_eq!(c.records.value_at(last), Some(U256::from(7)));
    }
}
