//! `vm usage`: Claude token usage and cost per machine, read from the synced data directories.
//!
//! The pipeline: [`source_finder`] picks the machines, [`session_file`] lists their transcripts,
//! [`scanner`] reads them in parallel into a [`scan_state::ScanState`] (each API response once),
//! [`report`] groups and prices the responses, and [`report_table`] / [`report_json`] render them.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

pub mod block_projection;
pub mod blocks_args;
pub mod blocks_json;
pub mod blocks_report;
pub mod blocks_table;
pub mod burn_rate;
pub mod byte_cursor;
pub mod byte_sink;
pub mod claude_dir;
pub mod claude_status_input;
pub mod cost;
pub mod date_range;
pub mod digits;
pub mod file_read;
pub mod file_records;
pub mod file_stamp;
pub mod group_by;
pub mod group_key;
pub mod index_entry;
pub mod line_counts;
pub mod line_entry;
pub mod line_reader;
pub mod looked_in;
pub mod model_names;
pub mod model_rates;
pub mod parsed_line;
pub mod price_table;
pub mod progress;
pub mod report;
pub mod report_json;
pub mod report_row;
pub mod report_table;
pub mod response_key;
pub mod scan_plan;
pub mod scan_state;
pub mod scan_stats;
pub mod scanner;
pub mod session_file;
pub mod source;
pub mod source_finder;
pub mod statusline;
pub mod statusline_args;
pub mod stored_records;
pub mod summary_row;
pub mod table_style;
pub mod token_limit;
pub mod token_limit_status;
pub mod tokens;
pub mod usage_args;
pub mod usage_block;
pub mod usage_command;
pub mod usage_data;
pub mod usage_error;
pub mod usage_index;
pub mod usage_record;
pub mod usage_subcommand;
pub mod usage_summary;
pub mod usage_totals;

pub use table_style::TableStyle;
pub use usage_args::UsageArgs;
pub use usage_command::{Context, UsageOutput, build_report, execute, execute_at};
pub use usage_error::UsageError;

use claude_status_input::ClaudeStatusInput;
use usage_subcommand::UsageSubcommand;

/// How long `statusline` waits for Claude Code's JSON once the usage is counted: Claude Code
/// writes it at once; stdin left open by a shell must not hold the prompt.
const STDIN_PATIENCE: std::time::Duration = std::time::Duration::from_millis(20);

/// Runs `vm usage`. `this_project` is the project name of the caller's `vm.json` (`-c FILE` or
/// the nearest one), when there is one; `home` is the home directory whose `.claude` is read
/// unless `--dir` names another (under `sudo`, the real user's, where vm syncs the data).
pub fn run(args: &UsageArgs, this_project: Option<&str>, home: &Path) -> miette::Result<ExitCode> {
    let statusline = matches!(args.command, Some(UsageSubcommand::Statusline(_)));
    // Claude Code's JSON is read while the usage is counted.
    let mut stdin = statusline.then(ClaudeStatusInput::read_stdin).flatten();
    let context = Context {
        this_project,
        home,
        show_progress: !statusline && std::io::stderr().is_terminal(),
        now_ms: jiff::Timestamp::now().as_millisecond(),
    };
    let output = execute_at(args, &context, &TableStyle::TERMINAL, &mut || {
        ClaudeStatusInput::wait(stdin.take(), STDIN_PATIENCE)
    })?;
    let json = args.json
        || match &args.command {
            Some(UsageSubcommand::Blocks(blocks)) => blocks.json,
            Some(UsageSubcommand::Statusline(statusline)) => statusline.json,
            None => false,
        };
    // A closed pipe (`vm usage | head`) is not an error worth reporting. The table goes through
    // anstream, which keeps its colours only for a terminal without NO_COLOR; JSON, which has
    // none, is written as it is.
    let _ = if json {
        std::io::stdout().lock().write_all(output.stdout.as_bytes())
    } else {
        anstream::stdout()
            .lock()
            .write_all(output.stdout.as_bytes())
    };
    let _ = std::io::stderr().lock().write_all(output.stderr.as_bytes());
    Ok(ExitCode::SUCCESS)
}
