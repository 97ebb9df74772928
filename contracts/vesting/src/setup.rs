//! Initialization (the clone's constructor), the lock around `release` and `claimRevenue`, the
//! views.

use alloy_primitives::{Address, U128, U256, U64};
use imo_common::{
    clock, clone, holder,
    lock::non_reentrant,
    math::{from_stored, to_u128, wide},
};
use stylus_sdk::prelude::*;

use crate::{
    Error, InvalidAddress, InvalidAmount, InvalidSchedule, NotInitialized, ReentrantCall, Schedule,
    UnsupportedClaimWindow, Vesting, MAX_CLAIM_WINDOW,
};

impl Vesting {
    /// Runs `body` under the grant's lock, on an initialized grant.
    pub(crate) fn guarded<T>(
        &mut self,
        body: impl FnOnce(&mut Self) -> Result<T, Error>,
    ) -> Result<T, Error> {
        if !self.initialized.get() {
            return Err(Error::NotInitialized(NotInitialized {}));
        }
        non_reentrant(
            self,
            |grant| &mut grant.locked,
            || Error::ReentrantCall(ReentrantCall {}),
            body,
        )
    }

    /// See `initialize` (`schedule.amount` is replaced by `amount`).
    pub(crate) fn init(
        &mut self,
        token: Address,
        beneficiary: Address,
        revenue_recipient: Address,
        schedule: Schedule,
        amount: U256,
    ) -> Result<(), Error> {
        clone::initializable(self.initialized.get())?;
        for account in [token, beneficiary] {
            if account.is_zero() {
                return Err(Error::InvalidAddress(InvalidAddress { account }));
            }
        }
        if schedule.duration == 0 || schedule.cliff > schedule.duration {
            return Err(Error::InvalidSchedule(InvalidSchedule {
                cliff: schedule.cliff,
                duration: schedule.duration,
            }));
        }
        let tokens = match to_u128(amount) {
            Some(tokens) if tokens != 0 => tokens,
            _ => return Err(Error::InvalidAmount(InvalidAmount { amount })),
        };
        let window = holder::claim_window(token).unwrap_or(u64::MAX);
        if window > MAX_CLAIM_WINDOW {
            return Err(Error::UnsupportedClaimWindow(UnsupportedClaimWindow {
                window: U256::from(window),
            }));
        }
        let recipient = if revenue_recipient.is_zero() {
            beneficiary
        } else {
            revenue_recipient
        };
        self.initialized.set(true);
        self.token.set(token);
        self.beneficiary.set(beneficiary);
        self.revenue_recipient.set(recipient);
        self.start.set(U64::from(schedule.start));
        self.cliff.set(U64::from(schedule.cliff));
        self.duration.set(U64::from(schedule.duration));
        self.amount.set(U128::from(tokens));
        let next = holder::collectable(token, 0, self.now()).map_or(1, |(_, end)| end.max(1));
        self.next_snapshot.set(U64::from(next));
        self.emit_initialized(
            token,
            beneficiary,
            recipient,
            schedule.start,
            schedule.cliff,
            schedule.duration,
            tokens,
        );
        Ok(())
    }

    /// See `grant`.
    #[allow(clippy::type_complexity)]
    pub(crate) fn grant_values(&self) -> (Address, Address, Address, u64, u64, u64, U256, U256) {
        let s = self.schedule();
        (
            self.token.get(),
            self.beneficiary.get(),
            self.revenue_recipient.get(),
            s.start,
            s.cliff,
            s.duration,
            wide(s.amount),
            wide(from_stored(self.released.get())),
        )
    }

    /// The chain's clock.
    pub(crate) fn now(&self) -> u64 {
        clock::now(self.vm())
    }
}
