//! Verifier of the IMO AI Oracle: node registry and stakes, challenges with bonds, arbiter
//! resolution, slashing.
//!
//! The oracle (`imo-ai-oracle`) keeps the ORA-compatible request / callback ABI, the models and the
//! fees; this contract keeps the optimistic-finality machinery, split off so that each contract fits
//! Stylus's 24 KiB code limit (ORA keeps its opML verifier in a separate contract too):
//! - the oracle asks [`OracleVerifier::is_active_node`] before it accepts a delivery;
//! - [`OracleVerifier::challenge`] asks the oracle to mark a delivered result as challenged
//!   (`onChallengeOpened`, which checks the window and returns the node and the output hash);
//! - [`OracleVerifier::resolve_challenge`] settles bonds and slashing here, then tells the oracle
//!   (`onChallengeResolved`), which replaces a wrong result and re-runs the consumer's callback.
//!
//! Every wei held here is a stake, an unbonding stake, an open challenge's bond, or a credit:
//! `balance == Σ stake + Σ unbonding + Σ open bonds + Σ credits`.
//!
//! Built with the SDK's `reentrant` feature: resolving a challenge runs the consumer's callback, which
//! may call the oracle, which calls this contract. All state is written before every external call.
//!
//! Modules: [`challenges`], [`stakes`] (stakes, unbonding, credits), [`admin`] (whitelist,
//! parameters, ownership), [`errors`], [`events`].
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

/// The open challenge of a request.
#[storage]
pub struct Challenge {
    /// Who challenged (slot 0, with `bond`).
    pub(crate) challenger: StorageAddress,
    /// The challenger's bond.
    pub(crate) bond: StorageU96,
    /// The node whose result is challenged (slot 1).
    pub(crate) node: StorageAddress,
    /// The output hash the challenger claims is right (slot 2).
    pub(crate) claimed_hash: StorageB256,
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
    pub(crate) challenges: StorageMap<U256, Challenge>,
    /// Won and returned bonds and slashes, withdrawn by each account.
    pub(crate) credits: Credits,
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
    /// sent) of at least `challengeBond`. The oracle checks the window and marks the result.
    ///
    /// # Errors
    ///
    /// * [`Error::ChallengeAlreadyOpen`], [`Error::InsufficientBond`], [`Error::ClaimMatchesResult`],
    ///   [`Error::AmountOverflow`], [`Error::OracleCallFailed`] (not delivered, window closed).
    ///
    /// # Events
    ///
    /// * [`ChallengeOpened`].
    #[payable]
    pub fn challenge(&mut self, request_id: U256, claimed_output_hash: B256) -> Result<(), Error> {
        self.open(request_id, claimed_output_hash)
    }

    /// Resolves the open challenge of `request_id` (arbiter only). If the challenger wins, the
    /// challenger is credited its bond plus a slash of `min(minNodeStake, stake + unbonding)` from
    /// the node, and the oracle replaces the result with `correct_output` (which must hash to the
    /// claim), makes it final and re-runs the callback. If the node wins, the node is credited the
    /// bond and the result finalizes when its window ends.
    ///
    /// # Errors
    ///
    /// * [`Error::NotArbiter`], [`Error::NoOpenChallenge`], [`Error::OutputHashMismatch`],
    ///   [`Error::AmountOverflow`], [`Error::OracleCallFailed`].
    ///
    /// # Events
    ///
    /// * [`ChallengeResolved`], [`Credited`]; [`Slashed`] if the challenger wins.
    pub fn resolve_challenge(
        &mut self,
        request_id: U256,
        challenger_wins: bool,
        correct_output: AbiBytes,
    ) -> Result<(), Error> {
        self.resolve(request_id, challenger_wins, correct_output.0.into())
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

    /// The open challenge of a request: `(challenger, node, bond, claimedOutputHash)`, zero when none.
    pub fn get_challenge(&self, request_id: U256) -> (Address, Address, U256, B256) {
        let c = self.challenges.getter(request_id);
        (
            c.challenger.get(),
            c.node.get(),
            wide(c.bond.get()),
            c.claimed_hash.get(),
        )
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
