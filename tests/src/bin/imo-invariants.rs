//! The whole-system invariant fuzzer as a long run: `cargo run -p imo-e2e --release --bin
//! imo-invariants -- --long` (10,000,000 calls), or any seed range and size. Prints progress
//! (calls/s, checks, distinct paths) every thousand episodes and a shrunk failing sequence on
//! the first broken invariant (exit code 1).

use clap::Parser;
use imo_e2e::invariants::{Fuzzer, Report, Settings};

/// Random calls by every actor to the whole deployed system, with the accounting identities
/// checked after each.
#[derive(Parser)]
#[command(name = "imo-invariants")]
struct Args {
    /// The first episode's seed (episode i uses seed + i).
    #[arg(long, default_value_t = 0x1_0000)]
    seed: u64,
    /// Episodes to run.
    #[arg(long, default_value_t = 500)]
    episodes: u64,
    /// Calls per episode.
    #[arg(long, default_value_t = 200)]
    calls: usize,
    /// Ten million calls: 50,000 episodes of 200.
    #[arg(long)]
    long: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let episodes = if args.long { 50_000 } else { args.episodes };
    let mut fuzzer = Fuzzer::new()?;
    let started = std::time::Instant::now();
    let mut total = Report::default();
    let mut done = 0;
    while done < episodes {
        let batch = (episodes - done).min(1_000);
        let report = match fuzzer.run(Settings {
            seed: args.seed + done,
            episodes: batch,
            calls: args.calls,
        }) {
            Ok(report) => report,
            Err(failure) => {
                eprintln!("{failure}");
                std::process::exit(1);
            }
        };
        total.calls += report.calls;
        total.succeeded += report.succeeded;
        total.checks += report.checks;
        for (kind, outcomes) in report.paths {
            total.paths.entry(kind).or_default().extend(outcomes);
        }
        done += batch;
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "seeds {}..{}: {} calls ({} succeeded), {} checks, {} distinct paths, {seconds:.0} s \
             ({:.0} calls/s)",
            args.seed,
            args.seed + done,
            total.calls,
            total.succeeded,
            total.checks,
            total.distinct_paths(),
            total.calls as f64 / seconds
        );
    }
    println!("no invariant broken");
    Ok(())
}
