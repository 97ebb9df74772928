//! Payments out of the sale: tokens, the currency and ETH revenue. Each is called after every
//! state change of its entry point (checks-effects-interactions); a failed payment reverts the
//! whole call, so nothing is marked paid that was not.

use alloy_primitives::{Address, U256};
use imo_common::{erc20, eth, math::wide};

use crate::{Error, EthTransferFailed, Sale, TransferFailed};

impl Sale {
    /// Sends `amount` wei to `to` (nothing when 0).
    pub(crate) fn pay_eth(&mut self, to: Address, amount: U256) -> Result<(), Error> {
        eth::send(self, to, amount)
            .map_err(|_| Error::EthTransferFailed(EthTransferFailed { to, amount }))
    }

    /// Transfers `amount` of the ERC-20 `asset` to `to` (nothing when 0).
    pub(crate) fn pay_erc20(
        &mut self,
        asset: Address,
        to: Address,
        amount: U256,
    ) -> Result<(), Error> {
        if amount.is_zero() || erc20::transfer(self, asset, to, amount) {
            Ok(())
        } else {
            Err(Error::TransferFailed(TransferFailed { asset, to, amount }))
        }
    }

    /// Transfers `amount` of the sale's token to `to`.
    pub(crate) fn pay_tokens(&mut self, to: Address, amount: u128) -> Result<(), Error> {
        let token = self.token.get();
        self.pay_erc20(token, to, wide(amount))
    }

    /// Pays `currency` of the raise currency and `revenue` wei of ETH revenue to `to` (one ETH
    /// transfer for both in an ETH sale).
    pub(crate) fn pay_currency_and_revenue(
        &mut self,
        to: Address,
        currency: u128,
        revenue: U256,
    ) -> Result<(), Error> {
        let asset = self.currency.get();
        if asset.is_zero() {
            return self.pay_eth(to, wide(currency).saturating_add(revenue));
        }
        self.pay_erc20(asset, to, wide(currency))?;
        self.pay_eth(to, revenue)
    }
}
