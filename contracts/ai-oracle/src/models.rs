//! The model registry: what a request and `getModel` read, and each model's accrued revenue.

use alloy_primitives::{aliases::U8, Address, B256, U256, U64};
use imo_common::math::{from_stored, to_u128, wide};
use stylus_sdk::prelude::*;

use crate::{
    errors::overflow, AIOracle, Error, InvalidReceiver, ModelRevenueClaimed, UnsupportedFeeToken,
};

/// A model's registration as `addModel` / `updateModel` take it.
pub struct ModelParams {
    /// Hash of the weights (for opML: the Merkle root over the layers' parameters).
    pub model_hash: B256,
    /// Hash of the program (for opML: the architecture).
    pub program_hash: B256,
    /// Fee per inference in wei.
    pub fee: U256,
    /// Receives `receiver_percentage`% of the model fees (the RevShare token).
    pub receiver: Address,
    /// 0..=100.
    pub receiver_percentage: U256,
    /// ORA's `token` field: the ERC-20 the model fee is paid in, zero for ETH. This oracle takes
    /// ETH only, so it must be zero.
    pub token: Address,
    /// ORA's informational `unverifiable` flag.
    pub unverifiable: bool,
}

impl AIOracle {
    /// `getModel`'s tuple.
    pub(crate) fn model_info(
        &self,
        model_id: U256,
    ) -> (B256, B256, U256, Address, U256, U256, Address, bool) {
        let m = self.models.getter(model_id);
        (
            m.model_hash.get(),
            m.program_hash.get(),
            U256::from(m.fee.get().to::<u64>()),
            m.receiver.get(),
            U256::from(m.receiver_percentage.get()),
            wide(from_stored(m.accrued.get())),
            m.token.get(),
            m.unverifiable.get(),
        )
    }

    /// `claimModelRevenue`: pays the accrued revenue to the receiver (nothing when 0).
    pub(crate) fn pay_model_revenue(&mut self, model_id: U256) -> Result<(), Error> {
        let (receiver, amount) = self.take_model_revenue(model_id);
        if amount.is_zero() {
            return Ok(());
        }
        self.send(receiver, amount)
    }

    /// Zeroes a model's accrued revenue; returns `(receiver, amount)`.
    pub(crate) fn take_model_revenue(&mut self, model_id: U256) -> (Address, U256) {
        let mut m = self.models.setter(model_id);
        let amount = wide(from_stored(m.accrued.get()));
        let receiver = m.receiver.get();
        if !amount.is_zero() {
            m.accrued.erase();
            log(
                self.vm(),
                ModelRevenueClaimed {
                    modelId: model_id,
                    receiver,
                    amount,
                },
            );
        }
        (receiver, amount)
    }

    /// Validates and writes a model's registration (active).
    pub(crate) fn write_model(&mut self, model_id: U256, p: &ModelParams) -> Result<(), Error> {
        if p.receiver_percentage > U256::from(100)
            || (p.receiver.is_zero() && !p.receiver_percentage.is_zero())
        {
            return Err(Error::InvalidReceiver(InvalidReceiver {
                receiver: p.receiver,
                receiverPercentage: p.receiver_percentage,
            }));
        }
        if !p.token.is_zero() {
            return Err(Error::UnsupportedFeeToken(UnsupportedFeeToken {
                token: p.token,
            }));
        }
        let fee = to_u128(p.fee)
            .and_then(|f| u64::try_from(f).ok())
            .ok_or_else(overflow)?;
        let mut m = self.models.setter(model_id);
        m.receiver.set(p.receiver);
        m.fee.set(U64::from(fee));
        m.receiver_percentage
            .set(U8::from(p.receiver_percentage.to::<u8>()));
        m.active.set(true);
        m.unverifiable.set(p.unverifiable);
        m.model_hash.set(p.model_hash);
        m.program_hash.set(p.program_hash);
        m.token.set(p.token);
        Ok(())
    }
}
