//! ERC-2981 royalties: one receiver and one rate for the whole collection, in one slot.

use alloy_primitives::{aliases::U96, uint, Address, U256};
use imo_common::math::{bps_of, BPS};
use stylus_sdk::prelude::*;

use crate::{AigcNft, Error, InvalidRoyalty, RoyaltySet};

/// Royalty denominator: royalties are in basis points.
pub const ROYALTY_DENOMINATOR: U96 = uint!(10_000_U96);

impl AigcNft {
    /// Validates and stores the royalty.
    pub(crate) fn write_royalty(&mut self, receiver: Address, bps: U96) -> Result<(), Error> {
        if receiver.is_zero() || bps > ROYALTY_DENOMINATOR {
            return Err(Error::InvalidRoyalty(InvalidRoyalty { receiver, bps }));
        }
        self.royalty_receiver.set(receiver);
        self.royalty_bps.set(bps);
        log(self.vm(), RoyaltySet { receiver, bps });
        Ok(())
    }

    /// `(receiver, sale_price * bps / 10,000)`, rounded down, exact for any price.
    pub(crate) fn royalty(&self, sale_price: U256) -> (Address, U256) {
        let bps = u16::try_from(self.royalty_bps.get()).unwrap_or(BPS);
        (self.royalty_receiver.get(), bps_of(sale_price, bps))
    }
}
