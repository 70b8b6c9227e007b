use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use super::CliError;
use crate::engine::Project;
use crate::error::Error;

/// The user's login shell where the image has bash, else the POSIX shell.
const LOGIN_SHELL: [&str; 3] = [
    "/bin/sh",
    "-c",
    "if command -v bash >/dev/null 2>&1; then exec bash -l; else exec sh -l; fi",
];

pub fn ssh(config: Option<&Path>) -> Result<ExitCode, Error> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::NoTerminal { command: "ssh" }.into());
    }
    let command: Vec<String> = LOGIN_SHELL.iter().map(|word| word.to_string()).collect();
    let project = Project::open(config)?;
    // Stopped when the shell ends: dropped after it.
    let _forwarding = super::forward_command::forward_beside_shell(&project);
    let code = project.run_in_machine(&command, true)?;
    Ok(ExitCode::from(u8::try_from(code).unwrap_or(1)))
}

pub fn exec(config: Option<&Path>, command: &[String]) -> Result<ExitCode, Error> {
    let tty = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    run_in_machine(config, command, tty)
}

fn run_in_machine(config: Option<&Path>, command: &[String], tty: bool) -> Result<ExitCode, Error> {
    let code = Project::open(config)?.run_in_machine(command, tty)?;
    Ok(ExitCode::from(u8::try_from(code).unwrap_or(1)))
}
