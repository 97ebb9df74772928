//! The revenue of the locked tokens: the grant holds them, so the RevShare token's snapshots pay
//! the grant. `claimRevenue` (anyone) claims every final snapshot still claimable and forwards the
//! ETH to the revenue recipient (the beneficiary, or the treasury if so configured).

use alloy_primitives::{U256, U64};
use imo_common::{eth, holder};
use stylus_sdk::prelude::*;

use crate::{Error, EthTransferFailed, UnexpectedEth, Vesting};

impl Vesting {
    /// See `claimRevenue`.
    pub(crate) fn forward_revenue(&mut self) -> Result<U256, Error> {
        let token = self.token.get();
        let this = self.vm().contract_address();
        let to = self.revenue_recipient.get();
        let next = self.next_snapshot.get().to::<u64>();
        let Some((first, end)) = holder::collectable(token, next, self.now()) else {
            return Ok(U256::ZERO);
        };
        let mut total = U256::ZERO;
        for id in first..end {
            if holder::claimable(token, this, id).is_zero() {
                continue;
            }
            let received = holder::claim(self, token, id);
            if !received.is_zero() {
                total += received;
                self.emit_revenue_forwarded(id, to, received);
            }
        }
        if end > next {
            self.next_snapshot.set(U64::from(end));
        }
        eth::send(self, to, total)
            .map_err(|_| Error::EthTransferFailed(EthTransferFailed { to, amount: total }))?;
        Ok(total)
    }

    /// See `receive`: only the token, while the grant claims.
    pub(crate) fn accept_revenue(&mut self) -> Result<(), Error> {
        let from = self.vm().msg_sender();
        if self.locked.get() && from == self.token.get() {
            Ok(())
        } else {
            Err(Error::UnexpectedEth(UnexpectedEth { from }))
        }
    }
}
