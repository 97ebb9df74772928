//! Payments and credits: the mint price to the token, overpayment credited, withdrawals.

use alloy_primitives::{Address, U256};
use imo_common::eth::send;
use stylus_sdk::prelude::*;

use crate::{
    AigcMinter, AmountOverflow, Error, NothingToWithdraw, RefundCredited, RefundWithdrawn,
    TransferFailed,
};

impl AigcMinter {
    /// Sends `amount` wei to `to` with an empty call (its `receive`), forwarding all gas.
    pub(crate) fn send(&mut self, to: Address, amount: U256) -> Result<(), Error> {
        send(self, to, amount).map_err(|_| Error::TransferFailed(TransferFailed { to, amount }))
    }

    /// Credits `amount` (if any) to `account`, with [`RefundCredited`].
    pub(crate) fn credit(&mut self, account: Address, amount: U256) -> Result<(), Error> {
        if amount.is_zero() {
            return Ok(());
        }
        self.refunds
            .add(account, amount)
            .ok_or(Error::AmountOverflow(AmountOverflow {}))?;
        log(self.vm(), RefundCredited { account, amount });
        Ok(())
    }

    /// `withdrawRefund`: pays the caller's credit.
    pub(crate) fn withdraw_credit(&mut self) -> Result<(), Error> {
        let sender = self.vm().msg_sender();
        let amount = self.refunds.take(sender);
        if amount.is_zero() {
            return Err(Error::NothingToWithdraw(NothingToWithdraw {}));
        }
        log(
            self.vm(),
            RefundWithdrawn {
                account: sender,
                amount,
            },
        );
        self.send(sender, amount)
    }
}
