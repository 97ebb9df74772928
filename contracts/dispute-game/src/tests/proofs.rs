//! The one-step proofs: every step position won by the honest side (challenger or defender),
//! both sides wrong, proofs by row block, and forged proofs (wrong Merkle path, wrong state
//! preimage, wrong parameters, wrong row block) refused.

use alloy_primitives::{Address, B256, U256};
use imo_model::dispute::{layer_path, row_block, Trace};
use imo_model::TinyKeccak;
use motsu::prelude::*;

use super::*;
use crate::rules::*;

/// The challenger honest, the defender wrong at `step`: the challenger proves and wins.
fn challenger_proves(
    game: &Contract<DisputeGame>,
    reporter: &Contract<Reporter>,
    parties: [Address; 2],
    case: &Case,
    step: usize,
) {
    let honest = case.trace(None);
    let wrong = case.trace(Some(step));
    let p = Play::start(
        game,
        reporter,
        parties,
        case,
        [wrong.output_hash(), honest.output_hash()],
    );
    p.challenger_posts(&honest).unwrap();
    p.defender_posts(&wrong, &honest).unwrap();
    assert_eq!(usize::from(p.state().1), step);
    p.prove(parties[0], &honest).unwrap();
    p.assert_ended(CHALLENGER_WINS, &honest.output);
}

/// The defender honest, the challenger wrong at `step`: the defender proves and wins.
fn defender_proves(
    game: &Contract<DisputeGame>,
    reporter: &Contract<Reporter>,
    parties: [Address; 2],
    case: &Case,
    step: usize,
) {
    let honest = case.trace(None);
    let wrong = case.trace(Some(step));
    let p = Play::start(
        game,
        reporter,
        parties,
        case,
        [honest.output_hash(), wrong.output_hash()],
    );
    p.challenger_posts(&wrong).unwrap();
    p.defender_posts(&honest, &wrong).unwrap();
    assert_eq!(usize::from(p.state().1), step);
    p.prove(parties[1], &honest).unwrap();
    p.assert_ended(DEFENDER_WINS, &[]);
}

#[motsu::test]
fn the_honest_side_wins_at_every_step_position(
    game: Contract<DisputeGame>,
    reporter: Contract<Reporter>,
    alice: Address,
    bob: Address,
) {
    game.sender(alice).constructor(MOVE_TIME);
    let case = Case::generator(b"a 3, seed 11");
    // Steps: 0 encode, 1 first layer, 2 middle layer, 3 last layer, 4 decode.
    for step in 0..=4 {
        challenger_proves(&game, &reporter, [alice, bob], &case, step);
        defender_proves(&game, &reporter, [alice, bob], &case, step);
    }
    let classifier = Case {
        file: bundled::CLASSIFIER.to_vec(),
        input: (0..64).map(|i| (i % 17) as u8).collect(),
    };
    for step in 0..=3 {
        challenger_proves(&game, &reporter, [alice, bob], &classifier, step);
        defender_proves(&game, &reporter, [alice, bob], &classifier, step);
    }
}

#[motsu::test]
fn both_sides_wrong_at_the_same_step_both_lose(
    game: Contract<DisputeGame>,
    reporter: Contract<Reporter>,
    alice: Address,
    bob: Address,
) {
    game.sender(alice).constructor(MOVE_TIME);
    let case = Case::generator(b"six seed 6");
    let model = case.model();
    for step in 0..=4 {
        let a =
            Trace::with_wrong_step_by(&model, &case.input, Some(step), 64, &TinyKeccak).unwrap();
        let c =
            Trace::with_wrong_step_by(&model, &case.input, Some(step), 37, &TinyKeccak).unwrap();
        let p = Play::start(
            &game,
            &reporter,
            [alice, bob],
            &case,
            [a.output_hash(), c.output_hash()],
        );
        p.challenger_posts(&c).unwrap();
        p.defender_posts(&a, &c).unwrap();
        assert_eq!(usize::from(p.state().1), step);
        p.prove(alice, &c).unwrap();
        p.assert_ended(BOTH_LOSE, &[]);
    }
}

#[motsu::test]
fn an_input_the_task_cannot_encode_makes_both_lose(
    game: Contract<DisputeGame>,
    reporter: Contract<Reporter>,
    alice: Address,
    bob: Address,
) {
    game.sender(alice).constructor(MOVE_TIME);
    // A classifier asked about 3 bytes: no trace is right, whatever the parties claim.
    let case = Case {
        file: bundled::CLASSIFIER.to_vec(),
        input: b"abc".to_vec(),
    };
    let fake = |seed: u8| {
        let mut t = Case {
            file: case.file.clone(),
            input: vec![seed; 64],
        }
        .trace(None);
        t.hashes[0] = [seed; 32];
        t.output = vec![seed];
        *t.hashes.last_mut().unwrap() = alloy_primitives::keccak256([seed]).0;
        t
    };
    let (d, c) = (fake(1), fake(2));
    let p = Play::start(
        &game,
        &reporter,
        [alice, bob],
        &case,
        [d.output_hash(), c.output_hash()],
    );
    p.challenger_posts(&c).unwrap();
    p.defender_posts(&d, &c).unwrap();
    assert_eq!(p.state().1, 0);
    assert!(
        matches!(
            game.sender(alice)
                .prove_input(p.id, U256::from(MODEL_ID + 1), b(&case.input))
                .motsu_res(),
            Err(Error::StateMismatch(_))
        ),
        "another model's request"
    );
    assert!(
        matches!(
            game.sender(alice)
                .prove_input(p.id, U256::from(MODEL_ID), b(b"abd"))
                .motsu_res(),
            Err(Error::StateMismatch(_))
        ),
        "another input"
    );
    p.prove(alice, &c).unwrap();
    p.assert_ended(BOTH_LOSE, &[]);
}

#[motsu::test]
fn a_layer_proven_by_row_block_decides_like_the_whole_layer(
    game: Contract<DisputeGame>,
    reporter: Contract<Reporter>,
    alice: Address,
    bob: Address,
) {
    game.sender(alice).constructor(MOVE_TIME);
    let case = Case::generator(b"zero seed 1234");
    let honest = case.trace(None);
    for step in 1..=3 {
        let wrong = case.trace(Some(step));
        // The challenger is right: it reveals, the defender must reveal, the challenger proves.
        let p = Play::start(
            &game,
            &reporter,
            [alice, bob],
            &case,
            [wrong.output_hash(), honest.output_hash()],
        );
        p.challenger_posts(&honest).unwrap();
        p.defender_posts(&wrong, &honest).unwrap();
        assert!(
            matches!(p.reveal(&wrong.states[step]), Err(Error::StateMismatch(_))),
            "the challenger's first"
        );
        p.reveal(&honest.states[step]).unwrap();
        assert_eq!(p.state().0, PHASE_DEFENDER_REVEAL);
        p.reveal(&wrong.states[step]).unwrap();
        assert_eq!(p.state().0, PHASE_ROW_STEP);
        p.prove_rows(alice, &honest, &wrong.states[step], &honest.states[step])
            .unwrap();
        p.assert_ended(CHALLENGER_WINS, &honest.output);
        // The defender is right: a lying challenger forces the reveals; the defender proves.
        let p = Play::start(
            &game,
            &reporter,
            [alice, bob],
            &case,
            [honest.output_hash(), wrong.output_hash()],
        );
        p.challenger_posts(&wrong).unwrap();
        p.defender_posts(&honest, &wrong).unwrap();
        p.reveal(&wrong.states[step]).unwrap();
        p.reveal(&honest.states[step]).unwrap();
        p.prove_rows(bob, &honest, &honest.states[step], &wrong.states[step])
            .unwrap();
        p.assert_ended(DEFENDER_WINS, &[]);
    }
}

#[motsu::test]
fn forged_proofs_are_refused(
    game: Contract<DisputeGame>,
    reporter: Contract<Reporter>,
    alice: Address,
    bob: Address,
) {
    game.sender(alice).constructor(MOVE_TIME);
    let case = Case::generator(b"two seed 2");
    let model = case.model();
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
    p.defender_posts(&wrong, &honest).unwrap();
    let id = p.id;
    let mut g = game.sender(alice);
    let path = h256(&layer_path(&model, 1, &TinyKeccak).unwrap());
    let block = model.layer_block(1).unwrap();
    // A state that is not the agreed s_1.
    let e = g
        .prove_layer(id, b(&honest.states[0]), b(block), path.clone())
        .motsu_res();
    assert!(
        matches!(e, Err(Error::StateMismatch(_))),
        "wrong state preimage"
    );
    // Another layer's parameters (with their own valid path): not layer 1 of the model.
    let other = h256(&layer_path(&model, 0, &TinyKeccak).unwrap());
    let e = g
        .prove_layer(
            id,
            b(&honest.states[1]),
            b(model.layer_block(0).unwrap()),
            other,
        )
        .motsu_res();
    assert!(
        matches!(e, Err(Error::InvalidModelProof(_))),
        "another layer"
    );
    // Tampered weights with the honest path.
    let mut tampered = block.to_vec();
    *tampered.last_mut().unwrap() ^= 1;
    let e = g
        .prove_layer(id, b(&honest.states[1]), b(&tampered), path.clone())
        .motsu_res();
    assert!(
        matches!(e, Err(Error::InvalidModelProof(_))),
        "tampered weights"
    );
    // A wrong Merkle path.
    let mut bad_path = path.clone();
    bad_path[0] = B256::repeat_byte(9);
    let e = g
        .prove_layer(id, b(&honest.states[1]), b(block), bad_path.clone())
        .motsu_res();
    assert!(matches!(e, Err(Error::InvalidModelProof(_))), "wrong path");
    let e = g
        .prove_layer(id, b(&honest.states[1]), b(block), path[1..].to_vec())
        .motsu_res();
    assert!(matches!(e, Err(Error::InvalidModelProof(_))), "short path");
    let e = g
        .prove_layer(id, b(&honest.states[1]), b(&block[..100]), path.clone())
        .motsu_res();
    assert!(
        matches!(e, Err(Error::InvalidParameters(_))),
        "garbage parameters"
    );
    // Proofs of another kind of step.
    let e = g.prove_output(id, b(&honest.states[3])).motsu_res();
    assert!(matches!(e, Err(Error::WrongStep(_))));
    let e = g
        .prove_input(id, U256::from(MODEL_ID), b(&case.input))
        .motsu_res();
    assert!(matches!(e, Err(Error::WrongStep(_))));
    drop(g);
    // Row blocks: both states revealed, then a forged block, path or state.
    p.reveal(&honest.states[2]).unwrap();
    p.reveal(&wrong.states[2]).unwrap();
    let first =
        crate::rules::first_differing_block(128, 16, &wrong.states[2], &honest.states[2]).unwrap();
    let other_block = (first + 1) % 8;
    let rb = row_block(&model, 1, other_block, &TinyKeccak).unwrap();
    let mut g = game.sender(alice);
    let e = g
        .prove_row_block(
            id,
            b(&honest.states[1]),
            b(&wrong.states[2]),
            b(&honest.states[2]),
            b(&rb.header),
            rb.rows_root.into(),
            h256(&rb.model_path),
            b(&rb.rows),
            h256(&rb.row_path),
        )
        .motsu_res();
    assert!(
        matches!(e, Err(Error::InvalidRowProof(_))),
        "not the first differing block"
    );
    let rb = row_block(&model, 1, first, &TinyKeccak).unwrap();
    let mut bad_rows = h256(&rb.row_path);
    bad_rows[0] = B256::repeat_byte(3);
    let e = g
        .prove_row_block(
            id,
            b(&honest.states[1]),
            b(&wrong.states[2]),
            b(&honest.states[2]),
            b(&rb.header),
            rb.rows_root.into(),
            h256(&rb.model_path),
            b(&rb.rows),
            bad_rows,
        )
        .motsu_res();
    assert!(
        matches!(e, Err(Error::InvalidRowProof(_))),
        "wrong row path"
    );
    let e = g
        .prove_row_block(
            id,
            b(&honest.states[1]),
            b(&wrong.states[2]),
            b(&honest.states[2]),
            b(&rb.header),
            B256::repeat_byte(4),
            h256(&rb.model_path),
            b(&rb.rows),
            h256(&rb.row_path),
        )
        .motsu_res();
    assert!(
        matches!(e, Err(Error::InvalidModelProof(_))),
        "a rows root not in the model"
    );
    let e = g
        .prove_row_block(
            id,
            b(&honest.states[1]),
            b(&honest.states[2]),
            b(&honest.states[2]),
            b(&rb.header),
            rb.rows_root.into(),
            h256(&rb.model_path),
            b(&rb.rows),
            h256(&rb.row_path),
        )
        .motsu_res();
    assert!(
        matches!(e, Err(Error::StateMismatch(_))),
        "the defender's state replaced"
    );
    drop(g);
    p.prove_rows(alice, &honest, &wrong.states[2], &honest.states[2])
        .unwrap();
    p.assert_ended(CHALLENGER_WINS, &honest.output);
}

#[motsu::test]
fn reveals_exist_only_for_layer_steps(
    game: Contract<DisputeGame>,
    reporter: Contract<Reporter>,
    alice: Address,
    bob: Address,
) {
    game.sender(alice).constructor(MOVE_TIME);
    let case = Case::generator(b"1 seed 1");
    let honest = case.trace(None);
    for step in [0, 4] {
        let wrong = case.trace(Some(step));
        let p = Play::start(
            &game,
            &reporter,
            [alice, bob],
            &case,
            [wrong.output_hash(), honest.output_hash()],
        );
        assert!(
            matches!(p.reveal(&honest.states[0]), Err(Error::WrongPhase(_))),
            "before the traces"
        );
        p.challenger_posts(&honest).unwrap();
        p.defender_posts(&wrong, &honest).unwrap();
        assert!(matches!(
            p.reveal(&honest.states[0]),
            Err(Error::WrongStep(_))
        ));
        p.prove(alice, &honest).unwrap();
    }
}
