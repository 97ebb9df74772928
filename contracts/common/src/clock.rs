//! The chain's clock.
//!
//! motsu's block timestamp is a constant, so unit tests move time with a per-thread offset that
//! the `test-clock` feature adds to every contract's [`now`] (one clock for all contracts of a
//! test). The feature is enabled by the contracts' dev-dependencies only; a deployable build
//! reads `block.timestamp` and nothing else.

use stylus_sdk::stylus_core::Host;

/// `block.timestamp` (plus the test offset under `test-clock`).
#[must_use]
#[inline(always)]
pub fn now(vm: &dyn Host) -> u64 {
    let t = vm.block_timestamp();
    #[cfg(feature = "test-clock")]
    let t = t.saturating_add(offset());
    t
}

#[cfg(feature = "test-clock")]
std::thread_local! {
    static OFFSET: core::cell::Cell<u64> = const { core::cell::Cell::new(0) };
}

/// Moves this test thread's clock forward by `seconds`.
#[cfg(feature = "test-clock")]
pub fn advance(seconds: u64) {
    OFFSET.with(|o| o.set(o.get().saturating_add(seconds)));
}

/// How far this test thread's clock was moved.
#[cfg(feature = "test-clock")]
#[must_use]
pub fn offset() -> u64 {
    OFFSET.with(core::cell::Cell::get)
}
