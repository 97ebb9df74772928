//! Attacks on the game and its wiring, each shown to fail next to the legitimate path: stalling,
//! several challengers, a node challenging its own result, forged one-step proofs, a wrong
//! corrected result challenged again, the arbiter overriding a game.

use alloy_primitives::{keccak256, B256, U256};
use alloy_sol_types::{SolCall, SolError};
use anyhow::ensure;
use imo_client::bindings::{dispute_game::IImoDisputeGame, imo_oracle::IImoAIOracleVerifier};
use imo_client::game::{CHALLENGER_WINS, DEFENDER_WINS, PHASE_ONE_STEP};
use imo_client::Backend;

use super::{ended, redelivered, Fixture};
use crate::security::selector_of;

/// A node that stops answering once challenged loses by timeout (its result replaced by the
/// challenger's output, its stake slashed); a challenger that stops after challenging loses its
/// bond to the node by timeout. A timeout before the deadline is refused.
///
/// # Errors
///
/// When an outcome differs.
pub fn stalling_parties_lose_by_timeout<B: Backend>(backend: B) -> anyhow::Result<()> {
    let mut f = Fixture::new(backend)?;
    let (node, watcher, anyone) = (f.node, f.account("watcher")?, f.account("anyone")?);
    let (bond, slash) = f.bond_and_slash();
    // The node stalls (never posts its trace).
    let d = f.delivered(b"a 3, seed 11", Some(1))?;
    let game = f.challenge(watcher, &d, 0, &d.honest)?;
    let network = f.network.clone();
    f.imo
        .post_challenger_trace(game, watcher, &network, &d.honest)?;
    let early = f.imo.send(
        anyone,
        f.imo.c.dispute_game,
        IImoDisputeGame::timeoutCall { gameId: game },
        U256::ZERO,
    )?;
    ensure!(
        !early.success
            && selector_of(&early.output)? == IImoDisputeGame::DeadlineNotPassed::SELECTOR,
        "a timeout before the deadline is refused"
    );
    f.let_deadline_pass()?;
    let r = f.imo.timeout_game(game, anyone)?;
    ensure!(
        ended(&r)? == (CHALLENGER_WINS, true),
        "the stalling node loses"
    );
    ensure!(redelivered(&r, d.id).as_deref() == Some(&d.honest.output[..]));
    ensure!(f.stake(node)?.is_zero() && f.credit(watcher)? == slash / U256::from(2));

    // The challenger stalls (never posts its trace) against an honest node: the node restakes.
    let verifier = f.imo.c.verifier;
    f.imo.exec(
        "verifier.stake (node restakes)",
        node,
        verifier,
        IImoAIOracleVerifier::stakeCall {},
        slash,
    )?;
    let d = f.delivered(b"nine, seed 5", None)?;
    let liar = f.account("stalling challenger")?;
    let wrong = f.trace(&d.input, Some(3), 64)?;
    let game = f.challenge(liar, &d, 0, &wrong)?;
    f.let_deadline_pass()?;
    let r = f.imo.timeout_game(game, node)?;
    ensure!(
        ended(&r)? == (DEFENDER_WINS, true),
        "the stalling challenger loses"
    );
    ensure!(f.credit(node)? == bond, "its bond goes to the node");
    Ok(())
}

/// Two challengers of one wrong result play their games independently (neither blocks the
/// other): the first to prove replaces the result and is rewarded; the second game is moot once
/// the result is replaced, and its challenger's bond comes back.
///
/// # Errors
///
/// When an outcome differs.
pub fn two_challengers_on_one_result<B: Backend>(backend: B) -> anyhow::Result<()> {
    let mut f = Fixture::new(backend)?;
    let (node, a, b) = (f.node, f.account("first")?, f.account("second")?);
    let d = f.delivered(b"a 3, seed 11", Some(3))?;
    let game_a = f.challenge(a, &d, 0, &d.honest)?;
    let game_b = f.challenge(b, &d, 0, &d.honest)?;
    ensure!(game_a != game_b, "one game each");
    ensure!(f.round(d.id)?.3 == 2, "two games open");
    f.traces(game_b, [(b, &d.honest), (node, &d.node)])?;
    f.traces(game_a, [(a, &d.honest), (node, &d.node)])?;
    let r = f.prove(game_a, a, &d, &d.honest)?;
    ensure!(ended(&r)?.0 == CHALLENGER_WINS);
    ensure!(redelivered(&r, d.id).as_deref() == Some(&d.honest.output[..]));
    let (bond, slash) = f.bond_and_slash();
    ensure!(
        f.credit(a)? == slash / U256::from(2),
        "the first is rewarded"
    );
    // The second game still ends by its own proof; the result was replaced, so the bond returns.
    let r = f.prove(game_b, b, &d, &d.honest)?;
    ensure!(ended(&r)?.0 == CHALLENGER_WINS, "the game itself is won");
    ensure!(redelivered(&r, d.id).is_none(), "nothing replaced twice");
    ensure!(
        f.credit(b)? == bond,
        "the second challenger's bond comes back"
    );
    ensure!(f.round(d.id)? == (1, a, bond, 0, false));
    Ok(())
}

/// A node that delivers a wrong result and challenges it itself from a second address gains
/// nothing: it loses its slash, gets back at most half of it, and its bond is only returned.
///
/// # Errors
///
/// When the node gains.
pub fn node_challenging_itself_gains_nothing<B: Backend>(backend: B) -> anyhow::Result<()> {
    let mut f = Fixture::new(backend)?;
    let (node, alt) = (f.node, f.account("node's second address")?);
    let d = f.delivered(b"nine, seed 5", Some(2))?;
    let game = f.challenge(alt, &d, 0, &d.honest)?;
    f.traces(game, [(alt, &d.honest), (node, &d.node)])?;
    f.prove(game, alt, &d, &d.honest)?;
    f.let_window_pass()?;
    let verifier = f.imo.c.verifier;
    f.imo.exec(
        "verifier.settleChallenge",
        alt,
        verifier,
        IImoAIOracleVerifier::settleChallengeCall {
            requestId: d.id,
            challenger: alt,
        },
        U256::ZERO,
    )?;
    let (bond, slash) = f.bond_and_slash();
    let back = f.credit(alt)? + f.credit(node)? + f.stake(node)?;
    // Before: stake `slash` + bond `bond`; after: half the slash and the bond.
    ensure!(back == bond + slash / U256::from(2), "got back {back}");
    ensure!(back < bond + slash, "the node and its address lost");
    Ok(())
}

/// Forged one-step proofs are refused: a wrong Merkle path, another layer's parameters, a state
/// that is not the agreed one; then the true proof wins.
///
/// # Errors
///
/// When a forged proof is accepted.
pub fn forged_proofs_are_refused<B: Backend>(backend: B) -> anyhow::Result<()> {
    let mut f = Fixture::new(backend)?;
    let (node, watcher) = (f.node, f.account("watcher")?);
    let d = f.delivered(b"a 3, seed 11", Some(2))?;
    let game = f.challenge(watcher, &d, 0, &d.honest)?;
    let g = f.traces(game, [(watcher, &d.honest), (node, &d.node)])?;
    ensure!(g.phase == PHASE_ONE_STEP && g.divergence == 2);
    let network = f.network.clone();
    let good = f.imo.proof_call(game, &network, &d.input, &d.honest)?;
    let call = IImoDisputeGame::proveLayerCall::abi_decode(&good, true)?;
    let model = network.parsed();
    let other = model
        .layer_block(0)
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .to_vec();
    let mut bad_path = call.clone();
    bad_path.modelPath[0] = keccak256(bad_path.modelPath[0]);
    let mut bad_params = call.clone();
    bad_params.params = other.into();
    let mut bad_state = call.clone();
    bad_state.state = d.node.states[2].clone().into();
    let mut flipped = call.clone();
    let mut state = flipped.state.to_vec();
    state[0] ^= 1;
    flipped.state = state.into();
    let cases: [(&str, IImoDisputeGame::proveLayerCall, [u8; 4]); 4] = [
        (
            "a wrong Merkle path",
            bad_path,
            IImoDisputeGame::InvalidModelProof::SELECTOR,
        ),
        (
            "another layer's parameters",
            bad_params,
            IImoDisputeGame::InvalidModelProof::SELECTOR,
        ),
        (
            "the wrong state preimage",
            bad_state,
            IImoDisputeGame::StateMismatch::SELECTOR,
        ),
        (
            "a state one bit off",
            flipped,
            IImoDisputeGame::StateMismatch::SELECTOR,
        ),
    ];
    let game_address = f.imo.c.dispute_game;
    for (what, forged, expected) in cases {
        let r = f.imo.send(watcher, game_address, forged, U256::ZERO)?;
        ensure!(
            !r.success && selector_of(&r.output)? == expected,
            "{what}: {}",
            r.describe()
        );
    }
    ensure!(f.imo.game(game)?.phase == PHASE_ONE_STEP, "still undecided");
    let r = f.prove(game, watcher, &d, &d.honest)?;
    ensure!(ended(&r)?.0 == CHALLENGER_WINS, "the true proof wins");
    Ok(())
}

/// A wrong result can become the corrected one only by a timeout (a stalling node against a
/// wrong challenger); it is then challenged again in the next round by the same game: the
/// honest watcher wins, the wrong "corrector" loses its collateral (half to the watcher), and the
/// true output replaces it.
///
/// # Errors
///
/// When an outcome differs.
pub fn a_corrected_result_is_challenged_again<B: Backend>(backend: B) -> anyhow::Result<()> {
    let mut f = Fixture::new(backend)?;
    let (liar, watcher) = (f.account("liar")?, f.account("watcher")?);
    let d = f.delivered(b"nine, seed 5", None)?;
    let lie = f.trace(&d.input, Some(1), 64)?;
    let game = f.challenge(liar, &d, 0, &lie)?;
    let network = f.network.clone();
    f.imo.post_challenger_trace(game, liar, &network, &lie)?;
    f.let_deadline_pass()?;
    let r = f.imo.timeout_game(game, liar)?;
    ensure!(
        ended(&r)? == (CHALLENGER_WINS, true),
        "the silent node loses"
    );
    ensure!(redelivered(&r, d.id).as_deref() == Some(&lie.output[..]));
    let (bond, slash) = f.bond_and_slash();
    ensure!(
        f.round(d.id)? == (1, liar, bond, 0, false),
        "the liar defends"
    );
    // Round 1: the watcher challenges the corrected (wrong) result.
    let r1 = super::Delivered {
        id: d.id,
        input: d.input.clone(),
        node: lie.clone(),
        honest: d.honest.clone(),
    };
    let game = f.challenge(watcher, &r1, 1, &d.honest)?;
    ensure!(
        f.imo.game(game)?.defender == liar,
        "the liar defends round 1"
    );
    f.traces(game, [(watcher, &d.honest), (liar, &lie)])?;
    let before = f.protocol()?;
    let r = f.prove(game, watcher, &r1, &d.honest)?;
    ensure!(ended(&r)?.0 == CHALLENGER_WINS);
    ensure!(redelivered(&r, d.id).as_deref() == Some(&d.honest.output[..]));
    ensure!(
        f.credit(watcher)? == bond / U256::from(2),
        "half the liar's collateral"
    );
    ensure!(f.protocol()? - before == bond - bond / U256::from(2));
    ensure!(
        f.credit(liar)? == slash / U256::from(2),
        "its round-0 reward only"
    );
    ensure!(f.round(d.id)? == (2, watcher, bond, 0, false), "round 2");
    Ok(())
}

/// The arbiter cannot resolve a verifiable model's dispute, in either direction.
///
/// # Errors
///
/// When the arbiter's resolution is accepted.
pub fn the_arbiter_cannot_decide_a_game<B: Backend>(backend: B) -> anyhow::Result<()> {
    let mut f = Fixture::new(backend)?;
    let watcher = f.account("watcher")?;
    let d = f.delivered(b"a 3, seed 11", Some(2))?;
    f.challenge(watcher, &d, 0, &d.honest)?;
    let (owner, verifier) = (f.imo.owner, f.imo.c.verifier);
    for wins in [true, false] {
        let r = f.imo.send(
            owner,
            verifier,
            IImoAIOracleVerifier::resolveChallengeCall {
                requestId: d.id,
                challengerWins: wins,
                correctOutput: d.honest.output.clone().into(),
            },
            U256::ZERO,
        )?;
        ensure!(
            !r.success && selector_of(&r.output)? == IImoAIOracleVerifier::DisputeByGame::SELECTOR,
            "the arbiter resolved a game ({wins}): {}",
            r.describe()
        );
    }
    // Nor can anyone report a game's outcome but the game.
    let r = f.imo.send(
        owner,
        verifier,
        IImoAIOracleVerifier::onGameEndedCall {
            requestId: d.id,
            round: 0,
            challenger: watcher,
            outcome: CHALLENGER_WINS,
            output: d.honest.output.clone().into(),
        },
        U256::ZERO,
    )?;
    ensure!(
        !r.success && selector_of(&r.output)? == IImoAIOracleVerifier::NotDisputeGame::SELECTOR,
        "{}",
        r.describe()
    );
    // A challenge whose input is not the request's is refused.
    let other = f.account("another challenger")?;
    let r = f.imo.send(
        other,
        verifier,
        IImoAIOracleVerifier::challengeCall {
            requestId: d.id,
            claimedOutputHash: B256::repeat_byte(9),
            modelId: U256::from(f.imo.cfg.model_id),
            input: b"another prompt".to_vec().into(),
        },
        f.imo.cfg.challenge_bond,
    )?;
    ensure!(
        !r.success && selector_of(&r.output)? == IImoAIOracleVerifier::RequestMismatch::SELECTOR,
        "{}",
        r.describe()
    );
    Ok(())
}
