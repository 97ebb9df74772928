//! Prints the measured block of `models/MODEL_CARD.md` (architecture, sizes, hashes, quality)
//! from the committed model files; with `--write`, replaces that block in the card.
//!
//! `cargo run -p imo-model --release --example card [-- --write]`

use std::{fs, path::Path, process::ExitCode};

use imo_model::{bundled, card, TinyKeccak};

fn main() -> ExitCode {
    let card = match card::Card::measure(
        &TinyKeccak,
        bundled::CLASSIFIER,
        bundled::GENERATOR,
        bundled::HELDOUT,
    ) {
        Ok(card) => card.to_string(),
        Err(e) => {
            eprintln!("error: the committed models do not load: {e}");
            return ExitCode::FAILURE;
        }
    };
    if !std::env::args().any(|a| a == "--write") {
        print!("{card}");
        return ExitCode::SUCCESS;
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/MODEL_CARD.md");
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: reading {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let (Some(start), Some(end)) = (text.find(card::BEGIN), text.find(card::END)) else {
        eprintln!("error: {} has no generated block", path.display());
        return ExitCode::FAILURE;
    };
    let end = end + card::END.len() + 1; // and its newline
    let updated = format!("{}{card}{}", &text[..start], text.get(end..).unwrap_or(""));
    if let Err(e) = fs::write(&path, updated) {
        eprintln!("error: writing {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    println!("updated {}", path.display());
    ExitCode::SUCCESS
}
