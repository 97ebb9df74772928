//! Item 1 (high): a node could make its own wrong result final by squatting the only challenge
//! slot with a made-up claim, or pocket its own slash by challenging itself with the right one.
//! These are the arbiter's disputes: the model is registered `unverifiable` first (a verifiable
//! model's disputes are played by dispute games: `tests/tests/opml.rs`).

use alloy_primitives::{keccak256, Address, U256};
use alloy_sol_types::SolEvent;
use anyhow::{ensure, Context};
use imo_client::bindings::{ai_oracle::IAIOracle, imo_oracle::IImoAIOracleVerifier};
use imo_client::{evm, Backend, Imo, ETHER};

use super::verifier_credit;
use crate::scenarios::one_node;

/// Opens `challenger`'s challenge of `id` (input `b"2 + 2"`) claiming `claim` with the
/// configured bond.
fn challenge<B: Backend>(
    imo: &mut Imo<B>,
    challenger: Address,
    id: U256,
    claim: &[u8],
) -> anyhow::Result<()> {
    imo.challenge(challenger, id, keccak256(claim), b"2 + 2")?;
    Ok(())
}

fn settle<B: Backend>(
    imo: &mut Imo<B>,
    by: Address,
    id: U256,
    challenger: Address,
) -> anyhow::Result<()> {
    let verifier = imo.c.verifier;
    imo.exec(
        "verifier.settleChallenge",
        by,
        verifier,
        IImoAIOracleVerifier::settleChallengeCall {
            requestId: id,
            challenger,
        },
        U256::ZERO,
    )?;
    Ok(())
}

/// The arbiter names `truth` as the result of `id`; returns the corrected output the oracle
/// re-delivered.
fn resolve_with<B: Backend>(imo: &mut Imo<B>, id: U256, truth: &[u8]) -> anyhow::Result<Vec<u8>> {
    let (verifier, owner) = (imo.c.verifier, imo.owner);
    let r = imo.exec(
        "verifier.resolveChallenge (the arbiter names the truth)",
        owner,
        verifier,
        IImoAIOracleVerifier::resolveChallengeCall {
            requestId: id,
            challengerWins: true,
            correctOutput: truth.to_vec().into(),
        },
        U256::ZERO,
    )?;
    let corrected = r
        .logs
        .iter()
        .filter_map(|l| IAIOracle::AICallbackResult::decode_log_data(&l.data, true).ok())
        .find(|e| e.requestId == id)
        .context("no corrected AICallbackResult")?;
    Ok(corrected.output.to_vec())
}

/// The node delivers a wrong output and squats its result with a made-up claim from a second
/// address. Before the fix honest challengers were refused (`ChallengeAlreadyOpen`) and the wrong
/// output became final. Now an honest challenger still challenges, the arbiter names the true
/// output, the wrong output is replaced, the node is slashed and its squatting bond is lost.
///
/// # Errors
///
/// When any step of the defence fails.
pub fn squatting_node_cannot_finalize_a_wrong_result<B: Backend>(backend: B) -> anyhow::Result<()> {
    let (mut imo, node, user) = one_node(backend)?;
    imo.make_unverifiable()?;
    let node_alt = imo
        .backend
        .new_account("node's second address", U256::from(ETHER))?;
    let honest = imo
        .backend
        .new_account("honest challenger", U256::from(ETHER))?;
    let consumer = imo.deploy_evm(evm::ACCEPT)?;
    let (id, _, _) = imo.request(user, b"2 + 2", consumer, 100_000)?;
    imo.deliver(node, id, b"5")?;
    challenge(&mut imo, node_alt, id, b"made up")?;
    challenge(&mut imo, honest, id, b"4")?;
    ensure!(!imo.finalized(id)?, "final while disputed");
    ensure!(
        resolve_with(&mut imo, id, b"4")? == b"4",
        "the true output is re-delivered"
    );
    ensure!(imo.finalized(id)?, "a corrected result is final");
    settle(&mut imo, user, id, node_alt)?;
    settle(&mut imo, user, id, honest)?;
    let (bond, slash) = (imo.cfg.challenge_bond, imo.cfg.min_node_stake);
    ensure!(
        verifier_credit(&mut imo, node_alt)?.is_zero(),
        "the squatter's bond is lost"
    );
    ensure!(
        verifier_credit(&mut imo, honest)? == bond + slash / U256::from(2),
        "the honest challenger gets its bond and half of the slash"
    );
    Ok(())
}

/// The node challenges its own wrong result first, with the right claim, to be "slashed" into its
/// own pocket. It now gets back at most half of what it loses; an honest second challenger with
/// the same claim gets its bond back.
///
/// # Errors
///
/// When the node gains, or the honest path fails.
pub fn node_challenging_itself_loses_half_its_slash<B: Backend>(backend: B) -> anyhow::Result<()> {
    let (mut imo, node, user) = one_node(backend)?;
    imo.make_unverifiable()?;
    let node_alt = imo
        .backend
        .new_account("node's second address", U256::from(ETHER))?;
    let consumer = imo.deploy_evm(evm::ACCEPT)?;
    let (id, _, _) = imo.request(user, b"2 + 2", consumer, 100_000)?;
    imo.deliver(node, id, b"5")?;
    challenge(&mut imo, node_alt, id, b"4")?;
    challenge(&mut imo, user, id, b"4")?;
    resolve_with(&mut imo, id, b"4")?;
    settle(&mut imo, user, id, node_alt)?;
    settle(&mut imo, user, id, user)?;
    let (bond, slash) = (imo.cfg.challenge_bond, imo.cfg.min_node_stake);
    let back = verifier_credit(&mut imo, node_alt)?;
    ensure!(
        back == bond + slash / U256::from(2),
        "reward is half the slash"
    );
    ensure!(
        (back - bond) * U256::from(2) <= slash,
        "the node and its address lost at least half of the slash"
    );
    ensure!(
        verifier_credit(&mut imo, user)? == bond,
        "the honest bond comes back"
    );
    Ok(())
}
