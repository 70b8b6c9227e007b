use std::io;
use std::path::PathBuf;

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

    #[error("another vm command is working on {}", path.display())]
    #[diagnostic(
        code(vm::locked),
        help(
            "wait for it to finish; vm holds a lock on the project directory while it changes the machine"
        )
    )]
    Locked { path: PathBuf },

    #[error("the project directory {} is not valid UTF-8", dir.display())]
    #[diagnostic(
        code(vm::project_dir_not_utf8),
        help(
            "Docker cannot mount a path that is not UTF-8: rename the directory whose name is not, then run vm again"
        )
    )]
    ProjectDirNotUtf8 { dir: PathBuf },
}
