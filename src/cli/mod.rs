//! The command line: parse, run one operation, turn its outcome into an exit code.

mod apply_command;
mod args;
mod confirm;
mod init_command;
mod plan_command;
mod shell_command;
mod status_command;

use std::process::ExitCode;

pub use args::{Cli, Command};

use crate::error::Error;

/// Runs a parsed command line; errors are rendered by the caller.
pub fn run(cli: Cli) -> Result<ExitCode, Error> {
    let config = cli.config.as_deref();
    match cli.command {
        Command::Init => init_command::init(),
        Command::Validate => {
            let workspace = crate::workspace::Workspace::open(config)?;
            println!("{} is valid.", workspace.loaded.path.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema => {
            print!("{}", crate::config::schema_text());
            Ok(ExitCode::SUCCESS)
        }
        Command::Plan(args) => plan_command::plan(config, &args),
        Command::Apply(args) => apply_command::apply(config, &args),
        Command::Destroy(args) => apply_command::destroy(config, &args),
        Command::Status => status_command::status(config),
        Command::Ssh => shell_command::ssh(config),
        Command::Exec { command } => shell_command::exec(config, &command),
        Command::Usage(args) => {
            let this_project = crate::config::find(&std::env::current_dir().unwrap_or_default())
                .and_then(|path| crate::config::load(&path).ok())
                .map(|loaded| loaded.config.project.name);
            // `vm usage` renders its own diagnostics: it is a separate crate with its own errors.
            match vm_usage::run(&args, this_project.as_deref()) {
                Ok(code) => Ok(code),
                Err(report) => {
                    eprintln!("{report:?}");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    }
}
