use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

/// `vm --version`: the version and the git commit it was built from (`unknown` outside a git checkout).
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("VM_GIT_COMMIT"), ")");

/// One declarative vm.json → a reproducible development machine, planned and applied like Terraform.
#[derive(Debug, Parser)]
#[command(name = "vm", version = VERSION, propagate_version = true)]
pub struct Cli {
    /// The configuration file; by default the nearest vm.json in this directory or above (`vm init`: ./vm.json).
    #[arg(short = 'c', long = "config", global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// How long apply and destroy wait for another vm command working on the project to finish, e.g. `30s` or
    /// `2m`; by default they do not wait.
    #[arg(
        long = "lock-timeout",
        global = true,
        value_name = "DURATION",
        default_value = "0s",
        value_parser = parse_duration
    )]
    pub lock_timeout: Duration,
    /// The Docker context whose engine runs the machine, as for `docker --context`; by default the engine `docker`
    /// uses (`DOCKER_HOST`, `DOCKER_CONTEXT`, or the current context).
    #[arg(long = "context", global = true, value_name = "NAME")]
    pub context: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a starter vm.json in the current directory (or at -c FILE), and vm.schema.json beside it.
    Init,
    /// Check vm.json against the schema and the rules the schema cannot express.
    Validate,
    /// Print the JSON Schema of vm.json; it is the same for every configuration file.
    Schema,
    /// Show what `vm apply` would do.
    Plan(PlanArgs),
    /// Make the machine match vm.json, or carry out a plan saved by `vm plan --out FILE`.
    Apply(ApplyArgs),
    /// Remove the machine; host data directories are kept.
    Destroy(DestroyArgs),
    /// Remove the images vm built that no container uses, on the whole engine; no vm.json needed.
    Prune(PruneArgs),
    /// Show each resource, its state now (STATE), its size (SIZE), and what `vm apply` would do to it (NEXT APPLY).
    Status,
    /// Open a shell in the machine, as its user, in the workspace.
    Ssh,
    /// Run one command in the machine and exit with its exit code.
    Exec {
        /// COMMAND [ARGS]...; arguments may start with `-`; put `--` first only when the command itself does.
        #[arg(
            value_name = "COMMAND",
            required = true,
            trailing_var_arg = true,
            allow_hyphen_values = true
        )]
        command: Vec<String>,
    },
    /// Copy this project directory's changes into a machine whose engine cannot see it, as a plan first.
    Push(TransferArgs),
    /// Copy the machine's changes back into this project directory (and its Claude data into ~/.claude/vms).
    Pull(TransferArgs),
    /// Bring the machine's published ports to this host, from a remote engine reached over ssh, until Ctrl-C.
    Forward,
    /// Claude token usage and cost across the machines' synced data.
    Usage(vm_usage::UsageArgs),
    /// Print the completion script of a shell, e.g. `vm completions bash > ~/.local/share/bash-completion/completions/vm`.
    Completions {
        /// The shell the script is for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Run vm's own acceptance suites on this machine, to find out whether vm works here.
    Test(TestArgs),
}

impl Command {
    /// Whether it observes or changes a machine, running docker or vagrant: then vm handles Ctrl-C itself.
    pub fn drives_a_machine(&self) -> bool {
        matches!(
            self,
            Command::Validate
                | Command::Plan(_)
                | Command::Apply(_)
                | Command::Destroy(_)
                | Command::Status
                | Command::Ssh
                | Command::Exec { .. }
                | Command::Push(_)
                | Command::Pull(_)
                | Command::Forward
                | Command::Prune(_)
        )
    }
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Print the plan as a versioned JSON document.
    #[arg(long)]
    pub json: bool,
    /// Exit 0 when there is nothing to do, 2 when there are changes, 1 on error.
    #[arg(long)]
    pub detailed_exitcode: bool,
    /// Plan the removal of the machine, as `vm destroy` would.
    #[arg(long)]
    pub destroy: bool,
    /// Also save the plan to FILE (mode 0600), for `vm apply FILE` to carry out exactly; an existing FILE is
    /// replaced only when it is a saved plan.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// A plan saved by `vm plan --out FILE`: carry out exactly its actions, without asking; refused when vm.json or
    /// the machine changed since it was saved.
    #[arg(value_name = "PLAN_FILE")]
    pub plan_file: Option<PathBuf>,
    #[command(flatten)]
    pub approve: ApproveArgs,
}

#[derive(Debug, Args)]
pub struct ApproveArgs {
    /// Approve the plan without asking.
    #[arg(short = 'y', long = "yes", visible_alias = "auto-approve")]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct TransferArgs {
    /// Carry it out without asking.
    #[arg(short = 'y', long = "yes")]
    pub yes: bool,
    /// Print the transfer's plan as a versioned JSON document.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DestroyArgs {
    /// Also remove the project's images (they are kept as the next machine's build cache otherwise), except one a
    /// container the destroy leaves still uses.
    #[arg(long)]
    pub images: bool,
    #[command(flatten)]
    pub approve: ApproveArgs,
}

#[derive(Debug, Args)]
pub struct PruneArgs {
    /// Only the images built for project NAME (its `project.name`).
    #[arg(long, value_name = "NAME")]
    pub project: Option<String>,
    /// Keep images built within DURATION, e.g. `30m` or `0s`: an image `vm apply` has just built has no container
    /// for a moment.
    #[arg(
        long = "older-than",
        value_name = "DURATION",
        default_value = "1h",
        value_parser = parse_duration
    )]
    pub older_than: Duration,
    #[command(flatten)]
    pub approve: ApproveArgs,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Run only the suite NAME; repeat it for several. `--list` names them.
    #[arg(long = "suite", value_name = "NAME")]
    pub suites: Vec<String>,
    /// List the suites, what each tests and what it needs; run nothing.
    #[arg(long)]
    pub list: bool,
    /// Print the results (or, with --list, the suites) as a versioned JSON document.
    #[arg(long)]
    pub json: bool,
    /// How many tests run at once; by default one per CPU.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Where each test's directory goes, kept for debugging; by default ./.test_artifacts.
    #[arg(long, value_name = "DIR")]
    pub artifacts: Option<PathBuf>,
    /// Remove what earlier runs of vm test left behind (your runs that are over) and run nothing.
    #[arg(long)]
    pub cleanup: bool,
}

/// A duration as people write it: `30s`, `2m`, `1m 30s`, `0s`.
fn parse_duration(text: &str) -> Result<Duration, String> {
    humantime::parse_duration(text)
        .map_err(|error| format!("{error}; write a duration such as `30s` or `2m`"))
}
