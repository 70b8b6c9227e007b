//! The Docker engine that runs machines: which one `docker` would use, whether it sees this host's files, and
//! which one a project's machine was made on.

mod engine_choice;
mod engine_record;
mod host_files;
mod ssh_reuse;

use std::path::PathBuf;

pub use engine_choice::{DockerEngine, EngineSettings, LOCAL_SOCKET, SshTarget};
pub use engine_record::{forget_engine, machine_elsewhere, record_engine, recorded_engine};
pub use host_files::{EngineCapacity, EngineFacts, answers_file, engine_facts};
pub use ssh_reuse::{connection_reuse_dir, path_with};

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
}
