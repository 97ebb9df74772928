//! motsu tests of the governor with the real RevShare token.

pub(crate) use alloc::{string::String, vec, vec::Vec};

pub(crate) use alloy_primitives::{Address, U256};
pub(crate) use alloy_sol_types::{sol, SolCall, SolError, SolEvent};
pub(crate) use imo_revshare_token::{IErc20, IOwnable, OwnableUnauthorizedAccount, RevShareToken};
pub(crate) use imo_testkit::{clock, u, Wallet};
pub(crate) use motsu::prelude::*;
pub(crate) use stylus_sdk::{abi::Bytes, prelude::*};

pub(crate) use super::*;

sol! {
    function addRevenueSource(address oracle, uint256 modelId) external;
    function setParameters(uint64 votingDelay, uint64 votingPeriod, uint16 quorumBps, uint256 proposalThreshold, uint64 executionDelay, uint64 gracePeriod) external;
}

pub(crate) const DELAY: u64 = 10;
pub(crate) const PERIOD: u64 = 100;
pub(crate) const QUORUM_BPS: u16 = 2_000;
pub(crate) const THRESHOLD: u64 = 100;
pub(crate) const EXEC_DELAY: u64 = 50;
pub(crate) const GRACE: u64 = 1_000;

/// Token with 10,000 units: `owner` keeps 1,000, `alice` 4,000, `bob` 3,000,
/// `carol` 2,000; one snapshot taken, one second ago. Governor: delay 10 s, period 100 s,
/// quorum 20% (2,000), threshold 100, execution delay 50 s, grace period 1,000 s.
pub(crate) fn setup(
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
    // The token's first snapshot comes at least a second after its deployment.
    clock::advance(1);
    token.sender(owner).snapshot().motsu_unwrap();
    // The snapshot's second passes: it is final (holds the balances at the end of it).
    clock::advance(1);
    gov.sender(owner)
        .constructor(
            token.address(),
            DELAY,
            PERIOD,
            QUORUM_BPS,
            u(THRESHOLD),
            EXEC_DELAY,
            GRACE,
        )
        .motsu_unwrap();
}

pub(crate) fn grant(to: Address, amount: u64) -> (Vec<Address>, Vec<U256>, Vec<Bytes>) {
    (vec![to], vec![u(amount)], vec![Bytes::from(Vec::new())])
}

pub(crate) fn propose(
    gov: &Contract<ModelGovernor>,
    by: Address,
    (targets, values, calldatas): (Vec<Address>, Vec<U256>, Vec<Bytes>),
) -> U256 {
    gov.sender(by)
        .propose(targets, values, calldatas, String::from("grant"))
        .motsu_unwrap()
}

pub(crate) fn state(gov: &Contract<ModelGovernor>, id: U256) -> u8 {
    gov.sender(Address::ZERO).state(id).motsu_unwrap()
}

pub(crate) fn fund(gov: &Contract<ModelGovernor>, from: Address, amount: u64) {
    from.fund(u(amount));
    gov.sender_and_value(from, u(amount))
        .receive()
        .motsu_unwrap();
}

pub(crate) fn expect_state_error(err: Error, id: U256, expected: u8) {
    assert!(
        matches!(err, Error::UnexpectedProposalState(UnexpectedProposalState { proposalId, current }) if proposalId == id && current == expected),
        "{err:?}"
    );
}

/// Passes proposal `id` (bob and carol vote for) and waits until it is executable.
pub(crate) fn pass(gov: &Contract<ModelGovernor>, id: U256, voters: &[Address]) {
    clock::advance(DELAY);
    for voter in voters {
        gov.sender(*voter)
            .cast_vote(id, VoteType::For as u8)
            .motsu_unwrap();
    }
    clock::advance(PERIOD + 1 + EXEC_DELAY);
    assert_eq!(state(gov, id), ProposalState::Succeeded as u8);
}

/// motsu's fixed block timestamp plus this thread's offset.
pub(crate) fn motsu_now() -> u64 {
    1_735_689_600 + clock::offset()
}

mod events;
mod execution;
mod interface;
mod lifecycle;
mod parameters;
mod proposals;
mod votes;
