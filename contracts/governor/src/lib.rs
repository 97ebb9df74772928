//! The governor of an AI model: the holders of its RevShare token (ERC-7641) vote on proposals
//! that spend the governor's ETH treasury (grants) and change the parameters of the model's
//! contracts (the RevShare token, the AI Oracle and the AIGC NFT can be owned by the governor),
//! including the governor's own parameters.
//!
//! Voting weight is the voter's balance at the token's latest snapshot taken before the
//! proposal was created (`balanceOfAt`), so tokens acquired after it cannot vote. A proposal
//! passes when `for + abstain` reaches the quorum (in basis points of the snapshot's total
//! supply) and `for > against`; it runs its calls in order once the execution delay after the
//! vote has passed.
//!
//! The contract is built with the SDK's `reentrant` feature: a proposal that changes the
//! governor's own parameters calls `setParameters` on the governor from inside `execute`. A
//! proposal is marked executed before any of its calls run, so it can never run twice. See the
//! crate README.
//!
//! This file is the ABI router; the logic lives in one module per concern: [`proposals`]
//! (creating and reading proposals), [`votes`], [`execution`] (execute and cancel), [`state`]
//! (the proposal state machine), [`parameters`], [`token`] (voting weight from the token's
//! snapshots), [`errors`] and [`events`].
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
// `#[entrypoint]` emits undocumented fns for wasm and under `export-abi`.
#![cfg_attr(
    not(any(target_arch = "wasm32", feature = "export-abi")),
    deny(missing_docs)
)]
#![deny(rustdoc::broken_intra_doc_links)]
extern crate alloc;

pub mod errors;
pub mod events;
pub mod execution;
pub mod parameters;
pub mod proposals;
pub mod state;
pub mod token;
pub mod votes;

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{Address, U256};
use imo_common::{
    bytes::StoredBytes,
    math::{from_small, from_stored, wide},
};
use stylus_sdk::{
    abi::Bytes,
    prelude::*,
    storage::{
        StorageAddress, StorageArray, StorageBool, StorageMap, StorageU128, StorageU16,
        StorageU256, StorageU32, StorageU64, StorageU8, StorageU96,
    },
};

pub use errors::*;
pub use events::{
    Deposited, ParametersSet, ProposalCanceled, ProposalCreated, ProposalExecuted, VoteCast,
};
pub use imo_common::math::BPS;
pub use parameters::{Parameters, MAX_DURATION};
pub use proposals::{Actions, MAX_ACTIONS};
pub use state::ProposalState;
pub use votes::VoteType;

/// One call of a proposal: target and value share a slot; short call data (under 32 bytes)
/// takes one more slot.
#[storage]
pub struct Action {
    pub(crate) target: StorageAddress,
    pub(crate) value: StorageU96,
    pub(crate) data: StoredBytes,
}

/// A proposal, in four slots plus its calls.
#[storage]
pub struct Proposal {
    // Slot 0.
    pub(crate) proposer: StorageAddress,
    pub(crate) vote_start: StorageU64,
    pub(crate) snapshot_id: StorageU32,
    // Slot 1.
    pub(crate) vote_end: StorageU64,
    pub(crate) eta: StorageU64,
    pub(crate) action_count: StorageU8,
    pub(crate) executed: StorageBool,
    pub(crate) canceled: StorageBool,
    pub(crate) expires: StorageU64,
    // Slot 2.
    pub(crate) for_votes: StorageU128,
    pub(crate) against_votes: StorageU128,
    // Slot 3.
    pub(crate) abstain_votes: StorageU128,
    pub(crate) quorum: StorageU128,
    pub(crate) actions: StorageArray<Action, MAX_ACTIONS>,
}

/// The governor: treasury, proposals, votes and its own parameters.
#[entrypoint]
#[storage]
pub struct ModelGovernor {
    // Slot 0.
    pub(crate) token: StorageAddress,
    pub(crate) proposal_count: StorageU32,
    // Slot 1.
    pub(crate) voting_delay: StorageU64,
    pub(crate) voting_period: StorageU64,
    pub(crate) execution_delay: StorageU64,
    pub(crate) quorum_bps: StorageU16,
    pub(crate) grace_period: StorageU32,
    // Slot 2.
    pub(crate) proposal_threshold: StorageU256,
    pub(crate) proposals: StorageMap<U256, Proposal>,
    pub(crate) has_voted: StorageMap<U256, StorageMap<Address, StorageBool>>,
}

#[public]
impl ModelGovernor {
    /// Sets the RevShare token whose snapshots give voting weight and the governance
    /// parameters.
    ///
    /// # Arguments
    ///
    /// * `token` - the model's RevShare token.
    /// * `voting_delay` - seconds from proposal to the start of voting.
    /// * `voting_period` - seconds voting stays open (> 0).
    /// * `quorum_bps` - for + abstain votes needed, in basis points of the snapshot's total
    ///   supply (<= 10,000).
    /// * `proposal_threshold` - tokens the proposer must hold at the snapshot.
    /// * `execution_delay` - seconds between the end of voting and execution.
    /// * `grace_period` - seconds a passed proposal stays executable after that (> 0); then it
    ///   is Expired.
    ///
    /// # Errors
    ///
    /// * [`Error::InvalidToken`] - zero token address.
    /// * [`Error::AlreadyInitialized`] - already set up (a clone called through the
    ///   constructor's selector after `initialize`).
    /// * [`Error::InvalidVotingPeriod`], [`Error::InvalidQuorumBps`],
    ///   [`Error::InvalidGracePeriod`], [`Error::DurationTooLong`] - see
    ///   [`Self::set_parameters`].
    ///
    /// # Events
    ///
    /// * [`ParametersSet`].
    #[constructor]
    #[allow(clippy::too_many_arguments)]
    pub fn constructor(
        &mut self,
        token: Address,
        voting_delay: u64,
        voting_period: u64,
        quorum_bps: u16,
        proposal_threshold: U256,
        execution_delay: u64,
        grace_period: u64,
    ) -> Result<(), Error> {
        self.init(
            token,
            Parameters {
                voting_delay,
                voting_period,
                quorum_bps,
                proposal_threshold,
                execution_delay,
                grace_period,
            },
        )
    }

    /// The constructor of a clone (an EIP-1167 proxy of a deployed governor): the same
    /// parameters, checks and events, once. The launchpad creates and initializes a clone in one
    /// transaction. Refused on a governor already set up, which includes every governor deployed
    /// with the constructor, so the implementation the clones delegate to cannot be initialized.
    ///
    /// # Errors
    ///
    /// * [`Error::AlreadyInitialized`] - the governor is already set up.
    /// * The constructor's errors.
    ///
    /// # Events
    ///
    /// * [`ParametersSet`].
    #[allow(clippy::too_many_arguments)]
    pub fn initialize(
        &mut self,
        token: Address,
        voting_delay: u64,
        voting_period: u64,
        quorum_bps: u16,
        proposal_threshold: U256,
        execution_delay: u64,
        grace_period: u64,
    ) -> Result<(), Error> {
        self.init(
            token,
            Parameters {
                voting_delay,
                voting_period,
                quorum_bps,
                proposal_threshold,
                execution_delay,
                grace_period,
            },
        )
    }

    /// Accepts ETH into the treasury (anyone may fund it).
    ///
    /// # Events
    ///
    /// * [`Deposited`].
    #[receive]
    #[payable]
    pub fn receive(&mut self) -> Result<(), Vec<u8>> {
        self.emit_deposited(self.vm().msg_sender(), self.vm().msg_value());
        Ok(())
    }

    /// Creates a proposal to make `targets[i].call{value: values[i]}(calldatas[i])` for every
    /// `i`, in order. Voting weight will be the balances at the token's newest final snapshot
    /// (one taken in an earlier second: a proposal made in the second of a snapshot uses the
    /// one before). Ids are 1, 2, 3, ...
    ///
    /// # Arguments
    ///
    /// * `targets`, `values`, `calldatas` - the calls (1 to [`MAX_ACTIONS`]).
    /// * `description` - emitted, not stored.
    ///
    /// # Errors
    ///
    /// * [`Error::InvalidProposalLength`] - empty, lengths differ, too many calls.
    /// * [`Error::ValueTooLarge`] - a value does not fit 96 bits.
    /// * [`Error::NoSnapshot`] - the token has no final snapshot yet.
    /// * [`Error::InsufficientProposerVotes`] - the caller's balance at the snapshot is under
    ///   the proposal threshold.
    /// * [`Error::TokenCallFailed`] - the token's views failed.
    /// * [`Error::Overflow`] - clock or proposal counter overflow.
    ///
    /// # Events
    ///
    /// * [`ProposalCreated`].
    pub fn propose(
        &mut self,
        targets: Vec<Address>,
        values: Vec<U256>,
        calldatas: Vec<Bytes>,
        description: String,
    ) -> Result<U256, Error> {
        self.create_proposal(targets, values, calldatas, description)
    }

    /// Casts the caller's vote: its balance at the proposal's snapshot.
    ///
    /// # Arguments
    ///
    /// * `proposal_id` - an Active proposal.
    /// * `support` - 0 against, 1 for, 2 abstain ([`VoteType`]).
    ///
    /// # Errors
    ///
    /// * [`Error::NonexistentProposal`] - unknown id.
    /// * [`Error::UnexpectedProposalState`] - not Active.
    /// * [`Error::InvalidVoteType`] - `support` > 2.
    /// * [`Error::AlreadyCastVote`] - the caller already voted on it.
    /// * [`Error::NoVotingPower`] - the caller held nothing at the snapshot.
    /// * [`Error::TokenCallFailed`] - the token's view failed.
    ///
    /// # Events
    ///
    /// * [`VoteCast`].
    pub fn cast_vote(&mut self, proposal_id: U256, support: u8) -> Result<U256, Error> {
        self.vote(proposal_id, support)
    }

    /// Runs a passed proposal's calls in order, once its execution delay is over and before its
    /// grace period ends. The proposal is marked executed before the first call; if any call
    /// reverts, the whole execution reverts (the proposal stays executable until it expires).
    ///
    /// # Arguments
    ///
    /// * `proposal_id` - a Succeeded proposal.
    ///
    /// # Errors
    ///
    /// * [`Error::NonexistentProposal`] - unknown id.
    /// * [`Error::UnexpectedProposalState`] - not Succeeded (pending, active, canceled,
    ///   defeated, still in its execution delay, expired, or executed).
    /// * [`Error::CallReverted`] - call `index` reverted (or the treasury lacked the value),
    ///   with the callee's revert data.
    ///
    /// # Events
    ///
    /// * [`ProposalExecuted`], plus whatever the calls emit.
    pub fn execute(&mut self, proposal_id: U256) -> Result<(), Error> {
        self.run(proposal_id)
    }

    /// Cancels a proposal before its voting ends. Proposer only.
    ///
    /// # Errors
    ///
    /// * [`Error::NonexistentProposal`] - unknown id.
    /// * [`Error::OnlyProposer`] - the caller is not the proposer.
    /// * [`Error::UnexpectedProposalState`] - not Pending or Active.
    ///
    /// # Events
    ///
    /// * [`ProposalCanceled`].
    pub fn cancel(&mut self, proposal_id: U256) -> Result<(), Error> {
        self.cancel_proposal(proposal_id)
    }

    /// Sets all governance parameters. Only the governor itself, that is a passed proposal,
    /// may call it. Proposals already created keep their timeline and quorum.
    ///
    /// # Arguments
    ///
    /// See the constructor.
    ///
    /// # Errors
    ///
    /// * [`Error::OnlyGovernance`] - the caller is not the governor.
    /// * [`Error::InvalidVotingPeriod`] - zero voting period.
    /// * [`Error::InvalidQuorumBps`] - quorum above 10,000 bps.
    /// * [`Error::InvalidGracePeriod`] - zero grace period.
    /// * [`Error::DurationTooLong`] - a duration above [`MAX_DURATION`].
    ///
    /// # Events
    ///
    /// * [`ParametersSet`].
    pub fn set_parameters(
        &mut self,
        voting_delay: u64,
        voting_period: u64,
        quorum_bps: u16,
        proposal_threshold: U256,
        execution_delay: u64,
        grace_period: u64,
    ) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        if caller != self.vm().contract_address() {
            return Err(Error::OnlyGovernance(OnlyGovernance { account: caller }));
        }
        self.store_parameters(Parameters {
            voting_delay,
            voting_period,
            quorum_bps,
            proposal_threshold,
            execution_delay,
            grace_period,
        })
    }

    /// The proposal's state ([`ProposalState`], OpenZeppelin's numbering): 0 Pending, 1 Active,
    /// 2 Canceled, 3 Defeated, 4 Succeeded (executable), 5 Queued (passed, in its execution
    /// delay), 6 Expired (passed, not executed within its grace period), 7 Executed.
    ///
    /// # Errors
    ///
    /// * [`Error::NonexistentProposal`] - unknown id.
    pub fn state(&self, proposal_id: U256) -> Result<u8, Error> {
        Ok(self.proposal_state(proposal_id)? as u8)
    }

    /// The votes on a proposal: `(against, for, abstain)` (0s for an unknown id).
    pub fn proposal_votes(&self, proposal_id: U256) -> (U256, U256, U256) {
        let p = self.proposals.getter(proposal_id);
        (
            wide(from_stored(p.against_votes.get())),
            wide(from_stored(p.for_votes.get())),
            wide(from_stored(p.abstain_votes.get())),
        )
    }

    /// A proposal's record: proposer, token snapshot id, voting start and end (inclusive),
    /// earliest execution time, quorum (votes), executed and canceled flags. All zero for an
    /// unknown id.
    #[allow(clippy::type_complexity)]
    pub fn proposal(&self, proposal_id: U256) -> (Address, U256, u64, u64, u64, U256, bool, bool) {
        let p = self.proposals.getter(proposal_id);
        (
            p.proposer.get(),
            U256::from(from_small(p.snapshot_id.get())),
            from_small(p.vote_start.get()),
            from_small(p.vote_end.get()),
            from_small(p.eta.get()),
            wide(from_stored(p.quorum.get())),
            p.executed.get(),
            p.canceled.get(),
        )
    }

    /// The time from which a passed proposal can no longer be executed (`eta + gracePeriod` at
    /// its creation; 0 for an unknown id).
    pub fn proposal_deadline(&self, proposal_id: U256) -> u64 {
        from_small(self.proposals.getter(proposal_id).expires.get())
    }

    /// A proposal's calls: targets, values and call data.
    pub fn proposal_actions(&self, proposal_id: U256) -> Actions {
        self.actions(proposal_id)
    }

    /// Whether `account` voted on the proposal.
    pub fn has_voted(&self, proposal_id: U256, account: Address) -> bool {
        self.has_voted.getter(proposal_id).get(account)
    }

    /// The number of proposals created (the latest id).
    pub fn proposal_count(&self) -> U256 {
        U256::from(from_small(self.proposal_count.get()))
    }

    /// The RevShare token whose snapshots give voting weight.
    pub fn token(&self) -> Address {
        self.token.get()
    }

    /// Seconds from proposal to the start of voting.
    pub fn voting_delay(&self) -> u64 {
        from_small(self.voting_delay.get())
    }

    /// Seconds voting stays open.
    pub fn voting_period(&self) -> u64 {
        from_small(self.voting_period.get())
    }

    /// Quorum in basis points of the snapshot's total supply.
    pub fn quorum_bps(&self) -> u16 {
        self.quorum_share()
    }

    /// Tokens a proposer must hold at the snapshot.
    pub fn proposal_threshold(&self) -> U256 {
        self.proposal_threshold.get()
    }

    /// Seconds between the end of voting and execution.
    pub fn execution_delay(&self) -> u64 {
        from_small(self.execution_delay.get())
    }

    /// Seconds a passed proposal stays executable after its execution delay.
    pub fn grace_period(&self) -> u64 {
        from_small(self.grace_period.get())
    }
}

#[cfg(test)]
mod tests;
