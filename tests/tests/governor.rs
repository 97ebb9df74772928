//! Model governance end to end (issue 9's scenario in the suite): the holders of a freshly offered
//! model fund the governor's treasury, vote a grant with their snapshot balances, wait out the
//! voting period and the execution delay, and the grantee is paid. Written against the `Backend`
//! trait; it needs a backend that can move time (the devchain).

use alloy_primitives::{Bytes, U256};
use alloy_sol_types::SolValue;
use imo_client::{
    bindings::{erc7641::IERC7641, governor::IModelGovernor, revshare::IRevShareToken},
    Backend, Config, DevchainBackend, Imo, ETHER,
};

const VOTING_DELAY: u64 = 60;
const VOTING_PERIOD: u64 = 3_600;
const EXECUTION_DELAY: u64 = 600;
const GRACE_PERIOD: u64 = 86_400;
const QUORUM_BPS: u16 = 4_000;

fn grant_voted_and_paid<B: Backend>(mut imo: Imo<B>) -> anyhow::Result<()> {
    let (owner, token) = (imo.owner, imo.c.token);
    let supply = imo.cfg.supply;
    let alice = imo.backend.new_account("alice", U256::from(ETHER))?;
    let bob = imo.backend.new_account("bob", U256::from(ETHER))?;
    let grantee = imo.backend.new_account("grantee", U256::ZERO)?;
    // The offering: Alice buys 30% and Bob 15%; then a snapshot fixes the voting weights.
    let share = |pct: u64| supply * U256::from(pct) / U256::from(100u64);
    for (who, pct) in [(alice, 30), (bob, 15)] {
        let call = IRevShareToken::transferCall {
            to: who,
            value: share(pct),
        };
        imo.exec("token.transfer (offering)", owner, token, call, U256::ZERO)?;
    }
    imo.exec(
        "token.snapshot",
        owner,
        token,
        IERC7641::snapshotCall {},
        U256::ZERO,
    )?;
    // Proposals are voted with final snapshots: this one once its second is over.
    imo_e2e::scenarios::next_second(&mut imo.backend)?;

    let args = (
        token,
        VOTING_DELAY,
        VOTING_PERIOD,
        QUORUM_BPS,
        share(1),
        EXECUTION_DELAY,
        GRACE_PERIOD,
    );
    let governor = imo
        .backend
        .deploy_stylus("imo-governor", &args.abi_encode_params())?;
    let grant = U256::from(ETHER / 2);
    // Anyone funds the treasury: plain ETH into receive().
    anyhow::ensure!(
        imo.backend
            .send(owner, governor, &[], U256::from(ETHER))?
            .success,
        "funding"
    );

    let propose = IModelGovernor::proposeCall {
        targets: vec![grantee],
        values: vec![grant],
        calldatas: vec![Bytes::new()],
        description: "Grant 0.5 ETH to the fine-tuning team".into(),
    };
    imo.exec(
        "governor.propose (Alice)",
        alice,
        governor,
        propose,
        U256::ZERO,
    )?;
    let id = imo.view(governor, IModelGovernor::proposalCountCall {})?._0;
    // Tokens bought after the snapshot carry no weight: the owner sells Bob more, Bob's vote
    // still weighs his 15%.
    let call = IRevShareToken::transferCall {
        to: bob,
        value: share(20),
    };
    imo.exec(
        "token.transfer (after the snapshot)",
        owner,
        token,
        call,
        U256::ZERO,
    )?;

    imo.backend.advance_time(VOTING_DELAY + 1)?;
    for voter in [alice, bob] {
        let vote = IModelGovernor::castVoteCall {
            proposalId: id,
            support: 1,
        };
        imo.exec("governor.castVote (for)", voter, governor, vote, U256::ZERO)?;
    }
    let votes = imo.view(
        governor,
        IModelGovernor::proposalVotesCall { proposalId: id },
    )?;
    anyhow::ensure!(
        votes.forVotes == share(45),
        "for = 30% + 15% at the snapshot: {}",
        votes.forVotes
    );
    // A second vote is refused.
    let again = IModelGovernor::castVoteCall {
        proposalId: id,
        support: 1,
    };
    anyhow::ensure!(
        !imo.send(bob, governor, again, U256::ZERO)?.success,
        "double vote refused"
    );

    imo.backend.advance_time(VOTING_PERIOD)?;
    let state = |imo: &mut Imo<B>| -> anyhow::Result<u8> {
        Ok(imo
            .view(governor, IModelGovernor::stateCall { proposalId: id })?
            ._0)
    };
    anyhow::ensure!(state(&mut imo)? == 5, "queued in its execution delay");
    let execute = IModelGovernor::executeCall { proposalId: id };
    anyhow::ensure!(
        !imo.send(owner, governor, execute.clone(), U256::ZERO)?
            .success,
        "too early"
    );
    imo.backend.advance_time(EXECUTION_DELAY)?;
    anyhow::ensure!(state(&mut imo)? == 4, "succeeded, executable");
    imo.exec(
        "governor.execute (grant paid)",
        owner,
        governor,
        execute.clone(),
        U256::ZERO,
    )?;
    anyhow::ensure!(
        imo.balance(grantee)? == grant,
        "the grantee is paid exactly the grant"
    );
    anyhow::ensure!(
        imo.balance(governor)? == U256::from(ETHER) - grant,
        "the treasury keeps the rest"
    );
    anyhow::ensure!(state(&mut imo)? == 7, "executed");
    anyhow::ensure!(
        !imo.send(owner, governor, execute, U256::ZERO)?.success,
        "runs once"
    );
    for step in &imo.steps {
        println!("  {:<44} {:>9} gas", step.label, step.gas);
    }
    Ok(())
}

#[test]
fn holders_of_a_fresh_model_vote_a_grant_and_it_is_paid() {
    let imo = Imo::deploy(
        DevchainBackend::new().expect("devchain"),
        Config::default(),
        false,
    )
    .unwrap_or_else(|e| panic!("{e:#}"));
    grant_voted_and_paid(imo).unwrap_or_else(|e| panic!("{e:#}"));
}
