//! The governor's named Solidity errors, and [`Error`], every way a call can fail.
#![allow(missing_docs)] // `sol!` generates the fields.

use alloy_sol_types::sol;
use stylus_sdk::prelude::*;

sol! {
    /// The proposal is empty, its arrays differ in length or it has more than `MAX_ACTIONS` calls.
    #[derive(Debug)]
    error InvalidProposalLength(uint256 targets, uint256 values, uint256 calldatas);
    /// A call's value does not fit 96 bits.
    #[derive(Debug)]
    error ValueTooLarge(uint256 index, uint256 value);
    /// The token has no snapshot yet: no one can vote.
    #[derive(Debug)]
    error NoSnapshot();
    /// The proposer holds less than the proposal threshold at the snapshot.
    #[derive(Debug)]
    error InsufficientProposerVotes(address proposer, uint256 votes, uint256 threshold);
    /// No proposal has this id.
    #[derive(Debug)]
    error NonexistentProposal(uint256 proposalId);
    /// The proposal is not in a state that allows this operation.
    #[derive(Debug)]
    error UnexpectedProposalState(uint256 proposalId, uint8 current);
    /// The account already voted on this proposal.
    #[derive(Debug)]
    error AlreadyCastVote(address voter);
    /// `support` is not 0 (against), 1 (for) or 2 (abstain).
    #[derive(Debug)]
    error InvalidVoteType(uint8 support);
    /// The account held no tokens at the proposal's snapshot.
    #[derive(Debug)]
    error NoVotingPower(address voter, uint256 snapshotId);
    /// Only the proposer may cancel.
    #[derive(Debug)]
    error OnlyProposer(address account);
    /// Only the governor itself (a passed proposal) may do this.
    #[derive(Debug)]
    error OnlyGovernance(address account);
    /// Call `index` of the proposal reverted with `reason`.
    #[derive(Debug)]
    error CallReverted(uint256 index, bytes reason);
    /// A call to the RevShare token failed or returned an impossible value.
    #[derive(Debug)]
    error TokenCallFailed(address token);
    /// The token address is zero.
    #[derive(Debug)]
    error InvalidToken();
    /// The voting period is zero.
    #[derive(Debug)]
    error InvalidVotingPeriod();
    /// The grace period (how long a passed proposal stays executable) is zero.
    #[derive(Debug)]
    error InvalidGracePeriod();
    /// The quorum is above 10,000 basis points.
    #[derive(Debug)]
    error InvalidQuorumBps(uint16 quorumBps);
    /// A delay or period is longer than `MAX_DURATION`.
    #[derive(Debug)]
    error DurationTooLong(uint64 duration, uint64 max);
    /// More than 2^32 proposals (never in practice).
    #[derive(Debug)]
    error Overflow();
    /// The governor is already set up (constructor or `initialize`).
    #[derive(Debug)]
    error AlreadyInitialized();
}

/// Every error of the governor, each a named Solidity error.
#[derive(SolidityError, Debug)]
pub enum Error {
    /// See [`InvalidProposalLength`].
    InvalidProposalLength(InvalidProposalLength),
    /// See [`ValueTooLarge`].
    ValueTooLarge(ValueTooLarge),
    /// See [`NoSnapshot`].
    NoSnapshot(NoSnapshot),
    /// See [`InsufficientProposerVotes`].
    InsufficientProposerVotes(InsufficientProposerVotes),
    /// See [`NonexistentProposal`].
    NonexistentProposal(NonexistentProposal),
    /// See [`UnexpectedProposalState`].
    UnexpectedProposalState(UnexpectedProposalState),
    /// See [`AlreadyCastVote`].
    AlreadyCastVote(AlreadyCastVote),
    /// See [`InvalidVoteType`].
    InvalidVoteType(InvalidVoteType),
    /// See [`NoVotingPower`].
    NoVotingPower(NoVotingPower),
    /// See [`OnlyProposer`].
    OnlyProposer(OnlyProposer),
    /// See [`OnlyGovernance`].
    OnlyGovernance(OnlyGovernance),
    /// See [`CallReverted`].
    CallReverted(CallReverted),
    /// See [`TokenCallFailed`].
    TokenCallFailed(TokenCallFailed),
    /// See [`InvalidToken`].
    InvalidToken(InvalidToken),
    /// See [`InvalidVotingPeriod`].
    InvalidVotingPeriod(InvalidVotingPeriod),
    /// See [`InvalidGracePeriod`].
    InvalidGracePeriod(InvalidGracePeriod),
    /// See [`InvalidQuorumBps`].
    InvalidQuorumBps(InvalidQuorumBps),
    /// See [`DurationTooLong`].
    DurationTooLong(DurationTooLong),
    /// See [`Overflow`].
    Overflow(Overflow),
    /// See [`AlreadyInitialized`].
    AlreadyInitialized(AlreadyInitialized),
}

/// [`Error::Overflow`].
pub(crate) fn overflow() -> Error {
    Error::Overflow(Overflow {})
}
