//! The reentrancy lock as one combinator, after solady's `nonReentrant`.
//!
//! Contracts built with the SDK's `reentrant` feature (they must accept some reentrant calls,
//! e.g. ETH paid back into `receive()` while they run) guard the functions that must not be
//! re-entered with [`non_reentrant`]: it takes a flag in the contract's own storage (usually a
//! bool packed into a slot the function touches anyway), runs the body, and releases the flag
//! whether the body succeeded or not.

use stylus_sdk::storage::StorageBool;

/// Runs `body` with `lock(storage)` held; returns `busy()` without running it when the lock is
/// already held (the function was re-entered).
#[inline(always)]
pub fn non_reentrant<S: ?Sized, T, E>(
    storage: &mut S,
    lock: fn(&mut S) -> &mut StorageBool,
    busy: impl FnOnce() -> E,
    body: impl FnOnce(&mut S) -> Result<T, E>,
) -> Result<T, E> {
    if lock(storage).get() {
        return Err(busy());
    }
    lock(storage).set(true);
    let result = body(storage);
    lock(storage).set(false);
    result
}
