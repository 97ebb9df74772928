//! The governor's events (OpenZeppelin's `IGovernor` events, then its own), and one typed
//! emitter per event.
//!
//! Events made only of 32-byte words are written through [`imo_common::log::emit_words`] from
//! one call site (`ModelGovernor::log_words`); `ProposalCreated`, whose arrays and string
//! vary, goes through its `sol!` encoder. `tests/events.rs` checks every emitter's bytes
//! against the `sol!` encoding.
#![allow(missing_docs)] // `sol!` generates the fields.

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{sol, SolEvent};
use imo_common::log::emit_words;
use stylus_sdk::{abi::Bytes, prelude::*};

use crate::{parameters::Parameters, ModelGovernor};

sol! {
    /// A proposal was created (OpenZeppelin's `IGovernor` event; `signatures` holds one empty
    /// string per call).
    #[derive(Debug)]
    event ProposalCreated(uint256 proposalId, address proposer, address[] targets, uint256[] values, string[] signatures, bytes[] calldatas, uint256 voteStart, uint256 voteEnd, string description);
    /// A vote was cast (OpenZeppelin's `IGovernor` event; `reason` is empty).
    #[derive(Debug)]
    event VoteCast(address indexed voter, uint256 proposalId, uint8 support, uint256 weight, string reason);
    /// The proposer canceled the proposal.
    #[derive(Debug)]
    event ProposalCanceled(uint256 proposalId);
    /// The proposal was executed.
    #[derive(Debug)]
    event ProposalExecuted(uint256 proposalId);
    /// The governance parameters were set (at construction or by a passed proposal).
    #[derive(Debug)]
    event ParametersSet(uint64 votingDelay, uint64 votingPeriod, uint16 quorumBps, uint256 proposalThreshold, uint64 executionDelay, uint64 gracePeriod);
    /// ETH was sent to the treasury.
    #[derive(Debug)]
    event Deposited(address indexed from, uint256 amount);
}

impl ModelGovernor {
    /// Emits a log with `topics` and the 32-byte words `words`: the one call site of
    /// [`emit_words`].
    fn log_words(&self, topics: &[B256], words: &[U256]) {
        emit_words(self.vm(), topics, words);
    }

    /// Emits [`ProposalCreated`] (one empty signature per call).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn emit_proposal_created(
        &self,
        id: U256,
        proposer: Address,
        targets: Vec<Address>,
        values: Vec<U256>,
        calldatas: Vec<Bytes>,
        vote_start: u64,
        vote_end: u64,
        description: String,
    ) {
        log(
            self.vm(),
            ProposalCreated {
                proposalId: id,
                proposer,
                signatures: vec![String::new(); targets.len()],
                targets,
                values,
                calldatas: calldatas.into_iter().map(|b| b.0.into()).collect(),
                voteStart: U256::from(vote_start),
                voteEnd: U256::from(vote_end),
                description,
            },
        );
    }

    /// Emits [`VoteCast`] with an empty reason.
    pub(crate) fn emit_vote_cast(&self, voter: Address, id: U256, support: u8, weight: U256) {
        // Data: proposalId, support, weight, the offset of `reason` (4 words in), its length 0.
        self.log_words(
            &[VoteCast::SIGNATURE_HASH, voter.into_word()],
            &[id, U256::from(support), weight, U256::from(128), U256::ZERO],
        );
    }

    /// Emits [`ProposalCanceled`].
    pub(crate) fn emit_proposal_canceled(&self, id: U256) {
        self.log_words(&[ProposalCanceled::SIGNATURE_HASH], &[id]);
    }

    /// Emits [`ProposalExecuted`].
    pub(crate) fn emit_proposal_executed(&self, id: U256) {
        self.log_words(&[ProposalExecuted::SIGNATURE_HASH], &[id]);
    }

    /// Emits [`ParametersSet`].
    pub(crate) fn emit_parameters_set(&self, p: Parameters) {
        self.log_words(
            &[ParametersSet::SIGNATURE_HASH],
            &[
                U256::from(p.voting_delay),
                U256::from(p.voting_period),
                U256::from(p.quorum_bps),
                p.proposal_threshold,
                U256::from(p.execution_delay),
                U256::from(p.grace_period),
            ],
        );
    }

    /// Emits [`Deposited`].
    pub(crate) fn emit_deposited(&self, from: Address, amount: U256) {
        self.log_words(&[Deposited::SIGNATURE_HASH, from.into_word()], &[amount]);
    }
}
