//! Revenue: what arrived since the last snapshot, and taking a snapshot, which assigns it to
//! claims and to the redeem pool.
//!
//! Storage keeps three amounts: `reserved` (the unclaimed part of the snapshots inside the claim
//! window), the redeem pool, and `taken` (what burners took since the last snapshot). A snapshot
//! taken while the total supply is 0 assigns nothing: its revenue stays pending.
//! Everything else is derived from the contract's ETH balance: pending = balance - reserved -
//! pool, gross pending = pending + taken.

use alloy_primitives::{U128, U256, U64};
use imo_common::{
    clock,
    math::{from_small, from_stored, mul_div, to_u128, wide, BPS},
};
use stylus_sdk::prelude::*;

use crate::{
    errors::{overflow, Error, SnapshotTooEarly},
    RevShareToken,
};

impl RevShareToken {
    /// Emits [`RevenueReceived`](crate::RevenueReceived) for the attached ETH. The accounting
    /// needs no write: revenue is measured from the contract's balance.
    pub(crate) fn emit_received(&mut self) {
        self.emit_revenue_received(self.vm().msg_sender(), self.vm().msg_value());
    }

    /// This contract's ETH balance.
    fn this_balance(&self) -> U256 {
        self.vm().balance(self.vm().contract_address())
    }

    /// Gross revenue pending since the last snapshot (including what burners already took from
    /// it) and what burners took. `gross >= taken`.
    pub(crate) fn pending_gross(&self) -> (u128, u128) {
        let taken = from_stored(self.taken_from_pending.get());
        let net = to_u128(self.this_balance())
            .unwrap_or(u128::MAX)
            .saturating_sub(from_stored(self.reserved.get()))
            .saturating_sub(from_stored(self.redeem_pool.get()));
        (net.saturating_add(taken), taken)
    }

    /// The part of `gross` revenue assigned to claims (rounded down; the dust belongs to the
    /// redeem share).
    pub(crate) fn claim_part(&self, gross: u128) -> u128 {
        let bps = u128::from(from_small(self.claimable_bps.get()));
        // bps <= 10000, so the quotient is at most `gross`.
        mul_div(gross, bps, u128::from(BPS)).unwrap_or(0)
    }

    /// Sweeps the revenue sources, then assigns the new revenue to snapshot `current + 1`.
    pub(crate) fn take_snapshot(&mut self) -> Result<U256, Error> {
        let now = clock::now(self.vm());
        let last = from_small(self.last_snapshot_timestamp.get());
        let interval = from_small(self.snapshot_interval.get());
        // At most one snapshot per second (a snapshot holds the balances at the end of its
        // second), and `interval` seconds apart.
        if now <= last || now - last < interval {
            return Err(Error::SnapshotTooEarly(SnapshotTooEarly {
                nextAllowedAt: last.saturating_add(interval.max(1)),
            }));
        }

        // Interactions first, under the lock: the oracles pay into `receive()`, so their ETH is
        // part of this snapshot's revenue.
        self.sweep_sources();

        // Balance records keep 32-bit ids (over 4 billion snapshots).
        let id = self.current_id() + 1;
        if id > u64::from(u32::MAX) {
            return Err(overflow());
        }
        let (gross, taken) = self.pending_gross();
        let mut reserved = from_stored(self.reserved.get());

        // The snapshot leaving the claim window gives its unclaimed rest to the new one.
        let window = from_small(self.claim_window.get());
        let rollover = if id > window {
            let expired = self.snapshots.getter(id - window);
            from_stored(expired.claimable.get()).saturating_sub(from_stored(expired.claimed.get()))
        } else {
            0
        };

        // What burners took came out of the redeem share, which is `gross - new_claims >= taken`.
        let (claimable, to_pool) = if self.total_supply.get().is_zero() {
            // Nobody holds a token, and nobody ever will again (the supply only shrinks): nobody
            // can claim or redeem. Assign nothing; the new revenue and the expiring snapshot's
            // unclaimed rest stay pending, visible in `pendingRevenue()` (see the README).
            reserved = reserved.checked_sub(rollover).ok_or_else(overflow)?;
            (0, 0)
        } else {
            let new_claims = self.claim_part(gross);
            reserved = reserved.checked_add(new_claims).ok_or_else(overflow)?;
            (
                new_claims.checked_add(rollover).ok_or_else(overflow)?,
                (gross - new_claims).saturating_sub(taken),
            )
        };
        let pool = from_stored(self.redeem_pool.get())
            .checked_add(to_pool)
            .ok_or_else(overflow)?;

        self.snapshots
            .setter(id)
            .claimable
            .set(U128::from(claimable));
        self.reserved.set(U128::from(reserved));
        self.redeem_pool.set(U128::from(pool));
        if taken != 0 {
            self.taken_from_pending.set(U128::ZERO);
        }
        self.current_snapshot_id.set(U64::from_limbs([id]));
        self.last_snapshot_timestamp.set(U64::from_limbs([now]));
        let id = U256::from(id);
        self.emit_snapshot(id, wide(claimable), wide(to_pool));
        Ok(id)
    }
}
