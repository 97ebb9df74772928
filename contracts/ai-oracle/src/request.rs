//! Paid requests: validation, fees, the money split, storage and the ORA event.

use alloc::vec::Vec;

use alloy_primitives::{aliases::U32, Address, Bytes, B256, U256, U64};
use imo_common::{
    clock::now,
    math::{from_stored, percent_of, to_stored, to_u128, wide},
};
use stylus_sdk::prelude::*;

use crate::{
    batch, errors::overflow, AICallbackRequest, AIOracle, CallbackBlacklisted, EmptyInput, Error,
    GasLimitTooHigh, InsufficientFee, InvalidBatchSize, InvalidCallback, InvalidDataAvailability,
    ModelNotActive, RefundCredited, RequestsPaused, DA_IPFS, MAX_CALLBACK_GAS_LIMIT,
};

impl AIOracle {
    /// Fails unless `model_id` is registered and active.
    pub(crate) fn only_active_model(&self, model_id: U256) -> Result<(), Error> {
        if self.models.getter(model_id).active.get() {
            Ok(())
        } else {
            Err(Error::ModelNotActive(ModelNotActive { modelId: model_id }))
        }
    }

    /// `(batchSize * model.fee, max(basefee, minGasPrice) * gasLimit)`.
    pub(crate) fn fees(
        &self,
        model_id: U256,
        gas_limit: U256,
        batch_size: U256,
    ) -> Result<(u128, u128), Error> {
        self.only_active_model(model_id)?;
        let fee = u128::from(self.models.getter(model_id).fee.get().to::<u64>());
        let batch = to_u128(batch_size).ok_or_else(overflow)?;
        let model_fee = batch.checked_mul(fee).ok_or_else(overflow)?;
        let basefee = to_u128(self.vm().block_basefee()).ok_or_else(overflow)?;
        let gas_price = basefee.max(from_stored(self.min_gas_price.get()));
        let node_fee = gas_price
            .checked_mul(to_u128(gas_limit).ok_or_else(overflow)?)
            .ok_or_else(overflow)?;
        Ok((model_fee, node_fee))
    }

    /// The whole fee of `batch_size` inferences with a callback of `gas_limit` gas.
    pub(crate) fn total_fee(
        &self,
        model_id: U256,
        gas_limit: U256,
        batch_size: U256,
    ) -> Result<U256, Error> {
        let (model_fee, node_fee) = self.fees(model_id, gas_limit, batch_size)?;
        Ok(wide(model_fee.checked_add(node_fee).ok_or_else(overflow)?))
    }

    /// Validates, charges and records a request; emits `AICallbackRequest` (the batch overload
    /// when `da` is given). Returns the new request id.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn request(
        &mut self,
        batch_size: U256,
        model_id: U256,
        input: Bytes,
        callback_contract: Address,
        gas_limit: u64,
        callback_data: Bytes,
        da: Option<(u8, u8)>,
    ) -> Result<U256, Error> {
        self.validate(batch_size, &input, callback_contract, gas_limit, da)?;
        let (model_fee, node_fee) = self.fees(model_id, U256::from(gas_limit), batch_size)?;
        let required = wide(model_fee.checked_add(node_fee).ok_or_else(overflow)?);
        let paid = self.vm().msg_value();
        if paid < required {
            return Err(Error::InsufficientFee(InsufficientFee { required, paid }));
        }
        let payer = self.vm().msg_sender();
        self.split_model_fee(model_id, batch_size, model_fee)?;
        let excess = paid - required;
        if !excess.is_zero() {
            self.refunds.add(payer, excess).ok_or_else(overflow)?;
            log(
                self.vm(),
                RefundCredited {
                    account: payer,
                    amount: excess,
                },
            );
        }
        let request_id = self.store_request(
            payer,
            callback_contract,
            gas_limit,
            node_fee,
            model_id,
            &input,
            &callback_data,
        )?;
        self.emit_request(
            payer,
            request_id,
            model_id,
            input,
            callback_contract,
            gas_limit,
            callback_data,
            da,
            batch_size,
        );
        Ok(request_id)
    }

    /// The checks of a request that need no storage but the pause flag and the blacklist.
    fn validate(
        &self,
        batch_size: U256,
        input: &[u8],
        callback_contract: Address,
        gas_limit: u64,
        da: Option<(u8, u8)>,
    ) -> Result<(), Error> {
        if self.paused.get() {
            return Err(Error::RequestsPaused(RequestsPaused {}));
        }
        if input.is_empty() {
            return Err(Error::EmptyInput(EmptyInput {}));
        }
        if gas_limit > MAX_CALLBACK_GAS_LIMIT {
            return Err(Error::GasLimitTooHigh(GasLimitTooHigh {
                gasLimit: gas_limit,
                max: MAX_CALLBACK_GAS_LIMIT,
            }));
        }
        if callback_contract.is_zero() != (gas_limit == 0) {
            return Err(Error::InvalidCallback(InvalidCallback {
                callbackContract: callback_contract,
                gasLimit: gas_limit,
            }));
        }
        if self.blacklisted.get() != U32::ZERO && self.blacklist.get(callback_contract) {
            return Err(Error::CallbackBlacklisted(CallbackBlacklisted {
                callbackContract: callback_contract,
            }));
        }
        if batch_size.is_zero() {
            return Err(Error::InvalidBatchSize(InvalidBatchSize {
                batchSize: batch_size,
            }));
        }
        if let Some((input_da, output_da)) = da {
            if input_da >= DA_IPFS || output_da > DA_IPFS {
                return Err(Error::InvalidDataAvailability(InvalidDataAvailability {
                    inputDA: input_da,
                    outputDA: output_da,
                }));
            }
        }
        Ok(())
    }

    /// Accrues the receiver's share of `model_fee` (`floor(fee * pct / 100)` per inference) and
    /// adds the rest to the protocol revenue.
    fn split_model_fee(
        &mut self,
        model_id: U256,
        batch_size: U256,
        model_fee: u128,
    ) -> Result<(), Error> {
        let mut m = self.models.setter(model_id);
        let fee = m.fee.get().to::<u64>();
        let pct = m.receiver_percentage.get().to::<u8>();
        let batch = to_u128(batch_size).ok_or_else(overflow)?;
        // At most the model fee, which did not overflow.
        let share = batch * u128::from(percent_of(fee, pct));
        let accrued = from_stored(m.accrued.get())
            .checked_add(share)
            .ok_or_else(overflow)?;
        m.accrued.set(to_stored(accrued).ok_or_else(overflow)?);
        let protocol = from_stored(self.protocol_revenue.get())
            .checked_add(model_fee - share)
            .ok_or_else(overflow)?;
        self.protocol_revenue
            .set(to_stored(protocol).ok_or_else(overflow)?);
        Ok(())
    }

    /// Writes a new request (slots 0..2 and the callback data words); returns its id. The
    /// request's commitment binds the model and the input: `keccak256(abi.encodePacked(modelId,
    /// input))`, which a dispute game checks the input of its first step against.
    #[allow(clippy::too_many_arguments)]
    fn store_request(
        &mut self,
        payer: Address,
        callback_contract: Address,
        gas_limit: u64,
        node_fee: u128,
        model_id: U256,
        input: &[u8],
        callback_data: &[u8],
    ) -> Result<U256, Error> {
        let id = self.request_count.get() + U64::from(1);
        self.request_count.set(id);
        let request_id = U256::from(id.to::<u64>());
        let mut committed = Vec::with_capacity(32 + input.len());
        committed.extend_from_slice(&model_id.to_be_bytes::<32>());
        committed.extend_from_slice(input);
        let input_hash = self.vm().native_keccak256(&committed);
        #[allow(clippy::cast_possible_truncation)] // seconds fit 32 bits until 2106
        let created_at = U32::from(now(self.vm()) as u32);
        let mut r = self.requests.setter(request_id);
        r.requester.set(payer);
        // At most MAX_CALLBACK_GAS_LIMIT (checked), so it fits 32 bits.
        #[allow(clippy::cast_possible_truncation)]
        r.gas_limit.set(U32::from(gas_limit as u32));
        r.created_at.set(created_at);
        r.callback.set(callback_contract);
        r.node_fee.set(to_stored(node_fee).ok_or_else(overflow)?);
        r.input_hash.set(input_hash);
        #[allow(clippy::cast_possible_truncation)]
        r.data_len.set(U32::from(callback_data.len() as u32));
        for (i, chunk) in callback_data.chunks(32).enumerate() {
            let mut word = B256::ZERO;
            word[..chunk.len()].copy_from_slice(chunk);
            r.data_words.setter(U256::from(i)).set(word);
        }
        Ok(request_id)
    }

    /// Emits the request's `AICallbackRequest` (ORA's single or batch overload).
    #[allow(clippy::too_many_arguments)]
    fn emit_request(
        &self,
        payer: Address,
        request_id: U256,
        model_id: U256,
        input: Bytes,
        callback_contract: Address,
        gas_limit: u64,
        callback_data: Bytes,
        da: Option<(u8, u8)>,
        batch_size: U256,
    ) {
        match da {
            None => log(
                self.vm(),
                AICallbackRequest {
                    account: payer,
                    requestId: request_id,
                    modelId: model_id,
                    input,
                    callbackContract: callback_contract,
                    gasLimit: gas_limit,
                    callbackData: callback_data,
                },
            ),
            Some((input_da, output_da)) => log(
                self.vm(),
                batch::AICallbackRequest {
                    account: payer,
                    requestId: request_id,
                    modelId: model_id,
                    input,
                    callbackContract: callback_contract,
                    gasLimit: gas_limit,
                    callbackData: callback_data,
                    inputDA: input_da,
                    outputDA: output_da,
                    batchSize: batch_size,
                },
            ),
        }
    }

    /// The callback data of a request, read back from its words.
    pub(crate) fn callback_data(&self, request_id: U256) -> Vec<u8> {
        let r = self.requests.getter(request_id);
        let len = r.data_len.get().to::<u32>() as usize;
        let mut data = Vec::with_capacity(len + 31);
        for i in 0..len.div_ceil(32) {
            data.extend_from_slice(r.data_words.get(U256::from(i)).as_slice());
        }
        data.truncate(len);
        data
    }
}
