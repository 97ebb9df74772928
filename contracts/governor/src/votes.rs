//! Voting: one vote per account and proposal, weighted by the voter's balance at the
//! proposal's snapshot (OpenZeppelin's `GovernorCountingSimple`).

use alloy_primitives::{U128, U256};
use imo_common::math::{from_stored, to_u128};
use stylus_sdk::prelude::*;

use crate::{
    errors::{overflow, AlreadyCastVote, Error, InvalidVoteType, NoVotingPower},
    state::ProposalState,
    token::token_failed,
    ModelGovernor,
};

/// `support` values of `castVote`.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoteType {
    /// A vote against.
    Against = 0,
    /// A vote for.
    For = 1,
    /// An abstention (counts towards the quorum only).
    Abstain = 2,
}

impl TryFrom<u8> for VoteType {
    type Error = Error;

    fn try_from(support: u8) -> Result<Self, Error> {
        match support {
            0 => Ok(VoteType::Against),
            1 => Ok(VoteType::For),
            2 => Ok(VoteType::Abstain),
            _ => Err(Error::InvalidVoteType(InvalidVoteType { support })),
        }
    }
}

impl ModelGovernor {
    /// Casts the caller's vote on an Active proposal; returns its weight.
    pub(crate) fn vote(&mut self, proposal_id: U256, support: u8) -> Result<U256, Error> {
        self.require_state(proposal_id, ProposalState::Active)?;
        let vote = VoteType::try_from(support)?;
        let voter = self.vm().msg_sender();
        if self.has_voted.getter(proposal_id).get(voter) {
            return Err(Error::AlreadyCastVote(AlreadyCastVote { voter }));
        }
        let snapshot = U256::from(self.proposals.getter(proposal_id).snapshot_id.get());
        let weight = self.weight_at(voter, snapshot)?;
        if weight.is_zero() {
            return Err(Error::NoVotingPower(NoVotingPower {
                voter,
                snapshotId: snapshot,
            }));
        }
        // Balances at a snapshot never exceed its supply, which the token keeps within 128
        // bits; the tallies are sums of distinct balances.
        let w = to_u128(weight).ok_or_else(|| token_failed(self.token.get()))?;

        self.has_voted.setter(proposal_id).insert(voter, true);
        let mut p = self.proposals.setter(proposal_id);
        let tally = match vote {
            VoteType::Against => &mut p.against_votes,
            VoteType::For => &mut p.for_votes,
            VoteType::Abstain => &mut p.abstain_votes,
        };
        let total = from_stored(tally.get())
            .checked_add(w)
            .ok_or_else(overflow)?;
        tally.set(U128::from(total));

        self.emit_vote_cast(voter, proposal_id, support, weight);
        Ok(weight)
    }
}
