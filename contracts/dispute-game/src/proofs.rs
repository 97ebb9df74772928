//! The one-step proofs: the disputed step re-executed on chain with `imo-model`, from data each
//! checked against a commitment (the request, `modelHash`, the agreed state hash), and compared
//! with both parties' hashes of its result.

use alloc::vec::Vec;

use alloy_primitives::{B256, U256};
use imo_model::{
    layer_leaf, verify_layer, verify_row_block, LayerHeader, LayerParams, Rows, MAX_OUTPUT,
    MAX_WIDTH,
};
use stylus_sdk::prelude::*;

use crate::moves::words;
use crate::rules::{
    first_differing_block, outcome_of, proof_phase, rows_match, BOTH_LOSE, CHALLENGER_WINS,
    DEFENDER_WINS,
};
use crate::{
    DisputeGame, Error, HostKeccak, InvalidModelProof, InvalidParameters, InvalidRowProof,
    StateMismatch, WrongStep,
};

/// Which step a proof is for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Step 0, `encode`.
    Input,
    /// A layer step, `1..=L`.
    Layer,
    /// Step `L + 1`, `decode`.
    Output,
}

/// What a proof needs of its game.
struct Disputed {
    /// The disputed step.
    d: usize,
    /// Number of layers.
    layers: usize,
    /// `h_{d-1}`.
    agreed: B256,
    /// The defender's `h_d`.
    defender: B256,
    /// The challenger's `h_d`.
    challenger: B256,
}

impl DisputeGame {
    /// Fails unless game `id` awaits a proof of a step of kind `step`; returns what it disputes.
    fn disputed(&self, id: u64, step: Step) -> Result<Disputed, Error> {
        let g = self.games.getter(id);
        let phase = g.phase.get().to::<u8>();
        let d = g.divergence.get().to::<usize>();
        let layers = g.steps.get().to::<usize>().saturating_sub(2);
        let disputed = Disputed {
            d,
            layers,
            agreed: g.agreed.get(),
            defender: g.defender_next.get(),
            challenger: g.challenger_next.get(),
        };
        // Unknown ids, games before the traces and ended games are refused by `check_move`.
        self.check_move(id, if proof_phase(phase) { phase } else { u8::MAX }, None)?;
        let kind = match d {
            0 => Step::Input,
            d if d <= layers => Step::Layer,
            _ => Step::Output,
        };
        if kind != step {
            #[allow(clippy::cast_possible_truncation)] // d < 18
            return Err(Error::WrongStep(WrongStep {
                gameId: id,
                divergence: d as u8,
            }));
        }
        Ok(disputed)
    }

    /// Fails unless `data` hashes to `expected`.
    fn check_hash(&self, data: &[u8], expected: B256) -> Result<(), Error> {
        let actual = self.vm().native_keccak256(data);
        if actual == expected {
            Ok(())
        } else {
            Err(Error::StateMismatch(StateMismatch { expected, actual }))
        }
    }

    /// Decides the game from the step's recomputed hash (`None`: not computable).
    fn decide(&mut self, id: u64, at: &Disputed, computed: Option<[u8; 32]>) -> Result<(), Error> {
        let outcome = outcome_of(computed, &at.defender.0, &at.challenger.0);
        self.finish(id, outcome, false)
    }

    /// `proveInput`: step 0 from the request's input.
    pub(crate) fn prove_encode(
        &mut self,
        id: u64,
        model_id: U256,
        input: &[u8],
    ) -> Result<(), Error> {
        let at = self.disputed(id, Step::Input)?;
        let mut request = Vec::with_capacity(32 + input.len());
        request.extend_from_slice(&model_id.to_be_bytes::<32>());
        request.extend_from_slice(input);
        let commitment = self.games.getter(id).request_commitment.get();
        self.check_hash(&request, commitment)?;
        let width = self.games.getter(id).first_width.get().to::<usize>();
        let mut s0 = [0u8; MAX_WIDTH];
        let computed = self
            .task_of(id)
            .encode(width, input, &mut s0)
            .ok()
            .map(|n| self.vm().native_keccak256(&s0[..n]).0);
        self.decide(id, &at, computed)
    }

    /// `proveOutput`: step `L + 1` from the agreed last state.
    pub(crate) fn prove_decode(&mut self, id: u64, state: &[u8]) -> Result<(), Error> {
        let at = self.disputed(id, Step::Output)?;
        self.check_hash(state, at.agreed)?;
        let mut out = [0u8; MAX_OUTPUT];
        let computed = self
            .task_of(id)
            .decode(state, &mut out)
            .ok()
            .map(|n| self.vm().native_keccak256(&out[..n]).0);
        self.decide(id, &at, computed)
    }

    /// Fails unless `leaf` is layer `d - 1`'s leaf in the game's `modelHash`.
    fn check_layer(
        &self,
        id: u64,
        at: &Disputed,
        leaf: [u8; 32],
        path: &[B256],
    ) -> Result<(), Error> {
        let model_hash = self.games.getter(id).model_hash.get();
        let layer = at.d - 1;
        let hasher = HostKeccak(self.vm());
        if verify_layer(&hasher, &model_hash.0, at.layers, layer, leaf, &words(path)) {
            Ok(())
        } else {
            Err(Error::InvalidModelProof(InvalidModelProof {
                layer: U256::from(layer),
            }))
        }
    }

    /// `proveLayer`: a whole layer step.
    pub(crate) fn prove_whole_layer(
        &mut self,
        id: u64,
        state: &[u8],
        params: &[u8],
        model_path: &[B256],
    ) -> Result<(), Error> {
        let at = self.disputed(id, Step::Layer)?;
        self.check_hash(state, at.agreed)?;
        let params = LayerParams::parse(params)
            .map_err(|_| Error::InvalidParameters(InvalidParameters {}))?;
        let leaf = params.leaf(&HostKeccak(self.vm()));
        self.check_layer(id, &at, leaf, model_path)?;
        let mut out = [0u8; MAX_WIDTH];
        let computed = params
            .eval(state, &mut out)
            .ok()
            .map(|n| self.vm().native_keccak256(&out[..n]).0);
        self.decide(id, &at, computed)
    }

    /// `proveRowBlock`: one block of a layer's output rows, the first in which the two
    /// revealed states differ.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn prove_block(
        &mut self,
        id: u64,
        [state, defender_next, challenger_next]: [&[u8]; 3],
        header: &[u8],
        rows_root: B256,
        model_path: &[B256],
        rows: &[u8],
        row_path: &[B256],
    ) -> Result<(), Error> {
        let at = self.disputed(id, Step::Layer)?;
        self.check_hash(state, at.agreed)?;
        self.check_hash(defender_next, at.defender)?;
        self.check_hash(challenger_next, at.challenger)?;
        let header = match header.len() {
            16 => LayerHeader::parse(header).ok(),
            _ => None,
        }
        .ok_or(Error::InvalidParameters(InvalidParameters {}))?;
        let hasher = HostKeccak(self.vm());
        let leaf = layer_leaf(&hasher, &header, &rows_root.0);
        self.check_layer(id, &at, leaf, model_path)?;
        let out_dim = header.out_dim();
        // The two hashes differ, so the states do too.
        let block = first_differing_block(
            out_dim,
            header.rows_per_block(),
            defender_next,
            challenger_next,
        )
        .unwrap_or(0);
        let proven = header.block_rows(block).ok().and_then(|range| {
            let rows = Rows::new(header, range.start, rows).ok()?;
            verify_row_block(&hasher, &rows_root.0, block, &rows, &words(row_path)).then_some(rows)
        });
        let Some(rows) = proven else {
            return Err(Error::InvalidRowProof(InvalidRowProof {
                block: U256::from(block),
            }));
        };
        let mut out = [0u8; MAX_WIDTH];
        let outcome = match rows.eval(state, &mut out) {
            Ok(()) => {
                let computed = &out[..rows.len()];
                if rows_match(&rows, out_dim, defender_next, computed) {
                    DEFENDER_WINS
                } else if rows_match(&rows, out_dim, challenger_next, computed) {
                    CHALLENGER_WINS
                } else {
                    BOTH_LOSE
                }
            }
            Err(_) => BOTH_LOSE,
        };
        self.finish(id, outcome, false)
    }
}
