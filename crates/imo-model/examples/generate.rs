//! Runs the committed generator on a prompt, shows the image, the classifier's reading, and
//! the step trace with its state hashes `h_i` (what a node commits to in the opML game).
//!
//! `cargo run -p imo-model --example generate -- "a 7, seed 42"`

use std::process::ExitCode;

use imo_model::encoding::parse_prompt;
use imo_model::{bundled, state_hash, Model, TinyKeccak, MAX_OUTPUT};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn main() -> ExitCode {
    let prompt = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "a 7, seed 42".into());
    let (Ok(generator), Ok(classifier)) = (
        Model::parse(bundled::GENERATOR),
        Model::parse(bundled::CLASSIFIER),
    ) else {
        eprintln!("error: the committed models do not load");
        return ExitCode::FAILURE;
    };
    let p = parse_prompt(prompt.as_bytes());
    println!("prompt {prompt:?} -> digit {}, seed {}", p.digit, p.seed);
    let mut image = [0u8; MAX_OUTPUT];
    let traced = generator.trace(
        prompt.as_bytes(),
        |i, s| {
            println!(
                "h_{i} = 0x{} ({} bytes)",
                hex(&state_hash(&TinyKeccak, s)),
                s.len()
            )
        },
        &mut image,
    );
    if let Err(e) = traced {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    const SHADES: &[u8] = b" .:-=+*#%@";
    for row in image.chunks(8) {
        let line: String = row
            .iter()
            .map(|&p| SHADES[usize::from(p) * (SHADES.len() - 1) / 16] as char)
            .flat_map(|c| [c, c])
            .collect();
        println!("|{line}|");
    }
    let mut read = [0u8];
    match classifier.infer(&image, &mut read) {
        Ok(_) => println!("the classifier reads a {}", read[0]),
        Err(e) => eprintln!("error: {e}"),
    }
    ExitCode::SUCCESS
}
