use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    match vm::cli::run(vm::cli::Cli::parse()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("{:?}", miette::Report::new(error));
            ExitCode::FAILURE
        }
    }
}
