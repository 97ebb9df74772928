//! Events as raw logs of 32-byte words.
//!
//! `log(vm, Event { .. })` encodes through a generic `SolEvent` implementation per event type;
//! for events whose fields are all static words, [`emit_words`] writes the same bytes with one
//! small function shared by every event. Contracts wrap it in one typed emitter per event
//! (`fn emit_claimed(&self, account, id, amount)`), so call sites stay typed, and their tests
//! check the bytes against the `sol!` encoding.

use alloc::vec::Vec;

use alloy_primitives::{B256, U256};
use stylus_sdk::stylus_core::Host;

/// Emits a log with `topics` (at most 4) and the data `words`, each 32 bytes big-endian.
#[inline(always)]
pub fn emit_words(vm: &dyn Host, topics: &[B256], words: &[U256]) {
    let mut data = Vec::with_capacity(words.len() * 32);
    for word in words {
        data.extend_from_slice(&word.to_be_bytes::<32>());
    }
    // `raw_log` only fails with more than 4 topics; every caller passes at most 4.
    let _ = vm.raw_log(topics, &data);
}
