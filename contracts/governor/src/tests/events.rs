//! Every typed emitter writes exactly the `sol!` encoding of its event.

use super::*;

#[motsu::test]
fn emitters_write_the_sol_encoding(gov: Contract<ModelGovernor>, alice: Address) {
    let (a, b) = (Address::repeat_byte(0xa1), Address::repeat_byte(0xb2));
    let data = Bytes::from(vec![1, 2, 3]);
    let expected = [
        ProposalCreated {
            proposalId: u(3),
            proposer: a,
            targets: vec![a, b],
            values: vec![u(1), U256::MAX],
            signatures: vec![String::new(), String::new()],
            calldatas: vec![alloy_primitives::Bytes::new(), data.0.clone().into()],
            voteStart: u(10),
            voteEnd: u(20),
            description: String::from("a grant"),
        }
        .encode_log_data(),
        VoteCast {
            voter: b,
            proposalId: u(3),
            support: 2,
            weight: U256::MAX,
            reason: String::new(),
        }
        .encode_log_data(),
        ProposalCanceled { proposalId: u(4) }.encode_log_data(),
        ProposalExecuted {
            proposalId: U256::MAX,
        }
        .encode_log_data(),
        ParametersSet {
            votingDelay: u64::MAX,
            votingPeriod: 2,
            quorumBps: 10_000,
            proposalThreshold: U256::MAX,
            executionDelay: 5,
            gracePeriod: 6,
        }
        .encode_log_data(),
        Deposited {
            from: a,
            amount: u(9),
        }
        .encode_log_data(),
    ];
    let g = gov.sender(alice);
    g.emit_proposal_created(
        u(3),
        a,
        vec![a, b],
        vec![u(1), U256::MAX],
        vec![Bytes::from(Vec::new()), data],
        10,
        20,
        String::from("a grant"),
    );
    g.emit_vote_cast(b, u(3), 2, U256::MAX);
    g.emit_proposal_canceled(u(4));
    g.emit_proposal_executed(U256::MAX);
    g.emit_parameters_set(Parameters {
        voting_delay: u64::MAX,
        voting_period: 2,
        quorum_bps: 10_000,
        proposal_threshold: U256::MAX,
        execution_delay: 5,
        grace_period: 6,
    });
    g.emit_deposited(a, u(9));
    drop(g);
    assert_eq!(gov.all_events(), expected.to_vec());
}
