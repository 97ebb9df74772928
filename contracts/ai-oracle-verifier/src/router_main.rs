//! The verifier's ABI router: what the oracle, nodes, challengers and the dispute game call.
//! Every other selector (administration, views) goes to the extension program (`#[fallback]`).

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use imo_common::call::delegate;
use stylus_sdk::{abi::Bytes as AbiBytes, prelude::*, ArbResult};

use crate::{amount128, Error, OracleVerifier};

#[public]
impl OracleVerifier {
    /// Sets the owner, the oracle and the parameters.
    ///
    /// # Arguments
    ///
    /// * `owner` - Initial owner.
    /// * `oracle` - The oracle this verifier serves.
    /// * `arbiter` - Resolves challenges of models not registered as verifiable.
    /// * `challenge_bond` - Minimum bond of a challenge.
    /// * `min_node_stake` - Stake a node needs; also the slash of a lost challenge.
    /// * `dispute_game` - The dispute game (`imo-dispute-game`) that settles the challenges of
    ///   verifiable models; fixed.
    /// * `admin` - The extension program (`imo-ai-oracle-verifier-admin`) that serves the
    ///   administration functions and views on this contract's storage; fixed.
    ///
    /// # Errors
    ///
    /// * [`Error::InvalidOwner`] - If `owner` is zero.
    /// * [`Error::AmountOverflow`] - If an amount does not fit 128 bits.
    #[constructor]
    #[allow(clippy::too_many_arguments)]
    pub fn constructor(
        &mut self,
        owner: Address,
        oracle: Address,
        arbiter: Address,
        challenge_bond: U256,
        min_node_stake: U256,
        dispute_game: Address,
        admin: Address,
    ) -> Result<(), Error> {
        self.ownable.init(owner)?;
        self.oracle.set(oracle);
        self.arbiter.set(arbiter);
        self.dispute_game.set(dispute_game);
        self.admin.set(admin);
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
    /// `claimed_output_hash`. `model_id` and `input` are the request's (checked against the
    /// oracle's commitment `keccak256(abi.encodePacked(modelId, input))`). Several accounts may
    /// challenge the same result (one challenge each per round). For a model registered as
    /// verifiable (`modelHash != 0` and not `unverifiable`) the challenge starts a dispute game
    /// against the result's defender; otherwise the arbiter resolves the dispute.
    ///
    /// # Errors
    ///
    /// * [`Error::ChallengeAlreadyOpen`] (the caller already challenged it in this round),
    ///   [`Error::DisputeResolved`], [`Error::InsufficientBond`], [`Error::ClaimMatchesResult`],
    ///   [`Error::RequestMismatch`], [`Error::AmountOverflow`], [`Error::OracleCallFailed`]
    ///   (not delivered, window closed), [`Error::GameCallFailed`].
    ///
    /// # Events
    ///
    /// * [`ChallengeOpened`].
    #[payable]
    pub fn challenge(
        &mut self,
        request_id: U256,
        claimed_output_hash: B256,
        model_id: U256,
        input: AbiBytes,
    ) -> Result<(), Error> {
        self.open(request_id, claimed_output_hash, model_id, &input)
    }

    /// Resolves the dispute of `request_id` (arbiter only, models not registered as verifiable)
    /// by naming the true output: the node's own (`challenger_wins == false`) or
    /// `correct_output` (`challenger_wins == true`, which must differ from the node's output),
    /// whatever any challenger claimed. A wrong node is slashed `min(minNodeStake, stake +
    /// unbonding)`: half to the first challenger who claimed the true output (to the protocol if
    /// nobody did), half to the protocol; the oracle replaces the result with `correct_output`,
    /// makes it final and re-runs the callback. If the node was right, the result finalizes when
    /// its window ends. Bonds are settled afterwards with [`Self::settle_challenge`].
    ///
    /// # Errors
    ///
    /// * [`Error::NotArbiter`], [`Error::NoOpenChallenge`], [`Error::DisputeByGame`] (a
    ///   verifiable model's dispute: only its games decide), [`Error::ClaimMatchesResult`] (a
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

    /// The outcome of the dispute game played for `challenger`'s challenge of `request_id` in
    /// `round` (the dispute game only). `outcome` 1: the defender was right, the bond goes to
    /// it. 2: the challenger was right: the defender is slashed (once per round: half to this
    /// challenger, half to the protocol), `output` (its revealed output, checked against its
    /// claim) replaces the result at the oracle, which re-runs the callback and opens a fresh
    /// window in which the challenger defends it with its bond as collateral. 3: both were
    /// wrong: the defender is slashed (all to the protocol), the bond goes to the protocol and
    /// the window restarts. A game of a round whose result was replaced meanwhile only returns
    /// the bond.
    ///
    /// # Errors
    ///
    /// * [`Error::NotDisputeGame`], [`Error::NoChallenge`], [`Error::OutputHashMismatch`],
    ///   [`Error::AmountOverflow`], [`Error::OracleCallFailed`].
    ///
    /// # Events
    ///
    /// * [`GameSettled`]; [`Slashed`], [`Credited`], [`ProtocolCredited`] as money moves.
    pub fn on_game_ended(
        &mut self,
        request_id: U256,
        round: u32,
        challenger: Address,
        outcome: u8,
        output: AbiBytes,
    ) -> Result<(), Error> {
        self.game_ended(request_id, round, challenger, outcome, output.0.into())
    }

    /// Settles `challenger`'s challenge of `request_id` (anyone may call it). Arbiter's
    /// disputes, after the resolution: the bond is credited back if the challenger claimed the
    /// true output, else to the node if the node was right, else to the protocol. Disputes by
    /// game: releases the collateral of the challenger that defends a replaced result, once that
    /// result is final (the games' bonds are settled when each game ends).
    ///
    /// # Errors
    ///
    /// * [`Error::DisputeNotResolved`] (or the replaced result is not final yet),
    ///   [`Error::NoChallenge`], [`Error::AmountOverflow`], [`Error::OracleCallFailed`].
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

    /// Everything else (administration and views) runs in the extension program, on this
    /// contract's storage; an unknown selector reverts there with empty data.
    #[fallback]
    pub fn fallback(&mut self, calldata: &[u8]) -> ArbResult {
        let admin = self.admin.get();
        delegate(self, admin, calldata)
    }
}
