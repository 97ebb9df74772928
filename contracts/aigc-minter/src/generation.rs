//! Generations: the paid mint, the holder's retry after a failure, and the oracle request behind
//! each token's content.

use alloy_primitives::{Address, Bytes as AbiBytes, U256, U64, U8};
use alloy_sol_types::SolValue;
use imo_common::{
    call::Payable,
    interfaces::{IAIOracle, IAigcNftForMinter},
};
use stylus_sdk::prelude::*;

use crate::{
    call_failed, AigcMinter, CollectionNotSet, Error, GenerationRetried, InsufficientPayment,
    Minted, NotRetryable, NotTokenHolder, RequestIdTooLarge, Status,
};

impl AigcMinter {
    /// `mint`: the NFT, the price to the token, the oracle request, the overpayment credit.
    pub(crate) fn mint_prompt(&mut self, prompt: AbiBytes) -> Result<U256, Error> {
        let nft = self.collection()?;
        let (sender, value) = (self.vm().msg_sender(), self.vm().msg_value());
        let price = self.mint_price.get();
        let fee = self.oracle_fee()?;
        let required = price.saturating_add(fee);
        if value < required {
            return Err(Error::InsufficientPayment(InsufficientPayment {
                required,
                sent: value,
            }));
        }
        let token_id = IAigcNftForMinter::new(nft)
            .mint_to(&mut *self, sender, prompt.clone())
            .map_err(|e| call_failed(nft, e))?;
        if !price.is_zero() {
            let token = self.rev_share_token.get();
            self.send(token, price)?;
        }
        let request_id = self.request(token_id, prompt, fee)?;
        self.credit(sender, value - required)?;
        log(
            self.vm(),
            Minted {
                tokenId: token_id,
                minter: sender,
                requestId: request_id,
                price,
                fee,
            },
        );
        Ok(token_id)
    }

    /// `retry`: a new paid request for a token whose generation failed (holder only).
    pub(crate) fn retry_generation(&mut self, token_id: U256) -> Result<U256, Error> {
        let nft = self.collection()?;
        let (sender, value) = (self.vm().msg_sender(), self.vm().msg_value());
        let holder = IAigcNftForMinter::new(nft)
            .owner_of(&*self, token_id)
            .map_err(|e| call_failed(nft, e))?;
        if holder != sender {
            return Err(Error::NotTokenHolder(NotTokenHolder {
                caller: sender,
                tokenId: token_id,
            }));
        }
        if self.requests.getter(token_id).status.get() != U8::from(Status::Failed as u8) {
            return Err(Error::NotRetryable(NotRetryable { tokenId: token_id }));
        }
        let fee = self.oracle_fee()?;
        if value < fee {
            return Err(Error::InsufficientPayment(InsufficientPayment {
                required: fee,
                sent: value,
            }));
        }
        let prompt = IAigcNftForMinter::new(nft)
            .prompt(&*self, token_id)
            .map_err(|e| call_failed(nft, e))?;
        let request_id = self.request(token_id, prompt, fee)?;
        self.credit(sender, value - fee)?;
        log(
            self.vm(),
            GenerationRetried {
                tokenId: token_id,
                requestId: request_id,
                fee,
            },
        );
        Ok(request_id)
    }

    /// The bound collection, or [`Error::CollectionNotSet`].
    pub(crate) fn collection(&self) -> Result<Address, Error> {
        let nft = self.nft.get();
        if nft.is_zero() {
            return Err(Error::CollectionNotSet(CollectionNotSet {}));
        }
        Ok(nft)
    }

    /// The oracle's fee for one request with this minter's callback gas.
    pub(crate) fn oracle_fee(&self) -> Result<U256, Error> {
        let oracle = self.oracle.get();
        let gas = U256::from(self.callback_gas_limit.get());
        IAIOracle::new(oracle)
            .estimate_fee(self, self.model_id.get(), gas)
            .map_err(|e| call_failed(oracle, e))
    }

    /// Pays the oracle `fee` for an inference on `prompt` calling back with `abi.encode(token_id)`,
    /// and records it as the token's pending request.
    fn request(&mut self, token_id: U256, prompt: AbiBytes, fee: U256) -> Result<U256, Error> {
        let oracle = self.oracle.get();
        let (model_id, gas_limit) = (
            self.model_id.get(),
            self.callback_gas_limit.get().to::<u64>(),
        );
        let this = self.vm().contract_address();
        let callback_data: AbiBytes = token_id.abi_encode().into();
        let request_id = IAIOracle::new(oracle)
            .request_callback(
                Payable::new(self, fee),
                model_id,
                prompt,
                this,
                gas_limit,
                callback_data,
            )
            .map_err(|e| call_failed(oracle, e))?;
        let id64 = u64::try_from(request_id).map_err(|_| {
            Error::RequestIdTooLarge(RequestIdTooLarge {
                requestId: request_id,
            })
        })?;
        let mut record = self.requests.setter(token_id);
        record.request_id.set(U64::from(id64));
        record.status.set(U8::from(Status::Pending as u8));
        Ok(request_id)
    }
}
