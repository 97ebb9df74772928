//! Where the sale stands: its state, derived from the clock and one stored outcome, and the
//! finalization that fixes the outcome once the sale has ended.
//!
//! `Pending` (before `start`) -> `Active` (`[start, end)`) -> `Ended` -> `Succeeded` or `Failed`.
//! Finalizing stores the outcome (`Failed` exactly when the deposits are below the minimum) and
//! moves no funds; nobody can change it afterwards. The deposits' total is final at `end`, since
//! deposits are only taken before it.

use alloy_primitives::U8;
use imo_common::math::from_stored;

use crate::{Error, Sale, SaleNotEnded, ACTIVE, ENDED, FAILED, PENDING, SUCCEEDED};

impl Sale {
    /// See `state`.
    pub(crate) fn current_state(&self) -> u8 {
        let outcome = self.outcome.get().to::<u8>();
        if outcome != 0 {
            return outcome;
        }
        let now = self.now();
        if now < self.start.get().to::<u64>() {
            PENDING
        } else if now < self.end.get().to::<u64>() {
            ACTIVE
        } else {
            ENDED
        }
    }

    /// The outcome, fixing it first when the sale has ended and is not finalized yet.
    ///
    /// # Errors
    ///
    /// [`Error::SaleNotEnded`] before the end.
    pub(crate) fn settle(&mut self) -> Result<u8, Error> {
        let outcome = self.outcome.get().to::<u8>();
        if outcome != 0 {
            return Ok(outcome);
        }
        let end = self.end.get().to::<u64>();
        if self.now() < end {
            return Err(Error::SaleNotEnded(SaleNotEnded { end }));
        }
        let terms = self.terms();
        let total = from_stored(self.total_deposits.get());
        let succeeded = terms.succeeds(total);
        let outcome = if succeeded { SUCCEEDED } else { FAILED };
        self.outcome.set(U8::from(outcome));
        self.emit_finalized(outcome, total, terms.proceeds(total, succeeded));
        Ok(outcome)
    }
}
