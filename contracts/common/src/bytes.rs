//! [`StoredBytes`]: a `bytes` / `string` storage field with Solidity's layout, read and written a
//! word at a time.
//!
//! The layout is Solidity's (and stylus-sdk's `StorageBytes`'s), so it can replace one without
//! moving any data: a value shorter than 32 bytes lives in its slot, left-aligned, with
//! `2 * length` in the last byte; a longer one stores `2 * length + 1` in the slot and its bytes
//! in consecutive slots from `keccak256(slot)`.
//!
//! Why not the SDK's type: it reads and writes one byte per hostio call, and its `len` does a
//! 256-bit division whose code alone is about 4 KB of WASM. This one moves whole words, hashes
//! with the host's `native_keccak256`, and only does native arithmetic.

use alloc::{string::String, vec::Vec};

use alloy_primitives::{B256, U256};
use stylus_sdk::{
    host::VM,
    prelude::*,
    storage::{Erase, StorageB256, StorageGuard, StorageGuardMut, StorageType},
};

/// A `bytes` or `string` field. See the module documentation.
pub struct StoredBytes {
    /// The field's slot (the length word, and the data when short).
    slot: U256,
    /// Accessor of that slot; also the handle to the host.
    root: StorageB256,
}

impl StorageType for StoredBytes {
    type Wraps<'a>
        = StorageGuard<'a, StoredBytes>
    where
        Self: 'a;
    type WrapsMut<'a>
        = StorageGuardMut<'a, StoredBytes>
    where
        Self: 'a;

    unsafe fn new(slot: U256, offset: u8, host: VM) -> Self {
        debug_assert!(offset == 0);
        Self {
            slot,
            // SAFETY: the field owns its whole slot.
            root: unsafe { StorageB256::new(slot, 0, host) },
        }
    }

    fn load<'s>(self) -> Self::Wraps<'s> {
        StorageGuard::new(self)
    }

    fn load_mut<'s>(self) -> Self::WrapsMut<'s> {
        StorageGuardMut::new(self)
    }
}

impl StoredBytes {
    /// Number of bytes stored.
    #[must_use]
    pub fn len(&self) -> usize {
        length_of(&self.root.get())
    }

    /// Whether nothing is stored.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The stored bytes.
    #[must_use]
    pub fn get_bytes(&self) -> Vec<u8> {
        let word = self.root.get();
        let len = length_of(&word);
        if len < 32 {
            return word[..len].to_vec();
        }
        let mut bytes = Vec::with_capacity(len.next_multiple_of(32));
        let base = self.data_slot();
        let vm = self.root.vm();
        for i in 0..len.div_ceil(32) {
            bytes.extend_from_slice(vm.storage_load_bytes32(base + U256::from(i)).as_slice());
        }
        bytes.truncate(len);
        bytes
    }

    /// The stored bytes as a string (empty if they are not UTF-8, which [`Self::set_str`] never
    /// writes).
    #[must_use]
    pub fn get_string(&self) -> String {
        String::from_utf8(self.get_bytes()).unwrap_or_default()
    }

    /// Replaces the stored bytes, clearing the slots the old value used and the new one does not.
    pub fn set_bytes(&mut self, bytes: &[u8]) {
        let old = self.len();
        let len = bytes.len();
        let base = (old >= 32 || len >= 32).then(|| self.data_slot());
        let vm = self.root.vm();
        if let Some(base) = base {
            // New data words, then zeroes over the old words past the new end.
            let words = if len >= 32 { len.div_ceil(32) } else { 0 };
            for (i, chunk) in bytes.chunks(32).enumerate().take(words) {
                let mut word = B256::ZERO;
                word[..chunk.len()].copy_from_slice(chunk);
                // SAFETY: no storage reference to these slots is alive.
                unsafe { vm.storage_cache_bytes32(base + U256::from(i), word) };
            }
            let old_words = if old >= 32 { old.div_ceil(32) } else { 0 };
            for i in words..old_words {
                // SAFETY: as above.
                unsafe { vm.storage_cache_bytes32(base + U256::from(i), B256::ZERO) };
            }
        }
        let mut root = B256::ZERO;
        if len < 32 {
            root[..len].copy_from_slice(bytes);
            #[allow(clippy::cast_possible_truncation)]
            {
                root[31] = (len * 2) as u8;
            }
        } else {
            root[24..].copy_from_slice(&(len as u64 * 2 + 1).to_be_bytes());
        }
        self.root.set(root);
    }

    /// Replaces the stored value with the UTF-8 bytes of `s`.
    pub fn set_str(&mut self, s: &str) {
        self.set_bytes(s.as_bytes());
    }

    /// First slot of a long value's data: `keccak256(slot)`.
    fn data_slot(&self) -> U256 {
        U256::from_be_bytes(
            self.root
                .vm()
                .native_keccak256(&self.slot.to_be_bytes::<32>())
                .0,
        )
    }
}

impl Erase for StoredBytes {
    fn erase(&mut self) {
        self.set_bytes(&[]);
    }
}

/// The length encoded in a root word.
fn length_of(word: &B256) -> usize {
    if word[31] & 1 == 0 {
        usize::from(word[31] / 2)
    } else {
        let mut low = [0u8; 8];
        low.copy_from_slice(&word[24..]);
        #[allow(clippy::cast_possible_truncation)]
        {
            (u64::from_be_bytes(low) / 2) as usize
        }
    }
}

#[cfg(test)]
mod tests {
    use alloc::{vec, vec::Vec};

    use alloy_primitives::{keccak256, Address, B256, U256};
    use motsu::prelude::*;
    use stylus_sdk::{prelude::*, storage::StorageBytes};

    use super::StoredBytes;

    /// Our type and the SDK's in the same contract: the SDK's writes what ours reads and back.
    #[storage]
    struct Both {
        ours: StoredBytes,
        sdk: StorageBytes,
    }

    #[public]
    impl Both {}

    unsafe impl TopLevelStorage for Both {}

    fn sample(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 7 + 1) as u8).collect()
    }

    /// The raw words of slot `slot` and of the first `n` data slots.
    fn words(c: &Both, slot: u64, n: usize) -> Vec<B256> {
        let vm = c.ours.root.vm();
        let base = U256::from_be_bytes(keccak256(U256::from(slot).to_be_bytes::<32>()).0);
        let mut out = vec![vm.storage_load_bytes32(U256::from(slot))];
        out.extend((0..n).map(|i| vm.storage_load_bytes32(base + U256::from(i))));
        out
    }

    #[motsu::test]
    fn has_the_layout_of_solidity_bytes(contract: Contract<Both>, alice: Address) {
        for len in [0, 1, 31, 32, 33, 64, 65, 200] {
            let data = sample(len);
            let mut c = contract.sender(alice);
            c.ours.set_bytes(&data);
            c.sdk.set_bytes(&data);
            assert_eq!(c.ours.len(), len);
            assert_eq!(c.ours.get_bytes(), data);
            assert_eq!(c.sdk.get_bytes(), data);
            // Same words in the two fields' slots (0 and 1) and their data areas.
            let n = len.div_ceil(32) + 1;
            let (ours, sdk) = (words(&c, 0, n), words(&c, 1, n));
            assert_eq!(ours, sdk, "length {len}");
        }
    }

    #[motsu::test]
    fn reads_what_the_sdk_wrote_and_clears_what_it_no_longer_uses(
        contract: Contract<Both>,
        alice: Address,
    ) {
        let mut c = contract.sender(alice);
        c.sdk.set_bytes(sample(100));
        // Move the SDK's value into our field's slot by writing the same words there.
        c.ours.set_bytes(&sample(100));
        assert_eq!(c.ours.get_bytes(), c.sdk.get_bytes());
        // Shrinking to a short value clears every data word; growing again reads back exactly.
        c.ours.set_bytes(b"short");
        assert_eq!(c.ours.get_bytes(), b"short".to_vec());
        assert!(words(&c, 0, 4)[1..].iter().all(|w| *w == B256::ZERO));
        c.ours.set_bytes(&sample(70));
        c.ours.set_bytes(&sample(33));
        assert_eq!(c.ours.get_bytes(), sample(33));
        assert_eq!(words(&c, 0, 3)[3], B256::ZERO);
        c.ours.set_str("name");
        assert_eq!(c.ours.get_string(), "name");
    }
}
