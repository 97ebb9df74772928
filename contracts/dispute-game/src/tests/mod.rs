//! motsu tests of the game, against a recording reporter contract (standing in for the
//! verifier, which only starts games and hears outcomes) and models built with `imo-model`.
#![allow(clippy::too_many_lines)]

mod moves;
mod proofs;
mod proptests;

use alloc::{vec, vec::Vec};

use alloy_primitives::{keccak256, Address, B256, U256};
use imo_common::bytes::StoredBytes;
use imo_model::dispute::{layer_path, row_block, Trace};
use imo_model::{bundled, Model, TinyKeccak};
use motsu::prelude::*;
use stylus_sdk::{
    abi::Bytes as AbiBytes,
    prelude::*,
    storage::{StorageAddress, StorageBool, StorageU32, StorageU8},
};

use crate::rules::{CHALLENGER_WINS, DEFENDER_WINS};
use crate::{DisputeGame, Error};

/// Seconds per move.
pub(crate) const MOVE_TIME: u64 = 600;
/// The oracle request the games dispute.
pub(crate) const REQUEST: u64 = 7;
/// The model id in the request commitment.
pub(crate) const MODEL_ID: u64 = 3;

/// Stands in for the verifier: records every outcome it is told (or refuses them).
#[storage]
pub struct Reporter {
    ended: StorageU32,
    outcome: StorageU8,
    challenger: StorageAddress,
    refuse: StorageBool,
    output: StoredBytes,
}

#[public]
impl Reporter {
    /// Records a game's end.
    pub fn on_game_ended(
        &mut self,
        request_id: U256,
        round: u32,
        challenger: Address,
        outcome: u8,
        output: AbiBytes,
    ) -> Result<(), Vec<u8>> {
        if self.refuse.get() || request_id != U256::from(REQUEST) || round != 1 {
            return Err(b"refused".to_vec());
        }
        let ended = self.ended.get() + alloy_primitives::U32::from(1);
        self.ended.set(ended);
        self.outcome.set(alloy_primitives::U8::from(outcome));
        self.challenger.set(challenger);
        self.output.set_bytes(&output);
        Ok(())
    }

    /// Makes the next reports fail.
    pub fn set_refuse(&mut self, refuse: bool) {
        self.refuse.set(refuse);
    }
}

// SAFETY: a test actor deployed on its own.
unsafe impl TopLevelStorage for Reporter {}

/// Moves every contract's clock.
pub(crate) fn advance(seconds: u64) {
    imo_testkit::clock::advance(seconds);
}

/// A B256 list from hashes.
pub(crate) fn h256(hashes: &[[u8; 32]]) -> Vec<B256> {
    hashes.iter().map(|h| B256::from(*h)).collect()
}

pub(crate) fn b(x: &[u8]) -> AbiBytes {
    AbiBytes::from(x.to_vec())
}

/// A model under dispute and the request's input.
pub(crate) struct Case {
    pub(crate) file: Vec<u8>,
    pub(crate) input: Vec<u8>,
}

impl Case {
    pub(crate) fn generator(prompt: &[u8]) -> Self {
        Case {
            file: bundled::GENERATOR.to_vec(),
            input: prompt.to_vec(),
        }
    }

    pub(crate) fn model(&self) -> Model<'_> {
        Model::parse(&self.file).unwrap()
    }

    pub(crate) fn program(&self) -> Vec<u8> {
        let mut buf = [0u8; 8 + 16 * 16];
        let n = self.model().program_descriptor(&mut buf).unwrap();
        buf[..n].to_vec()
    }

    pub(crate) fn commitment(&self) -> B256 {
        let mut data = U256::from(MODEL_ID).to_be_bytes::<32>().to_vec();
        data.extend_from_slice(&self.input);
        keccak256(data)
    }

    /// The trace of a party wrong at `wrong` (None: honest).
    pub(crate) fn trace(&self, wrong: Option<usize>) -> Trace {
        Trace::with_wrong_step(&self.model(), &self.input, wrong, &TinyKeccak).unwrap()
    }
}

/// A game between two accounts over one case.
pub(crate) struct Play<'a> {
    pub(crate) game: &'a Contract<DisputeGame>,
    pub(crate) reporter: &'a Contract<Reporter>,
    pub(crate) challenger: Address,
    pub(crate) defender: Address,
    pub(crate) case: &'a Case,
    pub(crate) id: u64,
}

impl<'a> Play<'a> {
    /// Starts a game where the defender delivered `result` and the challenger claims `claim`.
    pub(crate) fn start(
        game: &'a Contract<DisputeGame>,
        reporter: &'a Contract<Reporter>,
        [challenger, defender]: [Address; 2],
        case: &'a Case,
        [result, claim]: [[u8; 32]; 2],
    ) -> Self {
        let model = case.model();
        let id = game
            .sender(reporter.address())
            .start(
                U256::from(REQUEST),
                1,
                challenger,
                defender,
                result.into(),
                claim.into(),
                case.commitment(),
                model.model_hash(&TinyKeccak).into(),
                model.program_hash(&TinyKeccak).into(),
            )
            .motsu_unwrap();
        Play {
            game,
            reporter,
            challenger,
            defender,
            case,
            id,
        }
    }

    /// The challenger posts `trace` with `output`.
    pub(crate) fn challenger_posts(&self, trace: &Trace) -> Result<(), Error> {
        self.game
            .sender(self.challenger)
            .post_challenger_trace(
                self.id,
                h256(&trace.hashes),
                b(&self.case.program()),
                b(&trace.output),
            )
            .motsu_res()
    }

    /// The defender posts `trace` against the challenger's `theirs`.
    pub(crate) fn defender_posts(&self, trace: &Trace, theirs: &Trace) -> Result<(), Error> {
        self.game
            .sender(self.defender)
            .post_defender_trace(self.id, h256(&trace.hashes), h256(&theirs.hashes))
            .motsu_res()
    }

    /// `(phase, divergence, outcome)`.
    pub(crate) fn state(&self) -> (u8, u8, u8) {
        let g = self.game.sender(self.challenger).get_game(self.id);
        (g.5, g.8, g.9)
    }

    /// The one-step proof of the disputed step, by `by`, with the whole layer when it is one,
    /// from `prover`'s states (the agreed state is the same in both traces).
    pub(crate) fn prove(&self, by: Address, prover: &Trace) -> Result<(), Error> {
        let d = usize::from(self.state().1);
        let model = self.case.model();
        let layers = model.num_layers();
        let mut g = self.game.sender(by);
        if d == 0 {
            g.prove_input(self.id, U256::from(MODEL_ID), b(&self.case.input))
                .motsu_res()
        } else if d <= layers {
            let path = layer_path(&model, d - 1, &TinyKeccak).unwrap();
            g.prove_layer(
                self.id,
                b(&prover.states[d - 1]),
                b(model.layer_block(d - 1).unwrap()),
                h256(&path),
            )
            .motsu_res()
        } else {
            g.prove_output(self.id, b(&prover.states[layers]))
                .motsu_res()
        }
    }

    /// The proof by row block of a layer step, by `by`, from both parties' revealed states.
    pub(crate) fn prove_rows(
        &self,
        by: Address,
        agreed: &Trace,
        defender: &[u8],
        challenger: &[u8],
    ) -> Result<(), Error> {
        let d = usize::from(self.state().1);
        let model = self.case.model();
        let header = model.header(d - 1).unwrap();
        let block = crate::rules::first_differing_block(
            header.out_dim(),
            header.rows_per_block(),
            defender,
            challenger,
        )
        .unwrap();
        let rb = row_block(&model, d - 1, block, &TinyKeccak).unwrap();
        self.game
            .sender(by)
            .prove_row_block(
                self.id,
                b(&agreed.states[d - 1]),
                b(defender),
                b(challenger),
                b(&rb.header),
                rb.rows_root.into(),
                h256(&rb.model_path),
                b(&rb.rows),
                h256(&rb.row_path),
            )
            .motsu_res()
    }

    /// Reveals `state` (by anyone).
    pub(crate) fn reveal(&self, state: &[u8]) -> Result<(), Error> {
        self.game
            .sender(self.challenger)
            .reveal_state(self.id, b(state))
            .motsu_res()
    }

    /// Lets the current deadline pass and calls `timeout`.
    pub(crate) fn time_out(&self) -> Result<(), Error> {
        advance(MOVE_TIME + 1);
        self.game.sender(self.defender).timeout(self.id).motsu_res()
    }

    /// What the reporter recorded: `(games ended, last outcome, last challenger, last output)`.
    pub(crate) fn reported(&self) -> (u32, u8, Address, Vec<u8>) {
        let r = self.reporter.sender(self.challenger);
        (
            r.ended.get().to::<u32>(),
            r.outcome.get().to::<u8>(),
            r.challenger.get(),
            r.output.get_bytes(),
        )
    }

    /// Asserts the game ended with `outcome` and the reporter heard it (with the challenger's
    /// output when it won).
    pub(crate) fn assert_ended(&self, outcome: u8, challenger_output: &[u8]) {
        assert_eq!(self.state().0, crate::rules::PHASE_ENDED);
        assert_eq!(self.state().2, outcome);
        let (ended, got, who, output) = self.reported();
        assert!(ended >= 1);
        assert_eq!((got, who), (outcome, self.challenger));
        let expected = if outcome == CHALLENGER_WINS {
            challenger_output.to_vec()
        } else {
            vec![]
        };
        assert_eq!(output, expected);
        let _ = DEFENDER_WINS;
    }
}
