use std::io;
use std::path::PathBuf;

use crate::config::ConfigError;

/// Every way `vm` fails; rendered once, by miette, at the application's edge.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Error {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(#[from] ConfigError),

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

    #[error("`{command}` failed with exit code {code}")]
    #[diagnostic(code(vm::command_failed), help("{stderr}"))]
    CommandFailed {
        command: String,
        code: String,
        stderr: String,
    },

    #[error("`{command}` did not finish within {seconds} s")]
    #[diagnostic(
        code(vm::command_timed_out),
        help(
            "is the Docker engine answering (`docker info`)? VM_DOCKER_TIMEOUT sets the limit in seconds"
        )
    )]
    CommandTimedOut { command: String, seconds: u64 },

    #[error("could not run `{program}`")]
    #[diagnostic(
        code(vm::command_not_run),
        help("is `{program}` installed and on PATH? (`scripts/setup-engine` installs Docker)")
    )]
    CommandNotRun {
        program: String,
        #[source]
        source: io::Error,
    },

    #[error("`{command}` answered something vm cannot read: {detail}")]
    #[diagnostic(code(vm::unexpected_output))]
    UnexpectedOutput { command: String, detail: String },

    #[error("could not {action} {}", path.display())]
    #[diagnostic(code(vm::io))]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error("{} exists and is not a directory", path.display())]
    #[diagnostic(
        code(vm::not_a_directory),
        help("vm keeps synced data there: move the file away, then run vm apply again")
    )]
    NotADirectory { path: PathBuf },

    #[error(
        "vm {command} changes the machine and needs a confirmation, but there is no terminal to ask on"
    )]
    #[diagnostic(
        code(vm::confirmation_required),
        help("run it on a terminal, or pass --yes to approve the plan shown above")
    )]
    ConfirmationRequired { command: &'static str },

    #[error("vm {command} cancelled: nothing was changed")]
    #[diagnostic(code(vm::cancelled))]
    Cancelled { command: &'static str },

    #[error("vm {command} needs a terminal, and standard input is not one")]
    #[diagnostic(
        code(vm::no_terminal),
        help("to run one command without a terminal, use `vm exec -- COMMAND ARGS...`")
    )]
    NoTerminal { command: &'static str },

    #[error("the machine {name} is not running")]
    #[diagnostic(code(vm::not_running), help("run `vm apply` to create and start it"))]
    MachineNotRunning { name: String },

    #[error("vm cannot observe or change {provider} machines yet")]
    #[diagnostic(
        code(vm::provider_unavailable),
        help(
            "`vm validate` checks this configuration; to run the machine now, set \"provider\": \"docker\""
        )
    )]
    ProviderUnavailable { provider: &'static str },

    #[error("the container {container} belongs to another checkout of project `{project}`, at {}", other_dir.display())]
    #[diagnostic(
        code(vm::project_conflict),
        help("two directories cannot share a project.name: rename this one's project.name, or run `vm destroy` in {}", other_dir.display())
    )]
    ProjectConflict {
        container: String,
        project: String,
        other_dir: PathBuf,
    },

    #[error("{} containers are labelled as {resource}: {}", docker_ids.len(), docker_ids.join(", "))]
    #[diagnostic(
        code(vm::duplicate_machines),
        help(
            "one machine per resource: remove the one you do not want with `docker rm -f ID`, then run vm again"
        )
    )]
    DuplicateMachines {
        resource: String,
        docker_ids: Vec<String>,
    },

    #[error("a container named {name} already exists, and vm did not make it ({holder})")]
    #[diagnostic(
        code(vm::name_taken),
        help(
            "vm names the machine {name}: rename or remove that container (`docker rm -f {holder}`), then run vm apply again; nothing was made"
        )
    )]
    NameTaken { name: String, holder: String },

    #[error("the machine {name} is still being set up")]
    #[diagnostic(
        code(vm::machine_not_ready),
        help("its user set-up did not finish: run `vm apply` to finish it")
    )]
    MachineNotReady { name: String },

    #[error("another vm command is working on {}", path.display())]
    #[diagnostic(
        code(vm::locked),
        help(
            "wait for it to finish; vm holds a lock on the project directory while it changes the machine"
        )
    )]
    Locked { path: PathBuf },

    #[error("{} is not a plan file this vm can apply: {detail}", path.display())]
    #[diagnostic(
        code(vm::plan_file_invalid),
        help("nothing was changed; save a plan with `vm plan --out {}`, then apply it with `vm apply {}`", resave.display(), resave.display())
    )]
    PlanFileInvalid {
        path: PathBuf,
        detail: String,
        /// Where the hint saves a plan: never the configuration, nor this file (`vm plan --out` would refuse it).
        resave: PathBuf,
    },

    #[error("the saved plan {} is out of date: {why}", path.display())]
    #[diagnostic(
        code(vm::plan_file_stale),
        help("nothing was changed; run `{replan} --out {}` again, review the plan, then `vm apply {}`", resave.display(), resave.display())
    )]
    PlanFileStale {
        path: PathBuf,
        why: String,
        replan: &'static str,
        /// Where the hint saves the plan again: this file, unless it is the configuration.
        resave: PathBuf,
    },

    #[error("the saved plan {} was made from {}, not {}", path.display(), recorded.display(), given.display())]
    #[diagnostic(
        code(vm::plan_file_other_config),
        help("a saved plan applies to the vm.json it was made from: run `vm apply {}` without -c, or save a plan from {} with `vm -c {} plan --out FILE`", path.display(), given.display(), given.display())
    )]
    PlanFileForOtherConfig {
        path: PathBuf,
        recorded: PathBuf,
        given: PathBuf,
    },

    #[error("the project directory {} is not valid UTF-8", dir.display())]
    #[diagnostic(
        code(vm::project_dir_not_utf8),
        help(
            "Docker cannot mount a path that is not UTF-8: rename the directory whose name is not, then run vm again"
        )
    )]
    ProjectDirNotUtf8 { dir: PathBuf },

    #[error("{} is the configuration the plan is made from: vm plan --out will not overwrite it", path.display())]
    #[diagnostic(
        code(vm::plan_out_is_config),
        help("nothing was written; save the plan to another file, e.g. `{replan} --out {}`", suggestion.display())
    )]
    PlanOutIsConfig {
        path: PathBuf,
        replan: &'static str,
        suggestion: PathBuf,
    },

    #[error("{} exists and is not a saved plan, so vm plan --out will not overwrite it: {detail}", path.display())]
    #[diagnostic(
        code(vm::plan_out_not_a_plan),
        help("nothing was written; --out replaces only a plan saved earlier: move the file away, or save the plan to another file, e.g. `{replan} --out {}`", suggestion.display())
    )]
    PlanOutNotAPlan {
        path: PathBuf,
        detail: String,
        replan: &'static str,
        suggestion: PathBuf,
    },
}
