use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::project_lock::LockHolder;

/// Finding, opening and locking a project.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ProjectError {
    #[error("no vm.json in {} or any directory above it", dir.display())]
    #[diagnostic(
        code(vm::no_config),
        help("run `vm init` to write one here, or pass `-c FILE`")
    )]
    ConfigNotFound { dir: PathBuf },

    #[error("{} already exists", path.display())]
    #[diagnostic(
        code(vm::config_exists),
        help("`vm init` never overwrites a configuration: edit it, or move it away first")
    )]
    ConfigExists { path: PathBuf },

    #[error("could not {action} {}", path.display())]
    #[diagnostic(code(vm::io))]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error("{}", locked_message(path, holder.as_deref(), *waited))]
    #[diagnostic(
        code(vm::locked),
        help(
            "wait for it to finish, or let vm wait for it: `vm --lock-timeout 2m ...`; vm holds a lock on the project directory while it changes the machine"
        )
    )]
    Locked {
        path: PathBuf,
        /// Who holds it, as recorded beside the lock; `None` when no live holder is recorded.
        holder: Option<Box<LockHolder>>,
        /// How long this command waited for it (`--lock-timeout`).
        waited: Option<Duration>,
    },

    #[error("the project directory {} is not valid UTF-8", dir.display())]
    #[diagnostic(
        code(vm::project_dir_not_utf8),
        help(
            "Docker cannot mount a path that is not UTF-8: rename the directory whose name is not, then run vm again"
        )
    )]
    ProjectDirNotUtf8 { dir: PathBuf },

    #[error(
        "vm {command} carries files to a machine whose engine cannot see them, and engine {engine} sees this project directory"
    )]
    #[diagnostic(
        code(vm::workspace_is_local),
        help(
            "the machine mounts the project directory itself: every change is already on both sides"
        )
    )]
    WorkspaceIsLocal {
        command: &'static str,
        engine: String,
    },

    #[error(
        "vm destroy pulls the machine's Claude and Gemini data first, and the pull failed: {cause}"
    )]
    #[diagnostic(
        code(vm::tool_data_not_pulled),
        help(
            "nothing was removed; start the machine with `vm apply`, or fix what the pull ran into, then destroy again"
        )
    )]
    ToolDataNotPulled { cause: String },

    #[error(
        "vm destroy could not tell whether the machine's workspace holds changes never pulled: {cause}"
    )]
    #[diagnostic(
        code(vm::workspace_not_checked),
        help(
            "nothing was removed; start the machine with `vm apply` and run `vm pull`, then destroy again"
        )
    )]
    WorkspaceNotChecked { cause: String },

    #[error(
        "Vagrant's docker backend cannot run the machine on engine {engine}, which cannot see this host's files"
    )]
    #[diagnostic(
        code(vm::vagrant_on_remote_engine),
        help(
            "remote engines are supported with \"provider\": \"docker\" (the workspace then lives in a volume there, with vm push and vm pull); for Vagrant, use the local engine"
        )
    )]
    VagrantOnRemoteEngine { engine: String },

    #[error(transparent)]
    #[diagnostic(transparent)]
    Engine(#[from] crate::docker_engine::EngineError),
}

/// `another vm command is working on DIR: `vm apply --yes` (pid 4242, alice@box, since ...)`, after how long it
/// waited.
fn locked_message(path: &Path, holder: Option<&LockHolder>, waited: Option<Duration>) -> String {
    let waited = match waited {
        Some(waited) => format!("after waiting {}, ", humantime::format_duration(waited)),
        None => String::new(),
    };
    let holder = match holder {
        Some(holder) => format!(": {}", holder.describe()),
        None => String::new(),
    };
    format!(
        "{waited}another vm command is working on {}{holder}",
        path.display()
    )
}
