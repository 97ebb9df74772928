//! Sending ETH: pay or fail, pay or credit.

use alloy_primitives::{Address, U256};
use stylus_sdk::prelude::TopLevelStorage;

use crate::{call::send_value, credits::Credits};

/// The recipient of a payment rejected it (reverted, or ran out of gas).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rejected;

/// Sends `amount` wei to `to` (nothing when 0); [`Rejected`] when `to` does not accept it.
/// Every state change must be written before (checks-effects-interactions): the recipient may
/// call back.
pub fn send<S: TopLevelStorage + ?Sized>(
    storage: &mut S,
    to: Address,
    amount: U256,
) -> Result<(), Rejected> {
    if amount.is_zero() || send_value(storage, to, amount) {
        Ok(())
    } else {
        Err(Rejected)
    }
}

/// What [`pay_or_credit`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Payout {
    /// Nothing to pay.
    Nothing,
    /// Sent to the recipient.
    Sent,
    /// The recipient rejected it: credited to the recipient in the ledger instead.
    Credited,
}

/// Pushes `amount` to `to`; if `to` rejects it, credits it in `ledger(storage)` instead, so that
/// a recipient that cannot take ETH never blocks the caller. `None` when the credit overflows.
pub fn pay_or_credit<S: TopLevelStorage + ?Sized>(
    storage: &mut S,
    ledger: impl FnOnce(&mut S) -> &mut Credits,
    to: Address,
    amount: U256,
) -> Option<Payout> {
    if amount.is_zero() {
        return Some(Payout::Nothing);
    }
    if send_value(storage, to, amount) {
        return Some(Payout::Sent);
    }
    ledger(storage).add(to, amount)?;
    Some(Payout::Credited)
}
