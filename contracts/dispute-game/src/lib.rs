//! The opML dispute game of the IMO AI Oracle: a fraud proof whose one step is the disputed layer
//! of the model itself, re-executed in WASM from the same `imo-model` crate the node runs.
//!
//! The verifier (`imo-ai-oracle-verifier`) starts one game per challenge of a result of a model
//! registered as verifiable (`modelHash` = the Merkle root of its weights, `programHash` = its
//! architecture) and is told the outcome when the game ends. Anyone may start a game; the
//! outcome always goes to the contract that started it (the game's `reporter`).
//!
//! # Moves (each before its deadline, `moveTime` seconds after the previous move)
//! 1. [`DisputeGame::post_challenger_trace`]: the challenger's trace `[h_0 .. h_L, outputHash]`
//!    (last entry = its claim), the program descriptor (checked against `programHash`; gives
//!    `L`) and its output (checked against its claim: the output that replaces the result if
//!    the challenger wins). Only `keccak256(trace)` is stored.
//! 2. [`DisputeGame::post_defender_trace`]: the defender's trace (last entry = its delivered
//!    output hash) with the challenger's (checked against the stored hash); the contract finds
//!    the first step `d` where they differ and keeps `h_{d-1}` (agreed) and both `h_d`.
//! 3. The one-step proof at `d`, by anyone: [`DisputeGame::prove_input`] (`d = 0`: the input,
//!    checked against the request's commitment, encoded), [`DisputeGame::prove_layer`]
//!    (`1 <= d <= L`: `s_{d-1}` checked against `h_{d-1}`, layer `d-1`'s parameter block checked
//!    against `modelHash` with its Merkle path, evaluated) or [`DisputeGame::prove_output`]
//!    (`d = L+1`: `s_L` decoded). The party whose `h_d` equals the computed hash wins; if neither
//!    does, both lose.
//! 4. For a layer too large for one transaction, instead: the challenger reveals its `s_d`, then
//!    the defender reveals its own ([`DisputeGame::reveal_state`], each checked against its
//!    `h_d`), and [`DisputeGame::prove_row_block`] re-executes only the first block of output
//!    rows in which the two states differ, from those rows and their path to the layer's rows
//!    root.
//!
//! A missed deadline ([`DisputeGame::timeout`], anyone) decides for the party that moved last:
//! see [`rules::timeout_winner`]. A game therefore ends after at most [`rules::MAX_MOVES`] moves
//! (3 for a step proven whole), within as many deadlines.
//!
//! Modules: [`moves`] (start, traces, reveals, timeouts, the end), [`proofs`] (the one-step
//! proofs), [`rules`] (the pure rules), [`errors`], [`events`].
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
// `#[entrypoint]` emits undocumented fns for wasm and under `export-abi`.
#![cfg_attr(
    not(any(target_arch = "wasm32", feature = "export-abi")),
    deny(missing_docs)
)]
#![deny(rustdoc::broken_intra_doc_links)]
extern crate alloc;

pub mod errors;
pub mod events;
pub mod moves;
pub mod proofs;
pub mod rules;

#[cfg(test)]
mod tests;

use alloc::{vec, vec::Vec};

use alloy_primitives::{Address, B256, U256};
use imo_common::bytes::StoredBytes;
use stylus_sdk::{
    abi::Bytes as AbiBytes,
    prelude::*,
    storage::{
        StorageAddress, StorageB256, StorageMap, StorageU16, StorageU32, StorageU64, StorageU8,
    },
    stylus_core::Host,
};

pub use errors::*;
pub use events::*;

/// One game: a challenger against the defender of one result.
#[storage]
pub struct Game {
    /// Stands behind the disputed result (slot 0, with the five small fields).
    pub(crate) defender: StorageAddress,
    /// End of the current move's time.
    pub(crate) deadline: StorageU64,
    /// A `rules::PHASE_*`.
    pub(crate) phase: StorageU8,
    /// `L + 2`, once the challenger's trace gave `L` (0 before).
    pub(crate) steps: StorageU8,
    /// The first disputed step, once both traces are in.
    pub(crate) divergence: StorageU8,
    /// The model's task id (its input and output encodings).
    pub(crate) task: StorageU8,
    /// Disputes the result (slot 1, with the request and the round).
    pub(crate) challenger: StorageAddress,
    /// The oracle request whose result is disputed.
    pub(crate) request_id: StorageU64,
    /// The round of the dispute (a corrected result is disputed in the next round).
    pub(crate) round: StorageU32,
    /// The contract that started the game and is told its outcome (slot 2, with two fields).
    pub(crate) reporter: StorageAddress,
    /// Width of `s_0` (the first layer's input), for `encode`.
    pub(crate) first_width: StorageU16,
    /// A `rules::*_WINS` / `BOTH_LOSE`, once ended.
    pub(crate) outcome: StorageU8,
    /// `keccak256(abi.encodePacked(modelId, input))`, the oracle's commitment to the request.
    pub(crate) request_commitment: StorageB256,
    /// The Merkle root of the model's layers.
    pub(crate) model_hash: StorageB256,
    /// The hash of the model's program descriptor.
    pub(crate) program_hash: StorageB256,
    /// Before the defender's trace: `keccak256` of the challenger's trace. After: `h_{d-1}`, the
    /// last state both traces agree on (zero when `d = 0`).
    pub(crate) agreed: StorageB256,
    /// Before the defender's trace: its output hash (the disputed result). After: its `h_d`.
    pub(crate) defender_next: StorageB256,
    /// Before the defender's trace: the challenger's claimed output hash. After: its `h_d`.
    pub(crate) challenger_next: StorageB256,
    /// The challenger's output (hashes to its claim): the replacement if it wins.
    pub(crate) output: StoredBytes,
}

/// The dispute game.
#[entrypoint]
#[storage]
pub struct DisputeGame {
    /// Seconds each move may take.
    pub(crate) move_time: StorageU64,
    /// Games started so far; ids start at 1.
    pub(crate) game_count: StorageU64,
    pub(crate) games: StorageMap<u64, Game>,
}

/// imo-model's keccak through the host's `native_keccak256`.
pub(crate) struct HostKeccak<'a>(pub(crate) &'a dyn Host);

impl imo_model::Keccak256 for HostKeccak<'_> {
    fn keccak256(&self, data: &[u8]) -> [u8; 32] {
        self.0.native_keccak256(data).0
    }
}

#[public]
impl DisputeGame {
    /// Sets the time each move may take.
    #[constructor]
    pub fn constructor(&mut self, move_time: u64) {
        self.move_time.set(alloy_primitives::U64::from(move_time));
    }

    /// Starts a game (the caller is its reporter) in which `challenger`, claiming the output
    /// hash `claim`, disputes `result_hash`, the result of `request_id` that `defender` stands
    /// behind in round `round`. Returns the game id. The challenger's trace is due first.
    ///
    /// # Errors
    ///
    /// * [`Error::InvalidGame`] - zero parties, equal claims, or a request id over 64 bits.
    ///
    /// # Events
    ///
    /// * [`GameStarted`].
    #[allow(clippy::too_many_arguments)]
    pub fn start(
        &mut self,
        request_id: U256,
        round: u32,
        challenger: Address,
        defender: Address,
        result_hash: B256,
        claim: B256,
        request_commitment: B256,
        model_hash: B256,
        program_hash: B256,
    ) -> Result<u64, Error> {
        self.begin(
            request_id,
            round,
            [challenger, defender],
            [result_hash, claim],
            [request_commitment, model_hash, program_hash],
        )
    }

    /// The challenger's move: its whole trace (`L + 2` hashes, the last its claim), the model's
    /// program descriptor (checked against `programHash`) and its output (checked against the
    /// claim and the task's output length).
    ///
    /// # Errors
    ///
    /// * [`Error::UnknownGame`], [`Error::WrongPhase`], [`Error::NotYourMove`],
    ///   [`Error::DeadlinePassed`], [`Error::ProgramMismatch`], [`Error::InvalidProgram`],
    ///   [`Error::TraceLength`], [`Error::TraceEnd`], [`Error::OutputMismatch`].
    ///
    /// # Events
    ///
    /// * [`ChallengerTracePosted`].
    pub fn post_challenger_trace(
        &mut self,
        game_id: u64,
        trace: Vec<B256>,
        program: AbiBytes,
        output: AbiBytes,
    ) -> Result<(), Error> {
        self.challenger_trace(game_id, &trace, &program, &output)
    }

    /// The defender's move: its whole trace (the last entry its delivered output hash) and the
    /// challenger's (checked against its commitment). Fixes the disputed step.
    ///
    /// # Errors
    ///
    /// * [`Error::UnknownGame`], [`Error::WrongPhase`], [`Error::NotYourMove`],
    ///   [`Error::DeadlinePassed`], [`Error::TraceLength`], [`Error::TraceEnd`],
    ///   [`Error::TraceMismatch`].
    ///
    /// # Events
    ///
    /// * [`DefenderTracePosted`].
    pub fn post_defender_trace(
        &mut self,
        game_id: u64,
        trace: Vec<B256>,
        challenger_trace: Vec<B256>,
    ) -> Result<(), Error> {
        self.defender_trace(game_id, &trace, &challenger_trace)
    }

    /// The one-step proof of step 0: the request's model id and input (checked against the
    /// oracle's commitment) are encoded and hashed.
    ///
    /// # Errors
    ///
    /// * [`Error::UnknownGame`], [`Error::WrongPhase`], [`Error::DeadlinePassed`],
    ///   [`Error::WrongStep`], [`Error::StateMismatch`], [`Error::ReporterFailed`].
    ///
    /// # Events
    ///
    /// * [`GameEnded`].
    pub fn prove_input(
        &mut self,
        game_id: u64,
        model_id: U256,
        input: AbiBytes,
    ) -> Result<(), Error> {
        self.prove_encode(game_id, model_id, &input)
    }

    /// The one-step proof of a layer step `d` (`1..=L`): `state` is `s_{d-1}` (checked against
    /// the agreed hash), `params` layer `d-1`'s parameter block and `model_path` its Merkle path
    /// to `modelHash`. The layer is evaluated and its output hashed.
    ///
    /// # Errors
    ///
    /// * [`Error::UnknownGame`], [`Error::WrongPhase`], [`Error::DeadlinePassed`],
    ///   [`Error::WrongStep`], [`Error::StateMismatch`], [`Error::InvalidParameters`],
    ///   [`Error::InvalidModelProof`], [`Error::ReporterFailed`].
    ///
    /// # Events
    ///
    /// * [`GameEnded`].
    pub fn prove_layer(
        &mut self,
        game_id: u64,
        state: AbiBytes,
        params: AbiBytes,
        model_path: Vec<B256>,
    ) -> Result<(), Error> {
        self.prove_whole_layer(game_id, &state, &params, &model_path)
    }

    /// The one-step proof of the last step (`L + 1`): `state` is `s_L` (checked against the
    /// agreed hash), decoded and hashed.
    ///
    /// # Errors
    ///
    /// As [`Self::prove_input`].
    ///
    /// # Events
    ///
    /// * [`GameEnded`].
    pub fn prove_output(&mut self, game_id: u64, state: AbiBytes) -> Result<(), Error> {
        self.prove_decode(game_id, &state)
    }

    /// Reveals a party's state after the disputed layer, for a proof by row block: first the
    /// challenger's (checked against its `h_d`), then the defender's. Anyone holding the state
    /// may submit it.
    ///
    /// # Errors
    ///
    /// * [`Error::UnknownGame`], [`Error::WrongPhase`], [`Error::DeadlinePassed`],
    ///   [`Error::WrongStep`] (not a layer step), [`Error::StateMismatch`].
    ///
    /// # Events
    ///
    /// * [`StateRevealed`].
    pub fn reveal_state(&mut self, game_id: u64, state: AbiBytes) -> Result<(), Error> {
        self.reveal(game_id, &state)
    }

    /// The one-step proof of a layer step by one block of its output rows: `state` is
    /// `s_{d-1}`, `defender_next` / `challenger_next` the parties' `s_d` (each checked against its
    /// hash); `header` (16 bytes) and `rows_root` form layer `d-1`'s leaf, proven by
    /// `model_path`; `rows` are the first row block in which the two states differ, proven by
    /// `row_path`. Those rows are evaluated and compared with both states.
    ///
    /// # Errors
    ///
    /// * As [`Self::prove_layer`], and [`Error::InvalidRowProof`].
    ///
    /// # Events
    ///
    /// * [`GameEnded`].
    #[allow(clippy::too_many_arguments)]
    pub fn prove_row_block(
        &mut self,
        game_id: u64,
        state: AbiBytes,
        defender_next: AbiBytes,
        challenger_next: AbiBytes,
        header: AbiBytes,
        rows_root: B256,
        model_path: Vec<B256>,
        rows: AbiBytes,
        row_path: Vec<B256>,
    ) -> Result<(), Error> {
        self.prove_block(
            game_id,
            [&state, &defender_next, &challenger_next],
            &header,
            rows_root,
            &model_path,
            &rows,
            &row_path,
        )
    }

    /// Ends a game whose current deadline passed, for the party that moved last (anyone may
    /// call it).
    ///
    /// # Errors
    ///
    /// * [`Error::UnknownGame`], [`Error::WrongPhase`] (ended), [`Error::DeadlineNotPassed`],
    ///   [`Error::ReporterFailed`].
    ///
    /// # Events
    ///
    /// * [`GameEnded`].
    pub fn timeout(&mut self, game_id: u64) -> Result<(), Error> {
        self.time_out(game_id)
    }

    /// A game: `(requestId, round, challenger, defender, reporter, phase, deadline, steps,
    /// divergence, outcome)`; zeros for an unknown id.
    #[allow(clippy::type_complexity)]
    pub fn get_game(
        &self,
        game_id: u64,
    ) -> (U256, u32, Address, Address, Address, u8, u64, u8, u8, u8) {
        let g = self.games.getter(game_id);
        (
            U256::from(g.request_id.get().to::<u64>()),
            g.round.get().to::<u32>(),
            g.challenger.get(),
            g.defender.get(),
            g.reporter.get(),
            g.phase.get().to::<u8>(),
            g.deadline.get().to::<u64>(),
            g.steps.get().to::<u8>(),
            g.divergence.get().to::<u8>(),
            g.outcome.get().to::<u8>(),
        )
    }

    /// A game's commitments: `(requestCommitment, modelHash, programHash, agreed, defenderNext,
    /// challengerNext)` (see the storage docs for what the last three hold in each phase).
    pub fn get_commitments(&self, game_id: u64) -> (B256, B256, B256, B256, B256, B256) {
        let g = self.games.getter(game_id);
        (
            g.request_commitment.get(),
            g.model_hash.get(),
            g.program_hash.get(),
            g.agreed.get(),
            g.defender_next.get(),
            g.challenger_next.get(),
        )
    }

    /// The challenger's revealed output (empty before its trace).
    pub fn challenger_output(&self, game_id: u64) -> AbiBytes {
        AbiBytes(self.games.getter(game_id).output.get_bytes())
    }

    /// Games started so far (the last id).
    pub fn game_count(&self) -> u64 {
        self.game_count.get().to::<u64>()
    }

    /// Seconds each move may take.
    pub fn move_time(&self) -> u64 {
        self.move_time.get().to::<u64>()
    }
}
