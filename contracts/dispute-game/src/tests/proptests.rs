//! Property test: for random small models, random inputs and random lies (a wrong step computed
//! on from, or garbage hashes from some step on), with random strategies on both sides (the liar
//! stalls, answers, reveals to force the proof by row block; the honest side proves the whole
//! layer or by row block, or waits for the deadline), the honest party wins every game, and a
//! winning honest challenger's output is what the reporter hears.

use alloc::{vec, vec::Vec};

use alloy_primitives::{keccak256, Address};
use imo_model::build::{model_file, random_layer};
use imo_model::dispute::Trace;
use imo_model::{Activation, Model, Task, TinyKeccak};
use motsu::prelude::*;
use proptest::prelude::*;

use super::*;
use crate::rules::*;

/// How the dishonest party's trace is wrong.
#[derive(Clone, Debug)]
enum Lie {
    /// Step `k` computed wrong (moved by `delta`), every later step computed from it.
    WrongStep { k: usize, delta: u8 },
    /// Random hashes from step `k` on, and a random output.
    Garbage { k: usize, seed: u8 },
}

/// What the dishonest party does.
#[derive(Clone, Copy, Debug)]
enum Liar {
    /// Never posts its trace.
    Stalls,
    /// Posts its trace, then does nothing more.
    Posts,
    /// Posts its trace and reveals its state when it can (forcing a proof by row block).
    Reveals,
}

#[derive(Clone, Debug)]
struct Scenario {
    noise: usize,
    hidden: Vec<(usize, usize)>,
    last_rows: usize,
    weights: u64,
    prompt: u32,
    honest_challenger: bool,
    lie: Lie,
    liar: Liar,
    by_rows: bool,
    honest_defender_proves: bool,
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        1usize..5,
        prop::collection::vec((1usize..12, 1usize..12), 0..3),
        1usize..=64,
        any::<u64>(),
        any::<u32>(),
        any::<bool>(),
        (0usize..6, any::<u8>(), any::<bool>()),
        0u8..3,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(
                noise,
                hidden,
                last_rows,
                weights,
                prompt,
                honest_challenger,
                lie,
                liar,
                by_rows,
                proves,
            )| {
                let layers = hidden.len() + 1;
                let k = lie.0 % (layers + 2);
                Scenario {
                    noise,
                    hidden,
                    last_rows,
                    weights,
                    prompt,
                    honest_challenger,
                    lie: if lie.2 {
                        Lie::WrongStep {
                            k,
                            delta: lie.1 | 1,
                        }
                    } else {
                        Lie::Garbage { k, seed: lie.1 }
                    },
                    liar: [Liar::Stalls, Liar::Posts, Liar::Reveals][liar as usize],
                    by_rows,
                    honest_defender_proves: proves,
                }
            },
        )
}

/// A generator with `10 + noise` inputs, the hidden layers (width, rows per block) and 64
/// outputs.
fn model(s: &Scenario) -> Vec<u8> {
    let mut blocks = Vec::new();
    let mut width = 10 + s.noise;
    for (i, &(out, rows)) in s.hidden.iter().enumerate() {
        let act = if i % 2 == 0 {
            Activation::Relu
        } else {
            Activation::Identity
        };
        blocks.push(random_layer(act, width, out, rows.min(out), s.weights ^ i as u64).unwrap());
        width = out;
    }
    blocks.push(
        random_layer(
            Activation::Relu,
            width,
            64,
            s.last_rows,
            s.weights.rotate_left(7),
        )
        .unwrap(),
    );
    model_file(Task::Generator, &blocks).unwrap()
}

/// The dishonest party's trace, or `None` when the lie changes nothing.
fn lie(case: &Case, honest: &Trace, lie: &Lie) -> Option<Trace> {
    let model = Model::parse(&case.file).unwrap();
    let t = match *lie {
        Lie::WrongStep { k, delta } => {
            Trace::with_wrong_step_by(&model, &case.input, Some(k), delta, &TinyKeccak).unwrap()
        }
        Lie::Garbage { k, seed } => {
            let mut t = honest.clone();
            let n = t.hashes.len();
            for (i, h) in t.hashes.iter_mut().enumerate().skip(k) {
                *h = keccak256([seed, i as u8, 0xee]).0;
            }
            t.output = (0..64).map(|i| (seed as usize + i) as u8 % 17).collect();
            t.hashes[n - 1] = keccak256(&t.output).0;
            // No state of this trace is known past step k.
            t.states.truncate(k.min(t.states.len()));
            t
        }
    };
    (t.output != honest.output).then_some(t)
}

/// Plays one scenario; returns the outcome.
fn play(s: &Scenario) -> Option<(u8, Vec<u8>, Vec<u8>)> {
    let game: Contract<DisputeGame> = Contract::new();
    let reporter: Contract<Reporter> = Contract::new();
    let (alice, bob) = (Address::repeat_byte(0xa1), Address::repeat_byte(0xb0));
    game.sender(alice).constructor(MOVE_TIME);
    let case = Case {
        file: model(s),
        input: format!("{} seed {}", s.prompt % 10, s.prompt).into_bytes(),
    };
    let honest = case.trace(None);
    let liar = lie(&case, &honest, &s.lie)?;
    let (challenger, defender) = if s.honest_challenger {
        (&honest, &liar)
    } else {
        (&liar, &honest)
    };
    let p = Play::start(
        &game,
        &reporter,
        [alice, bob],
        &case,
        [defender.output_hash(), challenger.output_hash()],
    );
    let liar_moves =
        |phase_is_liars_trace: bool| !(phase_is_liars_trace && matches!(s.liar, Liar::Stalls));
    // Moves made after the start (timeouts included): the game's bound is MAX_MOVES whatever
    // the number of layers L and of row blocks R.
    let mut moves = 0;
    // 1. The challenger's trace.
    if s.honest_challenger || liar_moves(true) {
        p.challenger_posts(challenger).unwrap();
        moves += 1;
    }
    // 2. The defender's trace.
    if p.state().0 == PHASE_DEFENDER_TRACE && (!s.honest_challenger || liar_moves(true)) {
        p.defender_posts(defender, challenger).unwrap();
        moves += 1;
    }
    // 3. The proof, the reveals, or the deadlines.
    let layers = case.model().num_layers();
    for _ in 0..4 {
        let (phase, d, _) = p.state();
        let d = usize::from(d);
        let layer_step = (1..=layers).contains(&d);
        let liars_state = liar.states.get(d).filter(|_| layer_step);
        match phase {
            PHASE_ONE_STEP if s.honest_challenger && layer_step && s.by_rows => {
                p.reveal(&honest.states[d]).unwrap();
            }
            PHASE_ONE_STEP if s.honest_challenger => p.prove(alice, &honest).unwrap(),
            PHASE_ONE_STEP if matches!(s.liar, Liar::Reveals) && liars_state.is_some() => {
                p.reveal(liars_state.unwrap()).unwrap();
            }
            PHASE_ONE_STEP if s.honest_defender_proves && !(layer_step && s.by_rows) => {
                p.prove(bob, &honest).unwrap();
            }
            PHASE_DEFENDER_REVEAL if !s.honest_challenger => p.reveal(&honest.states[d]).unwrap(),
            PHASE_DEFENDER_REVEAL if matches!(s.liar, Liar::Reveals) && liars_state.is_some() => {
                p.reveal(liars_state.unwrap()).unwrap();
            }
            PHASE_ROW_STEP if s.honest_challenger => {
                p.prove_rows(alice, &honest, &liar.states[d], &honest.states[d])
                    .unwrap();
            }
            PHASE_ROW_STEP if s.honest_defender_proves => {
                p.prove_rows(bob, &honest, &honest.states[d], &liar.states[d])
                    .unwrap();
            }
            PHASE_ENDED => break,
            _ => p.time_out().unwrap(),
        }
        moves += 1;
    }
    let (phase, _, outcome) = p.state();
    assert_eq!(phase, PHASE_ENDED, "{s:?}");
    assert!(moves <= MAX_MOVES, "{moves} moves: {s:?}");
    let reported = p.reported();
    assert_eq!((reported.0, reported.1), (1, outcome));
    Some((outcome, reported.3, honest.output.clone()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_honest_party_wins_every_game(s in scenario()) {
        let Some((outcome, reported_output, honest_output)) = play(&s) else {
            // The lie did not change the output: there is nothing to dispute.
            return Ok(());
        };
        if s.honest_challenger {
            prop_assert_eq!(outcome, CHALLENGER_WINS, "{:?}", s);
            prop_assert_eq!(reported_output, honest_output);
        } else {
            prop_assert_eq!(outcome, DEFENDER_WINS, "{:?}", s);
            prop_assert!(reported_output.is_empty());
        }
    }
}

#[test]
fn the_property_covers_every_kind_of_game() {
    // The strategy reaches each lie and each strategy (a smoke check of the generator).
    let s = Scenario {
        noise: 2,
        hidden: vec![(5, 2), (7, 3)],
        last_rows: 16,
        weights: 42,
        prompt: 7,
        honest_challenger: true,
        lie: Lie::WrongStep { k: 2, delta: 9 },
        liar: Liar::Reveals,
        by_rows: true,
        honest_defender_proves: false,
    };
    let (outcome, output, honest) = play(&s).expect("a real dispute");
    assert_eq!((outcome, output), (CHALLENGER_WINS, honest));
    let s = Scenario {
        honest_challenger: false,
        liar: Liar::Reveals,
        ..s
    };
    assert_eq!(play(&s).unwrap().0, DEFENDER_WINS);
    let _ = vec![0u8];
}
