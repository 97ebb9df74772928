//! A party to an opML dispute game (`imo-dispute-game`, `IImoDisputeGame.sol`): its trace of one
//! inference computed natively with `imo-model` (the same crate the chain re-executes), and every
//! move of the game through the bindings. The watcher and the end-to-end tests play games with
//! these; [`DishonestNetwork`] is the test-only node that delivers a wrong output.
//!
//! Steps of a model with `L` layers: `0` encodes the input, `1..=L` run the layers, `L + 1`
//! decodes; a trace is `[h_0, .., h_L, outputHash]`.

use crate::backend::{Backend, TxReceipt};
use crate::bindings::{dispute_game::IImoDisputeGame, imo_oracle::IImoAIOracleVerifier};
use crate::imo::Imo;
use crate::node::{InvalidInput, Model, Network};
use alloy_primitives::{Address, B256, U256};
use anyhow::{anyhow, Context};
use imo_model::dispute::{layer_path, row_block, Trace};
use imo_model::TinyKeccak;

/// Game phase: the challenger's trace is due.
pub const PHASE_CHALLENGER_TRACE: u8 = 1;
/// Game phase: the defender's trace is due.
pub const PHASE_DEFENDER_TRACE: u8 = 2;
/// Game phase: the disputed step is known, a one-step proof is due.
pub const PHASE_ONE_STEP: u8 = 3;
/// Game phase: the defender's reveal is due (proof by row block).
pub const PHASE_DEFENDER_REVEAL: u8 = 4;
/// Game phase: the proof by row block is due.
pub const PHASE_ROW_STEP: u8 = 5;
/// Game phase: decided.
pub const PHASE_ENDED: u8 = 6;
/// Outcome: the defender was right (or the challenger ran out of time).
pub const DEFENDER_WINS: u8 = 1;
/// Outcome: the challenger was right (or the defender ran out of time).
pub const CHALLENGER_WINS: u8 = 2;
/// Outcome: neither was right.
pub const BOTH_LOSE: u8 = 3;

/// A party's trace of `input` on `network`: honest (`wrong = None`), or wrong from step `wrong`
/// on (byte `j` of that state moved by `delta · (2j + 1)`; see `imo_model::dispute::Trace`).
///
/// # Errors
///
/// An input the model cannot encode, a step past `L + 1`.
pub fn trace(
    network: &Network,
    input: &[u8],
    wrong: Option<usize>,
    delta: u8,
) -> anyhow::Result<Trace> {
    Trace::with_wrong_step_by(&network.parsed(), input, wrong, delta, &TinyKeccak)
        .map_err(|e| anyhow!("tracing the model: {e}"))
}

/// TEST ONLY — a dishonest node's model: runs the network but computes step `wrong` wrong (and
/// everything after it from the wrong value), so it delivers a wrong output whose trace parts
/// from the honest one exactly at that step. Used by the suite and `imo demo` to exercise the
/// fraud proof; never a real node.
#[derive(Clone, Debug)]
pub struct DishonestNetwork {
    /// The real network.
    pub network: Network,
    /// The step it gets wrong (`0..=L + 1`).
    pub wrong: usize,
}

impl Model for DishonestNetwork {
    fn name(&self) -> String {
        format!(
            "TEST-ONLY dishonest {} (wrong at step {})",
            self.network.name(),
            self.wrong
        )
    }

    fn infer(&mut self, input: &[u8]) -> Result<Vec<u8>, InvalidInput> {
        trace(&self.network, input, Some(self.wrong), 64)
            .map(|t| t.output)
            .map_err(|e| InvalidInput(e.to_string()))
    }

    fn commitments(&self) -> Option<(B256, B256)> {
        self.network.commitments()
    }
}

/// A game as `getGame` returns it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GameView {
    /// The disputed request.
    pub request_id: U256,
    /// The dispute's round.
    pub round: u32,
    /// The challenger.
    pub challenger: Address,
    /// The defender.
    pub defender: Address,
    /// A `PHASE_*`.
    pub phase: u8,
    /// End of the current move's time.
    pub deadline: u64,
    /// `L + 2` once the challenger's trace is in.
    pub steps: u8,
    /// The first disputed step, once both traces are in.
    pub divergence: u8,
    /// A `*_WINS` / [`BOTH_LOSE`] once ended.
    pub outcome: u8,
}

/// The hashes of a trace as ABI words.
fn words(t: &Trace) -> Vec<B256> {
    t.hashes.iter().map(|h| B256::from(*h)).collect()
}

impl<B: Backend> Imo<B> {
    /// The id of the game played for `challenger`'s challenge of `request_id` in `round`.
    ///
    /// # Errors
    ///
    /// A failed view, or no game for that challenge.
    pub fn game_of(
        &mut self,
        request_id: U256,
        round: u32,
        challenger: Address,
    ) -> anyhow::Result<u64> {
        let verifier = self.c.verifier;
        let c = self.view(
            verifier,
            IImoAIOracleVerifier::getChallengeCall {
                requestId: request_id,
                round,
                challenger,
            },
        )?;
        anyhow::ensure!(
            c.gameId != 0,
            "no game for {challenger}'s challenge of {request_id}"
        );
        Ok(c.gameId)
    }

    /// `getGame(id)`.
    ///
    /// # Errors
    ///
    /// A failed view.
    pub fn game(&mut self, id: u64) -> anyhow::Result<GameView> {
        let game = self.c.dispute_game;
        let g = self.view(game, IImoDisputeGame::getGameCall { gameId: id })?;
        Ok(GameView {
            request_id: g.requestId,
            round: g.round,
            challenger: g.challenger,
            defender: g.defender,
            phase: g.phase,
            deadline: g.deadline,
            steps: g.steps,
            divergence: g.divergence,
            outcome: g.outcome,
        })
    }

    /// The challenger's move: its trace, the network's program descriptor and its output.
    ///
    /// # Errors
    ///
    /// A refused move.
    pub fn post_challenger_trace(
        &mut self,
        id: u64,
        from: Address,
        network: &Network,
        mine: &Trace,
    ) -> anyhow::Result<TxReceipt> {
        let game = self.c.dispute_game;
        let call = IImoDisputeGame::postChallengerTraceCall {
            gameId: id,
            trace: words(mine),
            program: network.program_descriptor().into(),
            output: mine.output.clone().into(),
        };
        self.exec("game.postChallengerTrace", from, game, call, U256::ZERO)
    }

    /// The defender's move: its trace against the challenger's.
    ///
    /// # Errors
    ///
    /// A refused move.
    pub fn post_defender_trace(
        &mut self,
        id: u64,
        from: Address,
        mine: &Trace,
        theirs: &Trace,
    ) -> anyhow::Result<TxReceipt> {
        let game = self.c.dispute_game;
        let call = IImoDisputeGame::postDefenderTraceCall {
            gameId: id,
            trace: words(mine),
            challengerTrace: words(theirs),
        };
        self.exec("game.postDefenderTrace", from, game, call, U256::ZERO)
    }

    /// The one-step proof of the game's disputed step, by `by`, from `prover`'s states (the
    /// agreed state before the disputed step is the same in both traces): the input for step 0,
    /// the whole layer with its Merkle path for a layer step, `s_L` for the last step.
    ///
    /// # Errors
    ///
    /// A refused proof, or a game whose disputed step is not known yet.
    pub fn prove_step(
        &mut self,
        id: u64,
        by: Address,
        network: &Network,
        input: &[u8],
        prover: &Trace,
    ) -> anyhow::Result<TxReceipt> {
        let call = self.proof_call(id, network, input, prover)?;
        let game = self.c.dispute_game;
        self.backend
            .send(by, game, &call, U256::ZERO)
            .and_then(|r| self.record("game one-step proof (the chain re-executes)", r))
    }

    /// The calldata of the one-step proof [`Self::prove_step`] sends.
    ///
    /// # Errors
    ///
    /// A game whose disputed step is not known yet, a model error.
    pub fn proof_call(
        &mut self,
        id: u64,
        network: &Network,
        input: &[u8],
        prover: &Trace,
    ) -> anyhow::Result<Vec<u8>> {
        use alloy_sol_types::SolCall;
        let g = self.game(id)?;
        anyhow::ensure!(
            (PHASE_ONE_STEP..PHASE_ENDED).contains(&g.phase),
            "game {id}: no one-step proof is due (phase {})",
            g.phase
        );
        let model = network.parsed();
        let layers = model.num_layers();
        let d = usize::from(g.divergence);
        let state = |i: usize| -> anyhow::Result<Vec<u8>> {
            prover
                .states
                .get(i)
                .cloned()
                .with_context(|| format!("the trace has no state {i}"))
        };
        Ok(if d == 0 {
            IImoDisputeGame::proveInputCall {
                gameId: id,
                modelId: U256::from(self.cfg.model_id),
                input: input.to_vec().into(),
            }
            .abi_encode()
        } else if d <= layers {
            let path = layer_path(&model, d - 1, &TinyKeccak).map_err(|e| anyhow!("{e}"))?;
            let params = model.layer_block(d - 1).map_err(|e| anyhow!("{e}"))?;
            IImoDisputeGame::proveLayerCall {
                gameId: id,
                state: state(d - 1)?.into(),
                params: params.to_vec().into(),
                modelPath: path.into_iter().map(B256::from).collect(),
            }
            .abi_encode()
        } else {
            IImoDisputeGame::proveOutputCall {
                gameId: id,
                state: state(layers)?.into(),
            }
            .abi_encode()
        })
    }

    /// A party's reveal of its state after the disputed layer (proof by row block).
    ///
    /// # Errors
    ///
    /// A refused reveal.
    pub fn reveal_state(
        &mut self,
        id: u64,
        by: Address,
        state: &[u8],
    ) -> anyhow::Result<TxReceipt> {
        let game = self.c.dispute_game;
        let call = IImoDisputeGame::revealStateCall {
            gameId: id,
            state: state.to_vec().into(),
        };
        self.exec("game.revealState", by, game, call, U256::ZERO)
    }

    /// The proof by row block of the disputed layer step, from the agreed state and both
    /// parties' states after the layer: re-executes the first block of rows they differ in.
    ///
    /// # Errors
    ///
    /// A refused proof, states that do not differ.
    pub fn prove_rows(
        &mut self,
        id: u64,
        by: Address,
        network: &Network,
        agreed: &[u8],
        [defender, challenger]: [&[u8]; 2],
    ) -> anyhow::Result<TxReceipt> {
        let d = usize::from(self.game(id)?.divergence);
        anyhow::ensure!(d >= 1, "game {id}: the disputed step is not a layer");
        let model = network.parsed();
        let header = model.header(d - 1).map_err(|e| anyhow!("{e}"))?;
        let (out, per) = (header.out_dim(), header.rows_per_block());
        let block = if defender.len() != out || challenger.len() != out {
            0
        } else {
            let row = defender
                .iter()
                .zip(challenger)
                .position(|(a, b)| a != b)
                .context("the two states do not differ")?;
            row / per.max(1)
        };
        let rb = row_block(&model, d - 1, block, &TinyKeccak).map_err(|e| anyhow!("{e}"))?;
        let game = self.c.dispute_game;
        let call = IImoDisputeGame::proveRowBlockCall {
            gameId: id,
            state: agreed.to_vec().into(),
            defenderNext: defender.to_vec().into(),
            challengerNext: challenger.to_vec().into(),
            header: rb.header.to_vec().into(),
            rowsRoot: rb.rows_root.into(),
            modelPath: rb.model_path.into_iter().map(B256::from).collect(),
            rows: rb.rows.into(),
            rowPath: rb.row_path.into_iter().map(B256::from).collect(),
        };
        self.exec(
            "game.proveRowBlock (the chain re-executes one row block)",
            by,
            game,
            call,
            U256::ZERO,
        )
    }

    /// `timeout(id)` by `by`, once the current deadline passed.
    ///
    /// # Errors
    ///
    /// A refused call (the deadline has not passed).
    pub fn timeout_game(&mut self, id: u64, by: Address) -> anyhow::Result<TxReceipt> {
        let game = self.c.dispute_game;
        let call = IImoDisputeGame::timeoutCall { gameId: id };
        self.exec("game.timeout", by, game, call, U256::ZERO)
    }
}
