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
    let args = Cli::parse().args;
    // `vm` itself passes the real user's home under sudo; this example only reads $HOME.
    let home = match (&args.dir, std::env::home_dir()) {
        (_, Some(home)) => home,
        (Some(_), None) => std::path::PathBuf::new(), // unused: --dir names the directory
        (None, None) => miette::bail!("cannot find the home directory: pass --dir DIR"),
    };
    vm_usage::run(&args, None, &home)
}
