//! The command line: parse, run one operation, turn its outcome into an exit code.

mod apply_command;
mod apply_display;
mod apply_transcript;
mod args;
mod cli_error;
mod completions_command;
mod confirm;
mod forward_command;
mod init_command;
mod plan_command;
mod prune_command;
mod render;
mod shell_command;
mod status_command;
mod test_command;
mod transfer_command;

use std::process::ExitCode;

pub use args::{Cli, Command};
pub use cli_error::CliError;

use crate::error::Error;
use crate::interrupt::Interrupt;

/// Runs a parsed command line; errors are rendered by the caller. No child process outlives it.
pub fn run(cli: Cli) -> Result<ExitCode, Error> {
    if let Some(context) = &cli.context {
        choose_context(context);
    }
    if cli.command.drives_a_machine() {
        share_ssh_connections();
    }
    // Without it the terminal's Ctrl-C would end vm at once and leave its children running.
    if cli.command.drives_a_machine() {
        let _ = Interrupt::install(render::show_interrupt_notice);
    } else if matches!(cli.command, Command::Test(_)) {
        // vm test's own `vm` processes share its terminal and take Ctrl-C themselves; its tests stop with it.
        let _ = Interrupt::install_exiting_at_once(render::show_interrupt_notice);
    }
    let outcome = run_command(cli);
    crate::interrupt::ChildGroups::kill_all();
    outcome
}

fn run_command(cli: Cli) -> Result<ExitCode, Error> {
    let config = cli.config.as_deref();
    match cli.command {
        Command::Init => Ok(init_command::init(config)?),
        Command::Validate => {
            let project = crate::engine::Project::open_without_engine(config)?;
            project.validate()?;
            println!("{} is valid.", project.loaded.path.display());
            let mut warnings = project.config_warnings();
            warnings.extend(project.what_would_stop_an_apply());
            render::show_warnings(&warnings);
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema => {
            print!("{}", crate::config::schema_text());
            Ok(ExitCode::SUCCESS)
        }
        Command::Plan(args) => plan_command::plan(config, &args),
        Command::Apply(args) => apply_command::apply(config, &args, cli.lock_timeout),
        Command::Destroy(args) => apply_command::destroy(config, &args, cli.lock_timeout),
        Command::Status => status_command::status(config),
        Command::Ssh => shell_command::ssh(config),
        Command::Exec { command } => shell_command::exec(config, &command),
        Command::Push(args) => transfer_command::transfer(
            config,
            crate::workspace_sync::Direction::Push,
            &args,
            cli.lock_timeout,
        ),
        Command::Pull(args) => transfer_command::transfer(
            config,
            crate::workspace_sync::Direction::Pull,
            &args,
            cli.lock_timeout,
        ),
        Command::Forward => forward_command::forward(config),
        Command::Usage(args) => usage(config, &args),
        Command::Completions { shell } => completions_command::completions(shell),
        Command::Test(args) => test_command::test(&args),
        Command::Prune(args) => prune_command::prune(&args),
    }
}

/// `--context NAME` chooses the engine for every `docker` vm runs, as `docker --context` does: over `DOCKER_HOST`
/// and `DOCKER_CONTEXT`.
fn choose_context(context: &str) {
    // SAFETY: vm has started no thread that reads the environment yet; every later child inherits the choice.
    unsafe {
        std::env::set_var("DOCKER_CONTEXT", context);
        if context != "default" {
            std::env::remove_var("DOCKER_HOST");
        }
    }
}

/// On an ssh engine, vm's docker calls share one connection (see [`crate::docker_engine::connection_reuse_dir`]).
fn share_ssh_connections() {
    use crate::docker_engine::{DockerEngine, connection_reuse_dir, path_with};
    let Ok(engine) = DockerEngine::of_this_process() else {
        return;
    };
    let home = crate::host_user::home_of(crate::host_user::invoking_user());
    if let Some(path) = connection_reuse_dir(&engine, &home).and_then(|dir| path_with(&dir)) {
        // SAFETY: as in `choose_context`: no other thread yet.
        unsafe { std::env::set_var("PATH", path) };
    }
}

/// `vm usage` reads the synced data of the invoking user's home (the real user's under sudo, as apply writes it);
/// with `--this`, the project of `-c FILE` or the nearest vm.json, whose own errors are reported as such.
fn usage(config: Option<&std::path::Path>, args: &vm_usage::UsageArgs) -> Result<ExitCode, Error> {
    let this_project = if args.this {
        let path = match config {
            Some(path) => Some(path.to_path_buf()),
            None => std::env::current_dir()
                .ok()
                .and_then(|dir| crate::config::find(&dir)),
        };
        match path {
            Some(path) => Some(crate::config::load(&path)?.config.project.name),
            None => None,
        }
    } else {
        None
    };
    let home = crate::host_user::home_of(crate::host_user::invoking_user());
    // `vm usage` renders its own diagnostics: it is a separate crate with its own errors.
    match vm_usage::run(args, this_project.as_deref(), &home) {
        Ok(code) => Ok(code),
        Err(report) => {
            eprintln!("{report:?}");
            Ok(ExitCode::FAILURE)
        }
    }
}
