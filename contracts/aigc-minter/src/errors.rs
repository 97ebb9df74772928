//! The minter's named Solidity errors.
#![allow(missing_docs)] // `sol!` generates the fields.

use alloc::vec::Vec;

use alloy_primitives::Address;
use alloy_sol_types::sol;
use imo_common::call::revert_data;
use openzeppelin_stylus::access::ownable;
use stylus_sdk::prelude::*;

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
    /// A credit does not fit 256 bits (never with real ETH amounts).
    #[derive(Debug)]
    error AmountOverflow();
}

/// Every way a call to the minter can fail.
#[derive(SolidityError, Debug)]
pub enum Error {
    /// OpenZeppelin's Ownable: the caller is not the owner.
    OwnableUnauthorizedAccount(ownable::OwnableUnauthorizedAccount),
    /// OpenZeppelin's Ownable: the new owner is not valid (zero).
    OwnableInvalidOwner(ownable::OwnableInvalidOwner),
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
    /// See [`AmountOverflow`].
    AmountOverflow(AmountOverflow),
}

/// OpenZeppelin's Ownable errors, each as its own variant (so `export-abi` lists them).
impl From<ownable::Error> for Error {
    fn from(e: ownable::Error) -> Self {
        match e {
            ownable::Error::UnauthorizedAccount(e) => Self::OwnableUnauthorizedAccount(e),
            ownable::Error::InvalidOwner(e) => Self::OwnableInvalidOwner(e),
        }
    }
}

/// [`Error::ExternalCallFailed`] with a failed `sol_interface!` call's revert data.
#[allow(deprecated)] // stylus-sdk 0.9's call error type, named only here
pub fn call_failed(target: Address, error: stylus_sdk::call::Error) -> Error {
    let reason: Vec<u8> = revert_data(error);
    Error::ExternalCallFailed(ExternalCallFailed {
        target,
        reason: reason.into(),
    })
}
