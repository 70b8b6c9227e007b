//! Writes a Claude transcript tree with known totals, for `scripts/bench-usage`:
//! `cargo run --release -p vm-usage --example generate-usage-tree -- --root DIR --vms 24 ...`.
//! Beside the tree: `ground_truth.json` (what it holds, counted while writing it) and
//! `claude_config_dir.txt` (its machines' directories, for `CLAUDE_CONFIG_DIR=... ccusage`).

#[path = "../tests/common/usage_tree_generator.rs"]
mod usage_tree_generator;

use std::path::PathBuf;

use clap::Parser;
use usage_tree_generator::{GeneratorOptions, generate, ground_truth_json};

#[derive(Parser)]
#[command(name = "generate-usage-tree")]
struct Cli {
    /// Where to write the tree.
    #[arg(long)]
    root: PathBuf,
    #[arg(long, default_value_t = 3)]
    vms: usize,
    #[arg(long, default_value_t = 7)]
    sessions_per_vm: usize,
    /// The mean number of lines of a session file.
    #[arg(long, default_value_t = 120)]
    lines_per_session: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[arg(long, default_value_t = 60)]
    days: u64,
    #[arg(long, default_value_t = 0.001)]
    malformed_rate: f64,
    #[arg(long, default_value_t = 0.02)]
    rewrite_rate: f64,
    #[arg(long, default_value_t = 0.1)]
    resume_rate: f64,
}

fn main() -> std::io::Result<()> {
    let cli = Cli::parse();
    let options = GeneratorOptions {
        vms: cli.vms,
        sessions_per_vm: cli.sessions_per_vm,
        lines_per_session: cli.lines_per_session,
        seed: cli.seed,
        days: cli.days,
        malformed_rate: cli.malformed_rate,
        rewrite_rate: cli.rewrite_rate,
        resume_rate: cli.resume_rate,
    };
    let truth = generate(&cli.root, &options)?;
    let json = serde_json::to_string_pretty(&ground_truth_json(&truth))?;
    std::fs::write(cli.root.join("ground_truth.json"), json + "\n")?;
    std::fs::write(
        cli.root.join("claude_config_dir.txt"),
        truth.vm_dirs.join(","),
    )?;
    println!(
        "{}: {} files, {} bytes, {} lines, {} responses",
        cli.root.display(),
        truth.files,
        truth.bytes,
        truth.lines,
        truth.totals.responses
    );
    Ok(())
}
