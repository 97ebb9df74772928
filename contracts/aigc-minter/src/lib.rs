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
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
extern crate alloc;

use alloc::{vec, vec::Vec};

use alloy_primitives::{aliases::U96, Address, Bytes as AbiBytes, U256, U64, U8};
use alloy_sol_types::SolValue;
use imo_common::interfaces::IAIOracle;
use openzeppelin_stylus::access::ownable::{self, IOwnable, Ownable};
#[allow(deprecated)]
use stylus_sdk::call::Call;
use stylus_sdk::{
    abi::Bytes,
    prelude::*,
    storage::{StorageAddress, StorageMap, StorageU256, StorageU64, StorageU8},
};

/// Generation status of a token, as stored.
pub mod status {
    /// No request (the token was not minted here).
    pub const NONE: u8 = 0;
    /// Requested; waiting for the oracle.
    pub const PENDING: u8 = 1;
    /// Content delivered (and possibly corrected since).
    pub const DELIVERED: u8 = 2;
    /// The oracle reported an error; the holder may `retry`.
    pub const FAILED: u8 = 3;
}

sol_interface! {
    /// The minter-only side of the AIGC NFT (`imo-aigc-nft`).
    interface IAigcNftForMinter {
        function mintTo(address to, bytes calldata prompt) external returns (uint256);
        function addAigcData(uint256 token_id, bytes calldata prompt, bytes calldata aigc_data, bytes calldata proof) external;
        function update(bytes calldata prompt, bytes calldata aigc_data) external;
        function setRoyalty(address receiver, uint96 bps) external;
        /// Declared `string` on the NFT; the ABI encoding is the same, and bytes keep any prompt intact.
        function prompt(uint256 token_id) external view returns (bytes memory);
        function ownerOf(uint256 token_id) external view returns (address);
    }
}

pub use sol::*;
#[allow(missing_docs)]
mod sol {
    use alloy_sol_types::sol;

    sol! {
        /// `tokenId` was minted to `minter`; inference `requestId` was paid `fee`, the RevShare token `price`.
        #[derive(Debug)]
        event Minted(uint256 indexed tokenId, address indexed minter, uint256 indexed requestId, uint256 price, uint256 fee);
        /// The holder of `tokenId` paid a new inference `requestId` after a failure.
        #[derive(Debug)]
        event GenerationRetried(uint256 indexed tokenId, uint256 indexed requestId, uint256 fee);
        /// The oracle delivered content for `tokenId` (first delivery or a correction).
        #[derive(Debug)]
        event GenerationDelivered(uint256 indexed tokenId, uint256 indexed requestId, bool correction);
        /// The oracle reported that it could not generate `tokenId`'s content.
        #[derive(Debug)]
        event GenerationFailed(uint256 indexed tokenId, uint256 indexed requestId, uint8 code, bytes message);
        /// `amount` wei of overpayment were credited to `account`.
        #[derive(Debug)]
        event RefundCredited(address indexed account, uint256 amount);
        /// `account` withdrew `amount` wei of credit.
        #[derive(Debug)]
        event RefundWithdrawn(address indexed account, uint256 amount);
        /// The owner bound the minter to its collection (once).
        #[derive(Debug)]
        event CollectionSet(address indexed nft);
        /// The owner set the mint price.
        #[derive(Debug)]
        event MintPriceSet(uint256 price);
        /// The owner set the gas the oracle gives each callback.
        #[derive(Debug)]
        event CallbackGasLimitSet(uint64 gasLimit);
    }

    sol! {
        /// Only the oracle may call this.
        #[derive(Debug)]
        error NotOracle(address caller);
        /// `callbackData` is not `abi.encode(tokenId)`.
        #[derive(Debug)]
        error InvalidCallbackData();
        /// The callback is not for the request this contract made for the token.
        #[derive(Debug)]
        error UnknownRequest(uint256 requestId);
        /// `sent` is below `required` (mint price + oracle fee).
        #[derive(Debug)]
        error InsufficientPayment(uint256 required, uint256 sent);
        /// The collection is not bound yet (`setCollection`).
        #[derive(Debug)]
        error CollectionNotSet();
        /// The collection is already bound.
        #[derive(Debug)]
        error CollectionAlreadySet(address nft);
        /// A required address is zero.
        #[derive(Debug)]
        error ZeroAddress();
        /// Only the token's holder may retry it.
        #[derive(Debug)]
        error NotTokenHolder(address caller, uint256 tokenId);
        /// The token's generation has not failed.
        #[derive(Debug)]
        error NotRetryable(uint256 tokenId);
        /// Sending `amount` wei to `to` failed.
        #[derive(Debug)]
        error TransferFailed(address to, uint256 amount);
        /// The caller has no credit to withdraw.
        #[derive(Debug)]
        error NothingToWithdraw();
        /// The oracle's request id does not fit 64 bits.
        #[derive(Debug)]
        error RequestIdTooLarge(uint256 requestId);
        /// A call to the oracle or the collection reverted with `reason`.
        #[derive(Debug)]
        error ExternalCallFailed(address target, bytes reason);
    }
}

/// Every way a call to the minter can fail.
#[derive(SolidityError, Debug)]
pub enum Error {
    /// Ownership errors (OpenZeppelin).
    Ownable(ownable::Error),
    /// See [`NotOracle`].
    NotOracle(NotOracle),
    /// See [`InvalidCallbackData`].
    InvalidCallbackData(InvalidCallbackData),
    /// See [`UnknownRequest`].
    UnknownRequest(UnknownRequest),
    /// See [`InsufficientPayment`].
    InsufficientPayment(InsufficientPayment),
    /// See [`CollectionNotSet`].
    CollectionNotSet(CollectionNotSet),
    /// See [`CollectionAlreadySet`].
    CollectionAlreadySet(CollectionAlreadySet),
    /// See [`ZeroAddress`].
    ZeroAddress(ZeroAddress),
    /// See [`NotTokenHolder`].
    NotTokenHolder(NotTokenHolder),
    /// See [`NotRetryable`].
    NotRetryable(NotRetryable),
    /// See [`TransferFailed`].
    TransferFailed(TransferFailed),
    /// See [`NothingToWithdraw`].
    NothingToWithdraw(NothingToWithdraw),
    /// See [`RequestIdTooLarge`].
    RequestIdTooLarge(RequestIdTooLarge),
    /// See [`ExternalCallFailed`].
    ExternalCallFailed(ExternalCallFailed),
}

/// The request behind a token's content, packed in one slot.
#[storage]
pub struct TokenRequest {
    /// The oracle request id.
    request_id: StorageU64,
    /// One of [`status`].
    status: StorageU8,
}

/// The minter.
#[entrypoint]
#[storage]
pub struct AigcMinter {
    ownable: Ownable,
    /// The collection (set once).
    nft: StorageAddress,
    /// The AI Oracle.
    oracle: StorageAddress,
    /// The model that generates the content.
    model_id: StorageU256,
    /// Receives the mint price.
    rev_share_token: StorageAddress,
    /// Price of a mint on top of the oracle fee.
    mint_price: StorageU256,
    /// Gas the oracle gives each callback.
    callback_gas_limit: StorageU64,
    /// Per token id.
    requests: StorageMap<U256, TokenRequest>,
    /// Overpayment credit per account.
    refunds: StorageMap<Address, StorageU256>,
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
            .mint_to(&mut *self, sender, prompt.0.clone().into())
            .map_err(|e| call_failed(nft, e))?;
        if !price.is_zero() {
            let token = self.rev_share_token.get();
            self.send(token, price)?;
        }
        let request_id = self.request(token_id, prompt.0.into(), fee)?;
        self.credit(sender, value - required);
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

    /// Pays a new inference for a token whose generation failed. Holder only.
    ///
    /// # Errors
    /// [`NotTokenHolder`]; [`NotRetryable`]; [`InsufficientPayment`]; [`ExternalCallFailed`].
    ///
    /// # Events
    /// [`GenerationRetried`], [`RefundCredited`] on overpayment.
    #[payable]
    pub fn retry(&mut self, token_id: U256) -> Result<U256, Error> {
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
        if self.requests.getter(token_id).status.get() != U8::from(status::FAILED) {
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
        self.credit(sender, value - fee);
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
        let token_id = self.check_callback(request_id, &callback_data)?;
        let current = self.requests.getter(token_id).status.get().to::<u8>();
        if current != status::PENDING && current != status::DELIVERED {
            return Err(Error::UnknownRequest(UnknownRequest {
                requestId: request_id,
            }));
        }
        let nft = self.collection()?;
        let first = current == status::PENDING;
        // Effects before the calls.
        self.requests
            .setter(token_id)
            .status
            .set(U8::from(status::DELIVERED));
        let collection = IAigcNftForMinter::new(nft);
        let prompt = collection
            .prompt(&*self, token_id)
            .map_err(|e| call_failed(nft, e))?;
        let output: AbiBytes = output.0.into();
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
        let token_id = self.check_callback(request_id, &callback_data)?;
        let mut record = self.requests.setter(token_id);
        if record.status.get() != U8::from(status::PENDING) {
            return Err(Error::UnknownRequest(UnknownRequest {
                requestId: request_id,
            }));
        }
        record.status.set(U8::from(status::FAILED));
        log(
            self.vm(),
            GenerationFailed {
                tokenId: token_id,
                requestId: request_id,
                code,
                message: message.0.into(),
            },
        );
        Ok(())
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
        let sender = self.vm().msg_sender();
        let amount = self.refunds.get(sender);
        if amount.is_zero() {
            return Err(Error::NothingToWithdraw(NothingToWithdraw {}));
        }
        self.refunds.setter(sender).set(U256::ZERO);
        self.send(sender, amount)?;
        log(
            self.vm(),
            RefundWithdrawn {
                account: sender,
                amount,
            },
        );
        Ok(())
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

    /// The request behind a token's content and its status (see [`status`]).
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
        self.refunds.get(account)
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

impl AigcMinter {
    fn collection(&self) -> Result<Address, Error> {
        let nft = self.nft.get();
        if nft.is_zero() {
            return Err(Error::CollectionNotSet(CollectionNotSet {}));
        }
        Ok(nft)
    }

    fn oracle_fee(&self) -> Result<U256, Error> {
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
        #[allow(deprecated)]
        let ctx = Call::new_in(self).value(fee);
        let request_id = IAIOracle::new(oracle)
            .request_callback(ctx, model_id, prompt, this, gas_limit, callback_data)
            .map_err(|e| call_failed(oracle, e))?;
        let id64 = u64::try_from(request_id).map_err(|_| {
            Error::RequestIdTooLarge(RequestIdTooLarge {
                requestId: request_id,
            })
        })?;
        let mut record = self.requests.setter(token_id);
        record.request_id.set(U64::from(id64));
        record.status.set(U8::from(status::PENDING));
        Ok(request_id)
    }

    /// Sends `amount` wei to `to` with an empty call (its `receive`), forwarding all gas.
    fn send(&mut self, to: Address, amount: U256) -> Result<(), Error> {
        #[allow(deprecated)]
        let result = stylus_sdk::call::call(Call::new_in(self).value(amount), to, &[]);
        result
            .map(|_| ())
            .map_err(|_| Error::TransferFailed(TransferFailed { to, amount }))
    }

    fn credit(&mut self, account: Address, amount: U256) {
        if amount.is_zero() {
            return;
        }
        let balance = self.refunds.get(account);
        self.refunds
            .setter(account)
            .set(balance.saturating_add(amount));
        log(self.vm(), RefundCredited { account, amount });
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
        if record.status.get() == U8::from(status::NONE)
            || U256::from(record.request_id.get()) != request_id
        {
            return Err(Error::UnknownRequest(UnknownRequest {
                requestId: request_id,
            }));
        }
        Ok(token_id)
    }
}

/// Wraps a failed call's revert data.
#[allow(deprecated)]
fn call_failed(target: Address, error: stylus_sdk::call::Error) -> Error {
    let reason: Vec<u8> = match error {
        stylus_sdk::call::Error::Revert(data) => data,
        stylus_sdk::call::Error::AbiDecodingFailed(_) => vec![],
    };
    Error::ExternalCallFailed(ExternalCallFailed {
        target,
        reason: reason.into(),
    })
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
