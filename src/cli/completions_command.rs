use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

use super::args::Cli;
use crate::error::Error;

/// Prints `shell`'s completion script for `vm`, generated from the same definitions the parser uses, so it never
/// falls behind the commands and flags.
pub fn completions(shell: Shell) -> Result<ExitCode, Error> {
    clap_complete::generate(shell, &mut Cli::command(), "vm", &mut std::io::stdout());
    Ok(ExitCode::SUCCESS)
}
