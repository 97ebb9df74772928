//! Challenges: bonds, the oracle's window check, the arbiter's resolution, slashing and the
//! settlement of each bond. See the crate docs for why no party can capture a dispute.

use alloy_primitives::{aliases::U96, Address, Bytes, B256, U256, U32};
use imo_common::{
    call::revert_data,
    interfaces::IImoAIOracle,
    math::{from_stored, to_stored, to_u128},
};
use stylus_sdk::prelude::*;

use crate::{
    errors::oracle_failed, errors::overflow, wide, ChallengeAlreadyOpen, ChallengeOpened,
    ChallengeResolved, ChallengeSettled, ClaimMatchesResult, DisputeNotResolved, DisputeResolved,
    Error, InsufficientBond, NoChallenge, NoOpenChallenge, NotArbiter, OracleVerifier,
    ProtocolCredited, Slashed,
};

impl OracleVerifier {
    /// `challenge`: records the caller's challenge and bond, and has the oracle check the window
    /// and mark the result.
    pub(crate) fn open(
        &mut self,
        request_id: U256,
        claimed_output_hash: B256,
    ) -> Result<(), Error> {
        let challenger = self.vm().msg_sender();
        let d = self.disputes.getter(request_id);
        if d.resolved.get() {
            return Err(Error::DisputeResolved(DisputeResolved {
                requestId: request_id,
            }));
        }
        if !d.challenges.getter(challenger).bond.get().is_zero() {
            return Err(Error::ChallengeAlreadyOpen(ChallengeAlreadyOpen {
                requestId: request_id,
            }));
        }
        let first_dispute = d.node.get().is_zero();
        let bond = self.vm().msg_value();
        let required = wide(self.challenge_bond.get());
        if bond < required || bond.is_zero() {
            return Err(Error::InsufficientBond(InsufficientBond {
                required,
                paid: bond,
            }));
        }
        let stored_bond: U96 = to_u128(bond).and_then(to_stored).ok_or_else(overflow)?;
        // The oracle validates (delivered or already challenged, inside the window), marks the
        // result, and makes no external call.
        let oracle = IImoAIOracle::new(self.oracle.get());
        let (node, output_hash) = oracle
            .on_challenge_opened(&mut *self, request_id)
            .map_err(|e| oracle_failed(revert_data(e)))?;
        if output_hash == claimed_output_hash {
            return Err(Error::ClaimMatchesResult(ClaimMatchesResult {
                requestId: request_id,
            }));
        }
        let mut d = self.disputes.setter(request_id);
        if first_dispute {
            d.node.set(node);
            d.node_hash.set(output_hash);
        }
        let unsettled = d.unsettled.get() + U32::from(1);
        d.unsettled.set(unsettled);
        let mut c = d.challenges.setter(challenger);
        c.bond.set(stored_bond);
        c.claimed_hash.set(claimed_output_hash);
        let mut first = d.first_claimant.setter(claimed_output_hash);
        if first.get().is_zero() {
            first.set(challenger);
        }
        if first_dispute {
            // The node's stake stays locked while a dispute over its result is open.
            let mut n = self.nodes.setter(node);
            let open = n.open_challenges.get();
            n.open_challenges.set(open + U32::from(1));
        }
        log(
            self.vm(),
            ChallengeOpened {
                requestId: request_id,
                challenger,
                claimedOutputHash: claimed_output_hash,
                bond,
            },
        );
        Ok(())
    }

    /// `resolveChallenge`: records the true output, slashes a wrong node, then tells the oracle.
    pub(crate) fn resolve(
        &mut self,
        request_id: U256,
        challenger_wins: bool,
        correct_output: Bytes,
    ) -> Result<(), Error> {
        let sender = self.vm().msg_sender();
        if sender != self.arbiter.get() {
            return Err(Error::NotArbiter(NotArbiter { account: sender }));
        }
        let d = self.disputes.getter(request_id);
        let node = d.node.get();
        if node.is_zero() || d.resolved.get() {
            return Err(Error::NoOpenChallenge(NoOpenChallenge {
                requestId: request_id,
            }));
        }
        let node_hash = d.node_hash.get();
        let truth = if challenger_wins {
            let hash = self.vm().native_keccak256(&correct_output);
            if hash == node_hash {
                return Err(Error::ClaimMatchesResult(ClaimMatchesResult {
                    requestId: request_id,
                }));
            }
            hash
        } else {
            node_hash
        };
        let rewarded = d.first_claimant.get(truth);
        let mut d = self.disputes.setter(request_id);
        d.resolved.set(true);
        d.node_right.set(!challenger_wins);
        d.truth.set(truth);
        let mut n = self.nodes.setter(node);
        let open = n.open_challenges.get();
        n.open_challenges.set(open.saturating_sub(U32::from(1)));
        if challenger_wins {
            self.slash(node, request_id, rewarded)?;
        }
        log(
            self.vm(),
            ChallengeResolved {
                requestId: request_id,
                challengerWins: challenger_wins,
            },
        );
        let oracle = IImoAIOracle::new(self.oracle.get());
        let replacement = if challenger_wins {
            correct_output
        } else {
            Bytes::new()
        };
        oracle
            .on_challenge_resolved(&mut *self, request_id, challenger_wins, replacement)
            .map_err(|e| oracle_failed(revert_data(e)))
    }

    /// Takes `min(minNodeStake, stake + unbonding)` from `node` (active stake first): half to
    /// `rewarded` (the first challenger who claimed the truth, zero if none), the rest to the
    /// protocol.
    fn slash(&mut self, node: Address, request_id: U256, rewarded: Address) -> Result<(), Error> {
        let cap = from_stored(self.min_node_stake.get());
        let mut n = self.nodes.setter(node);
        let stake = from_stored(n.stake.get());
        let unbonding = from_stored(n.unbonding.get());
        let from_stake = stake.min(cap);
        let from_unbonding = unbonding.min(cap - from_stake);
        n.stake
            .set(to_stored(stake - from_stake).ok_or_else(overflow)?);
        n.unbonding
            .set(to_stored(unbonding - from_unbonding).ok_or_else(overflow)?);
        let slash = from_stake + from_unbonding;
        log(
            self.vm(),
            Slashed {
                node,
                requestId: request_id,
                amount: U256::from(slash),
            },
        );
        let reward = if rewarded.is_zero() { 0 } else { slash / 2 };
        if reward != 0 {
            self.credit(rewarded, U256::from(reward))?;
        }
        self.credit_protocol(slash - reward)
    }

    /// `settleChallenge`: returns or forfeits one challenge's bond after the resolution.
    pub(crate) fn settle(&mut self, request_id: U256, challenger: Address) -> Result<(), Error> {
        let d = self.disputes.getter(request_id);
        if !d.resolved.get() {
            return Err(Error::DisputeNotResolved(DisputeNotResolved {
                requestId: request_id,
            }));
        }
        let c = d.challenges.getter(challenger);
        let bond = from_stored(c.bond.get());
        if bond == 0 || c.settled.get() {
            return Err(Error::NoChallenge(NoChallenge {
                requestId: request_id,
                challenger,
            }));
        }
        let won = c.claimed_hash.get() == d.truth.get();
        let (node, node_right) = (d.node.get(), d.node_right.get());
        let mut d = self.disputes.setter(request_id);
        d.challenges.setter(challenger).settled.set(true);
        let unsettled = d.unsettled.get();
        d.unsettled.set(unsettled.saturating_sub(U32::from(1)));
        log(
            self.vm(),
            ChallengeSettled {
                requestId: request_id,
                challenger,
                won,
                bond: U256::from(bond),
            },
        );
        if won {
            self.credit(challenger, U256::from(bond))
        } else if node_right {
            self.credit(node, U256::from(bond))
        } else {
            self.credit_protocol(bond)
        }
    }

    /// Adds `amount` to the protocol's share.
    fn credit_protocol(&mut self, amount: u128) -> Result<(), Error> {
        if amount == 0 {
            return Ok(());
        }
        let total = from_stored(self.protocol.get())
            .checked_add(amount)
            .ok_or_else(overflow)?;
        self.protocol.set(to_stored(total).ok_or_else(overflow)?);
        log(
            self.vm(),
            ProtocolCredited {
                amount: U256::from(amount),
            },
        );
        Ok(())
    }
}
