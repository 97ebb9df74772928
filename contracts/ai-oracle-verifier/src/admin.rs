//! Administration: the node whitelist and the parameters (owner only).

use alloy_primitives::{Address, U256};
use imo_common::{eth::send, math::from_stored};
use stylus_sdk::prelude::*;

use crate::{
    amount128, ArbiterSet, ChallengeBondSet, Error, MinNodeStakeSet, NodeAdded, NodeRemoved,
    NothingToWithdraw, OracleVerifier, ProtocolWithdrawn, TransferFailed,
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
