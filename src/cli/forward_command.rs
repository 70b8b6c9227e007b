//! `vm forward`: the machine's published ports, from a remote engine's host to this one, until Ctrl-C.

use std::path::Path;
use std::process::ExitCode;

use crate::docker_engine::{EngineError, ForwardSetup, ForwardingSsh, SshMessages, real_ssh};
use crate::engine::{Project, ProjectError};
use crate::error::Error;
use crate::interrupt::{Interrupt, InterruptPolicy};

pub fn forward(config: Option<&Path>) -> Result<ExitCode, Error> {
    // The ports come from vm.json and the engine from the settings: nothing needs asking of the engine.
    let project = Project::open_without_engine(config)?;
    let Some(setup) = project.port_forwarding()? else {
        println!(
            "The machine of {} publishes no ports: there is nothing to forward.",
            project.name()
        );
        return Ok(ExitCode::SUCCESS);
    };
    if let Some(taken) = setup.taken_here().into_iter().next() {
        return Err(taken.into());
    }
    let ssh = ssh_program()?;
    // Ctrl-C goes to ssh, which ends; vm then ends as asked, with success.
    let _signals_to_ssh = Interrupt::policy_while(InterruptPolicy::ForwardToMachine);
    let forwarding =
        match ForwardingSsh::start(&ssh, &setup.target, &setup.forwards, SshMessages::Shown) {
            Ok(forwarding) => forwarding,
            Err(_) if Interrupt::requested() => return Ok(ExitCode::SUCCESS),
            Err(source) => return Err(engine_error(EngineError::ForwardNotStarted { source })),
        };
    show_forwards(&setup);
    println!("Ctrl-C stops");
    let status = forwarding
        .wait()
        .map_err(|source| engine_error(EngineError::ForwardNotStarted { source }))?;
    if Interrupt::requested() {
        return Ok(ExitCode::SUCCESS);
    }
    Err(engine_error(EngineError::ForwardEnded {
        status: status.to_string(),
        command: setup.ssh_command(&ssh),
    }))
}

/// While a shell runs in a machine on an ssh engine (`vm ssh`), its ports are forwarded too, as far as they can
/// be: a port taken here, or ssh missing, is a warning, never a reason to refuse the shell.
pub fn forward_beside_shell(project: &Project) -> Option<ForwardingSsh> {
    use crate::docker_engine::PortsReach;
    if !matches!(PortsReach::of(&project.host.engine), PortsReach::OverSsh(_)) {
        return None;
    }
    let setup = project.port_forwarding().ok().flatten()?;
    let started = match setup.taken_here().into_iter().next() {
        Some(taken) => Err(taken.to_string()),
        None => ssh_program()
            .map_err(|error| error.to_string())
            .and_then(|ssh| {
                ForwardingSsh::start(&ssh, &setup.target, &setup.forwards, SshMessages::Hidden)
                    .map_err(|error| error.to_string())
            }),
    };
    match started {
        Ok(forwarding) => {
            show_forwards(&setup);
            Some(forwarding)
        }
        Err(why) => {
            super::render::show_warnings(&[format!(
                "the machine's ports are not forwarded to this host: {why}"
            )]);
            None
        }
    }
}

fn ssh_program() -> Result<std::path::PathBuf, Error> {
    let home = crate::host_user::home_of(crate::host_user::invoking_user());
    real_ssh(&home).ok_or_else(|| engine_error(EngineError::NoSsh))
}

/// `forwarding 127.0.0.1:5432 → vm-remote:127.0.0.1:5432 (postgresql)`, one line a port.
fn show_forwards(setup: &ForwardSetup) {
    for forward in &setup.forwards {
        println!(
            "forwarding {} → {}:{} ({})",
            forward.local_address(),
            setup.remote_name(),
            forward.remote_address(),
            forward.name
        );
    }
}

fn engine_error(error: EngineError) -> Error {
    ProjectError::from(error).into()
}
