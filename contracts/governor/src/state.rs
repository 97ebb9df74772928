//! A proposal's state, derived from the clock, its timeline, its tally and two flags.

use alloy_primitives::U256;
use imo_common::{
    clock,
    math::{from_small, from_stored},
};
use stylus_sdk::prelude::*;

use crate::{
    errors::{Error, NonexistentProposal, UnexpectedProposalState},
    ModelGovernor,
};

/// `state(id)` values, numbered as OpenZeppelin's `IGovernor.ProposalState`.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProposalState {
    /// Voting has not started.
    Pending = 0,
    /// Voting is open.
    Active = 1,
    /// The proposer canceled it.
    Canceled = 2,
    /// Voting ended without quorum or without more for than against votes.
    Defeated = 3,
    /// Passed and executable now.
    Succeeded = 4,
    /// Passed; waiting out the execution delay.
    Queued = 5,
    /// Passed, but not executed within its grace period: it can no longer run.
    Expired = 6,
    /// Executed.
    Executed = 7,
}

impl ModelGovernor {
    /// The state of proposal `proposal_id`; [`Error::NonexistentProposal`] for an unknown id.
    pub(crate) fn proposal_state(&self, proposal_id: U256) -> Result<ProposalState, Error> {
        let p = self.proposals.getter(proposal_id);
        if p.proposer.get().is_zero() {
            return Err(Error::NonexistentProposal(NonexistentProposal {
                proposalId: proposal_id,
            }));
        }
        if p.executed.get() {
            return Ok(ProposalState::Executed);
        }
        if p.canceled.get() {
            return Ok(ProposalState::Canceled);
        }
        let now = clock::now(self.vm());
        if now < from_small(p.vote_start.get()) {
            return Ok(ProposalState::Pending);
        }
        if now <= from_small(p.vote_end.get()) {
            return Ok(ProposalState::Active);
        }
        let for_votes = from_stored(p.for_votes.get());
        let quorum_reached = for_votes.saturating_add(from_stored(p.abstain_votes.get()))
            >= from_stored(p.quorum.get());
        if !quorum_reached || for_votes <= from_stored(p.against_votes.get()) {
            return Ok(ProposalState::Defeated);
        }
        if now < from_small(p.eta.get()) {
            return Ok(ProposalState::Queued);
        }
        if now >= from_small(p.expires.get()) {
            return Ok(ProposalState::Expired);
        }
        Ok(ProposalState::Succeeded)
    }

    /// The state of proposal `proposal_id` if it is `expected`, else
    /// [`Error::UnexpectedProposalState`].
    pub(crate) fn require_state(
        &self,
        proposal_id: U256,
        expected: ProposalState,
    ) -> Result<(), Error> {
        let state = self.proposal_state(proposal_id)?;
        if state != expected {
            return Err(unexpected(proposal_id, state));
        }
        Ok(())
    }
}

/// [`Error::UnexpectedProposalState`] for a proposal in `state`.
pub(crate) fn unexpected(proposal_id: U256, state: ProposalState) -> Error {
    Error::UnexpectedProposalState(UnexpectedProposalState {
        proposalId: proposal_id,
        current: state as u8,
    })
}
