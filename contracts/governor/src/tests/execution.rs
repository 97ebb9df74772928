//! Execution and cancellation: grants, calls into the token and into the governor, reverting calls, a re-entering grantee.

use super::*;

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
    assert_eq!(state(&gov, pending), ProposalState::Canceled as u8);
    let err = gov.sender(alice).cancel(pending).motsu_unwrap_err();
    expect_state_error(err, pending, ProposalState::Canceled as u8);

    let active = propose(&gov, alice, grant(alice, 0));
    let finished = propose(&gov, alice, grant(grantee.address(), 0));
    clock::advance(DELAY);
    gov.sender(bob)
        .cast_vote(active, VoteType::For as u8)
        .motsu_unwrap();
    gov.sender(bob)
        .cast_vote(finished, VoteType::For as u8)
        .motsu_unwrap();
    gov.sender(alice).cancel(active).motsu_unwrap();
    assert_eq!(state(&gov, active), ProposalState::Canceled as u8);
    let err = gov
        .sender(carol)
        .cast_vote(active, VoteType::For as u8)
        .motsu_unwrap_err();
    expect_state_error(err, active, ProposalState::Canceled as u8);
    assert!(gov.sender(alice).proposal(active).7);

    // After voting ends (here: passed and queued) cancel is refused.
    clock::advance(PERIOD + 1);
    assert_eq!(state(&gov, active), ProposalState::Canceled as u8);
    assert_eq!(state(&gov, finished), ProposalState::Queued as u8);
    let err = gov.sender(alice).cancel(finished).motsu_unwrap_err();
    expect_state_error(err, finished, ProposalState::Queued as u8);
    clock::advance(EXEC_DELAY);
    let err = gov.sender(alice).execute(active).motsu_unwrap_err();
    expect_state_error(err, active, ProposalState::Canceled as u8);
    gov.sender(alice).execute(finished).motsu_unwrap();
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
    assert_eq!(state(&gov, id), ProposalState::Succeeded as u8);
    assert!(!gov.sender(bob).proposal(id).6);
    // Once the governor owns the token, the same proposal runs.
    token
        .sender(owner)
        .transfer_ownership(gov.address())
        .motsu_unwrap();
    gov.sender(bob).execute(id).motsu_unwrap();
    assert_eq!(grantee.balance(), u(300));
    assert_eq!(token.sender(owner).revenue_sources()[0].0, oracle);
    assert_eq!(state(&gov, id), ProposalState::Executed as u8);
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
            current: ProposalState::Executed as u8
        }
        .abi_encode()
    );
}
