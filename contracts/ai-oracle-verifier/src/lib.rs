//! Verifier of the IMO AI Oracle: node registry and stakes, challenges with bonds, arbiter
//! resolution, slashing.
//!
//! The oracle (`imo-ai-oracle`) keeps the ORA-compatible request / callback ABI, the models and the
//! fees; this contract keeps the optimistic-finality machinery, split off so that each contract fits
//! Stylus's 24 KiB code limit (ORA keeps its opML verifier in a separate contract too):
//! - the oracle asks [`OracleVerifier::is_active_node`] before it accepts a delivery;
//! - [`OracleVerifier::challenge`] asks the oracle to mark a delivered result as challenged
//!   (`onChallengeOpened`, which checks the window and returns the node and the output hash);
//! - [`OracleVerifier::resolve_challenge`] establishes the true output, slashes a wrong node, then
//!   tells the oracle (`onChallengeResolved`), which replaces a wrong result and re-runs the
//!   consumer's callback; [`OracleVerifier::settle_challenge`] then returns or forfeits each bond.
//!
//! # Disputes that no single party can capture
//! Any number of accounts may challenge one result inside its window (one challenge each), so no
//! challenge blocks another. The arbiter's resolution names the true output itself, whatever any
//! challenger claimed. A wrong node loses `min(minNodeStake, stake + unbonding)`: half of it rewards
//! the *first* challenger who claimed the true output, the other half goes to the protocol, so a
//! node that challenges its own wrong result (from any address) loses at least half of its slash.
//! Each challenge is then settled on its own (pull, no loop over challengers): a challenger who
//! claimed the truth gets its bond back; a wrong claim's bond goes to the node if the node was
//! right, to the protocol if both were wrong.
//!
//! Every wei held here is a stake, an unbonding stake, an unsettled challenge's bond, a credit or
//! the protocol's share:
//! `balance == Σ stake + Σ unbonding + Σ unsettled bonds + Σ credits + protocol`.
//!
//! Built with the SDK's `reentrant` feature: resolving a challenge runs the consumer's callback, which
//! may call the oracle, which calls this contract. All state is written before every external call.
//!
//! Modules: [`challenges`], [`stakes`] (stakes, unbonding, credits), [`admin`] (whitelist,
//! parameters, protocol share, ownership), [`errors`], [`events`].
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
#![cfg_attr(not(target_arch = "wasm32"), deny(missing_docs))] // wasm: `#[entrypoint]` emits an undocumented fn
#![deny(rustdoc::broken_intra_doc_links)]
extern crate alloc;

pub mod admin;
pub mod challenges;
pub mod errors;
pub mod events;
pub mod stakes;

#[cfg(test)]
mod tests;

use alloc::{vec, vec::Vec};

use alloy_primitives::{aliases::U128, Address, B256, U256};
use imo_common::{access::Ownable2Step, credits::Credits, math::from_stored};
use stylus_sdk::{
    abi::Bytes as AbiBytes,
    prelude::*,
    storage::{
        StorageAddress, StorageB256, StorageBool, StorageMap, StorageU128, StorageU32, StorageU64,
        StorageU96,
    },
};

pub use errors::*;
pub use events::*;

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

/// One account's challenge of one result.
#[storage]
pub struct Challenge {
    /// The challenger's bond (slot 0, with `settled`); zero when there is no challenge.
    pub(crate) bond: StorageU96,
    /// Settled after the dispute's resolution.
    pub(crate) settled: StorageBool,
    /// The output hash the challenger claims is right (slot 1).
    pub(crate) claimed_hash: StorageB256,
}

/// The dispute of one request's result: every challenge of it, and the resolution.
#[storage]
pub struct Dispute {
    /// The node whose result is disputed (slot 0, with the counters and flags).
    pub(crate) node: StorageAddress,
    /// Challenges not settled yet.
    pub(crate) unsettled: StorageU32,
    /// The arbiter resolved the dispute.
    pub(crate) resolved: StorageBool,
    /// The node's output was the true one.
    pub(crate) node_right: StorageBool,
    /// The node's output hash (slot 1).
    pub(crate) node_hash: StorageB256,
    /// The true output hash, once resolved (slot 2).
    pub(crate) truth: StorageB256,
    /// Challenger -> challenge.
    pub(crate) challenges: StorageMap<Address, Challenge>,
    /// Claimed hash -> the first challenger who claimed it (gets the reward if it is the truth).
    pub(crate) first_claimant: StorageMap<B256, StorageAddress>,
}

/// The verifier.
#[entrypoint]
#[storage]
pub struct OracleVerifier {
    /// Two-step ownership (OpenZeppelin's layout and ABI).
    pub(crate) ownable: Ownable2Step,
    /// The oracle this verifier serves.
    pub(crate) oracle: StorageAddress,
    /// Resolves challenges.
    pub(crate) arbiter: StorageAddress,
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
}

/// A stored amount widened to the ABI's `uint256`.
fn wide<const B: usize, const L: usize>(x: alloy_primitives::Uint<B, L>) -> U256 {
    imo_common::math::wide(from_stored(x))
}

#[public]
impl OracleVerifier {
    /// Sets the owner, the oracle and the parameters.
    ///
    /// # Arguments
    ///
    /// * `owner` - Initial owner.
    /// * `oracle` - The oracle this verifier serves.
    /// * `arbiter` - Resolves challenges.
    /// * `challenge_bond` - Minimum bond of a challenge.
    /// * `min_node_stake` - Stake a node needs; also the slash of a lost challenge.
    ///
    /// # Errors
    ///
    /// * [`Error::InvalidOwner`] - If `owner` is zero.
    /// * [`Error::AmountOverflow`] - If an amount does not fit 128 bits.
    #[constructor]
    pub fn constructor(
        &mut self,
        owner: Address,
        oracle: Address,
        arbiter: Address,
        challenge_bond: U256,
        min_node_stake: U256,
    ) -> Result<(), Error> {
        self.ownable.init(owner)?;
        self.oracle.set(oracle);
        self.arbiter.set(arbiter);
        self.challenge_bond.set(amount128(challenge_bond)?);
        self.min_node_stake.set(amount128(min_node_stake)?);
        Ok(())
    }

    /// Whether `node` may answer requests: whitelisted and with at least `minNodeStake` of active stake.
    pub fn is_active_node(&self, node: Address) -> bool {
        let n = self.nodes.getter(node);
        n.whitelisted.get() && n.stake.get() >= self.min_node_stake.get()
    }

    /// Disputes the result of `request_id` during its challenge window, with a bond (the value
    /// sent) of at least `challengeBond`, claiming the true output hashes to
    /// `claimed_output_hash`. Several accounts may challenge the same result (one challenge each).
    /// The oracle checks the window and marks the result as challenged.
    ///
    /// # Errors
    ///
    /// * [`Error::ChallengeAlreadyOpen`] (the caller already challenged it),
    ///   [`Error::DisputeResolved`], [`Error::InsufficientBond`], [`Error::ClaimMatchesResult`],
    ///   [`Error::AmountOverflow`], [`Error::OracleCallFailed`] (not delivered, window closed).
    ///
    /// # Events
    ///
    /// * [`ChallengeOpened`].
    #[payable]
    pub fn challenge(&mut self, request_id: U256, claimed_output_hash: B256) -> Result<(), Error> {
        self.open(request_id, claimed_output_hash)
    }

    /// Resolves the dispute of `request_id` (arbiter only) by naming the true output: the node's
    /// own (`challenger_wins == false`) or `correct_output` (`challenger_wins == true`, which must
    /// differ from the node's output), whatever any challenger claimed. A wrong node is slashed
    /// `min(minNodeStake, stake + unbonding)`: half to the first challenger who claimed the true
    /// output (to the protocol if nobody did), half to the protocol; the oracle replaces the
    /// result with `correct_output`, makes it final and re-runs the callback. If the node was
    /// right, the result finalizes when its window ends. Bonds are settled afterwards with
    /// [`Self::settle_challenge`].
    ///
    /// # Errors
    ///
    /// * [`Error::NotArbiter`], [`Error::NoOpenChallenge`], [`Error::ClaimMatchesResult`] (a
    ///   "correct" output equal to the node's), [`Error::AmountOverflow`],
    ///   [`Error::OracleCallFailed`].
    ///
    /// # Events
    ///
    /// * [`ChallengeResolved`]; [`Slashed`], [`Credited`] and [`ProtocolCredited`] if the node
    ///   was wrong.
    pub fn resolve_challenge(
        &mut self,
        request_id: U256,
        challenger_wins: bool,
        correct_output: AbiBytes,
    ) -> Result<(), Error> {
        self.resolve(request_id, challenger_wins, correct_output.0.into())
    }

    /// Settles `challenger`'s challenge of `request_id` after the dispute's resolution (anyone may
    /// call it): the bond is credited back if the challenger claimed the true output, else to the
    /// node if the node was right, else to the protocol.
    ///
    /// # Errors
    ///
    /// * [`Error::DisputeNotResolved`], [`Error::NoChallenge`], [`Error::AmountOverflow`].
    ///
    /// # Events
    ///
    /// * [`ChallengeSettled`], and [`Credited`] or [`ProtocolCredited`].
    pub fn settle_challenge(&mut self, request_id: U256, challenger: Address) -> Result<(), Error> {
        self.settle(request_id, challenger)
    }

    /// Adds the value sent to the caller's stake.
    ///
    /// # Errors
    ///
    /// * [`Error::AmountOverflow`].
    ///
    /// # Events
    ///
    /// * [`Staked`].
    #[payable]
    pub fn stake(&mut self) -> Result<(), Error> {
        self.add_stake()
    }

    /// Moves `amount` of the caller's stake into unbonding; the whole unbonding amount becomes
    /// withdrawable one challenge window (the oracle's) after this call.
    ///
    /// # Errors
    ///
    /// * [`Error::AmountExceedsStake`], [`Error::AmountOverflow`], [`Error::OracleCallFailed`].
    ///
    /// # Events
    ///
    /// * [`UnstakeRequested`].
    pub fn request_unstake(&mut self, amount: U256) -> Result<(), Error> {
        self.start_unbonding(amount)
    }

    /// Withdraws the caller's unbonded stake once the delay is over and no challenge against it is open.
    ///
    /// # Errors
    ///
    /// * [`Error::NothingToWithdraw`], [`Error::UnbondingNotOver`], [`Error::NodeHasOpenChallenges`],
    ///   [`Error::TransferFailed`].
    ///
    /// # Events
    ///
    /// * [`StakeWithdrawn`].
    pub fn withdraw_stake(&mut self) -> Result<(), Error> {
        self.withdraw_unbonded()
    }

    /// Withdraws the caller's credit (won bonds, returned bonds and slashes).
    ///
    /// # Errors
    ///
    /// * [`Error::NothingToWithdraw`], [`Error::TransferFailed`].
    ///
    /// # Events
    ///
    /// * [`CreditWithdrawn`].
    pub fn withdraw_credit(&mut self) -> Result<(), Error> {
        self.withdraw_credits()
    }

    /// Whitelists a node (owner only).
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`].
    ///
    /// # Events
    ///
    /// * [`NodeAdded`].
    pub fn add_node(&mut self, node: Address) -> Result<(), Error> {
        self.set_whitelisted(node, true)
    }

    /// Removes a node from the whitelist (owner only); its stake stays withdrawable after unbonding.
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`].
    ///
    /// # Events
    ///
    /// * [`NodeRemoved`].
    pub fn remove_node(&mut self, node: Address) -> Result<(), Error> {
        self.set_whitelisted(node, false)
    }

    /// Sets the arbiter (owner only).
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`].
    ///
    /// # Events
    ///
    /// * [`ArbiterSet`].
    pub fn set_arbiter(&mut self, arbiter: Address) -> Result<(), Error> {
        self.store_arbiter(arbiter)
    }

    /// Sets the minimum challenge bond (owner only).
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`], [`Error::AmountOverflow`].
    ///
    /// # Events
    ///
    /// * [`ChallengeBondSet`].
    pub fn set_challenge_bond(&mut self, challenge_bond: U256) -> Result<(), Error> {
        self.store_challenge_bond(challenge_bond)
    }

    /// Sets the stake a node needs, also the slash of a lost challenge (owner only).
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`], [`Error::AmountOverflow`].
    ///
    /// # Events
    ///
    /// * [`MinNodeStakeSet`].
    pub fn set_min_node_stake(&mut self, min_node_stake: U256) -> Result<(), Error> {
        self.store_min_node_stake(min_node_stake)
    }

    /// A node: `(whitelisted, stake, unbonding, unbondingEnd, openChallenges)`.
    pub fn node_info(&self, node: Address) -> (bool, U256, U256, u64, u32) {
        let n = self.nodes.getter(node);
        (
            n.whitelisted.get(),
            wide(n.stake.get()),
            wide(n.unbonding.get()),
            n.unbonding_end.get().to::<u64>(),
            n.open_challenges.get().to::<u32>(),
        )
    }

    /// `challenger`'s challenge of `request_id`: `(bond, claimedOutputHash, settled)`, zero when none.
    pub fn get_challenge(&self, request_id: U256, challenger: Address) -> (U256, B256, bool) {
        let d = self.disputes.getter(request_id);
        let c = d.challenges.getter(challenger);
        (wide(c.bond.get()), c.claimed_hash.get(), c.settled.get())
    }

    /// The dispute of `request_id`: `(node, unsettledChallenges, resolved, nodeRight, trueOutputHash)`.
    pub fn get_dispute(&self, request_id: U256) -> (Address, u32, bool, bool, B256) {
        let d = self.disputes.getter(request_id);
        (
            d.node.get(),
            d.unsettled.get().to::<u32>(),
            d.resolved.get(),
            d.node_right.get(),
            d.truth.get(),
        )
    }

    /// The protocol's share of slashes and lost bonds, withdrawable by the owner.
    pub fn protocol_balance(&self) -> U256 {
        wide(self.protocol.get())
    }

    /// Sends the protocol's share to the owner (owner only).
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`], [`Error::NothingToWithdraw`], [`Error::TransferFailed`].
    ///
    /// # Events
    ///
    /// * [`ProtocolWithdrawn`].
    pub fn withdraw_protocol(&mut self) -> Result<(), Error> {
        self.withdraw_protocol_share()
    }

    /// Credit of `account`, withdrawable with `withdrawCredit`.
    pub fn credit_of(&self, account: Address) -> U256 {
        self.credits.of(account)
    }

    /// The oracle this verifier serves.
    pub fn oracle(&self) -> Address {
        self.oracle.get()
    }

    /// The arbiter.
    pub fn arbiter(&self) -> Address {
        self.arbiter.get()
    }

    /// Minimum challenge bond.
    pub fn challenge_bond(&self) -> U256 {
        wide(self.challenge_bond.get())
    }

    /// Stake a node needs (also the slash of a lost challenge).
    pub fn min_node_stake(&self) -> U256 {
        wide(self.min_node_stake.get())
    }

    /// The owner.
    pub fn owner(&self) -> Address {
        self.ownable.owner()
    }

    /// The account that may accept ownership.
    pub fn pending_owner(&self) -> Address {
        self.ownable.pending_owner()
    }

    /// Starts an ownership transfer (owner only; zero cancels).
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`].
    pub fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Error> {
        Ok(self.ownable.transfer_ownership(new_owner)?)
    }

    /// Completes an ownership transfer (pending owner only).
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`].
    pub fn accept_ownership(&mut self) -> Result<(), Error> {
        Ok(self.ownable.accept_ownership()?)
    }

    /// Leaves the verifier without an owner (owner only).
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`].
    pub fn renounce_ownership(&mut self) -> Result<(), Error> {
        Ok(self.ownable.renounce_ownership()?)
    }
}

/// `x` as a 128-bit storage amount.
fn amount128(x: U256) -> Result<U128, Error> {
    imo_common::math::to_u128(x)
        .and_then(imo_common::math::to_stored)
        .ok_or_else(overflow)
}
