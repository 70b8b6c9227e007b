use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Wrapped lines help a person at a terminal and break a log line or a grep everywhere else.
    let _ = miette::set_hook(Box::new(|_| {
        Box::new(vm::error_report_handler::ErrorReportHandler::new(Box::new(
            miette::MietteHandlerOpts::new()
                .wrap_lines(std::io::stderr().is_terminal())
                .build(),
        )))
    }));
    let cli = match vm::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error),
    };
    let outcome = vm::cli::run(cli);
    // A signal that is ending vm (and killing its children) decides the exit, not what those deaths made of the run.
    vm::interrupt::Interrupt::await_exit_if_ending();
    match outcome {
        Ok(code) => code,
        Err(error) => {
            let code = error.exit_code();
            eprintln!("{:?}", miette::Report::new(error));
            ExitCode::from(code)
        }
    }
}

/// Prints what clap has to say, as clap would. `--help` and `--version` succeed; a usage error exits 1, like every
/// other error, and never clap's 2, which `vm plan --detailed-exitcode` keeps for "there are changes".
fn usage_error(error: &clap::Error) -> ExitCode {
    let _ = error.print();
    if error.use_stderr() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
