//! The launchpad's named Solidity errors, and [`Error`], every way a call can fail.
#![allow(missing_docs)] // `sol!` generates the fields.

use alloy_sol_types::sol;
use stylus_sdk::prelude::*;

sol! {
    /// An implementation address given at construction is zero.
    #[derive(Debug)]
    error InvalidImplementation();
    /// At most two grants.
    #[derive(Debug)]
    error TooManyGrants(uint256 grants);
    /// The supply is smaller than what the sale, its liquidity and the grants need.
    #[derive(Debug)]
    error InsufficientSupply(uint256 supply, uint256 needed);
    /// An amount does not fit 128 bits.
    #[derive(Debug)]
    error AmountOverflow();
    /// Creating the clone with `salt` failed (a launch with the same creator and salt exists).
    #[derive(Debug)]
    error CloneFailed(bytes32 salt);
    /// A setup call on `target` reverted with `reason` (for example the sale's own parameter
    /// error).
    #[derive(Debug)]
    error SetupFailed(address target, bytes reason);
}

/// Every error of the launchpad, each a named Solidity error.
#[derive(SolidityError, Debug)]
pub enum Error {
    /// See [`InvalidImplementation`].
    InvalidImplementation(InvalidImplementation),
    /// See [`TooManyGrants`].
    TooManyGrants(TooManyGrants),
    /// See [`InsufficientSupply`].
    InsufficientSupply(InsufficientSupply),
    /// See [`AmountOverflow`].
    AmountOverflow(AmountOverflow),
    /// See [`CloneFailed`].
    CloneFailed(CloneFailed),
    /// See [`SetupFailed`].
    SetupFailed(SetupFailed),
}

/// [`Error::AmountOverflow`].
pub(crate) fn overflow() -> Error {
    Error::AmountOverflow(AmountOverflow {})
}
