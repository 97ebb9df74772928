//! The game's named Solidity errors.
#![allow(missing_docs)] // `sol!` generates the fields.

use alloy_sol_types::sol;
use stylus_sdk::prelude::*;

sol! {
    /// No game has this id.
    #[derive(Debug)]
    error UnknownGame(uint64 gameId);
    /// The move does not belong to the game's current phase.
    #[derive(Debug)]
    error WrongPhase(uint64 gameId, uint8 phase);
    /// Only `expected` may make this move.
    #[derive(Debug)]
    error NotYourMove(uint64 gameId, address expected);
    /// The deadline of the current move passed: only `timeout` is left.
    #[derive(Debug)]
    error DeadlinePassed(uint64 gameId, uint64 deadline);
    /// The current move's deadline has not passed yet.
    #[derive(Debug)]
    error DeadlineNotPassed(uint64 gameId, uint64 deadline);
    /// A game needs two different claims and two parties.
    #[derive(Debug)]
    error InvalidGame();
    /// The program descriptor does not hash to the model's `programHash`.
    #[derive(Debug)]
    error ProgramMismatch(bytes32 expected, bytes32 actual);
    /// The program descriptor hashes right but does not parse (the model was registered with
    /// an invalid program).
    #[derive(Debug)]
    error InvalidProgram();
    /// A trace must have `expected` entries (`L + 2`).
    #[derive(Debug)]
    error TraceLength(uint256 expected, uint256 actual);
    /// A trace's last entry must be its party's output hash.
    #[derive(Debug)]
    error TraceEnd(bytes32 expected, bytes32 actual);
    /// The other party's trace is not the one it committed to.
    #[derive(Debug)]
    error TraceMismatch(bytes32 expected, bytes32 actual);
    /// The challenger's output does not hash to its claim, or has the wrong length for the task.
    #[derive(Debug)]
    error OutputMismatch(bytes32 expected, bytes32 actual);
    /// This proof is for another step than the disputed one (`divergence`).
    #[derive(Debug)]
    error WrongStep(uint64 gameId, uint8 divergence);
    /// A state (or input) does not hash to the commitment it must match.
    #[derive(Debug)]
    error StateMismatch(bytes32 expected, bytes32 actual);
    /// The layer parameters (or header) do not parse.
    #[derive(Debug)]
    error InvalidParameters();
    /// The layer's Merkle path does not lead to the model's `modelHash`.
    #[derive(Debug)]
    error InvalidModelProof(uint256 layer);
    /// The rows are not row block `block` of the layer, or their path does not lead to its
    /// rows root.
    #[derive(Debug)]
    error InvalidRowProof(uint256 block);
    /// The contract that started the game rejected its outcome; `reason` is its revert data.
    #[derive(Debug)]
    error ReporterFailed(bytes reason);
}

/// Every error of the game.
#[derive(SolidityError, Debug)]
pub enum Error {
    /// See [`UnknownGame`].
    UnknownGame(UnknownGame),
    /// See [`WrongPhase`].
    WrongPhase(WrongPhase),
    /// See [`NotYourMove`].
    NotYourMove(NotYourMove),
    /// See [`DeadlinePassed`].
    DeadlinePassed(DeadlinePassed),
    /// See [`DeadlineNotPassed`].
    DeadlineNotPassed(DeadlineNotPassed),
    /// See [`InvalidGame`].
    InvalidGame(InvalidGame),
    /// See [`ProgramMismatch`].
    ProgramMismatch(ProgramMismatch),
    /// See [`InvalidProgram`].
    InvalidProgram(InvalidProgram),
    /// See [`TraceLength`].
    TraceLength(TraceLength),
    /// See [`TraceEnd`].
    TraceEnd(TraceEnd),
    /// See [`TraceMismatch`].
    TraceMismatch(TraceMismatch),
    /// See [`OutputMismatch`].
    OutputMismatch(OutputMismatch),
    /// See [`WrongStep`].
    WrongStep(WrongStep),
    /// See [`StateMismatch`].
    StateMismatch(StateMismatch),
    /// See [`InvalidParameters`].
    InvalidParameters(InvalidParameters),
    /// See [`InvalidModelProof`].
    InvalidModelProof(InvalidModelProof),
    /// See [`InvalidRowProof`].
    InvalidRowProof(InvalidRowProof),
    /// See [`ReporterFailed`].
    ReporterFailed(ReporterFailed),
}
