use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use crate::error::Error;
use crate::workspace::Workspace;

/// The user's login shell where the image has bash, else the POSIX shell.
const LOGIN_SHELL: [&str; 3] = [
    "/bin/sh",
    "-c",
    "if command -v bash >/dev/null 2>&1; then exec bash -l; else exec sh -l; fi",
];

pub fn ssh(config: Option<&Path>) -> Result<ExitCode, Error> {
    if !std::io::stdin().is_terminal() {
        return Err(Error::NoTerminal { command: "ssh" });
    }
    let command: Vec<String> = LOGIN_SHELL.iter().map(|word| word.to_string()).collect();
    run_in_machine(config, &command, true)
}

pub fn exec(config: Option<&Path>, command: &[String]) -> Result<ExitCode, Error> {
    let tty = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    run_in_machine(config, command, tty)
}

fn run_in_machine(config: Option<&Path>, command: &[String], tty: bool) -> Result<ExitCode, Error> {
    let workspace = Workspace::open(config)?;
    let spec = workspace.container()?;
    let machine = workspace
        .providers
        .docker
        .observe_containers()?
        .into_iter()
        .find(|container| {
            container.is_running()
                && container
                    .resource
                    .as_ref()
                    .is_some_and(|id| id.name == spec.name)
        })
        .ok_or_else(|| Error::MachineNotRunning {
            name: spec.name.clone(),
        })?;
    // Until its set-up is done the machine has another name, and its user may not own the synced data yet.
    if machine.attributes.get("name") != Some(&spec.name) {
        return Err(Error::MachineNotReady {
            name: spec.name.clone(),
        });
    }
    let code = workspace
        .providers
        .docker
        .exec(&machine.docker_id, spec, tty, command)?;
    Ok(ExitCode::from(u8::try_from(code).unwrap_or(1)))
}
