//! Voting weight from the token's snapshots, and the checks on a vote.

use super::*;

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
    // A snapshot after the proposal does not change its weights either. (A snapshot holds the
    // balances at the end of its second: bob's sale comes one second later.)
    token.sender(owner).snapshot().motsu_unwrap();
    clock::advance(1);
    token.sender(bob).transfer(dave, u(3_000)).motsu_unwrap();
    clock::advance(DELAY - 1);
    let err = gov
        .sender(dave)
        .cast_vote(id, VoteType::For as u8)
        .motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::NoVotingPower(NoVotingPower { voter, snapshotId }) if voter == dave && snapshotId == u(1)
    ));
    assert_eq!(
        gov.sender(alice)
            .cast_vote(id, VoteType::For as u8)
            .motsu_unwrap(),
        u(4_000)
    );
    assert_eq!(
        gov.sender(bob)
            .cast_vote(id, VoteType::Against as u8)
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
            .cast_vote(id2, VoteType::For as u8)
            .motsu_unwrap(),
        u(3_000)
    );
    assert_eq!(
        gov.sender(bob)
            .cast_vote(id2, VoteType::Against as u8)
            .motsu_unwrap(),
        u(3_000)
    );
    assert_eq!(
        gov.sender(alice)
            .cast_vote(id2, VoteType::For as u8)
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
        .cast_vote(u(1), VoteType::For as u8)
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
        .cast_vote(id, VoteType::Abstain as u8)
        .motsu_unwrap();
    for support in [
        VoteType::Against as u8,
        VoteType::For as u8,
        VoteType::Abstain as u8,
    ] {
        let err = gov.sender(alice).cast_vote(id, support).motsu_unwrap_err();
        assert!(matches!(err, Error::AlreadyCastVote(AlreadyCastVote { voter }) if voter == alice));
    }
    assert_eq!(gov.sender(alice).proposal_votes(id), (u(0), u(0), u(4_000)));
}
