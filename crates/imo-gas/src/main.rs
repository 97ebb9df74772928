//! `imo-gas [--write | --check]`: measures every operation and prints the tables; `--write`
//! rewrites the generated sections of the READMEs, `--check` fails when one of them is stale.

use std::process::ExitCode;

use clap::Parser;
use imo_client::artifacts::workspace_root;
use imo_gas::{measure, ora_table, project_table, readme};

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
    let path = workspace_root().join("README.md");
    let sections = [("ora", ora), ("project", project)];
    let stale = readme::update(&path, &sections, args.write)?;
    if args.check && stale {
        eprintln!(
            "{} has stale gas tables: run `cargo xtask gas` and commit the result",
            path.display()
        );
        return Ok(false);
    }
    if args.write && stale {
        eprintln!("updated {}", path.display());
    }
    Ok(true)
}
