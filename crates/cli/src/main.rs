//! `imo`: see `imo --help`.

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};
use imo_cli::args::Cli;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::try_parse().unwrap_or_else(|e| {
        // clap counts an environment variable as the option given (clap-rs/clap#5591).
        if e.kind() == ErrorKind::ArgumentConflict && std::env::var_os("IMO_PRIVATE_KEY").is_some()
        {
            eprintln!("note: IMO_PRIVATE_KEY is set, which counts as --private-key; unset it to sign with --keystore");
        }
        e.exit()
    });
    let Some(command) = cli.command else {
        // No command: the help, on stdout.
        let _ = Cli::command().print_help();
        return ExitCode::SUCCESS;
    };
    // The devchain runs nested EVM <-> Stylus frames in a loop, not recursively: the main
    // thread's stack is enough.
    let result = imo_cli::run(command);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
