//! Verifier of the IMO AI Oracle: node registry and stakes, challenges with bonds, dispute games
//! for verifiable models, the arbiter for the others, slashing.
//!
//! The oracle (`imo-ai-oracle`) keeps the ORA-compatible request / callback ABI, the models and the
//! fees; this contract keeps the optimistic-finality machinery, split off so that each contract fits
//! Stylus's 24 KiB code limit (ORA keeps its opML verifier in a separate contract too):
//! - the oracle asks [`OracleVerifier::is_active_node`] before it accepts a delivery;
//! - [`OracleVerifier::challenge`] asks the oracle to mark a delivered result as challenged
//!   (`onChallengeOpened`, which checks the window and returns the node, the output hash and the
//!   request's commitment `keccak256(abi.encodePacked(modelId, input))`, against which the
//!   challenge's model id and input are checked), then reads the model's registration;
//! - a model registered as verifiable (`modelHash != 0`, not `unverifiable`) is disputed by
//!   dispute games (`imo-dispute-game`, module [`games`]): each challenge starts a game against
//!   the result's defender, and [`OracleVerifier::on_game_ended`] applies its outcome. The arbiter
//!   cannot resolve such a dispute;
//! - any other model's dispute is resolved by the arbiter: [`OracleVerifier::resolve_challenge`]
//!   establishes the true output, slashes a wrong node, then tells the oracle
//!   (`onChallengeResolved`), which replaces a wrong result and re-runs the consumer's callback;
//!   [`OracleVerifier::settle_challenge`] then returns or forfeits each bond.
//!
//! # Disputes that no single party can capture
//! Any number of accounts may challenge one result inside its window (one challenge each per
//! round), so no challenge blocks another. The arbiter's resolution names the true output itself,
//! whatever any challenger claimed; a dispute game is decided by the model's own computation. A
//! wrong defender loses its slash (the node: `min(minNodeStake, stake + unbonding)`; a challenger
//! that replaced the result: its collateral) once per round: half rewards the *first* challenger
//! proven right (the first who claimed the true output, for the arbiter), the other half goes to
//! the protocol, so a node that challenges its own wrong result (from any address) loses at least
//! half of its slash. Bonds are settled one by one (pull, no loop over challengers).
//!
//! # Games: outcomes and rounds
//! - The defender was right: the challenger's bond goes to the defender.
//! - The challenger was right: the defender is slashed (half to this challenger), and the
//!   challenger's revealed output replaces the result at the oracle, which re-delivers it to the
//!   callback and opens a fresh window: the next round, in which the challenger defends the new
//!   result with its bond as collateral (slashed instead of a stake if a re-challenge wins,
//!   released with `settleChallenge` once the result is final). Games of the old round still
//!   being played are moot: their bonds come back.
//! - Both were wrong: the defender is slashed (all to the protocol), the bond goes to the
//!   protocol, and the window restarts so an honest challenger can still win.
//!
//! Every wei held here is a stake, an unbonding stake, an unsettled challenge's bond, a locked
//! collateral, a credit or the protocol's share:
//! `balance == Σ stake + Σ unbonding + Σ unsettled bonds + Σ collateral + Σ credits + protocol`.
//!
//! Built with the SDK's `reentrant` feature: resolving a challenge runs the consumer's callback, which
//! may call the oracle, which calls this contract. All state is written before every external call.
//!
//! # Two programs, one storage
//! As the oracle, the crate builds two WASM programs: the verifier (default build, `router_main`:
//! what the oracle, nodes, challengers and the dispute game call) and its extension
//! (`--features admin`, artifact `imo-ai-oracle-verifier-admin`, `router_admin`: the whitelist,
//! parameters, the protocol's share, ownership and the views), reached through the verifier's
//! fallback by a delegate call, so the whole ABI is served at the verifier's address. The
//! extension's address is fixed at construction.
//!
//! Modules: [`challenges`] (opening, the arbiter's disputes), [`games`] (disputes by game),
//! [`stakes`] (stakes, unbonding, credits), [`admin`] (the extension's functions), [`errors`],
//! [`events`].
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
// `#[entrypoint]` emits undocumented fns for wasm and under `export-abi`.
#![cfg_attr(
    not(any(target_arch = "wasm32", feature = "export-abi")),
    deny(missing_docs)
)]
#![deny(rustdoc::broken_intra_doc_links)]
#![cfg_attr(feature = "admin", allow(dead_code))] // the extension build uses only the admin half
extern crate alloc;

pub mod admin;
pub mod challenges;
pub mod errors;
pub mod events;
pub mod games;
#[cfg(feature = "admin")]
mod router_admin;
#[cfg(not(feature = "admin"))]
mod router_main;
pub mod stakes;

#[cfg(test)]
mod tests;

#[allow(unused_imports)] // `#[storage]` expands to `vec!` in the extension build
use alloc::{vec, vec::Vec};

use alloy_primitives::{aliases::U128, Address, B256, U256};
use imo_common::{access::Ownable2Step, credits::Credits, math::from_stored};
use stylus_sdk::{
    prelude::*,
    storage::{
        StorageAddress, StorageB256, StorageBool, StorageMap, StorageU128, StorageU32, StorageU64,
        StorageU96,
    },
};

pub use errors::*;
pub use events::*;
/// The admin build's ABI printer (`cargo stylus export-abi --rust-features admin`).
#[cfg(all(feature = "admin", feature = "export-abi"))]
pub use router_admin::print_from_args;
#[cfg(feature = "admin")]
pub use router_admin::OracleVerifierAdmin;

/// An inference node.
#[storage]
pub struct Node {
    /// Allowed to answer requests (slot 0 with the next three fields).
    pub(crate) whitelisted: StorageBool,
    /// Active stake.
    pub(crate) stake: StorageU128,
    /// When the unbonding amount becomes withdrawable.
    pub(crate) unbonding_end: StorageU64,
    /// Open challenges against this node's results.
    pub(crate) open_challenges: StorageU32,
    /// Stake waiting for the unbonding delay; still slashable (slot 1).
    pub(crate) unbonding: StorageU128,
}

/// One account's challenge of one result (in one round of its dispute).
#[storage]
pub struct Challenge {
    /// The challenger's bond (slot 0, with `settled` and `game_id`); zero when there is no
    /// challenge.
    pub(crate) bond: StorageU96,
    /// Settled: after the arbiter's resolution, or when its game ended.
    pub(crate) settled: StorageBool,
    /// The dispute game played for it (verifiable models; 0 for the arbiter's disputes).
    pub(crate) game_id: StorageU64,
    /// The output hash the challenger claims is right (slot 1).
    pub(crate) claimed_hash: StorageB256,
}

/// The dispute of one request's result: every challenge of it, and its resolution (by the
/// arbiter for an unverifiable model; by dispute games, round after round, for a verifiable one).
#[storage]
pub struct Dispute {
    /// The node whose result is disputed (slot 0, with the counters and flags).
    pub(crate) node: StorageAddress,
    /// Challenges not settled yet (arbiter's disputes).
    pub(crate) unsettled: StorageU32,
    /// The arbiter resolved the dispute.
    pub(crate) resolved: StorageBool,
    /// The node's output was the true one.
    pub(crate) node_right: StorageBool,
    /// Settled by dispute games: the model was verifiable at the first challenge.
    pub(crate) by_game: StorageBool,
    /// The node's output hash (slot 1).
    pub(crate) node_hash: StorageB256,
    /// The true output hash, once resolved by the arbiter (slot 2).
    pub(crate) truth: StorageB256,
    /// Stands behind the current result: the node in round 0, then the challenger whose game
    /// replaced the result (slot 3, with the round's state).
    pub(crate) defender: StorageAddress,
    /// The current round: how many times games replaced the result.
    pub(crate) round: StorageU32,
    /// Games of the current round still being played.
    pub(crate) open_games: StorageU32,
    /// The current round's defender was slashed (once per round).
    pub(crate) slashed: StorageBool,
    /// The bond of a defender that replaced the result, locked as its collateral until the
    /// result is final (slot 4).
    pub(crate) collateral: StorageU96,
    /// `round << 160 | challenger` -> challenge.
    pub(crate) challenges: StorageMap<U256, Challenge>,
    /// Claimed hash -> the first challenger who claimed it (arbiter's disputes: gets the reward
    /// if it is the truth).
    pub(crate) first_claimant: StorageMap<B256, StorageAddress>,
}

/// The key of `challenger`'s challenge in `round`.
pub(crate) fn challenge_key(round: u32, challenger: Address) -> U256 {
    (U256::from(round) << 160) | U256::from_be_slice(challenger.as_slice())
}

/// The verifier's storage, shared by both programs of the crate.
#[cfg_attr(not(feature = "admin"), entrypoint)]
#[storage]
pub struct OracleVerifier {
    /// Two-step ownership (OpenZeppelin's layout and ABI).
    pub(crate) ownable: Ownable2Step,
    /// The oracle this verifier serves.
    pub(crate) oracle: StorageAddress,
    /// Resolves challenges of unverifiable models.
    pub(crate) arbiter: StorageAddress,
    /// Plays the disputes of verifiable models (`imo-dispute-game`), fixed at construction.
    pub(crate) dispute_game: StorageAddress,
    /// Minimum bond of a challenge (slot with `min_node_stake`).
    pub(crate) challenge_bond: StorageU128,
    /// Stake a node needs to answer requests; also the slash of a lost challenge.
    pub(crate) min_node_stake: StorageU128,
    pub(crate) nodes: StorageMap<Address, Node>,
    pub(crate) disputes: StorageMap<U256, Dispute>,
    /// Returned bonds, rewards and lost bonds, withdrawn by each account.
    pub(crate) credits: Credits,
    /// The protocol's share of slashes and lost bonds, withdrawn by the owner.
    pub(crate) protocol: StorageU128,
    /// The administration extension (the crate's `admin` build), fixed at construction.
    pub(crate) admin: StorageAddress,
}

// SAFETY: in the extension build `OracleVerifier` is the whole storage of the top-level
// `OracleVerifierAdmin` (its only field, at slot 0), so calls made from it cannot alias another
// storage reference.
#[cfg(feature = "admin")]
unsafe impl TopLevelStorage for OracleVerifier {}

/// A stored amount widened to the ABI's `uint256`.
fn wide<const B: usize, const L: usize>(x: alloy_primitives::Uint<B, L>) -> U256 {
    imo_common::math::wide(from_stored(x))
}

/// `x` as a 128-bit storage amount.
fn amount128(x: U256) -> Result<U128, Error> {
    imo_common::math::to_u128(x)
        .and_then(imo_common::math::to_stored)
        .ok_or_else(overflow)
}
