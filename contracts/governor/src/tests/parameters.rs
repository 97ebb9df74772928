//! The parameters: validated at construction, changed only by a passed proposal.

use super::*;

#[motsu::test]
fn constructor_rejects_bad_parameters(gov: Contract<ModelGovernor>, owner: Address) {
    let t = Address::repeat_byte(1);
    let err = gov
        .sender(owner)
        .constructor(Address::ZERO, 0, 1, 0, U256::ZERO, 0, 1)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidToken(_)));
    let err = gov
        .sender(owner)
        .constructor(t, 0, 0, 0, U256::ZERO, 0, 1)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidVotingPeriod(_)));
    let err = gov
        .sender(owner)
        .constructor(t, 0, 1, 10_001, U256::ZERO, 0, 1)
        .motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidQuorumBps(InvalidQuorumBps { quorumBps: 10_001 })
    ));
    for (delay, period, exec, grace) in [
        (MAX_DURATION + 1, 1, 0, 1),
        (0, MAX_DURATION + 1, 0, 1),
        (0, 1, MAX_DURATION + 1, 1),
        (0, 1, 0, MAX_DURATION + 1),
    ] {
        let err = gov
            .sender(owner)
            .constructor(t, delay, period, 0, U256::ZERO, exec, grace)
            .motsu_unwrap_err();
        assert!(matches!(err, Error::DurationTooLong(_)), "{err:?}");
    }
    let err = gov
        .sender(owner)
        .constructor(t, 0, 1, 0, U256::ZERO, 0, 0)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidGracePeriod(_)), "{err:?}");
    gov.sender(owner)
        .constructor(
            t,
            MAX_DURATION,
            MAX_DURATION,
            10_000,
            u(7),
            MAX_DURATION,
            MAX_DURATION,
        )
        .motsu_unwrap();
    assert_eq!(gov.sender(owner).token(), t);
    assert_eq!(gov.sender(owner).voting_delay(), MAX_DURATION);
    assert_eq!(gov.sender(owner).voting_period(), MAX_DURATION);
    assert_eq!(gov.sender(owner).quorum_bps(), 10_000);
    assert_eq!(gov.sender(owner).proposal_threshold(), u(7));
    assert_eq!(gov.sender(owner).execution_delay(), MAX_DURATION);
    assert_eq!(gov.sender(owner).grace_period(), MAX_DURATION);
    assert!(gov.emitted(&ParametersSet {
        votingDelay: MAX_DURATION,
        votingPeriod: MAX_DURATION,
        quorumBps: 10_000,
        proposalThreshold: u(7),
        executionDelay: MAX_DURATION,
        gracePeriod: MAX_DURATION,
    }));
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
        .set_parameters(1, 2, 3, u(4), 5, 6)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::OnlyGovernance(OnlyGovernance { account }) if account == owner));

    let first = propose(&gov, alice, grant(alice, 0));
    let first_deadline = gov.sender(alice).proposal_deadline(first);
    let call = setParametersCall {
        votingDelay: 1,
        votingPeriod: 2,
        quorumBps: 5_000,
        proposalThreshold: u(3_000),
        executionDelay: 0,
        gracePeriod: 60,
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
        gracePeriod: 60,
    }));
    assert_eq!(gov.sender(alice).voting_delay(), 1);
    assert_eq!(gov.sender(alice).voting_period(), 2);
    assert_eq!(gov.sender(alice).quorum_bps(), 5_000);
    assert_eq!(gov.sender(alice).proposal_threshold(), u(3_000));
    assert_eq!(gov.sender(alice).execution_delay(), 0);
    assert_eq!(gov.sender(alice).grace_period(), 60);
    // An older proposal keeps its quorum (2,000), timeline and deadline.
    assert_eq!(gov.sender(alice).proposal(first).5, u(2_000));
    assert_eq!(gov.sender(alice).proposal_deadline(first), first_deadline);
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
        gracePeriod: 60,
    }
    .abi_encode();
    let id = propose(
        &gov,
        alice,
        (vec![gov.address()], vec![u(0)], vec![Bytes::from(bad)]),
    );
    clock::advance(1);
    gov.sender(alice)
        .cast_vote(id, VoteType::For as u8)
        .motsu_unwrap();
    gov.sender(bob)
        .cast_vote(id, VoteType::For as u8)
        .motsu_unwrap();
    clock::advance(3);
    let err = gov.sender(alice).execute(id).motsu_unwrap_err();
    assert!(
        matches!(&err, Error::CallReverted(CallReverted { index, reason }) if *index == u(0) && reason.to_vec() == InvalidVotingPeriod {}.abi_encode()),
        "{err:?}"
    );
    assert_eq!(gov.sender(alice).voting_period(), 2);
}

#[motsu::test]
fn initialize_sets_a_clone_up_once_and_never_a_constructed_governor(
    token: Contract<RevShareToken>,
    clone: Contract<ModelGovernor>,
    gov: Contract<ModelGovernor>,
    owner: Address,
    alice: Address,
    bob: Address,
    carol: Address,
    mallory: Address,
) {
    setup(
        &token,
        &gov,
        owner,
        [(alice, 4_000), (bob, 3_000), (carol, 2_000)],
    );
    // Bad parameters are refused as by the constructor, and leave the clone fresh.
    let err = clone
        .sender(owner)
        .initialize(Address::ZERO, 0, 1, 0, U256::ZERO, 0, 1)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidToken(_)));
    let err = clone
        .sender(owner)
        .initialize(token.address(), 0, 1, 0, U256::ZERO, 0, 0)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidGracePeriod(_)));
    clone
        .sender(owner)
        .initialize(
            token.address(),
            DELAY,
            PERIOD,
            QUORUM_BPS,
            u(THRESHOLD),
            EXEC_DELAY,
            GRACE,
        )
        .motsu_unwrap();
    assert!(clone.emitted(&ParametersSet {
        votingDelay: DELAY,
        votingPeriod: PERIOD,
        quorumBps: QUORUM_BPS,
        proposalThreshold: u(THRESHOLD),
        executionDelay: EXEC_DELAY,
        gracePeriod: GRACE,
    }));
    assert_eq!(clone.sender(owner).token(), token.address());
    // Once: neither again nor through the constructor.
    let err = clone
        .sender(mallory)
        .initialize(mallory, 0, 1, 0, U256::ZERO, 0, 1)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::AlreadyInitialized(_)));
    let err = clone
        .sender(mallory)
        .constructor(mallory, 0, 1, 0, U256::ZERO, 0, 1)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::AlreadyInitialized(_)));
    // A governor deployed with the constructor (an implementation) cannot be initialized.
    let err = gov
        .sender(mallory)
        .initialize(mallory, 0, 1, 0, U256::ZERO, 0, 1)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::AlreadyInitialized(_)));
    assert_eq!(gov.sender(owner).token(), token.address());
    // The initialized clone governs like a constructed governor.
    let id = propose(&clone, alice, grant(alice, 0));
    clock::advance(DELAY);
    assert_eq!(
        clone
            .sender(bob)
            .cast_vote(id, VoteType::For as u8)
            .motsu_unwrap(),
        u(3_000)
    );
}
