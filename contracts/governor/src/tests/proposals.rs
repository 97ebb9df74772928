//! Creating proposals: the snapshot they need, malformed proposals, the threshold, the token's views.

use super::*;

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
        .constructor(token.address(), 0, 10, 0, U256::ZERO, 0, GRACE)
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
fn a_token_without_snapshot_views_fails_proposals_by_name(
    gov: Contract<ModelGovernor>,
    not_a_token: Contract<Wallet>,
    owner: Address,
) {
    gov.sender(owner)
        .constructor(not_a_token.address(), 0, 1, 0, U256::ZERO, 0, GRACE)
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

#[motsu::test]
fn call_data_of_any_length_is_stored_and_read_back(
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
    let lengths = [0usize, 1, 31, 32, 33, 64, 200];
    let calldatas: Vec<Bytes> = lengths
        .iter()
        .map(|&n| Bytes::from((0..n).map(|i| (i * 7 + 1) as u8).collect::<Vec<u8>>()))
        .collect();
    let id = gov
        .sender(alice)
        .propose(
            vec![bob; lengths.len()],
            vec![u(0); lengths.len()],
            calldatas.clone(),
            String::new(),
        )
        .motsu_unwrap();
    let (_, _, stored) = gov.sender(alice).proposal_actions(id);
    assert_eq!(stored, calldatas);
}

#[motsu::test]
fn a_proposal_made_in_a_snapshot_s_second_uses_the_final_snapshot_before_it(
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
    // Snapshot 2 in this second: it is not final, so proposals now use snapshot 1.
    token.sender(alice).transfer(bob, u(4_000)).motsu_unwrap();
    assert_eq!(token.sender(owner).snapshot().motsu_unwrap(), u(2));
    let id = propose(&gov, bob, grant(bob, 0));
    assert_eq!(gov.sender(bob).proposal(id).1, u(1));
    clock::advance(DELAY);
    assert_eq!(
        gov.sender(alice)
            .cast_vote(id, VoteType::For as u8)
            .motsu_unwrap(),
        u(4_000)
    );
    assert_eq!(
        gov.sender(bob)
            .cast_vote(id, VoteType::For as u8)
            .motsu_unwrap(),
        u(3_000)
    );
    // Once its second is over, snapshot 2 is the proposals' snapshot.
    let id2 = propose(&gov, bob, grant(bob, 0));
    assert_eq!(gov.sender(bob).proposal(id2).1, u(2));
    clock::advance(DELAY);
    assert!(matches!(
        gov.sender(alice)
            .cast_vote(id2, VoteType::For as u8)
            .motsu_unwrap_err(),
        Error::NoVotingPower(_)
    ));
    assert_eq!(
        gov.sender(bob)
            .cast_vote(id2, VoteType::For as u8)
            .motsu_unwrap(),
        u(7_000)
    );
}

#[motsu::test]
fn no_proposal_in_the_second_of_the_first_snapshot(
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
        .constructor(token.address(), 0, 10, 0, U256::ZERO, 0, GRACE)
        .motsu_unwrap();
    clock::advance(1);
    token.sender(owner).snapshot().motsu_unwrap();
    let (targets, values, calldatas) = grant(owner, 1);
    let err = gov
        .sender(owner)
        .propose(
            targets.clone(),
            values.clone(),
            calldatas.clone(),
            String::new(),
        )
        .motsu_unwrap_err();
    assert!(matches!(err, Error::NoSnapshot(_)));
    clock::advance(1);
    let id = gov
        .sender(owner)
        .propose(targets, values, calldatas, String::new())
        .motsu_unwrap();
    assert_eq!(gov.sender(owner).proposal(id).1, u(1));
}

#[motsu::test]
fn tokens_borrowed_for_one_transaction_neither_propose_nor_vote(
    token: Contract<RevShareToken>,
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
    // Mallory borrows alice's 4,000 (40%), takes a snapshot and proposes in the same second.
    token
        .sender(alice)
        .transfer(mallory, u(4_000))
        .motsu_unwrap();
    token.sender(mallory).snapshot().motsu_unwrap();
    let (targets, values, calldatas) = grant(mallory, 1_000);
    let err = gov
        .sender(mallory)
        .propose(targets, values, calldatas, String::new())
        .motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::InsufficientProposerVotes(InsufficientProposerVotes { votes, .. }) if votes.is_zero()
    ));
    token
        .sender(mallory)
        .transfer(alice, u(4_000))
        .motsu_unwrap();
    // Later, a proposal voted with that snapshot: mallory's weight is what she held at the end
    // of its second, nothing.
    clock::advance(1);
    let id = propose(&gov, alice, grant(alice, 0));
    assert_eq!(gov.sender(alice).proposal(id).1, u(2));
    clock::advance(DELAY);
    assert!(matches!(
        gov.sender(mallory)
            .cast_vote(id, VoteType::For as u8)
            .motsu_unwrap_err(),
        Error::NoVotingPower(_)
    ));
    assert_eq!(
        gov.sender(alice)
            .cast_vote(id, VoteType::For as u8)
            .motsu_unwrap(),
        u(4_000)
    );
}
