//! A proposal's states in order, and the quorum rule.

use super::*;

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
    assert_eq!(state(&gov, id), ProposalState::Pending as u8);
    let err = gov
        .sender(bob)
        .cast_vote(id, VoteType::For as u8)
        .motsu_unwrap_err();
    expect_state_error(err, id, ProposalState::Pending as u8);
    let err = gov.sender(bob).execute(id).motsu_unwrap_err();
    expect_state_error(err, id, ProposalState::Pending as u8);

    // Active from voteStart to voteEnd inclusive.
    clock::advance(DELAY - 1);
    assert_eq!(state(&gov, id), ProposalState::Pending as u8);
    clock::advance(1);
    assert_eq!(state(&gov, id), ProposalState::Active as u8);
    assert_eq!(
        gov.sender(bob)
            .cast_vote(id, VoteType::For as u8)
            .motsu_unwrap(),
        u(3_000)
    );
    assert!(gov.emitted(&VoteCast {
        voter: bob,
        proposalId: id,
        support: VoteType::For as u8,
        weight: u(3_000),
        reason: String::new(),
    }));
    assert!(gov.sender(bob).has_voted(id, bob));
    assert!(!gov.sender(bob).has_voted(id, carol));
    let err = gov.sender(bob).execute(id).motsu_unwrap_err();
    expect_state_error(err, id, ProposalState::Active as u8);
    clock::advance(PERIOD);
    assert_eq!(state(&gov, id), ProposalState::Active as u8);
    gov.sender(carol)
        .cast_vote(id, VoteType::Against as u8)
        .motsu_unwrap();
    assert_eq!(
        gov.sender(carol).proposal_votes(id),
        (u(2_000), u(3_000), u(0))
    );

    // Queued: passed, inside the execution delay.
    clock::advance(1);
    assert_eq!(state(&gov, id), ProposalState::Queued as u8);
    let err = gov
        .sender(alice)
        .cast_vote(id, VoteType::For as u8)
        .motsu_unwrap_err();
    expect_state_error(err, id, ProposalState::Queued as u8);
    let err = gov.sender(carol).execute(id).motsu_unwrap_err();
    expect_state_error(err, id, ProposalState::Queued as u8);
    clock::advance(EXEC_DELAY - 2);
    assert_eq!(state(&gov, id), ProposalState::Queued as u8);

    // Succeeded at eta; anyone may execute.
    clock::advance(1);
    assert_eq!(state(&gov, id), ProposalState::Succeeded as u8);
    gov.sender(carol).execute(id).motsu_unwrap();
    assert!(gov.emitted(&ProposalExecuted { proposalId: id }));
    assert_eq!(grantee.balance(), u(600));
    assert_eq!(gov.balance(), u(400));
    assert_eq!(state(&gov, id), ProposalState::Executed as u8);
    let err = gov.sender(carol).execute(id).motsu_unwrap_err();
    expect_state_error(err, id, ProposalState::Executed as u8);
    let err = gov.sender(alice).cancel(id).motsu_unwrap_err();
    expect_state_error(err, id, ProposalState::Executed as u8);
    assert_eq!(grantee.balance(), u(600));
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
    gov.sender(bob)
        .cast_vote(at, VoteType::For as u8)
        .motsu_unwrap();
    gov.sender(carol)
        .cast_vote(below, VoteType::For as u8)
        .motsu_unwrap();
    // for 1,000 + abstain 1,999 = 2,999 >= 2,000 and for > against (0).
    gov.sender(alice)
        .cast_vote(with_abstain, VoteType::For as u8)
        .motsu_unwrap();
    gov.sender(carol)
        .cast_vote(with_abstain, VoteType::Abstain as u8)
        .motsu_unwrap();
    // for 2,000 == against 2,000 (quorum reached): a tie is defeated.
    gov.sender(bob)
        .cast_vote(tie, VoteType::For as u8)
        .motsu_unwrap();
    gov.sender(carol)
        .cast_vote(tie, VoteType::Against as u8)
        .motsu_unwrap();
    gov.sender(alice)
        .cast_vote(tie, VoteType::Against as u8)
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
    assert_eq!(state(&gov, at), ProposalState::Succeeded as u8);
    assert_eq!(state(&gov, below), ProposalState::Defeated as u8);
    assert_eq!(state(&gov, with_abstain), ProposalState::Succeeded as u8);
    assert_eq!(state(&gov, tie), ProposalState::Defeated as u8);
    assert_eq!(state(&gov, nobody), ProposalState::Defeated as u8);
    // Defeated proposals never run.
    let err = gov.sender(alice).execute(below).motsu_unwrap_err();
    expect_state_error(err, below, ProposalState::Defeated as u8);
}

#[motsu::test]
fn a_passed_proposal_expires_after_its_grace_period(
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
    let late = propose(&gov, alice, grant(grantee.address(), 100));
    let on_time = propose(&gov, alice, grant(grantee.address(), 200));
    let eta = gov.sender(alice).proposal(late).4;
    assert_eq!(gov.sender(alice).proposal_deadline(late), eta + GRACE);
    clock::advance(DELAY);
    for id in [late, on_time] {
        gov.sender(bob)
            .cast_vote(id, VoteType::For as u8)
            .motsu_unwrap();
    }
    // Executable from eta for GRACE seconds: eta + 1, then eta + GRACE - 1, the last second.
    clock::advance(PERIOD + 1 + EXEC_DELAY);
    assert_eq!(state(&gov, late), ProposalState::Succeeded as u8);
    clock::advance(GRACE - 2);
    assert_eq!(state(&gov, late), ProposalState::Succeeded as u8);
    gov.sender(carol).execute(on_time).motsu_unwrap();
    clock::advance(1);
    assert_eq!(state(&gov, late), ProposalState::Expired as u8);
    let err = gov.sender(carol).execute(late).motsu_unwrap_err();
    expect_state_error(err, late, ProposalState::Expired as u8);
    let err = gov.sender(alice).cancel(late).motsu_unwrap_err();
    expect_state_error(err, late, ProposalState::Expired as u8);
    assert_eq!(grantee.balance(), u(200));
    assert_eq!(gov.balance(), u(800));
    // An executed proposal stays Executed, however late.
    assert_eq!(state(&gov, on_time), ProposalState::Executed as u8);
}
