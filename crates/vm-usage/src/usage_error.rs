//! Everything that stops `vm usage` (malformed lines and unreadable files do not: they are counted).

use std::path::PathBuf;

use crate::price_table::PriceTableError;

/// Why `vm usage` could not produce a report.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum UsageError {
    #[error("no Claude data for VM `{name}` in {}", dir.display())]
    #[diagnostic(code(vm::usage::unknown_vm), help("VMs with Claude data: {available}"))]
    UnknownVm {
        name: String,
        dir: PathBuf,
        available: String,
    },

    #[error("--dir {}: {reason}", dir.display())]
    #[diagnostic(
        code(vm::usage::not_claude_dir),
        help(
            "--dir takes a Claude directory: a home's .claude (holding vms/<vm>/projects) or one machine's (holding projects/, like ~/.claude/vms/<vm>)"
        )
    )]
    NotClaudeDir { dir: PathBuf, reason: &'static str },

    #[error("--host needs a Claude directory holding vms/: {} is the data of one machine, `{name}`", dir.display())]
    #[diagnostic(
        code(vm::usage::host_of_machine),
        help("drop --host, or pass the home's .claude with --dir")
    )]
    HostOfMachine { dir: PathBuf, name: String },

    #[error("--this needs a vm.json: run vm usage inside a project, or pass -c FILE")]
    #[diagnostic(code(vm::usage::not_in_project), help("or name the VM with --vm NAME"))]
    NotInProject,

    #[error("cannot read {}", path.display())]
    #[diagnostic(code(vm::usage::read_dir))]
    ReadDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot read the price file {}", path.display())]
    #[diagnostic(code(vm::usage::read_prices))]
    ReadPrices {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("invalid price file {}", path.display())]
    #[diagnostic(
        code(vm::usage::bad_prices),
        help(
            "expected {{\"models\": {{\"MODEL\": {{\"input\": 3, \"output\": 15, \"cache_write_5m\": 3.75, \"cache_write_1h\": 6, \"cache_read\": 0.3}}}}}} in USD per million tokens"
        )
    )]
    BadPrices {
        path: PathBuf,
        #[source]
        source: PriceTableError,
    },

    #[error("--since {since} is after --until {until}")]
    #[diagnostic(code(vm::usage::empty_range))]
    EmptyRange {
        since: jiff::civil::Date,
        until: jiff::civil::Date,
    },
}
