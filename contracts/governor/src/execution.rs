//! Executing a passed proposal's calls, and canceling a proposal.

use alloy_primitives::U256;
use imo_common::math::{from_small, from_stored, wide};
use stylus_sdk::{call::RawCall, prelude::*};

use crate::{
    errors::{CallReverted, Error, OnlyProposer},
    state::{unexpected, ProposalState},
    ModelGovernor,
};

impl ModelGovernor {
    /// Runs a Succeeded proposal's calls in order; the proposal is marked executed first.
    pub(crate) fn run(&mut self, proposal_id: U256) -> Result<(), Error> {
        self.require_state(proposal_id, ProposalState::Succeeded)?;
        // Effects before interactions: a call that re-enters `execute` finds the proposal
        // executed.
        self.proposals.setter(proposal_id).executed.set(true);
        self.emit_proposal_executed(proposal_id);

        let n = usize::try_from(from_small(
            self.proposals.getter(proposal_id).action_count.get(),
        ))
        .unwrap_or(0);
        for i in 0..n {
            let (target, value, data) = {
                let p = self.proposals.getter(proposal_id);
                match p.actions.getter(i) {
                    Some(a) => (a.target.get(), a.value.get(), a.data.get_bytes()),
                    None => break,
                }
            };
            // SAFETY: storage is flushed and its cache cleared before the call (the target may
            // call back into the governor), and no storage reference lives across it.
            let result = unsafe {
                RawCall::new_with_value(wide(from_stored(value)))
                    .clear_storage_cache()
                    .call(target, &data)
            };
            if let Err(reason) = result {
                return Err(Error::CallReverted(CallReverted {
                    index: U256::from(i),
                    reason: reason.into(),
                }));
            }
        }
        Ok(())
    }

    /// Cancels a Pending or Active proposal of the caller.
    pub(crate) fn cancel_proposal(&mut self, proposal_id: U256) -> Result<(), Error> {
        let state = self.proposal_state(proposal_id)?;
        let caller = self.vm().msg_sender();
        if caller != self.proposals.getter(proposal_id).proposer.get() {
            return Err(Error::OnlyProposer(OnlyProposer { account: caller }));
        }
        if state != ProposalState::Pending && state != ProposalState::Active {
            return Err(unexpected(proposal_id, state));
        }
        self.proposals.setter(proposal_id).canceled.set(true);
        self.emit_proposal_canceled(proposal_id);
        Ok(())
    }
}
