//! The vesting grant's named Solidity errors, and [`Error`], every way a call can fail.
#![allow(missing_docs)] // `sol!` generates the fields.

use alloy_sol_types::sol;
use imo_common::clone::InitError;
use stylus_sdk::prelude::*;

sol! {
    /// `initialize` ran already.
    #[derive(Debug)]
    error AlreadyInitialized();
    /// `initialize` was called on the implementation, which stays locked: use a clone.
    #[derive(Debug)]
    error NotAClone();
    /// The grant was not initialized.
    #[derive(Debug)]
    error NotInitialized();
    /// The token or the beneficiary is the zero address.
    #[derive(Debug)]
    error InvalidAddress(address account);
    /// The duration must be positive, and the cliff at most the duration.
    #[derive(Debug)]
    error InvalidSchedule(uint64 cliff, uint64 duration);
    /// The amount must be positive and fit 128 bits.
    #[derive(Debug)]
    error InvalidAmount(uint256 amount);
    /// The token keeps `window` snapshots claimable, more than the grant collects per call.
    #[derive(Debug)]
    error UnsupportedClaimWindow(uint256 window);
    /// Nothing is vested and unreleased (before the cliff, all released, or not funded).
    #[derive(Debug)]
    error NothingToRelease();
    /// `release` or `claimRevenue` was re-entered.
    #[derive(Debug)]
    error ReentrantCall();
    /// The token transfer of `amount` to `to` failed.
    #[derive(Debug)]
    error TransferFailed(address to, uint256 amount);
    /// Sending `amount` wei to `to` failed.
    #[derive(Debug)]
    error EthTransferFailed(address to, uint256 amount);
    /// ETH from `from`: the grant only takes the revenue its token pays while it claims.
    #[derive(Debug)]
    error UnexpectedEth(address from);
}

/// Every error of the grant, each a named Solidity error.
#[derive(SolidityError, Debug)]
pub enum Error {
    /// See [`AlreadyInitialized`].
    AlreadyInitialized(AlreadyInitialized),
    /// See [`NotAClone`].
    NotAClone(NotAClone),
    /// See [`NotInitialized`].
    NotInitialized(NotInitialized),
    /// See [`InvalidAddress`].
    InvalidAddress(InvalidAddress),
    /// See [`InvalidSchedule`].
    InvalidSchedule(InvalidSchedule),
    /// See [`InvalidAmount`].
    InvalidAmount(InvalidAmount),
    /// See [`UnsupportedClaimWindow`].
    UnsupportedClaimWindow(UnsupportedClaimWindow),
    /// See [`NothingToRelease`].
    NothingToRelease(NothingToRelease),
    /// See [`ReentrantCall`].
    ReentrantCall(ReentrantCall),
    /// See [`TransferFailed`].
    TransferFailed(TransferFailed),
    /// See [`EthTransferFailed`].
    EthTransferFailed(EthTransferFailed),
    /// See [`UnexpectedEth`].
    UnexpectedEth(UnexpectedEth),
}

impl From<InitError> for Error {
    fn from(value: InitError) -> Self {
        match value {
            InitError::AlreadyInitialized => Error::AlreadyInitialized(AlreadyInitialized {}),
            InitError::Implementation => Error::NotAClone(NotAClone {}),
        }
    }
}
