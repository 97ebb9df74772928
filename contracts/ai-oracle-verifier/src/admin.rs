//! Administration: the node whitelist and the parameters (owner only).

use alloy_primitives::{Address, B256, U256};
use imo_common::{eth::send, math::from_stored};
use stylus_sdk::prelude::*;

use crate::{
    amount128, challenge_key, wide, ArbiterSet, ChallengeBondSet, Error, MinNodeStakeSet,
    NodeAdded, NodeRemoved, NothingToWithdraw, OracleVerifier, ProtocolWithdrawn, TransferFailed,
};

impl OracleVerifier {
    /// `addNode` / `removeNode`.
    pub(crate) fn set_whitelisted(
        &mut self,
        node: Address,
        whitelisted: bool,
    ) -> Result<(), Error> {
        self.ownable.only_owner()?;
        self.nodes.setter(node).whitelisted.set(whitelisted);
        if whitelisted {
            log(self.vm(), NodeAdded { node });
        } else {
            log(self.vm(), NodeRemoved { node });
        }
        Ok(())
    }

    /// `setArbiter`.
    pub(crate) fn store_arbiter(&mut self, arbiter: Address) -> Result<(), Error> {
        self.ownable.only_owner()?;
        self.arbiter.set(arbiter);
        log(self.vm(), ArbiterSet { arbiter });
        Ok(())
    }

    /// `setChallengeBond`.
    pub(crate) fn store_challenge_bond(&mut self, challenge_bond: U256) -> Result<(), Error> {
        self.ownable.only_owner()?;
        self.challenge_bond.set(amount128(challenge_bond)?);
        log(
            self.vm(),
            ChallengeBondSet {
                challengeBond: challenge_bond,
            },
        );
        Ok(())
    }

    /// `setMinNodeStake`.
    pub(crate) fn store_min_node_stake(&mut self, min_node_stake: U256) -> Result<(), Error> {
        self.ownable.only_owner()?;
        self.min_node_stake.set(amount128(min_node_stake)?);
        log(
            self.vm(),
            MinNodeStakeSet {
                minNodeStake: min_node_stake,
            },
        );
        Ok(())
    }

    /// `withdrawProtocol`: sends the protocol's share to the owner.
    pub(crate) fn withdraw_protocol_share(&mut self) -> Result<(), Error> {
        let owner = self.ownable.only_owner()?;
        let amount = U256::from(from_stored(self.protocol.get()));
        if amount.is_zero() {
            return Err(Error::NothingToWithdraw(NothingToWithdraw {}));
        }
        self.protocol.erase();
        log(self.vm(), ProtocolWithdrawn { to: owner, amount });
        send(self, owner, amount)
            .map_err(|_| Error::TransferFailed(TransferFailed { to: owner, amount }))
    }
}

/// The administration functions and views, served by the extension program
/// (`router_admin`; also called directly by the unit tests).
impl OracleVerifier {
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

    /// `challenger`'s challenge of `request_id` in `round` (0 for the arbiter's disputes):
    /// `(bond, claimedOutputHash, settled, gameId)`, zero when none.
    pub fn get_challenge(
        &self,
        request_id: U256,
        round: u32,
        challenger: Address,
    ) -> (U256, B256, bool, u64) {
        let d = self.disputes.getter(request_id);
        let c = d.challenges.getter(challenge_key(round, challenger));
        (
            wide(c.bond.get()),
            c.claimed_hash.get(),
            c.settled.get(),
            c.game_id.get().to::<u64>(),
        )
    }

    /// The dispute of `request_id`: `(node, unsettledChallenges, resolved, nodeRight,
    /// trueOutputHash)` (the arbiter's side).
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

    /// The games' side of the dispute of `request_id`: `(byGame, round, defender, collateral,
    /// openGames, slashed)`.
    pub fn get_round(&self, request_id: U256) -> (bool, u32, Address, U256, u32, bool) {
        let d = self.disputes.getter(request_id);
        (
            d.by_game.get(),
            d.round.get().to::<u32>(),
            d.defender.get(),
            wide(d.collateral.get()),
            d.open_games.get().to::<u32>(),
            d.slashed.get(),
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

    /// The dispute game.
    pub fn dispute_game(&self) -> Address {
        self.dispute_game.get()
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
