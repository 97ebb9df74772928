//! The oracle's callbacks: content delivered (or corrected), or a failed generation.

use alloy_primitives::{Bytes as AbiBytes, U256, U8};
use alloy_sol_types::SolValue;
use imo_common::interfaces::IAigcNftForMinter;
use stylus_sdk::prelude::*;

use crate::{
    call_failed, AigcMinter, Error, GenerationDelivered, GenerationFailed, InvalidCallbackData,
    NotOracle, Status, UnknownRequest,
};

impl AigcMinter {
    /// `aiOracleCallback`: attaches, replaces or keeps the token's content.
    pub(crate) fn on_result(
        &mut self,
        request_id: U256,
        output: AbiBytes,
        callback_data: &[u8],
    ) -> Result<(), Error> {
        let token_id = self.check_callback(request_id, callback_data)?;
        let current = self.requests.getter(token_id).status.get().to::<u8>();
        if current != Status::Pending as u8 && current != Status::Delivered as u8 {
            return Err(Error::UnknownRequest(UnknownRequest {
                requestId: request_id,
            }));
        }
        let nft = self.collection()?;
        let first = current == Status::Pending as u8;
        // Effects before the calls.
        self.requests
            .setter(token_id)
            .status
            .set(U8::from(Status::Delivered as u8));
        let collection = IAigcNftForMinter::new(nft);
        let prompt = collection
            .prompt(&*self, token_id)
            .map_err(|e| call_failed(nft, e))?;
        if first {
            let proof: AbiBytes = request_id.abi_encode().into();
            collection
                .add_aigc_data(&mut *self, token_id, prompt, output, proof)
                .map_err(|e| call_failed(nft, e))?;
        } else {
            collection
                .update(&mut *self, prompt, output)
                .map_err(|e| call_failed(nft, e))?;
        }
        log(
            self.vm(),
            GenerationDelivered {
                tokenId: token_id,
                requestId: request_id,
                correction: !first,
            },
        );
        Ok(())
    }

    /// `aiOracleCallbackError`: marks a pending generation failed, so its holder can retry.
    pub(crate) fn on_error(
        &mut self,
        request_id: U256,
        code: u8,
        message: AbiBytes,
        callback_data: &[u8],
    ) -> Result<(), Error> {
        let token_id = self.check_callback(request_id, callback_data)?;
        let mut record = self.requests.setter(token_id);
        if record.status.get() != U8::from(Status::Pending as u8) {
            return Err(Error::UnknownRequest(UnknownRequest {
                requestId: request_id,
            }));
        }
        record.status.set(U8::from(Status::Failed as u8));
        log(
            self.vm(),
            GenerationFailed {
                tokenId: token_id,
                requestId: request_id,
                code,
                message,
            },
        );
        Ok(())
    }

    /// Checks an oracle callback and returns the token it is for.
    fn check_callback(&self, request_id: U256, callback_data: &[u8]) -> Result<U256, Error> {
        let caller = self.vm().msg_sender();
        if caller != self.oracle.get() {
            return Err(Error::NotOracle(NotOracle { caller }));
        }
        if callback_data.len() != 32 {
            return Err(Error::InvalidCallbackData(InvalidCallbackData {}));
        }
        let token_id = U256::from_be_slice(callback_data);
        let record = self.requests.getter(token_id);
        if record.status.get() == U8::from(Status::None as u8)
            || U256::from(record.request_id.get()) != request_id
        {
            return Err(Error::UnknownRequest(UnknownRequest {
                requestId: request_id,
            }));
        }
        Ok(token_id)
    }
}
