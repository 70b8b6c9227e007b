//! `vm usage` as a program of its own, for benchmarks and for trying the crate without the `vm`
//! binary: `cargo run --release -p vm-usage --example vm-usage -- --dir DIR`.

use std::process::ExitCode;

use clap::Parser;

/// Claude token usage and cost per VM.
#[derive(Parser)]
#[command(name = "vm-usage")]
struct Cli {
    #[command(flatten)]
    args: vm_usage::UsageArgs,
}

fn main() -> miette::Result<ExitCode> {
    vm_usage::run(&Cli::parse().args, None)
}
