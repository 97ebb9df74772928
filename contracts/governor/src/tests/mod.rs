//! motsu tests of the governor with the real RevShare token.

/// A test clock: motsu's block timestamp is fixed, so tests advance time by
/// adding an offset that `ModelGovernor::now` reads.
pub(crate) mod clock {
    use std::cell::Cell;

    thread_local! {
        static OFFSET: Cell<u64> = const { Cell::new(0) };
    }

    /// Seconds added to the block timestamp on this thread.
    pub(crate) fn offset() -> u64 {
        OFFSET.with(Cell::get)
    }

    /// Moves this thread's clock forward.
    pub(crate) fn advance(seconds: u64) {
        OFFSET.with(|o| o.set(o.get().saturating_add(seconds)));
    }
}

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{Address, U256};
use alloy_sol_types::{sol, SolCall, SolError};
use imo_revshare_token::RevShareToken;
use motsu::prelude::*;
use openzeppelin_stylus::{
    access::ownable::{IOwnable, OwnableUnauthorizedAccount},
    token::erc20::IErc20,
};
use stylus_sdk::{abi::Bytes, prelude::*};

use super::*;

sol! {
    function addRevenueSource(address oracle, uint256 modelId) external;
    function setParameters(uint64 votingDelay, uint64 votingPeriod, uint16 quorumBps, uint256 proposalThreshold, uint64 executionDelay) external;
}

/// A grantee that accepts ETH (motsu aborts on ETH sent to a non-contract).
#[storage]
pub struct Wallet {}

unsafe impl TopLevelStorage for Wallet {}

#[public]
impl Wallet {
    #[receive]
    fn receive(&mut self) -> Result<(), Vec<u8>> {
        Ok(())
    }
}

const DELAY: u64 = 10;
const PERIOD: u64 = 100;
const QUORUM_BPS: u16 = 2_000;
const THRESHOLD: u64 = 100;
const EXEC_DELAY: u64 = 50;

fn u(x: u64) -> U256 {
    U256::from(x)
}

/// Token with 10,000 units: `owner` keeps 1,000, `alice` 4,000, `bob` 3,000,
/// `carol` 2,000; one snapshot taken. Governor: delay 10 s, period 100 s,
/// quorum 20% (2,000), threshold 100, execution delay 50 s.
fn setup(
    token: &Contract<RevShareToken>,
    gov: &Contract<ModelGovernor>,
    owner: Address,
    holders: [(Address, u64); 3],
) {
    token
        .sender(owner)
        .constructor(
            String::from("Llama IMO"),
            String::from("LLAMA"),
            u(10_000),
            owner,
            8_000,
            0,
            2,
            owner,
        )
        .motsu_unwrap();
    for (holder, amount) in holders {
        token
            .sender(owner)
            .transfer(holder, u(amount))
            .motsu_unwrap();
    }
    token.sender(owner).snapshot().motsu_unwrap();
    gov.sender(owner)
        .constructor(
            token.address(),
            DELAY,
            PERIOD,
            QUORUM_BPS,
            u(THRESHOLD),
            EXEC_DELAY,
        )
        .motsu_unwrap();
}

fn grant(to: Address, amount: u64) -> (Vec<Address>, Vec<U256>, Vec<Bytes>) {
    (vec![to], vec![u(amount)], vec![Bytes::from(Vec::new())])
}

fn propose(
    gov: &Contract<ModelGovernor>,
    by: Address,
    (targets, values, calldatas): (Vec<Address>, Vec<U256>, Vec<Bytes>),
) -> U256 {
    gov.sender(by)
        .propose(targets, values, calldatas, String::from("grant"))
        .motsu_unwrap()
}

fn state(gov: &Contract<ModelGovernor>, id: U256) -> u8 {
    gov.sender(Address::ZERO).state(id).motsu_unwrap()
}

fn fund(gov: &Contract<ModelGovernor>, from: Address, amount: u64) {
    from.fund(u(amount));
    gov.sender_and_value(from, u(amount))
        .receive()
        .motsu_unwrap();
}

fn expect_state_error(err: Error, id: U256, expected: u8) {
    assert!(
        matches!(err, Error::UnexpectedProposalState(UnexpectedProposalState { proposalId, current }) if proposalId == id && current == expected),
        "{err:?}"
    );
}

#[motsu::test]
fn constructor_rejects_bad_parameters(gov: Contract<ModelGovernor>, owner: Address) {
    let t = Address::repeat_byte(1);
    let err = gov
        .sender(owner)
        .constructor(Address::ZERO, 0, 1, 0, U256::ZERO, 0)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidToken(_)));
    let err = gov
        .sender(owner)
        .constructor(t, 0, 0, 0, U256::ZERO, 0)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidVotingPeriod(_)));
    let err = gov
        .sender(owner)
        .constructor(t, 0, 1, 10_001, U256::ZERO, 0)
        .motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidQuorumBps(InvalidQuorumBps { quorumBps: 10_001 })
    ));
    for (delay, period, exec) in [
        (MAX_DURATION + 1, 1, 0),
        (0, MAX_DURATION + 1, 0),
        (0, 1, MAX_DURATION + 1),
    ] {
        let err = gov
            .sender(owner)
            .constructor(t, delay, period, 0, U256::ZERO, exec)
            .motsu_unwrap_err();
        assert!(matches!(err, Error::DurationTooLong(_)), "{err:?}");
    }
    gov.sender(owner)
        .constructor(t, MAX_DURATION, MAX_DURATION, 10_000, u(7), MAX_DURATION)
        .motsu_unwrap();
    assert_eq!(gov.sender(owner).token(), t);
    assert_eq!(gov.sender(owner).voting_delay(), MAX_DURATION);
    assert_eq!(gov.sender(owner).voting_period(), MAX_DURATION);
    assert_eq!(gov.sender(owner).quorum_bps(), 10_000);
    assert_eq!(gov.sender(owner).proposal_threshold(), u(7));
    assert_eq!(gov.sender(owner).execution_delay(), MAX_DURATION);
    assert!(gov.emitted(&ParametersSet {
        votingDelay: MAX_DURATION,
        votingPeriod: MAX_DURATION,
        quorumBps: 10_000,
        proposalThreshold: u(7),
        executionDelay: MAX_DURATION,
    }));
}

#[motsu::test]
fn propose_needs_a_token_snapshot(
    token: Contract<RevShareToken>,
    gov: Contract<ModelGovernor>,
    owner: Address,
) {
    token
        .sender(owner)
        .constructor(
            String::from("Llama IMO"),
            String::from("LLAMA"),
            u(10_000),
            owner,
            8_000,
            0,
            2,
            owner,
        )
        .motsu_unwrap();
    gov.sender(owner)
        .constructor(token.address(), 0, 10, 0, U256::ZERO, 0)
        .motsu_unwrap();
    let (targets, values, calldatas) = grant(owner, 1);
    let err = gov
        .sender(owner)
        .propose(targets, values, calldatas, String::new())
        .motsu_unwrap_err();
    assert!(matches!(err, Error::NoSnapshot(_)));
}

#[motsu::test]
fn propose_rejects_malformed_proposals(
    token: Contract<RevShareToken>,
    gov: Contract<ModelGovernor>,
    owner: Address,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    setup(
        &token,
        &gov,
        owner,
        [(alice, 4_000), (bob, 3_000), (carol, 2_000)],
    );
    let b = || Bytes::from(Vec::new());
    let cases: Vec<(Vec<Address>, Vec<U256>, Vec<Bytes>)> = vec![
        (vec![], vec![], vec![]),
        (vec![alice], vec![], vec![b()]),
        (vec![alice], vec![u(1)], vec![]),
        (vec![alice, bob], vec![u(1)], vec![b(), b()]),
        (
            vec![alice; MAX_ACTIONS + 1],
            vec![u(0); MAX_ACTIONS + 1],
            vec![b(); MAX_ACTIONS + 1],
        ),
    ];
    for (targets, values, calldatas) in cases {
        let err = gov
            .sender(alice)
            .propose(targets, values, calldatas, String::new())
            .motsu_unwrap_err();
        assert!(matches!(err, Error::InvalidProposalLength(_)), "{err:?}");
    }
    let too_big = U256::from(1) << 96;
    let err = gov
        .sender(alice)
        .propose(
            vec![alice, bob],
            vec![u(1), too_big],
            vec![b(), b()],
            String::new(),
        )
        .motsu_unwrap_err();
    assert!(
        matches!(err, Error::ValueTooLarge(ValueTooLarge { index, value }) if index == u(1) && value == too_big)
    );
    // The most calls a proposal can have, each with the largest value.
    let max = too_big - u(1);
    let id = gov
        .sender(alice)
        .propose(
            vec![alice; MAX_ACTIONS],
            vec![max; MAX_ACTIONS],
            vec![b(); MAX_ACTIONS],
            String::new(),
        )
        .motsu_unwrap();
    let (targets, values, calldatas) = gov.sender(alice).proposal_actions(id);
    assert_eq!(targets, vec![alice; MAX_ACTIONS]);
    assert_eq!(values, vec![max; MAX_ACTIONS]);
    assert_eq!(calldatas.len(), MAX_ACTIONS);
    assert_eq!(gov.sender(alice).proposal_count(), u(1));
}

#[motsu::test]
fn proposal_threshold_is_inclusive(
    token: Contract<RevShareToken>,
    gov: Contract<ModelGovernor>,
    owner: Address,
    alice: Address,
    bob: Address,
    carol: Address,
    dave: Address,
    erin: Address,
) {
    setup(
        &token,
        &gov,
        owner,
        [(alice, 4_000), (dave, THRESHOLD), (erin, THRESHOLD - 1)],
    );
    let _ = (bob, carol);
    let id = propose(&gov, dave, grant(alice, 1));
    assert_eq!(id, u(1));
    let (targets, values, calldatas) = grant(alice, 1);
    let err = gov
        .sender(erin)
        .propose(targets, values, calldatas, String::new())
        .motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::InsufficientProposerVotes(InsufficientProposerVotes { proposer, votes, threshold })
            if proposer == erin && votes == u(THRESHOLD - 1) && threshold == u(THRESHOLD)
    ));
}

#[motsu::test]
fn a_passed_grant_goes_through_every_state_and_pays_the_grantee(
    token: Contract<RevShareToken>,
    gov: Contract<ModelGovernor>,
    grantee: Contract<Wallet>,
    owner: Address,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    setup(
        &token,
        &gov,
        owner,
        [(alice, 4_000), (bob, 3_000), (carol, 2_000)],
    );
    fund(&gov, carol, 1_000);
    assert!(gov.emitted(&Deposited {
        from: carol,
        amount: u(1_000)
    }));
    assert_eq!(gov.balance(), u(1_000));

    let id = propose(&gov, alice, grant(grantee.address(), 600));
    assert!(gov.emitted(&ProposalCreated {
        proposalId: id,
        proposer: alice,
        targets: vec![grantee.address()],
        values: vec![u(600)],
        signatures: vec![String::new()],
        calldatas: vec![alloy_primitives::Bytes::new()],
        voteStart: u(motsu_now() + DELAY),
        voteEnd: u(motsu_now() + DELAY + PERIOD),
        description: String::from("grant"),
    }));
    let (proposer, snapshot, start, end, eta, quorum, executed, canceled) =
        gov.sender(alice).proposal(id);
    assert_eq!(proposer, alice);
    assert_eq!(snapshot, u(1));
    assert_eq!(
        (start, end, eta),
        (
            motsu_now() + DELAY,
            motsu_now() + DELAY + PERIOD,
            motsu_now() + DELAY + PERIOD + EXEC_DELAY
        )
    );
    assert_eq!(quorum, u(2_000));
    assert!(!executed && !canceled);

    // Pending: no votes, no execution.
    assert_eq!(state(&gov, id), proposal_state::PENDING);
    let err = gov
        .sender(bob)
        .cast_vote(id, vote_type::FOR)
        .motsu_unwrap_err();
    expect_state_error(err, id, proposal_state::PENDING);
    let err = gov.sender(bob).execute(id).motsu_unwrap_err();
    expect_state_error(err, id, proposal_state::PENDING);

    // Active from voteStart to voteEnd inclusive.
    clock::advance(DELAY - 1);
    assert_eq!(state(&gov, id), proposal_state::PENDING);
    clock::advance(1);
    assert_eq!(state(&gov, id), proposal_state::ACTIVE);
    assert_eq!(
        gov.sender(bob).cast_vote(id, vote_type::FOR).motsu_unwrap(),
        u(3_000)
    );
    assert!(gov.emitted(&VoteCast {
        voter: bob,
        proposalId: id,
        support: vote_type::FOR,
        weight: u(3_000),
        reason: String::new(),
    }));
    assert!(gov.sender(bob).has_voted(id, bob));
    assert!(!gov.sender(bob).has_voted(id, carol));
    let err = gov.sender(bob).execute(id).motsu_unwrap_err();
    expect_state_error(err, id, proposal_state::ACTIVE);
    clock::advance(PERIOD);
    assert_eq!(state(&gov, id), proposal_state::ACTIVE);
    gov.sender(carol)
        .cast_vote(id, vote_type::AGAINST)
        .motsu_unwrap();
    assert_eq!(
        gov.sender(carol).proposal_votes(id),
        (u(2_000), u(3_000), u(0))
    );

    // Queued: passed, inside the execution delay.
    clock::advance(1);
    assert_eq!(state(&gov, id), proposal_state::QUEUED);
    let err = gov
        .sender(alice)
        .cast_vote(id, vote_type::FOR)
        .motsu_unwrap_err();
    expect_state_error(err, id, proposal_state::QUEUED);
    let err = gov.sender(carol).execute(id).motsu_unwrap_err();
    expect_state_error(err, id, proposal_state::QUEUED);
    clock::advance(EXEC_DELAY - 2);
    assert_eq!(state(&gov, id), proposal_state::QUEUED);

    // Succeeded at eta; anyone may execute.
    clock::advance(1);
    assert_eq!(state(&gov, id), proposal_state::SUCCEEDED);
    gov.sender(carol).execute(id).motsu_unwrap();
    assert!(gov.emitted(&ProposalExecuted { proposalId: id }));
    assert_eq!(grantee.balance(), u(600));
    assert_eq!(gov.balance(), u(400));
    assert_eq!(state(&gov, id), proposal_state::EXECUTED);
    let err = gov.sender(carol).execute(id).motsu_unwrap_err();
    expect_state_error(err, id, proposal_state::EXECUTED);
    let err = gov.sender(alice).cancel(id).motsu_unwrap_err();
    expect_state_error(err, id, proposal_state::EXECUTED);
    assert_eq!(grantee.balance(), u(600));
}

/// motsu's fixed block timestamp plus this thread's offset.
fn motsu_now() -> u64 {
    1_735_689_600 + clock::offset()
}

#[motsu::test]
fn quorum_is_reached_exactly_at_its_value(
    token: Contract<RevShareToken>,
    gov: Contract<ModelGovernor>,
    owner: Address,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    // Quorum 20% of 10,000 = 2,000. bob holds exactly 2,000, carol 1,999.
    setup(
        &token,
        &gov,
        owner,
        [(alice, 1_000), (bob, 2_000), (carol, 1_999)],
    );
    let at = propose(&gov, alice, grant(alice, 0));
    let below = propose(&gov, alice, grant(alice, 0));
    let with_abstain = propose(&gov, alice, grant(alice, 0));
    let tie = propose(&gov, alice, grant(alice, 0));
    let nobody = propose(&gov, alice, grant(alice, 0));
    clock::advance(DELAY);
    gov.sender(bob).cast_vote(at, vote_type::FOR).motsu_unwrap();
    gov.sender(carol)
        .cast_vote(below, vote_type::FOR)
        .motsu_unwrap();
    // for 1,000 + abstain 1,999 = 2,999 >= 2,000 and for > against (0).
    gov.sender(alice)
        .cast_vote(with_abstain, vote_type::FOR)
        .motsu_unwrap();
    gov.sender(carol)
        .cast_vote(with_abstain, vote_type::ABSTAIN)
        .motsu_unwrap();
    // for 2,000 == against 2,000 (quorum reached): a tie is defeated.
    gov.sender(bob)
        .cast_vote(tie, vote_type::FOR)
        .motsu_unwrap();
    gov.sender(carol)
        .cast_vote(tie, vote_type::AGAINST)
        .motsu_unwrap();
    gov.sender(alice)
        .cast_vote(tie, vote_type::AGAINST)
        .motsu_unwrap();
    assert_eq!(
        gov.sender(alice).proposal_votes(tie),
        (u(2_999), u(2_000), u(0))
    );
    assert_eq!(
        gov.sender(alice).proposal_votes(with_abstain),
        (u(0), u(1_000), u(1_999))
    );
    clock::advance(PERIOD + 1 + EXEC_DELAY);
    assert_eq!(state(&gov, at), proposal_state::SUCCEEDED);
    assert_eq!(state(&gov, below), proposal_state::DEFEATED);
    assert_eq!(state(&gov, with_abstain), proposal_state::SUCCEEDED);
    assert_eq!(state(&gov, tie), proposal_state::DEFEATED);
    assert_eq!(state(&gov, nobody), proposal_state::DEFEATED);
    // Defeated proposals never run.
    let err = gov.sender(alice).execute(below).motsu_unwrap_err();
    expect_state_error(err, below, proposal_state::DEFEATED);
}

#[motsu::test]
fn weight_is_the_balance_at_the_proposal_snapshot(
    token: Contract<RevShareToken>,
    gov: Contract<ModelGovernor>,
    owner: Address,
    alice: Address,
    bob: Address,
    carol: Address,
    dave: Address,
) {
    setup(
        &token,
        &gov,
        owner,
        [(alice, 4_000), (bob, 3_000), (carol, 2_000)],
    );
    // After the snapshot: alice sells 3,000 to dave, a new buyer.
    token.sender(alice).transfer(dave, u(3_000)).motsu_unwrap();
    let id = propose(&gov, alice, grant(alice, 0));
    // A snapshot after the proposal does not change its weights either.
    token.sender(owner).snapshot().motsu_unwrap();
    token.sender(bob).transfer(dave, u(3_000)).motsu_unwrap();
    clock::advance(DELAY);
    let err = gov
        .sender(dave)
        .cast_vote(id, vote_type::FOR)
        .motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::NoVotingPower(NoVotingPower { voter, snapshotId }) if voter == dave && snapshotId == u(1)
    ));
    assert_eq!(
        gov.sender(alice)
            .cast_vote(id, vote_type::FOR)
            .motsu_unwrap(),
        u(4_000)
    );
    assert_eq!(
        gov.sender(bob)
            .cast_vote(id, vote_type::AGAINST)
            .motsu_unwrap(),
        u(3_000)
    );
    assert_eq!(
        gov.sender(alice).proposal_votes(id),
        (u(3_000), u(4_000), u(0))
    );
    // A proposal made now uses snapshot 2 (dave bought 3,000 before it, bob
    // sold 3,000 to dave after it): both vote with 3,000, dave not with 6,000.
    let id2 = propose(&gov, dave, grant(dave, 0));
    assert_eq!(gov.sender(dave).proposal(id2).1, u(2));
    assert_eq!(token.sender(dave).balance_of(dave), u(6_000));
    assert_eq!(token.sender(dave).balance_of(bob), u(0));
    clock::advance(DELAY);
    assert_eq!(
        gov.sender(dave)
            .cast_vote(id2, vote_type::FOR)
            .motsu_unwrap(),
        u(3_000)
    );
    assert_eq!(
        gov.sender(bob)
            .cast_vote(id2, vote_type::AGAINST)
            .motsu_unwrap(),
        u(3_000)
    );
    assert_eq!(
        gov.sender(alice)
            .cast_vote(id2, vote_type::FOR)
            .motsu_unwrap(),
        u(1_000)
    );
    assert_eq!(
        gov.sender(alice).proposal_votes(id2),
        (u(3_000), u(4_000), u(0))
    );
}

#[motsu::test]
fn votes_are_checked(
    token: Contract<RevShareToken>,
    gov: Contract<ModelGovernor>,
    owner: Address,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    setup(
        &token,
        &gov,
        owner,
        [(alice, 4_000), (bob, 3_000), (carol, 2_000)],
    );
    let err = gov
        .sender(alice)
        .cast_vote(u(1), vote_type::FOR)
        .motsu_unwrap_err();
    assert!(
        matches!(err, Error::NonexistentProposal(NonexistentProposal { proposalId }) if proposalId == u(1))
    );
    let err = gov.sender(alice).state(u(0)).motsu_unwrap_err();
    assert!(matches!(err, Error::NonexistentProposal(_)));
    let err = gov.sender(alice).execute(u(7)).motsu_unwrap_err();
    assert!(matches!(err, Error::NonexistentProposal(_)));
    let err = gov.sender(alice).cancel(u(7)).motsu_unwrap_err();
    assert!(matches!(err, Error::NonexistentProposal(_)));

    let id = propose(&gov, alice, grant(alice, 0));
    clock::advance(DELAY);
    let err = gov.sender(alice).cast_vote(id, 3).motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidVoteType(InvalidVoteType { support: 3 })
    ));
    gov.sender(alice)
        .cast_vote(id, vote_type::ABSTAIN)
        .motsu_unwrap();
    for support in [vote_type::AGAINST, vote_type::FOR, vote_type::ABSTAIN] {
        let err = gov.sender(alice).cast_vote(id, support).motsu_unwrap_err();
        assert!(matches!(err, Error::AlreadyCastVote(AlreadyCastVote { voter }) if voter == alice));
    }
    assert_eq!(gov.sender(alice).proposal_votes(id), (u(0), u(0), u(4_000)));
}

#[motsu::test]
fn the_proposer_cancels_before_voting_ends(
    token: Contract<RevShareToken>,
    gov: Contract<ModelGovernor>,
    grantee: Contract<Wallet>,
    owner: Address,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    setup(
        &token,
        &gov,
        owner,
        [(alice, 4_000), (bob, 3_000), (carol, 2_000)],
    );
    let pending = propose(&gov, alice, grant(alice, 0));
    let err = gov.sender(bob).cancel(pending).motsu_unwrap_err();
    assert!(matches!(err, Error::OnlyProposer(OnlyProposer { account }) if account == bob));
    gov.sender(alice).cancel(pending).motsu_unwrap();
    assert!(gov.emitted(&ProposalCanceled {
        proposalId: pending
    }));
    assert_eq!(state(&gov, pending), proposal_state::CANCELED);
    let err = gov.sender(alice).cancel(pending).motsu_unwrap_err();
    expect_state_error(err, pending, proposal_state::CANCELED);

    let active = propose(&gov, alice, grant(alice, 0));
    let finished = propose(&gov, alice, grant(grantee.address(), 0));
    clock::advance(DELAY);
    gov.sender(bob)
        .cast_vote(active, vote_type::FOR)
        .motsu_unwrap();
    gov.sender(bob)
        .cast_vote(finished, vote_type::FOR)
        .motsu_unwrap();
    gov.sender(alice).cancel(active).motsu_unwrap();
    assert_eq!(state(&gov, active), proposal_state::CANCELED);
    let err = gov
        .sender(carol)
        .cast_vote(active, vote_type::FOR)
        .motsu_unwrap_err();
    expect_state_error(err, active, proposal_state::CANCELED);
    assert!(gov.sender(alice).proposal(active).7);

    // After voting ends (here: passed and queued) cancel is refused.
    clock::advance(PERIOD + 1);
    assert_eq!(state(&gov, active), proposal_state::CANCELED);
    assert_eq!(state(&gov, finished), proposal_state::QUEUED);
    let err = gov.sender(alice).cancel(finished).motsu_unwrap_err();
    expect_state_error(err, finished, proposal_state::QUEUED);
    clock::advance(EXEC_DELAY);
    let err = gov.sender(alice).execute(active).motsu_unwrap_err();
    expect_state_error(err, active, proposal_state::CANCELED);
    gov.sender(alice).execute(finished).motsu_unwrap();
}

/// Passes proposal `id` (bob and carol vote for) and waits until it is executable.
fn pass(gov: &Contract<ModelGovernor>, id: U256, voters: &[Address]) {
    clock::advance(DELAY);
    for voter in voters {
        gov.sender(*voter)
            .cast_vote(id, vote_type::FOR)
            .motsu_unwrap();
    }
    clock::advance(PERIOD + 1 + EXEC_DELAY);
    assert_eq!(state(gov, id), proposal_state::SUCCEEDED);
}

#[motsu::test]
fn holders_change_a_token_parameter_by_vote(
    token: Contract<RevShareToken>,
    gov: Contract<ModelGovernor>,
    owner: Address,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    setup(
        &token,
        &gov,
        owner,
        [(alice, 4_000), (bob, 3_000), (carol, 2_000)],
    );
    token
        .sender(owner)
        .transfer_ownership(gov.address())
        .motsu_unwrap();
    assert_eq!(token.sender(owner).owner(), gov.address());
    let oracle = Address::repeat_byte(0x0a);
    let call = addRevenueSourceCall {
        oracle,
        modelId: u(11),
    }
    .abi_encode();
    let id = propose(
        &gov,
        alice,
        (vec![token.address()], vec![u(0)], vec![Bytes::from(call)]),
    );
    pass(&gov, id, &[alice]);
    gov.sender(bob).execute(id).motsu_unwrap();
    assert_eq!(token.sender(owner).revenue_sources(), vec![(oracle, u(11))]);
    // The former owner no longer can.
    let err = token
        .sender(owner)
        .add_revenue_source(oracle, u(12))
        .motsu_unwrap_err();
    assert!(matches!(
        err,
        imo_revshare_token::Error::UnauthorizedAccount(_)
    ));
}

#[motsu::test]
fn a_reverting_call_reverts_the_whole_execution(
    token: Contract<RevShareToken>,
    gov: Contract<ModelGovernor>,
    grantee: Contract<Wallet>,
    owner: Address,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    setup(
        &token,
        &gov,
        owner,
        [(alice, 4_000), (bob, 3_000), (carol, 2_000)],
    );
    fund(&gov, carol, 1_000);
    // A grant, then a token call that reverts while the governor is not the owner.
    let oracle = Address::repeat_byte(0x0a);
    let call = addRevenueSourceCall {
        oracle,
        modelId: u(1),
    }
    .abi_encode();
    let id = propose(
        &gov,
        alice,
        (
            vec![grantee.address(), token.address()],
            vec![u(300), u(0)],
            vec![Bytes::from(Vec::new()), Bytes::from(call)],
        ),
    );
    pass(&gov, id, &[alice]);
    let err = gov.sender(bob).execute(id).motsu_unwrap_err();
    let reason = OwnableUnauthorizedAccount {
        account: gov.address(),
    }
    .abi_encode();
    assert!(
        matches!(&err, Error::CallReverted(CallReverted { index, reason: r }) if *index == u(1) && r.to_vec() == reason),
        "{err:?}"
    );
    // Nothing happened: no grant paid, the proposal is unchanged and still executable.
    assert_eq!(grantee.balance(), u(0));
    assert_eq!(gov.balance(), u(1_000));
    assert_eq!(state(&gov, id), proposal_state::SUCCEEDED);
    assert!(!gov.sender(bob).proposal(id).6);
    // Once the governor owns the token, the same proposal runs.
    token
        .sender(owner)
        .transfer_ownership(gov.address())
        .motsu_unwrap();
    gov.sender(bob).execute(id).motsu_unwrap();
    assert_eq!(grantee.balance(), u(300));
    assert_eq!(token.sender(owner).revenue_sources()[0].0, oracle);
    assert_eq!(state(&gov, id), proposal_state::EXECUTED);
}

#[motsu::test]
fn only_a_passed_proposal_changes_the_governor_parameters(
    token: Contract<RevShareToken>,
    gov: Contract<ModelGovernor>,
    owner: Address,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    setup(
        &token,
        &gov,
        owner,
        [(alice, 4_000), (bob, 3_000), (carol, 2_000)],
    );
    let err = gov
        .sender(owner)
        .set_parameters(1, 2, 3, u(4), 5)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::OnlyGovernance(OnlyGovernance { account }) if account == owner));

    let first = propose(&gov, alice, grant(alice, 0));
    let call = setParametersCall {
        votingDelay: 1,
        votingPeriod: 2,
        quorumBps: 5_000,
        proposalThreshold: u(3_000),
        executionDelay: 0,
    }
    .abi_encode();
    let id = propose(
        &gov,
        alice,
        (vec![gov.address()], vec![u(0)], vec![Bytes::from(call)]),
    );
    pass(&gov, id, &[alice]);
    gov.sender(carol).execute(id).motsu_unwrap();
    assert!(gov.emitted(&ParametersSet {
        votingDelay: 1,
        votingPeriod: 2,
        quorumBps: 5_000,
        proposalThreshold: u(3_000),
        executionDelay: 0,
    }));
    assert_eq!(gov.sender(alice).voting_delay(), 1);
    assert_eq!(gov.sender(alice).voting_period(), 2);
    assert_eq!(gov.sender(alice).quorum_bps(), 5_000);
    assert_eq!(gov.sender(alice).proposal_threshold(), u(3_000));
    assert_eq!(gov.sender(alice).execution_delay(), 0);
    // An older proposal keeps its quorum (2,000) and timeline.
    assert_eq!(gov.sender(alice).proposal(first).5, u(2_000));
    // New proposals use the new threshold and quorum (50% = 5,000).
    let (targets, values, calldatas) = grant(carol, 0);
    let err = gov
        .sender(carol)
        .propose(targets, values, calldatas, String::new())
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InsufficientProposerVotes(_)));
    let next = propose(&gov, alice, grant(alice, 0));
    assert_eq!(gov.sender(alice).proposal(next).5, u(5_000));

    // An invalid change by vote reverts the execution with the reason.
    let bad = setParametersCall {
        votingDelay: 1,
        votingPeriod: 0,
        quorumBps: 0,
        proposalThreshold: u(0),
        executionDelay: 0,
    }
    .abi_encode();
    let id = propose(
        &gov,
        alice,
        (vec![gov.address()], vec![u(0)], vec![Bytes::from(bad)]),
    );
    clock::advance(1);
    gov.sender(alice)
        .cast_vote(id, vote_type::FOR)
        .motsu_unwrap();
    gov.sender(bob).cast_vote(id, vote_type::FOR).motsu_unwrap();
    clock::advance(3);
    let err = gov.sender(alice).execute(id).motsu_unwrap_err();
    assert!(
        matches!(&err, Error::CallReverted(CallReverted { index, reason }) if *index == u(0) && reason.to_vec() == InvalidVotingPeriod {}.abi_encode()),
        "{err:?}"
    );
    assert_eq!(gov.sender(alice).voting_period(), 2);
}

// ---------------------------------------------------------------------------
// solidity/interfaces/IModelGovernor.sol matches the contract
// ---------------------------------------------------------------------------

const IMODEL_GOVERNOR_SOL: &str = include_str!("../../../solidity/interfaces/IModelGovernor.sol");

/// `name(type,...)` of every `kind` ("function", "event", "error")
/// declaration in Solidity source, sorted.
fn declarations(source: &str, kind: &str) -> Vec<String> {
    let needle = alloc::format!("{kind} ");
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find(&needle) {
        let decl = &rest[at + needle.len()..];
        let (Some(open), Some(close)) = (decl.find('('), decl.find(')')) else {
            break;
        };
        let name = decl[..open].trim();
        let types: Vec<&str> = decl[open + 1..close]
            .split(',')
            .filter_map(|p| p.split_whitespace().next())
            .collect();
        if !name.is_empty() && !name.contains(char::is_whitespace) {
            out.push(alloc::format!("{name}({})", types.join(",")));
        }
        rest = &decl[close..];
    }
    out.sort();
    out
}

/// Call data for `signature` with zero / empty arguments.
fn zero_call(signature: &str) -> Vec<u8> {
    let mut data = alloy_primitives::keccak256(signature.as_bytes())[..4].to_vec();
    let params = &signature[signature.find('(').unwrap_or(0) + 1..signature.len() - 1];
    let types: Vec<&str> = params.split(',').filter(|t| !t.is_empty()).collect();
    let mut tail = Vec::new();
    for ty in &types {
        if ty.ends_with("[]") || *ty == "string" || *ty == "bytes" {
            let offset = 32 * types.len() + tail.len();
            data.extend_from_slice(&U256::from(offset).to_be_bytes::<32>());
            tail.extend_from_slice(&[0u8; 32]);
        } else {
            data.extend_from_slice(&[0u8; 32]);
        }
    }
    data.extend_from_slice(&tail);
    data
}

/// Calls a contract with raw call data and tells whether its router knows
/// the selector.
#[storage]
pub struct Prober {}

unsafe impl TopLevelStorage for Prober {}

#[public]
impl Prober {
    fn knows(&mut self, target: Address, calldata: Bytes) -> bool {
        self.vm().flush_cache(true);
        // SAFETY: a plain call; the cache was flushed above.
        match unsafe { stylus_sdk::call::RawCall::new().call(target, &calldata) } {
            Ok(_) => true,
            Err(e) => !String::from_utf8_lossy(&e).contains("function not found"),
        }
    }
}

#[motsu::test]
fn the_solidity_interface_matches_the_contract(
    token: Contract<RevShareToken>,
    gov: Contract<ModelGovernor>,
    prober: Contract<Prober>,
    owner: Address,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    setup(
        &token,
        &gov,
        owner,
        [(alice, 4_000), (bob, 3_000), (carol, 2_000)],
    );
    let functions = declarations(IMODEL_GOVERNOR_SOL, "function");
    assert_eq!(functions.len(), 17, "{functions:?}");
    for signature in &functions {
        assert!(
            prober
                .sender(owner)
                .knows(gov.address(), zero_call(signature).into()),
            "{signature} is not routed"
        );
    }
    // The probe can fail.
    assert!(!prober
        .sender(owner)
        .knows(gov.address(), vec![1, 2, 3, 4].into()));

    use alloy_sol_types::SolEvent;
    let mut events: Vec<String> = [
        ProposalCreated::SIGNATURE,
        VoteCast::SIGNATURE,
        ProposalCanceled::SIGNATURE,
        ProposalExecuted::SIGNATURE,
        ParametersSet::SIGNATURE,
        Deposited::SIGNATURE,
    ]
    .iter()
    .map(|s| String::from(*s))
    .collect();
    events.sort();
    assert_eq!(declarations(IMODEL_GOVERNOR_SOL, "event"), events);

    let mut errors: Vec<String> = [
        InvalidProposalLength::SIGNATURE,
        ValueTooLarge::SIGNATURE,
        NoSnapshot::SIGNATURE,
        InsufficientProposerVotes::SIGNATURE,
        NonexistentProposal::SIGNATURE,
        UnexpectedProposalState::SIGNATURE,
        AlreadyCastVote::SIGNATURE,
        InvalidVoteType::SIGNATURE,
        NoVotingPower::SIGNATURE,
        OnlyProposer::SIGNATURE,
        OnlyGovernance::SIGNATURE,
        CallReverted::SIGNATURE,
        TokenCallFailed::SIGNATURE,
        InvalidToken::SIGNATURE,
        InvalidVotingPeriod::SIGNATURE,
        InvalidQuorumBps::SIGNATURE,
        DurationTooLong::SIGNATURE,
        Overflow::SIGNATURE,
    ]
    .iter()
    .map(|s| String::from(*s))
    .collect();
    errors.sort();
    assert_eq!(declarations(IMODEL_GOVERNOR_SOL, "error"), errors);
}

/// A grantee that, when paid, tries to execute the paying proposal again and
/// records what the governor answered (without reverting itself).
#[storage]
pub struct Reenterer {
    gov: stylus_sdk::storage::StorageAddress,
    id: stylus_sdk::storage::StorageU256,
    answer: stylus_sdk::storage::StorageBytes,
    succeeded: stylus_sdk::storage::StorageBool,
}

unsafe impl TopLevelStorage for Reenterer {}

#[public]
impl Reenterer {
    fn arm(&mut self, gov: Address, id: U256) {
        self.gov.set(gov);
        self.id.set(id);
    }

    fn answer(&self) -> (bool, Bytes) {
        (self.succeeded.get(), self.answer.get_bytes().into())
    }

    #[receive]
    fn receive(&mut self) -> Result<(), Vec<u8>> {
        let data = executeCall {
            proposalId: self.id.get(),
        }
        .abi_encode();
        self.vm().flush_cache(true);
        // SAFETY: a plain call; the cache was flushed above.
        let result = unsafe { stylus_sdk::call::RawCall::new().call(self.gov.get(), &data) };
        let (ok, bytes) = match result {
            Ok(b) => (true, b),
            Err(b) => (false, b),
        };
        self.succeeded.set(ok);
        self.answer.set_bytes(bytes);
        Ok(())
    }
}

sol! {
    function execute(uint256 proposalId) external;
}

#[motsu::test]
fn a_call_that_reenters_execute_finds_the_proposal_executed(
    token: Contract<RevShareToken>,
    gov: Contract<ModelGovernor>,
    attacker: Contract<Reenterer>,
    owner: Address,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    setup(
        &token,
        &gov,
        owner,
        [(alice, 4_000), (bob, 3_000), (carol, 2_000)],
    );
    fund(&gov, carol, 1_000);
    let id = propose(&gov, alice, grant(attacker.address(), 400));
    attacker.sender(alice).arm(gov.address(), id);
    pass(&gov, id, &[alice]);
    gov.sender(bob).execute(id).motsu_unwrap();
    // Paid once: the re-entrant execute was refused with the Executed state.
    assert_eq!(attacker.balance(), u(400));
    assert_eq!(gov.balance(), u(600));
    let (succeeded, answer) = attacker.sender(alice).answer();
    assert!(!succeeded);
    assert_eq!(
        answer.0,
        UnexpectedProposalState {
            proposalId: id,
            current: proposal_state::EXECUTED
        }
        .abi_encode()
    );
}

#[motsu::test]
fn a_token_without_snapshot_views_fails_proposals_by_name(
    gov: Contract<ModelGovernor>,
    not_a_token: Contract<Wallet>,
    owner: Address,
) {
    gov.sender(owner)
        .constructor(not_a_token.address(), 0, 1, 0, U256::ZERO, 0)
        .motsu_unwrap();
    let (targets, values, calldatas) = grant(owner, 1);
    let err = gov
        .sender(owner)
        .propose(targets, values, calldatas, String::new())
        .motsu_unwrap_err();
    assert!(
        matches!(err, Error::TokenCallFailed(TokenCallFailed { token }) if token == not_a_token.address())
    );
    assert_eq!(gov.sender(owner).proposal_count(), U256::ZERO);
}
