//! The release schedule: nothing before `start + cliff`, then linear from `start` to
//! `start + duration` (so at the cliff, `cliff / duration` of the grant is released at once),
//! everything from `start + duration` on. Rounds down: the beneficiary is never ahead of the
//! schedule, and the last second releases the rest.

use alloy_primitives::{U128, U256};
use imo_common::{
    erc20,
    math::{from_stored, mul_div, to_u128, wide},
};
use stylus_sdk::prelude::*;

use crate::{Error, NothingToRelease, TransferFailed, Vesting};

/// A grant's schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// When vesting starts (for an IMO: the sale's end).
    pub start: u64,
    /// Seconds after `start` before anything is released.
    pub cliff: u64,
    /// Seconds after `start` when everything is released (> 0, >= `cliff`).
    pub duration: u64,
    /// The grant's tokens.
    pub amount: u128,
}

impl Schedule {
    /// Tokens vested at `time`.
    #[must_use]
    pub fn vested(&self, time: u64) -> u128 {
        let elapsed = time.saturating_sub(self.start);
        if time < self.start || elapsed < self.cliff {
            0
        } else if elapsed >= self.duration {
            self.amount
        } else {
            // elapsed < duration: the quotient is below `amount`.
            mul_div(self.amount, u128::from(elapsed), u128::from(self.duration)).unwrap_or(0)
        }
    }
}

impl Vesting {
    /// The stored schedule.
    pub(crate) fn schedule(&self) -> Schedule {
        Schedule {
            start: self.start.get().to::<u64>(),
            cliff: self.cliff.get().to::<u64>(),
            duration: self.duration.get().to::<u64>(),
            amount: from_stored(self.amount.get()),
        }
    }

    /// Vested and not released yet, up to what the grant holds (0 before it is funded).
    pub(crate) fn releasable_now(&self) -> u128 {
        let due = self
            .schedule()
            .vested(self.now())
            .saturating_sub(from_stored(self.released.get()));
        let held = erc20::balance_of(self.token.get(), self.vm().contract_address())
            .and_then(to_u128)
            .unwrap_or(0);
        due.min(held)
    }

    /// See `release`.
    pub(crate) fn release_vested(&mut self) -> Result<U256, Error> {
        let amount = self.releasable_now();
        if amount == 0 {
            return Err(Error::NothingToRelease(NothingToRelease {}));
        }
        // released + amount <= vested <= amount of the grant: no overflow.
        let released = from_stored(self.released.get()) + amount;
        self.released.set(U128::from(released));
        let beneficiary = self.beneficiary.get();
        self.emit_released(beneficiary, amount);
        let token = self.token.get();
        if !erc20::transfer(self, token, beneficiary, wide(amount)) {
            return Err(Error::TransferFailed(TransferFailed {
                to: beneficiary,
                amount: wide(amount),
            }));
        }
        Ok(wide(amount))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_before_the_cliff_then_linear_then_everything() {
        let s = Schedule {
            start: 1_000,
            cliff: 100,
            duration: 400,
            amount: 1_000,
        };
        assert_eq!(s.vested(0), 0);
        assert_eq!(s.vested(1_099), 0);
        assert_eq!(s.vested(1_100), 250);
        assert_eq!(s.vested(1_301), 752);
        assert_eq!(s.vested(1_399), 997);
        assert_eq!(s.vested(1_400), 1_000);
        assert_eq!(s.vested(u64::MAX), 1_000);
    }
}
