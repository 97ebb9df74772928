//! The game's events: every move, with the data the other party needs to answer it.
#![allow(missing_docs)] // `sol!` generates the fields.

use alloy_sol_types::sol;

sol! {
    /// A game started: `challenger` disputes the result of `requestId` (round `round`) that
    /// `defender` stands behind; the challenger's trace is due by `deadline`. `reporter` (the
    /// contract that started it, the verifier) is told the outcome.
    #[derive(Debug, PartialEq)]
    event GameStarted(uint64 indexed gameId, uint256 indexed requestId, address indexed challenger,
        uint32 round, address defender, address reporter, uint64 deadline);
    /// The challenger committed to its trace (`h_0 .. h_L, outputHash`) and revealed its output;
    /// the defender's trace is due by `deadline`.
    #[derive(Debug, PartialEq)]
    event ChallengerTracePosted(uint64 indexed gameId, bytes32[] trace, bytes output, uint64 deadline);
    /// The defender committed to its trace; the first step on which the two traces differ is
    /// `divergence`, and its one-step proof is due by `deadline`.
    #[derive(Debug, PartialEq)]
    event DefenderTracePosted(uint64 indexed gameId, bytes32[] trace, uint8 divergence, uint64 deadline);
    /// A party's state after the disputed step was revealed (for a proof over one block of the
    /// layer's rows); the next move is due by `deadline`.
    #[derive(Debug, PartialEq)]
    event StateRevealed(uint64 indexed gameId, bool byDefender, bytes state, uint64 deadline);
    /// The game ended: `outcome` 1 the defender won, 2 the challenger won, 3 both lost;
    /// `timedOut` when a deadline decided it rather than a proof.
    #[derive(Debug, PartialEq)]
    event GameEnded(uint64 indexed gameId, uint256 indexed requestId, address indexed challenger,
        uint8 outcome, bool timedOut);
}
