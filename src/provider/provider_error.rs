use std::io;
use std::path::PathBuf;

/// What observing or changing the machine, through `docker`, `vagrant` or the host file system, runs into.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ProviderError {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Sync(#[from] crate::workspace_sync::SyncError),

    #[error("`{command}` failed with exit code {code}")]
    #[diagnostic(
        code(vm::command_failed),
        help("{}", crate::provider::docker_failure::explain(stderr))
    )]
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
        help(
            "is `{program}` installed and on PATH? (`scripts/setup-engine` installs Docker and Vagrant)"
        )
    )]
    CommandNotRun {
        program: String,
        #[source]
        source: io::Error,
    },

    #[error("`{command}` was stopped: vm was interrupted")]
    #[diagnostic(
        code(vm::interrupted),
        help("run the command again: the next plan shows what is left")
    )]
    Interrupted { command: String },

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

    #[error("the volume {volume} holds data already, and so does the machine at {target}")]
    #[diagnostic(
        code(vm::volume_holds_data),
        help(
            "vm keeps both and replaces nothing: the machine is stopped, untouched; keep the data you want with `docker cp` (from the machine) or `docker volume rm {volume}` (the volume's), then run `vm apply` again"
        )
    )]
    VolumeHoldsData { volume: String, target: String },

    #[error("the machine {name} is not running")]
    #[diagnostic(code(vm::not_running), help("run `vm apply` to create and start it"))]
    MachineNotRunning { name: String },

    #[error("vm cannot observe or change {provider} resources yet")]
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

    #[error("`vagrant validate` rejects the Vagrantfile vm renders from {}", config.display())]
    #[diagnostic(code(vm::vagrantfile_invalid), help("Vagrant said:\n{output}"))]
    VagrantfileInvalid { config: PathBuf, output: String },

    #[error("`{command}` answered with an error: {message}")]
    #[diagnostic(code(vm::vagrant_error))]
    VagrantError { command: String, message: String },

    #[error("{service} did not answer within {seconds} s")]
    #[diagnostic(code(vm::service_did_not_start), help("the end of its log:\n{log}"))]
    ServiceDidNotStart {
        service: String,
        seconds: u32,
        log: String,
    },

    #[error("{address} is already taken, by {holder}")]
    #[diagnostic(
        code(vm::port_taken),
        help(
            "the machine publishes that port: stop what holds it, or change the port in vm.json; nothing was changed"
        )
    )]
    PortTaken { address: String, holder: String },

    #[error("{0}; vm runs it through a shell, which cannot pass it on")]
    #[diagnostic(
        code(vm::nul_in_command),
        help("remove the NUL byte from the command; nothing was run")
    )]
    NulInCommand(#[from] crate::shell_word::NulInShellWord),
}
