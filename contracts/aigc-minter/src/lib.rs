//! The AIGC NFT's oracle consumer ("minter") on Arbitrum Stylus.
//!
//! `mint(prompt)` is one transaction for the user: it mints the token of `prompt` on the NFT
//! (content pending), sends the mint price to the model's RevShare token and pays the AI Oracle
//! for an inference whose callback comes back here. The callback attaches the content to the NFT
//! (`addAigcData`); a corrected delivery after a challenge replaces it (`update`); the same
//! content again changes nothing. A failed generation (`aiOracleCallbackError`) can be retried
//! by the token's holder. Overpayment is credited, never pushed back.
//!
//! The contract is built without the SDK's `reentrant` feature: none of its flows needs to be
//! re-entered, so the SDK's guard rejects any reentrant call.
//!
//! Modules: [`generation`] (mint, retry, the oracle request), [`callbacks`] (the oracle's
//! deliveries), [`funds`] (payments and credits), [`errors`], [`events`].
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
// `#[entrypoint]` emits undocumented fns for wasm and under `export-abi`.
#![cfg_attr(
    not(any(target_arch = "wasm32", feature = "export-abi")),
    deny(missing_docs)
)]
#![deny(rustdoc::broken_intra_doc_links)]
extern crate alloc;

pub mod callbacks;
pub mod errors;
pub mod events;
pub mod funds;
pub mod generation;

use alloc::{vec, vec::Vec};

use alloy_primitives::{aliases::U96, Address, U256, U64};
use imo_common::{credits::Credits, interfaces::IAigcNftForMinter};
use openzeppelin_stylus::access::ownable::{IOwnable, Ownable};
use stylus_sdk::{
    abi::Bytes,
    prelude::*,
    storage::{StorageAddress, StorageMap, StorageU256, StorageU64, StorageU8},
};

pub use errors::*;
pub use events::*;

/// Generation status of a token, as stored.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// No request (the token was not minted here).
    None = 0,
    /// Requested; waiting for the oracle.
    Pending = 1,
    /// Content delivered (and possibly corrected since).
    Delivered = 2,
    /// The oracle reported an error; the holder may `retry`.
    Failed = 3,
}

/// The request behind a token's content, packed in one slot.
#[storage]
pub struct TokenRequest {
    /// The oracle request id.
    pub(crate) request_id: StorageU64,
    /// A [`Status`].
    pub(crate) status: StorageU8,
}

/// The minter.
#[entrypoint]
#[storage]
pub struct AigcMinter {
    pub(crate) ownable: Ownable,
    /// The collection (set once).
    pub(crate) nft: StorageAddress,
    /// The AI Oracle.
    pub(crate) oracle: StorageAddress,
    /// The model that generates the content.
    pub(crate) model_id: StorageU256,
    /// Receives the mint price.
    pub(crate) rev_share_token: StorageAddress,
    /// Price of a mint on top of the oracle fee.
    pub(crate) mint_price: StorageU256,
    /// Gas the oracle gives each callback.
    pub(crate) callback_gas_limit: StorageU64,
    /// Per token id.
    pub(crate) requests: StorageMap<U256, TokenRequest>,
    /// Overpayment credit per account.
    pub(crate) refunds: Credits,
}

#[public]
#[implements(IOwnable)]
impl AigcMinter {
    /// Creates the minter; bind it to its collection with [`Self::set_collection`].
    ///
    /// # Errors
    /// [`ZeroAddress`] for a zero oracle or token; owner errors.
    #[constructor]
    pub fn constructor(
        &mut self,
        oracle: Address,
        model_id: U256,
        rev_share_token: Address,
        mint_price: U256,
        callback_gas_limit: u64,
        owner: Address,
    ) -> Result<(), Error> {
        if oracle.is_zero() || rev_share_token.is_zero() {
            return Err(Error::ZeroAddress(ZeroAddress {}));
        }
        self.ownable.constructor(owner)?;
        self.oracle.set(oracle);
        self.model_id.set(model_id);
        self.rev_share_token.set(rev_share_token);
        self.mint_price.set(mint_price);
        self.callback_gas_limit.set(U64::from(callback_gas_limit));
        Ok(())
    }

    /// Binds the minter to its collection. Owner only, once.
    ///
    /// # Errors
    /// Owner errors; [`ZeroAddress`]; [`CollectionAlreadySet`].
    ///
    /// # Events
    /// [`CollectionSet`].
    #[selector(name = "setCollection")]
    pub fn set_collection(&mut self, nft: Address) -> Result<(), Error> {
        self.ownable.only_owner()?;
        if nft.is_zero() {
            return Err(Error::ZeroAddress(ZeroAddress {}));
        }
        let current = self.nft.get();
        if !current.is_zero() {
            return Err(Error::CollectionAlreadySet(CollectionAlreadySet {
                nft: current,
            }));
        }
        self.nft.set(nft);
        log(self.vm(), CollectionSet { nft });
        Ok(())
    }

    /// Mints the token of `prompt` to the caller and requests its content.
    ///
    /// Requires `msg.value >= mintPrice + oracle.estimateFee(modelId, callbackGasLimit)`; the
    /// price goes to the RevShare token, the fee to the oracle, the rest is credited to the caller.
    ///
    /// # Errors
    /// [`CollectionNotSet`]; [`InsufficientPayment`]; [`ExternalCallFailed`] when the NFT (prompt
    /// already minted), the token or the oracle reverts; [`RequestIdTooLarge`].
    ///
    /// # Events
    /// [`Minted`], [`RefundCredited`] on overpayment; the NFT's `Transfer`.
    #[payable]
    pub fn mint(&mut self, prompt: Bytes) -> Result<U256, Error> {
        self.mint_prompt(prompt.0.into())
    }

    /// Pays a new inference for a token whose generation failed. Holder only.
    ///
    /// # Errors
    /// [`NotTokenHolder`]; [`NotRetryable`]; [`InsufficientPayment`]; [`ExternalCallFailed`].
    ///
    /// # Events
    /// [`GenerationRetried`], [`RefundCredited`] on overpayment.
    #[payable]
    pub fn retry(&mut self, token_id: U256) -> Result<U256, Error> {
        self.retry_generation(token_id)
    }

    /// The oracle's delivery: attaches the content (first delivery), replaces it (a correction
    /// after a challenge), or does nothing (the same content again). Oracle only.
    ///
    /// # Errors
    /// [`NotOracle`]; [`InvalidCallbackData`]; [`UnknownRequest`]; [`ExternalCallFailed`].
    ///
    /// # Events
    /// [`GenerationDelivered`]; the NFT's `AigcData` / `Update` and `MetadataUpdate`.
    #[selector(name = "aiOracleCallback")]
    pub fn ai_oracle_callback(
        &mut self,
        request_id: U256,
        output: Bytes,
        callback_data: Bytes,
    ) -> Result<(), Error> {
        self.on_result(request_id, output.0.into(), &callback_data)
    }

    /// The oracle could not serve the request: marks the generation failed so the holder can
    /// `retry`. Oracle only.
    ///
    /// # Errors
    /// [`NotOracle`]; [`InvalidCallbackData`]; [`UnknownRequest`] (also after a delivery).
    ///
    /// # Events
    /// [`GenerationFailed`].
    #[selector(name = "aiOracleCallbackError")]
    pub fn ai_oracle_callback_error(
        &mut self,
        request_id: U256,
        code: u8,
        message: Bytes,
        callback_data: Bytes,
    ) -> Result<(), Error> {
        self.on_error(request_id, code, message.0.into(), &callback_data)
    }

    /// Withdraws the caller's overpayment credit.
    ///
    /// # Errors
    /// [`NothingToWithdraw`]; [`TransferFailed`].
    ///
    /// # Events
    /// [`RefundWithdrawn`].
    #[selector(name = "withdrawRefund")]
    pub fn withdraw_refund(&mut self) -> Result<(), Error> {
        self.withdraw_credit()
    }

    /// Sets the mint price. Owner only.
    ///
    /// # Errors
    /// Owner errors.
    ///
    /// # Events
    /// [`MintPriceSet`].
    #[selector(name = "setMintPrice")]
    pub fn set_mint_price(&mut self, price: U256) -> Result<(), Error> {
        self.ownable.only_owner()?;
        self.mint_price.set(price);
        log(self.vm(), MintPriceSet { price });
        Ok(())
    }

    /// Sets the gas the oracle gives each callback. Owner only.
    ///
    /// # Errors
    /// Owner errors.
    ///
    /// # Events
    /// [`CallbackGasLimitSet`].
    #[selector(name = "setCallbackGasLimit")]
    pub fn set_callback_gas_limit(&mut self, gas_limit: u64) -> Result<(), Error> {
        self.ownable.only_owner()?;
        self.callback_gas_limit.set(U64::from(gas_limit));
        log(
            self.vm(),
            CallbackGasLimitSet {
                gasLimit: gas_limit,
            },
        );
        Ok(())
    }

    /// Sets the collection's ERC-2981 royalty. Owner only (the NFT accepts it from the minter).
    ///
    /// # Errors
    /// Owner errors; [`CollectionNotSet`]; [`ExternalCallFailed`] (the NFT's `InvalidRoyalty`).
    #[selector(name = "setRoyalty")]
    pub fn set_royalty(&mut self, receiver: Address, bps: U96) -> Result<(), Error> {
        self.ownable.only_owner()?;
        let nft = self.collection()?;
        IAigcNftForMinter::new(nft)
            .set_royalty(&mut *self, receiver, bps)
            .map_err(|e| call_failed(nft, e))
    }

    /// What a mint costs now: mint price + the oracle's fee for one request.
    ///
    /// # Errors
    /// [`ExternalCallFailed`] when the oracle's `estimateFee` reverts (e.g. unknown model).
    #[selector(name = "mintCost")]
    pub fn mint_cost(&self) -> Result<U256, Error> {
        Ok(self.mint_price.get().saturating_add(self.oracle_fee()?))
    }

    /// The request behind a token's content and its status (a [`Status`]).
    #[selector(name = "requestOf")]
    pub fn request_of(&self, token_id: U256) -> (U256, u8) {
        let record = self.requests.getter(token_id);
        (
            U256::from(record.request_id.get()),
            record.status.get().to::<u8>(),
        )
    }

    /// Overpayment credit of `account`.
    #[selector(name = "refundOf")]
    pub fn refund_of(&self, account: Address) -> U256 {
        self.refunds.of(account)
    }

    /// The mint price.
    #[selector(name = "mintPrice")]
    pub fn mint_price(&self) -> U256 {
        self.mint_price.get()
    }

    /// Gas the oracle gives each callback.
    #[selector(name = "callbackGasLimit")]
    pub fn callback_gas_limit(&self) -> u64 {
        self.callback_gas_limit.get().to::<u64>()
    }

    /// The collection (zero until bound).
    pub fn nft(&self) -> Address {
        self.nft.get()
    }

    /// The AI Oracle.
    pub fn oracle(&self) -> Address {
        self.oracle.get()
    }

    /// The model that generates the content.
    #[selector(name = "modelId")]
    pub fn model_id(&self) -> U256 {
        self.model_id.get()
    }

    /// The RevShare token that receives mint prices.
    #[selector(name = "revShareToken")]
    pub fn rev_share_token(&self) -> Address {
        self.rev_share_token.get()
    }
}

#[public]
impl IOwnable for AigcMinter {
    fn owner(&self) -> Address {
        self.ownable.owner()
    }

    fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Vec<u8>> {
        Ok(self.ownable.transfer_ownership(new_owner)?)
    }

    fn renounce_ownership(&mut self) -> Result<(), Vec<u8>> {
        Ok(self.ownable.renounce_ownership()?)
    }
}

#[cfg(test)]
mod tests;
