//! `rolf`, Rolf's command-line client: start pushes and follow their logs live, from a terminal or CI.

pub mod admin;
pub mod api;
pub mod approvals;
pub mod args;
pub mod commands;
pub mod config;
pub mod documents;
pub mod error;
pub mod events;
pub mod follow;
pub mod freezes;
pub mod login;
pub mod logs;
pub mod model;
pub mod original;
pub mod output;
pub mod power;
pub mod recipes;
pub mod schedules;
pub mod sse;
pub mod tty;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use crate::args::Cli;
use crate::error::{Error, exit};
use crate::output::Output;

/// Parses the command line, runs the command and returns the documented exit code (`rolf --help`).
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // --help and --version are not errors; every real usage error is 4 (clap would say 2: "cancelled").
            return exit(if e.use_stderr() { 4 } else { 0 });
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => return fail(&Error::local("starting the async runtime", e)),
    };
    let mut out = Output::new();
    let result = runtime.block_on(commands::run(cli, &mut out));
    let flushed = out.flush();
    match result.and_then(|code| flushed.map(|()| code)) {
        Ok(code) => exit(code),
        Err(e) => fail(&e),
    }
}

fn fail(e: &Error) -> ExitCode {
    if !matches!(e, Error::Interrupted) {
        let _ = writeln!(std::io::stderr(), "rolf: {e}");
    }
    exit(e.exit_code())
}
