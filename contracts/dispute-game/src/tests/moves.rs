//! The moves: the start, both traces and their checks, deadlines and timeouts for every phase,
//! a reporter that refuses an outcome, and the game's move bound.

use alloy_primitives::{keccak256, Address, B256, U256};
use motsu::prelude::*;

use super::*;
use crate::rules::*;
use crate::{ChallengerTracePosted, DefenderTracePosted, GameEnded, GameStarted};

fn hashes(case: &Case, wrong: Option<usize>) -> [u8; 32] {
    case.trace(wrong).output_hash()
}

#[motsu::test]
fn a_game_starts_with_the_challengers_trace_due(
    game: Contract<DisputeGame>,
    reporter: Contract<Reporter>,
    alice: Address,
    bob: Address,
) {
    game.sender(alice).constructor(MOVE_TIME);
    let case = Case::generator(b"a 7, seed 42");
    let (result, claim) = (hashes(&case, Some(2)), hashes(&case, None));
    let p = Play::start(&game, &reporter, [alice, bob], &case, [result, claim]);
    assert_eq!(p.id, 1);
    let g = game.sender(alice).get_game(1);
    assert_eq!(
        (g.0, g.1, g.2, g.3, g.4),
        (U256::from(REQUEST), 1, alice, bob, reporter.address())
    );
    assert_eq!((g.5, g.7, g.9), (PHASE_CHALLENGER_TRACE, 0, 0));
    game.assert_emitted(&GameStarted {
        gameId: 1,
        requestId: U256::from(REQUEST),
        challenger: alice,
        round: 1,
        defender: bob,
        reporter: reporter.address(),
        deadline: g.6,
    });
    let c = game.sender(alice).get_commitments(1);
    assert_eq!(
        (c.0, c.4, c.5),
        (case.commitment(), B256::from(result), B256::from(claim))
    );
    assert_eq!(game.sender(alice).game_count(), 1);
    assert_eq!(game.sender(alice).move_time(), MOVE_TIME);
    // Invalid games: equal claims, no party, a request id past 64 bits.
    let start = |c: Address, d: Address, r: [u8; 32], id: U256| {
        game.sender(reporter.address())
            .start(
                id,
                1,
                c,
                d,
                r.into(),
                claim.into(),
                B256::ZERO,
                B256::ZERO,
                B256::ZERO,
            )
            .motsu_res()
    };
    for (c, d, r, id) in [
        (alice, bob, claim, U256::from(1)),
        (Address::ZERO, bob, result, U256::from(1)),
        (alice, Address::ZERO, result, U256::from(1)),
        (alice, bob, result, U256::from(u64::MAX) + U256::from(1)),
    ] {
        assert!(matches!(start(c, d, r, id), Err(Error::InvalidGame(_))));
    }
    assert_eq!(game.sender(alice).game_count(), 1);
}

#[motsu::test]
fn the_challengers_trace_is_checked(
    game: Contract<DisputeGame>,
    reporter: Contract<Reporter>,
    alice: Address,
    bob: Address,
) {
    game.sender(alice).constructor(MOVE_TIME);
    let case = Case::generator(b"seven, seed 3");
    let honest = case.trace(None);
    let wrong = case.trace(Some(1));
    let p = Play::start(
        &game,
        &reporter,
        [alice, bob],
        &case,
        [wrong.output_hash(), honest.output_hash()],
    );
    let post = |by: Address, trace: &[[u8; 32]], program: &[u8], output: &[u8]| {
        game.sender(by)
            .post_challenger_trace(1, h256(trace), b(program), b(output))
            .motsu_res()
    };
    let program = case.program();
    assert!(matches!(
        post(bob, &honest.hashes, &program, &honest.output),
        Err(Error::NotYourMove(_))
    ));
    assert!(matches!(
        post(alice, &honest.hashes, &program[..8], &honest.output),
        Err(Error::ProgramMismatch(_))
    ));
    assert!(matches!(
        post(alice, &honest.hashes[1..], &program, &honest.output),
        Err(Error::TraceLength(_))
    ));
    assert!(matches!(
        post(alice, &wrong.hashes, &program, &honest.output),
        Err(Error::TraceEnd(_))
    ));
    assert!(matches!(
        post(alice, &honest.hashes, &program, &wrong.output),
        Err(Error::OutputMismatch(_))
    ));
    assert!(matches!(
        p.defender_posts(&wrong, &honest),
        Err(Error::WrongPhase(_))
    ));
    post(alice, &honest.hashes, &program, &honest.output).unwrap();
    let deadline = game.sender(alice).get_game(1).6;
    game.assert_emitted(&ChallengerTracePosted {
        gameId: 1,
        trace: h256(&honest.hashes),
        output: honest.output.clone().into(),
        deadline,
    });
    let g = game.sender(alice).get_game(1);
    assert_eq!(
        (g.5, g.7),
        (PHASE_DEFENDER_TRACE, 5),
        "L + 2 steps for 3 layers"
    );
    assert_eq!(
        game.sender(alice).challenger_output(1).0.to_vec(),
        honest.output
    );
    assert!(matches!(
        post(alice, &honest.hashes, &program, &honest.output),
        Err(Error::WrongPhase(_))
    ));
}

#[motsu::test]
fn an_output_of_the_wrong_length_is_refused(
    game: Contract<DisputeGame>,
    reporter: Contract<Reporter>,
    alice: Address,
    bob: Address,
) {
    game.sender(alice).constructor(MOVE_TIME);
    let case = Case::generator(b"2");
    let short = [1u8; 63];
    let mut trace = case.trace(None);
    let claim = keccak256(short).0;
    *trace.hashes.last_mut().unwrap() = claim;
    trace.output = short.to_vec();
    let p = Play::start(
        &game,
        &reporter,
        [alice, bob],
        &case,
        [case.trace(Some(0)).output_hash(), claim],
    );
    assert!(matches!(
        p.challenger_posts(&trace),
        Err(Error::OutputMismatch(_))
    ));
}

#[motsu::test]
fn the_defenders_trace_is_checked_and_fixes_the_disputed_step(
    game: Contract<DisputeGame>,
    reporter: Contract<Reporter>,
    alice: Address,
    bob: Address,
) {
    game.sender(alice).constructor(MOVE_TIME);
    let case = Case::generator(b"four seed 9");
    let honest = case.trace(None);
    let wrong = case.trace(Some(2));
    let p = Play::start(
        &game,
        &reporter,
        [alice, bob],
        &case,
        [wrong.output_hash(), honest.output_hash()],
    );
    p.challenger_posts(&honest).unwrap();
    let mut altered = honest.clone();
    altered.hashes[0][0] ^= 1;
    assert!(matches!(
        p.defender_posts(&wrong, &altered),
        Err(Error::TraceMismatch(_))
    ));
    assert!(matches!(
        p.defender_posts(&honest, &honest),
        Err(Error::TraceEnd(_))
    ));
    let mut short = wrong.clone();
    short.hashes.remove(0);
    assert!(matches!(
        p.defender_posts(&short, &honest),
        Err(Error::TraceLength(_))
    ));
    assert!(matches!(
        game.sender(alice)
            .post_defender_trace(1, h256(&wrong.hashes), h256(&honest.hashes))
            .motsu_res(),
        Err(Error::NotYourMove(_))
    ));
    p.defender_posts(&wrong, &honest).unwrap();
    let g = game.sender(alice).get_game(1);
    assert_eq!((g.5, g.8), (PHASE_ONE_STEP, 2));
    game.assert_emitted(&DefenderTracePosted {
        gameId: 1,
        trace: h256(&wrong.hashes),
        divergence: 2,
        deadline: g.6,
    });
    let c = game.sender(alice).get_commitments(1);
    assert_eq!(
        (c.3, c.4, c.5),
        (
            honest.hashes[1].into(),
            wrong.hashes[2].into(),
            honest.hashes[2].into()
        ),
        "agreed h_1, then both h_2"
    );
}

/// Plays a game to `phase` (the challenger honest, the defender wrong at layer step 2), then
/// lets the deadline pass: returns the play for the checks.
fn stall_in<'a>(
    game: &'a Contract<DisputeGame>,
    reporter: &'a Contract<Reporter>,
    parties: [Address; 2],
    case: &'a Case,
    phase: u8,
) -> Play<'a> {
    let honest = case.trace(None);
    let wrong = case.trace(Some(2));
    let p = Play::start(
        game,
        reporter,
        parties,
        case,
        [wrong.output_hash(), honest.output_hash()],
    );
    if phase >= PHASE_DEFENDER_TRACE {
        p.challenger_posts(&honest).unwrap();
    }
    if phase >= PHASE_ONE_STEP {
        p.defender_posts(&wrong, &honest).unwrap();
    }
    if phase >= PHASE_DEFENDER_REVEAL {
        p.reveal(&honest.states[2]).unwrap();
    }
    if phase >= PHASE_ROW_STEP {
        p.reveal(&wrong.states[2]).unwrap();
    }
    assert_eq!(p.state().0, phase);
    p
}

#[motsu::test]
fn a_missed_deadline_decides_for_the_party_that_moved_last(
    game: Contract<DisputeGame>,
    reporter: Contract<Reporter>,
    alice: Address,
    bob: Address,
) {
    game.sender(alice).constructor(MOVE_TIME);
    let case = Case::generator(b"nine, seed 77");
    let honest = case.trace(None);
    for (phase, winner) in [
        (PHASE_CHALLENGER_TRACE, DEFENDER_WINS),
        (PHASE_DEFENDER_TRACE, CHALLENGER_WINS),
        (PHASE_ONE_STEP, DEFENDER_WINS),
        (PHASE_DEFENDER_REVEAL, CHALLENGER_WINS),
        (PHASE_ROW_STEP, DEFENDER_WINS),
    ] {
        let p = stall_in(&game, &reporter, [alice, bob], &case, phase);
        assert!(matches!(
            game.sender(alice).timeout(p.id).motsu_res(),
            Err(Error::DeadlineNotPassed(_))
        ));
        advance(MOVE_TIME);
        assert!(
            matches!(
                game.sender(alice).timeout(p.id).motsu_res(),
                Err(Error::DeadlineNotPassed(_))
            ),
            "the deadline itself is still in time"
        );
        p.time_out().unwrap();
        p.assert_ended(winner, &honest.output);
        game.assert_emitted(&GameEnded {
            gameId: p.id,
            requestId: U256::from(REQUEST),
            challenger: alice,
            outcome: winner,
            timedOut: true,
        });
        assert_eq!(timeout_winner(phase), Some(winner));
        assert!(matches!(p.time_out(), Err(Error::WrongPhase(_))), "ended");
        assert!(matches!(
            p.reveal(&honest.states[2]),
            Err(Error::WrongPhase(_))
        ));
    }
    assert!(matches!(
        game.sender(alice).timeout(99).motsu_res(),
        Err(Error::UnknownGame(_))
    ));
}

#[motsu::test]
fn a_move_after_its_deadline_is_refused(
    game: Contract<DisputeGame>,
    reporter: Contract<Reporter>,
    alice: Address,
    bob: Address,
) {
    game.sender(alice).constructor(MOVE_TIME);
    let case = Case::generator(b"one");
    let honest = case.trace(None);
    let wrong = case.trace(Some(3));
    let p = Play::start(
        &game,
        &reporter,
        [alice, bob],
        &case,
        [wrong.output_hash(), honest.output_hash()],
    );
    advance(MOVE_TIME + 1);
    assert!(matches!(
        p.challenger_posts(&honest),
        Err(Error::DeadlinePassed(_))
    ));
}

#[motsu::test]
fn a_refused_outcome_reverts_the_move_which_can_be_retried(
    game: Contract<DisputeGame>,
    reporter: Contract<Reporter>,
    alice: Address,
    bob: Address,
) {
    game.sender(alice).constructor(MOVE_TIME);
    let case = Case::generator(b"five seed 5");
    let honest = case.trace(None);
    let wrong = case.trace(Some(4));
    let p = Play::start(
        &game,
        &reporter,
        [alice, bob],
        &case,
        [wrong.output_hash(), honest.output_hash()],
    );
    p.challenger_posts(&honest).unwrap();
    p.defender_posts(&wrong, &honest).unwrap();
    reporter.sender(alice).set_refuse(true);
    assert!(matches!(
        p.prove(alice, &honest),
        Err(Error::ReporterFailed(_))
    ));
    assert_eq!(p.state().0, PHASE_ONE_STEP, "nothing changed");
    reporter.sender(alice).set_refuse(false);
    p.prove(alice, &honest).unwrap();
    p.assert_ended(CHALLENGER_WINS, &honest.output);
}

#[motsu::test]
fn a_game_ends_within_its_move_bound(
    game: Contract<DisputeGame>,
    reporter: Contract<Reporter>,
    alice: Address,
    bob: Address,
) {
    game.sender(alice).constructor(MOVE_TIME);
    let case = Case::generator(b"eight, seed 8");
    let honest = case.trace(None);
    let wrong = case.trace(Some(2));
    // Whole layer: challenger's trace, defender's trace, the proof.
    let p = Play::start(
        &game,
        &reporter,
        [alice, bob],
        &case,
        [wrong.output_hash(), honest.output_hash()],
    );
    let mut moves = 0;
    p.challenger_posts(&honest).unwrap();
    moves += 1;
    p.defender_posts(&wrong, &honest).unwrap();
    moves += 1;
    p.prove(alice, &honest).unwrap();
    moves += 1;
    assert_eq!(p.state().0, PHASE_ENDED);
    assert_eq!(moves, 3);
    // By row block: two traces, two reveals, the proof; each phase with one deadline.
    let p = Play::start(
        &game,
        &reporter,
        [alice, bob],
        &case,
        [wrong.output_hash(), honest.output_hash()],
    );
    let started = imo_common::clock::offset();
    let mut moves = 0;
    for step in 0..MAX_MOVES {
        match step {
            0 => p.challenger_posts(&honest).unwrap(),
            1 => p.defender_posts(&wrong, &honest).unwrap(),
            2 => p.reveal(&honest.states[2]).unwrap(),
            3 => p.reveal(&wrong.states[2]).unwrap(),
            _ => p
                .prove_rows(alice, &honest, &wrong.states[2], &honest.states[2])
                .unwrap(),
        }
        moves += 1;
        // Every move is made at the last second of its deadline: still in time.
        advance(MOVE_TIME);
    }
    assert_eq!((moves, p.state().0), (MAX_MOVES, PHASE_ENDED));
    assert!(imo_common::clock::offset() - started <= MAX_MOVES as u64 * MOVE_TIME);
    p.assert_ended(CHALLENGER_WINS, &honest.output);
}
