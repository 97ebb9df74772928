//! The oracle's named Solidity errors.
#![allow(missing_docs)] // `sol!` generates the fields.

use alloy_sol_types::sol;
use imo_common::access::{OwnableInvalidOwner, OwnableUnauthorizedAccount, OwnershipError};
use stylus_sdk::prelude::*;

sol! {
    /// The model is unknown or was removed.
    #[derive(Debug)]
    error ModelNotActive(uint256 modelId);
    /// A model with this id is already registered.
    #[derive(Debug)]
    error ModelAlreadyExists(uint256 modelId);
    /// `receiverPercentage` is above 100, or there is a revenue share but no receiver.
    #[derive(Debug)]
    error InvalidReceiver(address receiver, uint256 receiverPercentage);
    /// Requests are paused.
    #[derive(Debug)]
    error RequestsPaused();
    /// The input is empty.
    #[derive(Debug)]
    error EmptyInput();
    /// `callbackContract` must be zero exactly when `gasLimit` is zero.
    #[derive(Debug)]
    error InvalidCallback(address callbackContract, uint64 gasLimit);
    /// The callback contract is blacklisted.
    #[derive(Debug)]
    error CallbackBlacklisted(address callbackContract);
    /// The batch size is zero.
    #[derive(Debug)]
    error InvalidBatchSize(uint256 batchSize);
    /// Unknown DA value, or an IPFS input.
    #[derive(Debug)]
    error InvalidDataAvailability(uint8 inputDA, uint8 outputDA);
    /// The payment is below the fee.
    #[derive(Debug)]
    error InsufficientFee(uint256 required, uint256 paid);
    /// An amount does not fit the contract's storage (far beyond the ETH supply) or overflowed.
    #[derive(Debug)]
    error AmountOverflow();
    /// No request has this id.
    #[derive(Debug)]
    error UnknownRequest(uint256 requestId);
    /// The request was already answered (delivered or errored).
    #[derive(Debug)]
    error RequestNotPending(uint256 requestId);
    /// The request has no result (not delivered, or closed with an error).
    #[derive(Debug)]
    error RequestNotDelivered(uint256 requestId);
    /// The caller is not a whitelisted node.
    #[derive(Debug)]
    error NotNode(address account);
    /// The transaction does not carry enough gas to give the callback its full `gasLimit`.
    #[derive(Debug)]
    error InsufficientGasForCallback(uint256 gasLeft, uint64 gasLimit);
    /// The output does not hash to the recorded (or claimed) hash.
    #[derive(Debug)]
    error OutputHashMismatch(bytes32 expected, bytes32 actual);
    /// The re-delivered callback reverted.
    #[derive(Debug)]
    error CallbackReverted(bytes reason);
    /// The challenge window of the request is over.
    #[derive(Debug)]
    error ChallengeWindowClosed(uint256 requestId);
    /// The request has no open challenge.
    #[derive(Debug)]
    error NoOpenChallenge(uint256 requestId);
    /// Nothing to withdraw.
    #[derive(Debug)]
    error NothingToWithdraw();
    /// Sending ETH failed.
    #[derive(Debug)]
    error TransferFailed(address to, uint256 amount);
    /// `gasLimit` is above the most a callback may reserve.
    #[derive(Debug)]
    error GasLimitTooHigh(uint64 gasLimit, uint64 max);
    /// The request is still inside its answer time: it can be refunded from `refundableAt`.
    #[derive(Debug)]
    error RequestNotExpired(uint256 requestId, uint64 refundableAt);
    /// Model fees are paid in ETH here: ORA's `token` (an ERC-20 fee token) must be zero.
    #[derive(Debug)]
    error UnsupportedFeeToken(address token);
}

/// Every error of the oracle.
#[derive(SolidityError, Debug)]
pub enum Error {
    /// See [`OwnableUnauthorizedAccount`].
    UnauthorizedAccount(OwnableUnauthorizedAccount),
    /// See [`OwnableInvalidOwner`].
    InvalidOwner(OwnableInvalidOwner),
    /// See [`ModelNotActive`].
    ModelNotActive(ModelNotActive),
    /// See [`ModelAlreadyExists`].
    ModelAlreadyExists(ModelAlreadyExists),
    /// See [`InvalidReceiver`].
    InvalidReceiver(InvalidReceiver),
    /// See [`RequestsPaused`].
    RequestsPaused(RequestsPaused),
    /// See [`EmptyInput`].
    EmptyInput(EmptyInput),
    /// See [`InvalidCallback`].
    InvalidCallback(InvalidCallback),
    /// See [`CallbackBlacklisted`].
    CallbackBlacklisted(CallbackBlacklisted),
    /// See [`InvalidBatchSize`].
    InvalidBatchSize(InvalidBatchSize),
    /// See [`InvalidDataAvailability`].
    InvalidDataAvailability(InvalidDataAvailability),
    /// See [`InsufficientFee`].
    InsufficientFee(InsufficientFee),
    /// See [`AmountOverflow`].
    AmountOverflow(AmountOverflow),
    /// See [`UnknownRequest`].
    UnknownRequest(UnknownRequest),
    /// See [`RequestNotPending`].
    RequestNotPending(RequestNotPending),
    /// See [`RequestNotDelivered`].
    RequestNotDelivered(RequestNotDelivered),
    /// See [`NotNode`].
    NotNode(NotNode),
    /// See [`InsufficientGasForCallback`].
    InsufficientGasForCallback(InsufficientGasForCallback),
    /// See [`OutputHashMismatch`].
    OutputHashMismatch(OutputHashMismatch),
    /// See [`CallbackReverted`].
    CallbackReverted(CallbackReverted),
    /// See [`ChallengeWindowClosed`].
    ChallengeWindowClosed(ChallengeWindowClosed),
    /// See [`NoOpenChallenge`].
    NoOpenChallenge(NoOpenChallenge),
    /// See [`NothingToWithdraw`].
    NothingToWithdraw(NothingToWithdraw),
    /// See [`TransferFailed`].
    TransferFailed(TransferFailed),
    /// See [`GasLimitTooHigh`].
    GasLimitTooHigh(GasLimitTooHigh),
    /// See [`RequestNotExpired`].
    RequestNotExpired(RequestNotExpired),
    /// See [`UnsupportedFeeToken`].
    UnsupportedFeeToken(UnsupportedFeeToken),
}

impl From<OwnershipError> for Error {
    fn from(e: OwnershipError) -> Self {
        match e {
            OwnershipError::Unauthorized(e) => Error::UnauthorizedAccount(e),
            OwnershipError::InvalidOwner(e) => Error::InvalidOwner(e),
        }
    }
}

/// [`Error::AmountOverflow`].
#[must_use]
pub fn overflow() -> Error {
    Error::AmountOverflow(AmountOverflow {})
}
