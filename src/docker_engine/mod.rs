//! The Docker engine that runs machines: which one `docker` would use, whether it sees this host's files, and
//! which one a project's machine was made on.

mod engine_api;
mod engine_choice;
mod engine_record;
mod host_files;
mod port_forward;
mod ssh_reuse;

use std::path::PathBuf;

pub use engine_api::{ApiAnswer, ApiError, EngineApi};
pub use engine_choice::{DockerEngine, EngineSettings, LOCAL_SOCKET, SshTarget};
pub use engine_record::{forget_engine, machine_elsewhere, record_engine, recorded_engine};
pub use host_files::{EngineCapacity, EngineFacts, answers_file, engine_facts, vm_cache_dir};
pub use port_forward::{
    ForwardSetup, ForwardingSsh, PortForward, PortsReach, SshMessages, forward_addresses,
    ssh_forward_arguments,
};
pub use ssh_reuse::{connection_reuse_dir, path_with, real_ssh};

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum EngineError {
    #[error("there is no Docker context `{name}` (looked in {})", config_dir.display())]
    #[diagnostic(
        code(vm::no_such_context),
        help(
            "`docker context ls` lists the contexts; `docker context create NAME --docker host=ssh://user@host` makes one"
        )
    )]
    ContextNotFound { name: String, config_dir: PathBuf },

    #[error(
        "this project's machine runs on engine {}, not on {}: an apply here would make a second machine",
        recorded.display(),
        current.display()
    )]
    #[diagnostic(
        code(vm::machine_on_another_engine),
        help(
            "run vm as `{} vm ...` to work on the machine, or remove it there first with `{} vm destroy`",
            recorded.how_to_choose(),
            recorded.how_to_choose()
        )
    )]
    MachineOnAnotherEngine {
        recorded: DockerEngine,
        current: DockerEngine,
    },

    #[error("vm forward has nothing to do: {why}, so the machine's ports are on this host already")]
    #[diagnostic(code(vm::ports_on_this_host), help("reach them at {addresses}"))]
    PortsOnThisHost { why: String, addresses: String },

    #[error(
        "vm cannot forward the machine's ports from engine {}: vm reaches it over tcp, and forwards only over ssh",
        engine.display()
    )]
    #[diagnostic(
        code(vm::cannot_forward),
        help(
            "the engine publishes them on {host}: reach them there, or run the machine on an ssh context \
             (`docker context create NAME --docker host=ssh://user@{host}`)"
        )
    )]
    CannotForward { engine: DockerEngine, host: String },

    #[error("vm forward needs `ssh`, and there is none on PATH")]
    #[diagnostic(code(vm::no_ssh), help("install the OpenSSH client"))]
    NoSsh,

    #[error("could not start ssh to forward the machine's ports")]
    #[diagnostic(code(vm::forward_not_started))]
    ForwardNotStarted {
        #[source]
        source: std::io::Error,
    },

    #[error("the ssh forwarding the machine's ports ended ({status})")]
    #[diagnostic(
        code(vm::forward_ended),
        help(
            "ssh said why above; vm runs `{command}`, without a prompt (BatchMode): it must connect as it is"
        )
    )]
    ForwardEnded { status: String, command: String },
}
