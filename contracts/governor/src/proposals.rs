//! Creating proposals and reading them back: validation, the snapshot and quorum they are
//! voted with, their timeline, and their stored calls.

use alloc::{string::String, vec::Vec};

use alloy_primitives::{aliases::U96, Address, U128, U256, U32, U64, U8};
use imo_common::{
    clock,
    math::{bps_of, from_small, from_stored, to_u128, to_u64, wide},
};
use stylus_sdk::{abi::Bytes, prelude::*};

use crate::{
    errors::{
        overflow, Error, InsufficientProposerVotes, InvalidProposalLength, NoSnapshot,
        ValueTooLarge,
    },
    token::token_failed,
    ModelGovernor,
};

/// The most calls one proposal may make.
pub const MAX_ACTIONS: usize = 16;

/// A proposal's calls as `proposalActions` returns them: targets, values, call data.
pub type Actions = (Vec<Address>, Vec<U256>, Vec<Bytes>);

impl ModelGovernor {
    /// Validates and stores a proposal by the caller; returns its id.
    pub(crate) fn create_proposal(
        &mut self,
        targets: Vec<Address>,
        values: Vec<U256>,
        calldatas: Vec<Bytes>,
        description: String,
    ) -> Result<U256, Error> {
        let n = targets.len();
        if n == 0 || n > MAX_ACTIONS || values.len() != n || calldatas.len() != n {
            return Err(Error::InvalidProposalLength(InvalidProposalLength {
                targets: U256::from(n),
                values: U256::from(values.len()),
                calldatas: U256::from(calldatas.len()),
            }));
        }
        for (i, value) in values.iter().enumerate() {
            if *value > U256::from(U96::MAX) {
                return Err(Error::ValueTooLarge(ValueTooLarge {
                    index: U256::from(i),
                    value: *value,
                }));
            }
        }

        let proposer = self.vm().msg_sender();
        let token = self.token.get();
        let now = clock::now(self.vm());
        let snapshot = self.final_snapshot(now)?;
        if snapshot.is_zero() {
            return Err(Error::NoSnapshot(NoSnapshot {}));
        }
        let snapshot_id = to_u64(snapshot)
            .filter(|id| *id <= u64::from(u32::MAX))
            .ok_or_else(|| token_failed(token))?;
        let votes = self.weight_at(proposer, snapshot)?;
        let threshold = self.proposal_threshold.get();
        if votes < threshold {
            return Err(Error::InsufficientProposerVotes(
                InsufficientProposerVotes {
                    proposer,
                    votes,
                    threshold,
                },
            ));
        }
        let supply = self.supply_at(snapshot)?;
        // Rounds down, as OpenZeppelin's `GovernorVotesQuorumFraction`.
        let quorum =
            to_u128(bps_of(supply, self.quorum_share())).ok_or_else(|| token_failed(token))?;

        let vote_start = now.checked_add(from_small(self.voting_delay.get()));
        let vote_end = vote_start.and_then(|s| s.checked_add(from_small(self.voting_period.get())));
        let eta = vote_end.and_then(|e| e.checked_add(from_small(self.execution_delay.get())));
        let expires = eta.and_then(|e| e.checked_add(from_small(self.grace_period.get())));
        let (Some(vote_start), Some(vote_end), Some(eta), Some(expires)) =
            (vote_start, vote_end, eta, expires)
        else {
            return Err(overflow());
        };
        let id = u32::try_from(from_small(self.proposal_count.get()))
            .ok()
            .and_then(|count| count.checked_add(1))
            .ok_or_else(overflow)?;
        self.proposal_count.set(U32::from(id));

        let id = U256::from(id);
        let mut p = self.proposals.setter(id);
        p.proposer.set(proposer);
        p.vote_start.set(U64::from_limbs([vote_start]));
        p.snapshot_id.set(U32::from_limbs([snapshot_id]));
        p.vote_end.set(U64::from_limbs([vote_end]));
        p.eta.set(U64::from_limbs([eta]));
        p.expires.set(U64::from_limbs([expires]));
        p.action_count.set(U8::from(n));
        p.quorum.set(U128::from(quorum));
        for i in 0..n {
            if let Some(mut action) = p.actions.setter(i) {
                action.target.set(targets[i]);
                // Checked above: the value fits 96 bits.
                let limbs = values[i].as_limbs();
                action.value.set(U96::from_limbs([limbs[0], limbs[1]]));
                action.data.set_bytes(&calldatas[i]);
            }
        }

        self.emit_proposal_created(
            id,
            proposer,
            targets,
            values,
            calldatas,
            vote_start,
            vote_end,
            description,
        );
        Ok(id)
    }

    /// The stored calls of a proposal.
    pub(crate) fn actions(&self, proposal_id: U256) -> Actions {
        let p = self.proposals.getter(proposal_id);
        let n = usize::try_from(from_small(p.action_count.get())).unwrap_or(0);
        let (mut targets, mut values, mut calldatas) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..n {
            if let Some(a) = p.actions.getter(i) {
                targets.push(a.target.get());
                values.push(wide(from_stored(a.value.get())));
                calldatas.push(a.data.get_bytes().into());
            }
        }
        (targets, values, calldatas)
    }

    /// The quorum in basis points.
    #[allow(clippy::cast_possible_truncation)] // a stored u16
    pub(crate) fn quorum_share(&self) -> u16 {
        from_small(self.quorum_bps.get()) as u16
    }
}
