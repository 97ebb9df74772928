//! Withdrawals (pull payments) and the credit ledger's events.

use alloy_primitives::{Address, U256};
use imo_common::eth::{pay_or_credit, send, Payout};
use stylus_sdk::prelude::*;

use crate::{
    errors::overflow, AIOracle, EarningsWithdrawn, Error, NothingToWithdraw, RefundCredited,
    RefundWithdrawn, TransferFailed,
};

impl AIOracle {
    /// `withdrawEarnings`: pays the caller's node earnings.
    pub(crate) fn withdraw_node_earnings(&mut self) -> Result<(), Error> {
        let node = self.vm().msg_sender();
        let amount = self.earnings.take(node);
        if amount.is_zero() {
            return Err(Error::NothingToWithdraw(NothingToWithdraw {}));
        }
        log(self.vm(), EarningsWithdrawn { node, amount });
        self.send(node, amount)
    }

    /// `withdrawRefund`: pays the caller's credit.
    pub(crate) fn withdraw_credit(&mut self) -> Result<(), Error> {
        let account = self.vm().msg_sender();
        let amount = self.refunds.take(account);
        if amount.is_zero() {
            return Err(Error::NothingToWithdraw(NothingToWithdraw {}));
        }
        log(self.vm(), RefundWithdrawn { account, amount });
        self.send(account, amount)
    }

    /// Sends `amount` to `to` (all state must be written before), reverting if it is rejected.
    pub(crate) fn send(&mut self, to: Address, amount: U256) -> Result<(), Error> {
        send(self, to, amount).map_err(|_| Error::TransferFailed(TransferFailed { to, amount }))
    }

    /// Pushes `amount` to `to`; if `to` rejects it, credits it instead (with
    /// [`RefundCredited`]), so an administrator is never blocked by a receiver that cannot take
    /// ETH.
    pub(crate) fn pay_or_credit(&mut self, to: Address, amount: U256) -> Result<(), Error> {
        match pay_or_credit(self, |s| &mut s.refunds, to, amount) {
            None => Err(overflow()),
            Some(Payout::Credited) => {
                log(
                    self.vm(),
                    RefundCredited {
                        account: to,
                        amount,
                    },
                );
                Ok(())
            }
            Some(Payout::Sent | Payout::Nothing) => Ok(()),
        }
    }
}
