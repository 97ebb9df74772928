//! The model card states what the committed files are: this test re-measures them (hashes,
//! sizes, held-out accuracy, generator quality) and fails if `models/MODEL_CARD.md` says otherwise.

use std::path::Path;

use imo_model::{bundled, card, TinyKeccak};

#[test]
fn the_card_matches_the_committed_models() {
    let measured = card::Card::measure(
        &TinyKeccak,
        bundled::CLASSIFIER,
        bundled::GENERATOR,
        bundled::HELDOUT,
    )
    .expect("the committed models load")
    .to_string();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/MODEL_CARD.md");
    let text = std::fs::read_to_string(&path).expect("models/MODEL_CARD.md");
    let start = text
        .find(card::BEGIN)
        .expect("the card has a generated block");
    let end = text.find(card::END).expect("the generated block ends") + card::END.len() + 1;
    let stated = &text[start..end.min(text.len())];
    if stated != measured {
        let diff: Vec<String> = stated
            .lines()
            .zip(measured.lines())
            .filter(|(a, b)| a != b)
            .map(|(a, b)| format!("card:     {a}\nmeasured: {b}"))
            .collect();
        panic!(
            "models/MODEL_CARD.md disagrees with the committed models \
             (regenerate with `cargo run -p imo-model --release --example card -- --write`):\n{}",
            diff.join("\n")
        );
    }
}

#[test]
fn the_quality_is_what_a_useful_model_needs() {
    // Floors, far below the card's figures, so that a broken re-export cannot pass by also
    // rewriting the card.
    let c = card::Card::measure(
        &TinyKeccak,
        bundled::CLASSIFIER,
        bundled::GENERATOR,
        bundled::HELDOUT,
    )
    .unwrap();
    assert_eq!(c.heldout_len, 450);
    assert!(
        c.accuracy.overall.basis_points() >= 9500,
        "classifier accuracy"
    );
    assert!(
        c.quality.overall.basis_points() >= 9000,
        "generator quality"
    );
    assert!(c.quality.distinct >= 900, "the seed must matter");
}
