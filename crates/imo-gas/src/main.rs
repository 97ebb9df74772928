//! `imo-gas [--write | --check]`: measures every operation and prints the tables; `--write`
//! rewrites the generated sections of the READMEs, `--check` fails when one of them is stale.

use std::process::ExitCode;

use clap::Parser;
use imo_client::artifacts::workspace_root;
use imo_gas::{dispute_table, measure, ora_table, project_table, readme};

/// Gas of the project's operations with Nitro's pricing, beside ORA's contracts.
#[derive(Parser)]
#[command(name = "imo-gas")]
struct Args {
    /// Rewrite the generated tables in the READMEs.
    #[arg(long, conflicts_with = "check")]
    write: bool,
    /// Fail (exit 1) when a generated table in a README differs from a fresh measurement.
    #[arg(long)]
    check: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> anyhow::Result<bool> {
    let report = measure::all()?;
    let ora = ora_table(&report.ora);
    let project = project_table(&report.project);
    println!("{ora}\n{project}");
    if !args.write && !args.check {
        return Ok(true);
    }
    let root = workspace_root();
    let files = [
        (
            root.join("README.md"),
            vec![("ora", ora), ("project", project)],
        ),
        (
            root.join("contracts/dispute-game/README.md"),
            vec![("dispute", dispute_table(&report.project))],
        ),
    ];
    let mut fresh = true;
    for (path, sections) in &files {
        let sections: Vec<(&str, String)> = sections.iter().map(|(n, b)| (*n, b.clone())).collect();
        let stale = readme::update(path, &sections, args.write)?;
        if args.check && stale {
            eprintln!(
                "{} has stale gas tables: run `cargo xtask gas` and commit the result",
                path.display()
            );
            fresh = false;
        }
        if args.write && stale {
            eprintln!("updated {}", path.display());
        }
    }
    Ok(fresh)
}
