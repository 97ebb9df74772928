//! The whole-system invariant fuzzer (`imo_e2e::invariants`) on the compiled WASM: first every
//! sequence of the regression corpus (`tests/corpus/invariants.jsonl`), then random episodes.
//!
//! `IMO_INVARIANT_SEED` (default fixed), `IMO_INVARIANT_EPISODES` and `IMO_INVARIANT_CALLS`
//! (calls per episode) vary and scale the run; each of the two tests runs half the episodes
//! from its own seed range. `cargo run -p imo-e2e --release --bin imo-invariants -- --long`
//! runs millions.

use imo_e2e::invariants::{Action, Fuzzer, Settings};

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn fuzz(half: u64) {
    let mut fuzzer = Fuzzer::new().unwrap_or_else(|e| panic!("setup: {e:#}"));
    let episodes = env_or("IMO_INVARIANT_EPISODES", 250);
    let calls = usize::try_from(env_or("IMO_INVARIANT_CALLS", 200)).expect("a small number");
    let seed = env_or("IMO_INVARIANT_SEED", 0x1_0000) + half * episodes;
    let started = std::time::Instant::now();
    match fuzzer.run(Settings {
        seed,
        episodes,
        calls,
    }) {
        Ok(report) => {
            let seconds = started.elapsed().as_secs_f64();
            println!(
                "seeds {seed}..{}: {} calls ({} succeeded) in {seconds:.1} s ({:.0} calls/s), \
                 {} identity checks, {} distinct (action, outcome) paths",
                seed + episodes,
                report.calls,
                report.succeeded,
                report.calls as f64 / seconds,
                report.checks,
                report.distinct_paths()
            );
            for (kind, outcomes) in &report.paths {
                println!(
                    "  {kind}: {}",
                    outcomes.iter().cloned().collect::<Vec<_>>().join(" ")
                );
            }
        }
        Err(failure) => panic!("{failure}"),
    }
}

#[test]
fn the_regression_corpus_keeps_every_invariant() {
    let corpus = include_str!("../corpus/invariants.jsonl");
    let mut fuzzer = Fuzzer::new().unwrap_or_else(|e| panic!("setup: {e:#}"));
    let mut replayed = 0;
    for (n, line) in corpus.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let actions: Vec<Action> =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("corpus line {}: {e}", n + 1));
        if let Err((at, message)) = fuzzer.replay(&actions) {
            panic!("corpus line {} fails at action {at}: {message}", n + 1);
        }
        replayed += 1;
    }
    assert!(replayed > 0, "the corpus is empty");
}

#[test]
fn random_calls_by_every_actor_keep_every_invariant_first_half() {
    fuzz(0);
}

#[test]
fn random_calls_by_every_actor_keep_every_invariant_second_half() {
    fuzz(1);
}
