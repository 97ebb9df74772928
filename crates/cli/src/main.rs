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
    // The devchain runs nested EVM <-> Stylus frames recursively on the calling thread's stack
    // (debug builds need far more than the main thread's 8 MiB): run on a thread with 256 MiB
    // (reserved address space, touched only as deep as the calls go).
    let result = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || imo_cli::run(command))
        .map_err(|e| anyhow::anyhow!("starting the worker thread: {e}"))
        .and_then(|h| {
            h.join()
                .unwrap_or_else(|_| Err(anyhow::anyhow!("the command panicked")))
        });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
