//! The verifier's named Solidity errors.
#![allow(missing_docs)] // `sol!` generates the fields.

use alloy_sol_types::sol;
use imo_common::access::{OwnableInvalidOwner, OwnableUnauthorizedAccount, OwnershipError};
use stylus_sdk::prelude::*;

sol! {
    /// The caller is not the arbiter.
    #[derive(Debug)]
    error NotArbiter(address account);
    /// The caller already challenged this request.
    #[derive(Debug)]
    error ChallengeAlreadyOpen(uint256 requestId);
    /// The request has no unresolved challenge.
    #[derive(Debug)]
    error NoOpenChallenge(uint256 requestId);
    /// The request's dispute was already resolved: its result stands.
    #[derive(Debug)]
    error DisputeResolved(uint256 requestId);
    /// The dispute is not resolved yet, so the challenge cannot be settled.
    #[derive(Debug)]
    error DisputeNotResolved(uint256 requestId);
    /// `challenger` has no unsettled challenge of this request.
    #[derive(Debug)]
    error NoChallenge(uint256 requestId, address challenger);
    /// The bond is below `challengeBond`.
    #[derive(Debug)]
    error InsufficientBond(uint256 required, uint256 paid);
    /// The claimed hash equals the delivered one: nothing to dispute.
    #[derive(Debug)]
    error ClaimMatchesResult(uint256 requestId);
    /// The correct output does not hash to the challenger's claim.
    #[derive(Debug)]
    error OutputHashMismatch(bytes32 expected, bytes32 actual);
    /// An amount does not fit the contract's storage (far beyond the ETH supply) or overflowed.
    #[derive(Debug)]
    error AmountOverflow();
    /// The amount exceeds the node's active stake.
    #[derive(Debug)]
    error AmountExceedsStake(uint256 amount, uint256 stake);
    /// The unbonding delay is not over yet.
    #[derive(Debug)]
    error UnbondingNotOver(uint64 availableAt);
    /// The node has open challenges; its stake is locked until they are resolved.
    #[derive(Debug)]
    error NodeHasOpenChallenges(address node);
    /// Nothing to withdraw.
    #[derive(Debug)]
    error NothingToWithdraw();
    /// Sending ETH failed.
    #[derive(Debug)]
    error TransferFailed(address to, uint256 amount);
    /// The oracle rejected the call; `reason` is its revert data.
    #[derive(Debug)]
    error OracleCallFailed(bytes reason);
    /// The model id and input are not the request's (its commitment differs).
    #[derive(Debug)]
    error RequestMismatch(uint256 requestId);
    /// The dispute is over a verifiable model's result: only its dispute games decide it.
    #[derive(Debug)]
    error DisputeByGame(uint256 requestId);
    /// Only the dispute game reports game outcomes.
    #[derive(Debug)]
    error NotDisputeGame(address account);
    /// The dispute game refused to start a game; `reason` is its revert data.
    #[derive(Debug)]
    error GameCallFailed(bytes reason);
}

/// Every error of the verifier.
#[derive(SolidityError, Debug)]
pub enum Error {
    /// See [`OwnableUnauthorizedAccount`].
    UnauthorizedAccount(OwnableUnauthorizedAccount),
    /// See [`OwnableInvalidOwner`].
    InvalidOwner(OwnableInvalidOwner),
    /// See [`NotArbiter`].
    NotArbiter(NotArbiter),
    /// See [`ChallengeAlreadyOpen`].
    ChallengeAlreadyOpen(ChallengeAlreadyOpen),
    /// See [`NoOpenChallenge`].
    NoOpenChallenge(NoOpenChallenge),
    /// See [`DisputeResolved`].
    DisputeResolved(DisputeResolved),
    /// See [`DisputeNotResolved`].
    DisputeNotResolved(DisputeNotResolved),
    /// See [`NoChallenge`].
    NoChallenge(NoChallenge),
    /// See [`InsufficientBond`].
    InsufficientBond(InsufficientBond),
    /// See [`ClaimMatchesResult`].
    ClaimMatchesResult(ClaimMatchesResult),
    /// See [`OutputHashMismatch`].
    OutputHashMismatch(OutputHashMismatch),
    /// See [`AmountOverflow`].
    AmountOverflow(AmountOverflow),
    /// See [`AmountExceedsStake`].
    AmountExceedsStake(AmountExceedsStake),
    /// See [`UnbondingNotOver`].
    UnbondingNotOver(UnbondingNotOver),
    /// See [`NodeHasOpenChallenges`].
    NodeHasOpenChallenges(NodeHasOpenChallenges),
    /// See [`NothingToWithdraw`].
    NothingToWithdraw(NothingToWithdraw),
    /// See [`TransferFailed`].
    TransferFailed(TransferFailed),
    /// See [`OracleCallFailed`].
    OracleCallFailed(OracleCallFailed),
    /// See [`RequestMismatch`].
    RequestMismatch(RequestMismatch),
    /// See [`DisputeByGame`].
    DisputeByGame(DisputeByGame),
    /// See [`NotDisputeGame`].
    NotDisputeGame(NotDisputeGame),
    /// See [`GameCallFailed`].
    GameCallFailed(GameCallFailed),
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

/// [`Error::OracleCallFailed`] with the revert data of a failed call to the oracle.
#[must_use]
pub fn oracle_failed(reason: alloc::vec::Vec<u8>) -> Error {
    Error::OracleCallFailed(OracleCallFailed {
        reason: reason.into(),
    })
}
