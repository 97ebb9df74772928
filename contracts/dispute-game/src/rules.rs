//! The game's rules as pure functions (no storage, no host): phases, outcomes, who wins a
//! timeout, where two traces part, which row block two states first differ in. The contract and
//! the clients (`imo-client`'s player) follow the same definitions.
//!
//! # The steps of a dispute
//! A model with `L` layers runs `L + 2` steps, each committed by one hash of a trace:
//! - step 0: the input to `h_0 = keccak256(encode(input))`;
//! - step `i` in `1..=L`: `h_{i-1}` to `h_i = keccak256(layer_{i-1}(s_{i-1}))`;
//! - step `L + 1`: `h_L` to `keccak256(decode(s_L))`, the output hash.
//!
//! A trace is `[h_0, .., h_L, outputHash]`. Both parties post theirs whole (at most 18 hashes,
//! since a model has at most 16 layers), so the first disputed step is found in one round.

use imo_model::Rows;

/// No game (never started).
pub const PHASE_NONE: u8 = 0;
/// The challenger must post its trace and output.
pub const PHASE_CHALLENGER_TRACE: u8 = 1;
/// The defender must post its trace (and the challenger's).
pub const PHASE_DEFENDER_TRACE: u8 = 2;
/// The disputed step is known: a one-step proof is due (or the challenger reveals its state to
/// prove a single row block).
pub const PHASE_ONE_STEP: u8 = 3;
/// The challenger revealed its state after the disputed layer: the defender must reveal its own.
pub const PHASE_DEFENDER_REVEAL: u8 = 4;
/// Both states are revealed: a one-step proof over the first row block they differ in is due.
pub const PHASE_ROW_STEP: u8 = 5;
/// Decided.
pub const PHASE_ENDED: u8 = 6;

/// The defender's trace was right at the disputed step (or the challenger ran out of time).
pub const DEFENDER_WINS: u8 = 1;
/// The challenger's trace was right at the disputed step (or the defender ran out of time).
pub const CHALLENGER_WINS: u8 = 2;
/// Neither trace was right at the disputed step.
pub const BOTH_LOSE: u8 = 3;

/// Most moves a game takes after its start: the challenger's trace, the defender's trace, the
/// two reveals of a proof by row block, and the proof (or one timeout in place of any move).
pub const MAX_MOVES: usize = 5;

/// Who wins when the deadline of `phase` passes: the party that moved last. The challenger
/// moved last before the defender's trace and before the defender's reveal; the defender moved
/// last (it delivered, then posted its trace, then revealed) before every other deadline. So
/// an honest challenger must bring the proof, and an honest defender only has to answer.
#[must_use]
pub fn timeout_winner(phase: u8) -> Option<u8> {
    match phase {
        PHASE_DEFENDER_TRACE | PHASE_DEFENDER_REVEAL => Some(CHALLENGER_WINS),
        PHASE_CHALLENGER_TRACE | PHASE_ONE_STEP | PHASE_ROW_STEP => Some(DEFENDER_WINS),
        _ => None,
    }
}

/// Whether a one-step proof may be submitted in `phase` (once the disputed step is known).
#[must_use]
pub fn proof_phase(phase: u8) -> bool {
    matches!(
        phase,
        PHASE_ONE_STEP | PHASE_DEFENDER_REVEAL | PHASE_ROW_STEP
    )
}

/// The outcome of a proof that computed `computed` (`None`: the step cannot be computed from the
/// agreed state, e.g. a state of the wrong width, which only two wrong parties can agree on).
#[must_use]
pub fn outcome_of(computed: Option<[u8; 32]>, defender: &[u8; 32], challenger: &[u8; 32]) -> u8 {
    match computed {
        Some(h) if h == *defender => DEFENDER_WINS,
        Some(h) if h == *challenger => CHALLENGER_WINS,
        _ => BOTH_LOSE,
    }
}

/// The first index where two traces of the same length differ (`None` if they are equal).
#[must_use]
pub fn first_divergence(a: &[[u8; 32]], b: &[[u8; 32]]) -> Option<usize> {
    a.iter().zip(b).position(|(x, y)| x != y)
}

/// The first row block (of `rows_per_block` rows) in which two states of a layer with `out_dim`
/// outputs differ. A state of the wrong length differs from everything from block 0 on.
/// `None` if both are the same valid state.
#[must_use]
pub fn first_differing_block(
    out_dim: usize,
    rows_per_block: usize,
    a: &[u8],
    b: &[u8],
) -> Option<usize> {
    if a.len() != out_dim || b.len() != out_dim {
        return Some(0);
    }
    let row = a.iter().zip(b).position(|(x, y)| x != y)?;
    Some(row / rows_per_block.max(1))
}

/// Whether `state` (a party's whole state after the layer) holds exactly `computed` at the rows
/// of `rows`.
#[must_use]
pub fn rows_match(rows: &Rows<'_>, out_dim: usize, state: &[u8], computed: &[u8]) -> bool {
    state.len() == out_dim && state.get(rows.range()) == Some(computed)
}

/// `abi.encodePacked(words)`: a trace's bytes, which its commitment hashes.
#[must_use]
pub fn packed(words: &[[u8; 32]]) -> alloc::vec::Vec<u8> {
    words.iter().flatten().copied().collect()
}
