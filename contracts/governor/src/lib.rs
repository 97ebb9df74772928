//! The governor of an AI model: the holders of its RevShare token (ERC-7641)
//! vote on proposals that spend the governor's ETH treasury (grants) and
//! change the parameters of the model's contracts (the RevShare token, the AI
//! Oracle and the AIGC NFT can be owned by the governor), including the
//! governor's own parameters.
//!
//! Voting weight is the voter's balance at the token's latest snapshot taken
//! before the proposal was created (`balanceOfAt`), so tokens acquired after
//! it cannot vote. A proposal passes when `for + abstain` reaches the quorum
//! (in basis points of the snapshot's total supply) and `for > against`; it
//! runs its calls in order once the execution delay after the vote has passed.
//!
//! The contract is built with the SDK's `reentrant` feature: a proposal that
//! changes the governor's own parameters calls `setParameters` on the governor
//! from inside `execute`. A proposal is marked executed before any of its calls
//! run, so it can never run twice. See the crate README.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
extern crate alloc;

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{aliases::U96, Address, U128, U16, U256, U32, U64, U8};
#[allow(deprecated)]
use stylus_sdk::call::Call;
use stylus_sdk::{
    abi::Bytes,
    prelude::*,
    storage::{
        StorageAddress, StorageArray, StorageBool, StorageBytes, StorageMap, StorageU128,
        StorageU16, StorageU256, StorageU32, StorageU64, StorageU8, StorageU96,
    },
};

/// Denominator of `quorumBps`.
pub const BPS: u16 = 10_000;

/// The most calls one proposal may make.
pub const MAX_ACTIONS: usize = 16;

/// The longest voting delay, voting period or execution delay (365 days), so
/// that no parameter change can make every later proposal overflow the clock.
pub const MAX_DURATION: u64 = 365 * 24 * 60 * 60;

/// `support` values of `castVote` (OpenZeppelin's `GovernorCountingSimple`).
pub mod vote_type {
    /// A vote against.
    pub const AGAINST: u8 = 0;
    /// A vote for.
    pub const FOR: u8 = 1;
    /// An abstention (counts towards the quorum only).
    pub const ABSTAIN: u8 = 2;
}

/// `state(id)` values, numbered as OpenZeppelin's `IGovernor.ProposalState`.
pub mod proposal_state {
    /// Voting has not started.
    pub const PENDING: u8 = 0;
    /// Voting is open.
    pub const ACTIVE: u8 = 1;
    /// The proposer canceled it.
    pub const CANCELED: u8 = 2;
    /// Voting ended without quorum or without more for than against votes.
    pub const DEFEATED: u8 = 3;
    /// Passed and executable now.
    pub const SUCCEEDED: u8 = 4;
    /// Passed; waiting out the execution delay.
    pub const QUEUED: u8 = 5;
    /// Reserved for OpenZeppelin's numbering: this governor never returns it
    /// (a passed proposal stays executable).
    pub const EXPIRED: u8 = 6;
    /// Executed.
    pub const EXECUTED: u8 = 7;
}

pub use sol::*;
#[allow(missing_docs)]
mod sol {
    use alloy_sol_types::sol;

    sol! {
        /// A proposal was created (OpenZeppelin's `IGovernor` event; `signatures`
        /// holds one empty string per call).
        event ProposalCreated(uint256 proposalId, address proposer, address[] targets, uint256[] values, string[] signatures, bytes[] calldatas, uint256 voteStart, uint256 voteEnd, string description);
        /// A vote was cast (OpenZeppelin's `IGovernor` event; `reason` is empty).
        event VoteCast(address indexed voter, uint256 proposalId, uint8 support, uint256 weight, string reason);
        /// The proposer canceled the proposal.
        event ProposalCanceled(uint256 proposalId);
        /// The proposal was executed.
        event ProposalExecuted(uint256 proposalId);
        /// The governance parameters were set (at construction or by a passed proposal).
        event ParametersSet(uint64 votingDelay, uint64 votingPeriod, uint16 quorumBps, uint256 proposalThreshold, uint64 executionDelay);
        /// ETH was sent to the treasury.
        event Deposited(address indexed from, uint256 amount);
    }

    sol! {
        /// The proposal is empty, its arrays differ in length or it has more than `MAX_ACTIONS` calls.
        #[derive(Debug)]
        error InvalidProposalLength(uint256 targets, uint256 values, uint256 calldatas);
        /// A call's value does not fit 96 bits.
        #[derive(Debug)]
        error ValueTooLarge(uint256 index, uint256 value);
        /// The token has no snapshot yet: no one can vote.
        #[derive(Debug)]
        error NoSnapshot();
        /// The proposer holds less than the proposal threshold at the snapshot.
        #[derive(Debug)]
        error InsufficientProposerVotes(address proposer, uint256 votes, uint256 threshold);
        /// No proposal has this id.
        #[derive(Debug)]
        error NonexistentProposal(uint256 proposalId);
        /// The proposal is not in a state that allows this operation.
        #[derive(Debug)]
        error UnexpectedProposalState(uint256 proposalId, uint8 current);
        /// The account already voted on this proposal.
        #[derive(Debug)]
        error AlreadyCastVote(address voter);
        /// `support` is not 0 (against), 1 (for) or 2 (abstain).
        #[derive(Debug)]
        error InvalidVoteType(uint8 support);
        /// The account held no tokens at the proposal's snapshot.
        #[derive(Debug)]
        error NoVotingPower(address voter, uint256 snapshotId);
        /// Only the proposer may cancel.
        #[derive(Debug)]
        error OnlyProposer(address account);
        /// Only the governor itself (a passed proposal) may do this.
        #[derive(Debug)]
        error OnlyGovernance(address account);
        /// Call `index` of the proposal reverted with `reason`.
        #[derive(Debug)]
        error CallReverted(uint256 index, bytes reason);
        /// A call to the RevShare token failed or returned an impossible value.
        #[derive(Debug)]
        error TokenCallFailed(address token);
        /// The token address is zero.
        #[derive(Debug)]
        error InvalidToken();
        /// The voting period is zero.
        #[derive(Debug)]
        error InvalidVotingPeriod();
        /// The quorum is above 10,000 basis points.
        #[derive(Debug)]
        error InvalidQuorumBps(uint16 quorumBps);
        /// A delay or period is longer than `MAX_DURATION`.
        #[derive(Debug)]
        error DurationTooLong(uint64 duration, uint64 max);
        /// More than 2^32 proposals (never in practice).
        #[derive(Debug)]
        error Overflow();
    }
}

stylus_sdk::prelude::sol_interface! {
    /// The RevShare token's snapshot views the governor reads.
    interface IRevShareVotes {
        function currentSnapshotId() external view returns (uint256);
        function balanceOfAt(address account, uint256 snapshot_id) external view returns (uint256);
        function totalSupplyAt(uint256 snapshot_id) external view returns (uint256);
    }
}

/// Every error of the governor, each a named Solidity error.
#[derive(SolidityError, Debug)]
pub enum Error {
    /// See [`InvalidProposalLength`].
    InvalidProposalLength(InvalidProposalLength),
    /// See [`ValueTooLarge`].
    ValueTooLarge(ValueTooLarge),
    /// See [`NoSnapshot`].
    NoSnapshot(NoSnapshot),
    /// See [`InsufficientProposerVotes`].
    InsufficientProposerVotes(InsufficientProposerVotes),
    /// See [`NonexistentProposal`].
    NonexistentProposal(NonexistentProposal),
    /// See [`UnexpectedProposalState`].
    UnexpectedProposalState(UnexpectedProposalState),
    /// See [`AlreadyCastVote`].
    AlreadyCastVote(AlreadyCastVote),
    /// See [`InvalidVoteType`].
    InvalidVoteType(InvalidVoteType),
    /// See [`NoVotingPower`].
    NoVotingPower(NoVotingPower),
    /// See [`OnlyProposer`].
    OnlyProposer(OnlyProposer),
    /// See [`OnlyGovernance`].
    OnlyGovernance(OnlyGovernance),
    /// See [`CallReverted`].
    CallReverted(CallReverted),
    /// See [`TokenCallFailed`].
    TokenCallFailed(TokenCallFailed),
    /// See [`InvalidToken`].
    InvalidToken(InvalidToken),
    /// See [`InvalidVotingPeriod`].
    InvalidVotingPeriod(InvalidVotingPeriod),
    /// See [`InvalidQuorumBps`].
    InvalidQuorumBps(InvalidQuorumBps),
    /// See [`DurationTooLong`].
    DurationTooLong(DurationTooLong),
    /// See [`Overflow`].
    Overflow(Overflow),
}

/// One call of a proposal: target and value share a slot; short call data
/// (under 32 bytes) takes one more slot.
#[storage]
pub struct Action {
    target: StorageAddress,
    value: StorageU96,
    data: StorageBytes,
}

/// A proposal, in four slots plus its calls.
#[storage]
pub struct Proposal {
    // Slot 0.
    proposer: StorageAddress,
    vote_start: StorageU64,
    snapshot_id: StorageU32,
    // Slot 1.
    vote_end: StorageU64,
    eta: StorageU64,
    action_count: StorageU8,
    executed: StorageBool,
    canceled: StorageBool,
    // Slot 2.
    for_votes: StorageU128,
    against_votes: StorageU128,
    // Slot 3.
    abstain_votes: StorageU128,
    quorum: StorageU128,
    actions: StorageArray<Action, MAX_ACTIONS>,
}

/// The governor: treasury, proposals, votes and its own parameters.
#[entrypoint]
#[storage]
pub struct ModelGovernor {
    // Slot 0.
    token: StorageAddress,
    proposal_count: StorageU32,
    // Slot 1.
    voting_delay: StorageU64,
    voting_period: StorageU64,
    execution_delay: StorageU64,
    quorum_bps: StorageU16,
    // Slot 2.
    proposal_threshold: StorageU256,
    proposals: StorageMap<U256, Proposal>,
    has_voted: StorageMap<U256, StorageMap<Address, StorageBool>>,
}

#[public]
impl ModelGovernor {
    /// Sets the RevShare token whose snapshots give voting weight and the
    /// governance parameters.
    ///
    /// # Arguments
    ///
    /// * `token` - the model's RevShare token.
    /// * `voting_delay` - seconds from proposal to the start of voting.
    /// * `voting_period` - seconds voting stays open (> 0).
    /// * `quorum_bps` - for + abstain votes needed, in basis points of the
    ///   snapshot's total supply (<= 10,000).
    /// * `proposal_threshold` - tokens the proposer must hold at the snapshot.
    /// * `execution_delay` - seconds between the end of voting and execution.
    ///
    /// # Errors
    ///
    /// * [`Error::InvalidToken`] - zero token address.
    /// * [`Error::InvalidVotingPeriod`], [`Error::InvalidQuorumBps`],
    ///   [`Error::DurationTooLong`] - see [`Self::set_parameters`].
    ///
    /// # Events
    ///
    /// * [`ParametersSet`].
    #[constructor]
    pub fn constructor(
        &mut self,
        token: Address,
        voting_delay: u64,
        voting_period: u64,
        quorum_bps: u16,
        proposal_threshold: U256,
        execution_delay: u64,
    ) -> Result<(), Error> {
        if token.is_zero() {
            return Err(Error::InvalidToken(InvalidToken {}));
        }
        self.token.set(token);
        self.store_parameters(
            voting_delay,
            voting_period,
            quorum_bps,
            proposal_threshold,
            execution_delay,
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
        log(
            self.vm(),
            Deposited {
                from: self.vm().msg_sender(),
                amount: self.vm().msg_value(),
            },
        );
        Ok(())
    }

    /// Creates a proposal to make `targets[i].call{value: values[i]}(calldatas[i])`
    /// for every `i`, in order. Voting weight will be the balances at the token's
    /// current (latest) snapshot. Ids are 1, 2, 3, ...
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
    /// * [`Error::NoSnapshot`] - the token has no snapshot yet.
    /// * [`Error::InsufficientProposerVotes`] - the caller's balance at the
    ///   snapshot is under the proposal threshold.
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
        #[allow(deprecated)]
        let snapshot = IRevShareVotes::new(token)
            .current_snapshot_id(Call::new_in(self))
            .map_err(|_| token_failed(token))?;
        if snapshot.is_zero() {
            return Err(Error::NoSnapshot(NoSnapshot {}));
        }
        let snapshot_id: u32 = snapshot.try_into().map_err(|_| token_failed(token))?;
        #[allow(deprecated)]
        let votes = IRevShareVotes::new(token)
            .balance_of_at(Call::new_in(self), proposer, snapshot)
            .map_err(|_| token_failed(token))?;
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
        #[allow(deprecated)]
        let supply = IRevShareVotes::new(token)
            .total_supply_at(Call::new_in(self), snapshot)
            .map_err(|_| token_failed(token))?;
        // Rounds down, as OpenZeppelin's `GovernorVotesQuorumFraction`.
        let quorum = supply
            .checked_mul(U256::from(self.quorum_bps.get()))
            .map(|q| q / U256::from(BPS))
            .and_then(|q| u128::try_from(q).ok())
            .ok_or_else(|| token_failed(token))?;

        let now = self.now();
        let vote_start = now.checked_add(self.voting_delay.get().to());
        let vote_end = vote_start.and_then(|s| s.checked_add(self.voting_period.get().to()));
        let eta = vote_end.and_then(|e| e.checked_add(self.execution_delay.get().to()));
        let (Some(vote_start), Some(vote_end), Some(eta)) = (vote_start, vote_end, eta) else {
            return Err(Error::Overflow(Overflow {}));
        };
        let count: u32 = self.proposal_count.get().to();
        let id = count.checked_add(1).ok_or(Error::Overflow(Overflow {}))?;
        self.proposal_count.set(U32::from(id));

        let mut p = self.proposals.setter(U256::from(id));
        p.proposer.set(proposer);
        p.vote_start.set(U64::from(vote_start));
        p.snapshot_id.set(U32::from(snapshot_id));
        p.vote_end.set(U64::from(vote_end));
        p.eta.set(U64::from(eta));
        p.action_count.set(U8::from(n));
        p.quorum.set(U128::from(quorum));
        for i in 0..n {
            if let Some(mut action) = p.actions.setter(i) {
                action.target.set(targets[i]);
                action.value.set(values[i].to());
                action.data.set_bytes(&calldatas[i]);
            }
        }

        log(
            self.vm(),
            ProposalCreated {
                proposalId: U256::from(id),
                proposer,
                targets,
                values,
                signatures: vec![String::new(); n],
                calldatas: calldatas.into_iter().map(|b| b.0.into()).collect(),
                voteStart: U256::from(vote_start),
                voteEnd: U256::from(vote_end),
                description,
            },
        );
        Ok(U256::from(id))
    }

    /// Casts the caller's vote: its balance at the proposal's snapshot.
    ///
    /// # Arguments
    ///
    /// * `proposal_id` - an Active proposal.
    /// * `support` - 0 against, 1 for, 2 abstain.
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
        let state = self.state(proposal_id)?;
        if state != proposal_state::ACTIVE {
            return Err(unexpected(proposal_id, state));
        }
        if support > vote_type::ABSTAIN {
            return Err(Error::InvalidVoteType(InvalidVoteType { support }));
        }
        let voter = self.vm().msg_sender();
        if self.has_voted.getter(proposal_id).get(voter) {
            return Err(Error::AlreadyCastVote(AlreadyCastVote { voter }));
        }
        let snapshot = U256::from(self.proposals.getter(proposal_id).snapshot_id.get());
        let token = self.token.get();
        #[allow(deprecated)]
        let weight = IRevShareVotes::new(token)
            .balance_of_at(Call::new_in(self), voter, snapshot)
            .map_err(|_| token_failed(token))?;
        if weight.is_zero() {
            return Err(Error::NoVotingPower(NoVotingPower {
                voter,
                snapshotId: snapshot,
            }));
        }
        // Balances at a snapshot never exceed its supply, which the token keeps
        // within 128 bits; the tallies are sums of distinct balances.
        let w = u128::try_from(weight).map_err(|_| token_failed(token))?;

        self.has_voted.setter(proposal_id).insert(voter, true);
        let mut p = self.proposals.setter(proposal_id);
        let tally = match support {
            vote_type::AGAINST => &mut p.against_votes,
            vote_type::FOR => &mut p.for_votes,
            _ => &mut p.abstain_votes,
        };
        let total = tally
            .get()
            .checked_add(U128::from(w))
            .ok_or(Error::Overflow(Overflow {}))?;
        tally.set(total);

        log(
            self.vm(),
            VoteCast {
                voter,
                proposalId: proposal_id,
                support,
                weight,
                reason: String::new(),
            },
        );
        Ok(weight)
    }

    /// Runs a passed proposal's calls in order, once its execution delay is
    /// over. The proposal is marked executed before the first call; if any call
    /// reverts, the whole execution reverts (the proposal stays executable).
    ///
    /// # Arguments
    ///
    /// * `proposal_id` - a Succeeded proposal.
    ///
    /// # Errors
    ///
    /// * [`Error::NonexistentProposal`] - unknown id.
    /// * [`Error::UnexpectedProposalState`] - not Succeeded (pending, active,
    ///   canceled, defeated, still in its execution delay, or executed).
    /// * [`Error::CallReverted`] - call `index` reverted (or the treasury
    ///   lacked the value), with the callee's revert data.
    ///
    /// # Events
    ///
    /// * [`ProposalExecuted`], plus whatever the calls emit.
    pub fn execute(&mut self, proposal_id: U256) -> Result<(), Error> {
        let state = self.state(proposal_id)?;
        if state != proposal_state::SUCCEEDED {
            return Err(unexpected(proposal_id, state));
        }
        // Effects before interactions: a call that re-enters `execute` finds
        // the proposal executed.
        self.proposals.setter(proposal_id).executed.set(true);
        log(
            self.vm(),
            ProposalExecuted {
                proposalId: proposal_id,
            },
        );

        let n: usize = self.proposals.getter(proposal_id).action_count.get().to();
        for i in 0..n {
            let (target, value, data) = {
                let p = self.proposals.getter(proposal_id);
                match p.actions.getter(i) {
                    Some(a) => (a.target.get(), a.value.get(), a.data.get_bytes()),
                    None => break,
                }
            };
            #[allow(deprecated)]
            let result =
                stylus_sdk::call::call(Call::new_in(self).value(U256::from(value)), target, &data);
            if let Err(e) = result {
                return Err(Error::CallReverted(CallReverted {
                    index: U256::from(i),
                    reason: Vec::<u8>::from(e).into(),
                }));
            }
        }
        Ok(())
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
        let state = self.state(proposal_id)?;
        let caller = self.vm().msg_sender();
        if caller != self.proposals.getter(proposal_id).proposer.get() {
            return Err(Error::OnlyProposer(OnlyProposer { account: caller }));
        }
        if state != proposal_state::PENDING && state != proposal_state::ACTIVE {
            return Err(unexpected(proposal_id, state));
        }
        self.proposals.setter(proposal_id).canceled.set(true);
        log(
            self.vm(),
            ProposalCanceled {
                proposalId: proposal_id,
            },
        );
        Ok(())
    }

    /// Sets all governance parameters. Only the governor itself, that is a
    /// passed proposal, may call it. Proposals already created keep their
    /// timeline and quorum.
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
    ) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        if caller != self.vm().contract_address() {
            return Err(Error::OnlyGovernance(OnlyGovernance { account: caller }));
        }
        self.store_parameters(
            voting_delay,
            voting_period,
            quorum_bps,
            proposal_threshold,
            execution_delay,
        )
    }

    /// The proposal's state, numbered as OpenZeppelin's `ProposalState`:
    /// 0 Pending, 1 Active, 2 Canceled, 3 Defeated, 4 Succeeded (executable),
    /// 5 Queued (passed, in its execution delay), 7 Executed (6 Expired is
    /// never returned).
    ///
    /// # Errors
    ///
    /// * [`Error::NonexistentProposal`] - unknown id.
    pub fn state(&self, proposal_id: U256) -> Result<u8, Error> {
        let p = self.proposals.getter(proposal_id);
        if p.proposer.get().is_zero() {
            return Err(Error::NonexistentProposal(NonexistentProposal {
                proposalId: proposal_id,
            }));
        }
        if p.executed.get() {
            return Ok(proposal_state::EXECUTED);
        }
        if p.canceled.get() {
            return Ok(proposal_state::CANCELED);
        }
        let now = self.now();
        if now < p.vote_start.get().to::<u64>() {
            return Ok(proposal_state::PENDING);
        }
        if now <= p.vote_end.get().to::<u64>() {
            return Ok(proposal_state::ACTIVE);
        }
        let for_votes = p.for_votes.get();
        let quorum_reached = for_votes.saturating_add(p.abstain_votes.get()) >= p.quorum.get();
        if !quorum_reached || for_votes <= p.against_votes.get() {
            return Ok(proposal_state::DEFEATED);
        }
        if now < p.eta.get().to::<u64>() {
            return Ok(proposal_state::QUEUED);
        }
        Ok(proposal_state::SUCCEEDED)
    }

    /// The votes on a proposal: `(against, for, abstain)` (0s for an unknown id).
    pub fn proposal_votes(&self, proposal_id: U256) -> (U256, U256, U256) {
        let p = self.proposals.getter(proposal_id);
        (
            U256::from(p.against_votes.get()),
            U256::from(p.for_votes.get()),
            U256::from(p.abstain_votes.get()),
        )
    }

    /// A proposal's record: proposer, token snapshot id, voting start and end
    /// (inclusive), earliest execution time, quorum (votes), executed and
    /// canceled flags. All zero for an unknown id.
    #[allow(clippy::type_complexity)]
    pub fn proposal(&self, proposal_id: U256) -> (Address, U256, u64, u64, u64, U256, bool, bool) {
        let p = self.proposals.getter(proposal_id);
        (
            p.proposer.get(),
            U256::from(p.snapshot_id.get()),
            p.vote_start.get().to(),
            p.vote_end.get().to(),
            p.eta.get().to(),
            U256::from(p.quorum.get()),
            p.executed.get(),
            p.canceled.get(),
        )
    }

    /// A proposal's calls: targets, values and call data.
    pub fn proposal_actions(&self, proposal_id: U256) -> (Vec<Address>, Vec<U256>, Vec<Bytes>) {
        let p = self.proposals.getter(proposal_id);
        let n: usize = p.action_count.get().to();
        let (mut targets, mut values, mut calldatas) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..n {
            if let Some(a) = p.actions.getter(i) {
                targets.push(a.target.get());
                values.push(U256::from(a.value.get()));
                calldatas.push(a.data.get_bytes().into());
            }
        }
        (targets, values, calldatas)
    }

    /// Whether `account` voted on the proposal.
    pub fn has_voted(&self, proposal_id: U256, account: Address) -> bool {
        self.has_voted.getter(proposal_id).get(account)
    }

    /// The number of proposals created (the latest id).
    pub fn proposal_count(&self) -> U256 {
        U256::from(self.proposal_count.get())
    }

    /// The RevShare token whose snapshots give voting weight.
    pub fn token(&self) -> Address {
        self.token.get()
    }

    /// Seconds from proposal to the start of voting.
    pub fn voting_delay(&self) -> u64 {
        self.voting_delay.get().to()
    }

    /// Seconds voting stays open.
    pub fn voting_period(&self) -> u64 {
        self.voting_period.get().to()
    }

    /// Quorum in basis points of the snapshot's total supply.
    pub fn quorum_bps(&self) -> u16 {
        self.quorum_bps.get().to()
    }

    /// Tokens a proposer must hold at the snapshot.
    pub fn proposal_threshold(&self) -> U256 {
        self.proposal_threshold.get()
    }

    /// Seconds between the end of voting and execution.
    pub fn execution_delay(&self) -> u64 {
        self.execution_delay.get().to()
    }
}

impl ModelGovernor {
    /// Validates and stores the parameters.
    fn store_parameters(
        &mut self,
        voting_delay: u64,
        voting_period: u64,
        quorum_bps: u16,
        proposal_threshold: U256,
        execution_delay: u64,
    ) -> Result<(), Error> {
        if voting_period == 0 {
            return Err(Error::InvalidVotingPeriod(InvalidVotingPeriod {}));
        }
        if quorum_bps > BPS {
            return Err(Error::InvalidQuorumBps(InvalidQuorumBps {
                quorumBps: quorum_bps,
            }));
        }
        for duration in [voting_delay, voting_period, execution_delay] {
            if duration > MAX_DURATION {
                return Err(Error::DurationTooLong(DurationTooLong {
                    duration,
                    max: MAX_DURATION,
                }));
            }
        }
        self.voting_delay.set(U64::from(voting_delay));
        self.voting_period.set(U64::from(voting_period));
        self.quorum_bps.set(U16::from(quorum_bps));
        self.proposal_threshold.set(proposal_threshold);
        self.execution_delay.set(U64::from(execution_delay));
        log(
            self.vm(),
            ParametersSet {
                votingDelay: voting_delay,
                votingPeriod: voting_period,
                quorumBps: quorum_bps,
                proposalThreshold: proposal_threshold,
                executionDelay: execution_delay,
            },
        );
        Ok(())
    }

    /// The chain's clock (tests add an offset, since motsu's clock is fixed).
    fn now(&self) -> u64 {
        let now = self.vm().block_timestamp();
        #[cfg(test)]
        let now = now.saturating_add(tests::clock::offset());
        now
    }
}

fn token_failed(token: Address) -> Error {
    Error::TokenCallFailed(TokenCallFailed { token })
}

fn unexpected(proposal_id: U256, current: u8) -> Error {
    Error::UnexpectedProposalState(UnexpectedProposalState {
        proposalId: proposal_id,
        current,
    })
}

#[cfg(test)]
mod tests;
