//! `vm usage` from arguments to text: find sources, scan, group, render.

use std::fmt::Write;
use std::path::Path;

use jiff::tz::TimeZone;

use crate::blocks_json::render_blocks_json;
use crate::blocks_report::BlocksReport;
use crate::blocks_table::render_blocks_table;
use crate::claude_status_input::ClaudeStatusInput;
use crate::date_range::DateRange;
use crate::digits::with_separators;
use crate::looked_in::LookedIn;
use crate::report::{Report, ReportOptions};
use crate::report_json::render_json;
use crate::report_table::render_table;
use crate::scan_stats::ScanStats;
use crate::statusline::Statusline;
use crate::table_style::TableStyle;
use crate::usage_args::UsageArgs;
use crate::usage_data::UsageData;
use crate::usage_error::UsageError;
use crate::usage_subcommand::UsageSubcommand;

/// What `vm usage` prints: the report on stdout, notes on skipped input on stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageOutput {
    pub stdout: String,
    pub stderr: String,
}

/// Builds the report that `args` ask for. `this_project` is the project of the caller's
/// `vm.json`; `home` holds the `.claude` directory read unless `--dir` names another;
/// `show_progress` draws a progress bar on stderr when reading takes a while.
pub fn build_report(
    args: &UsageArgs,
    this_project: Option<&str>,
    home: &Path,
    show_progress: bool,
) -> Result<Report, UsageError> {
    let range = DateRange {
        since: args.since,
        until: args.until,
    };
    if let (Some(since), Some(until)) = (range.since, range.until)
        && since > until
    {
        return Err(UsageError::EmptyRange { since, until });
    }
    let time_zone = args.timezone.clone().unwrap_or_else(TimeZone::system);
    let options = ReportOptions {
        group_by: args.by,
        breakdown: args.breakdown,
        time_zone,
        range,
    };
    let days_in = options.needs_dates().then_some(&options.time_zone);
    let data = UsageData::gather(args, this_project, home, days_in, show_progress)?;
    let looked_in = LookedIn {
        host_dir: args.host.then(|| data.claude_dir.path().join("projects")),
        claude_dir: data.claude_dir,
        host_without_data: data.host_without_data,
    };
    Ok(Report::build(
        &data.summary,
        data.stats,
        &data.files,
        &data.sources,
        looked_in,
        options,
    ))
}

/// Runs `vm usage` (or its subcommand) now, and returns what it prints; `this_project`, `home`
/// and `show_progress` as for [`build_report`]; a table in `table_style`.
pub fn execute(
    args: &UsageArgs,
    this_project: Option<&str>,
    home: &Path,
    show_progress: bool,
    table_style: &TableStyle,
) -> Result<UsageOutput, UsageError> {
    let now_ms = jiff::Timestamp::now().as_millisecond();
    let context = Context {
        this_project,
        home,
        show_progress,
        now_ms,
    };
    execute_at(args, &context, table_style, &mut ClaudeStatusInput::default)
}

/// Where and when a command runs.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The project of the caller's `vm.json`, for `--this`.
    pub this_project: Option<&'a str>,
    /// The home whose `.claude` is read unless `--dir` names another.
    pub home: &'a Path,
    pub show_progress: bool,
    /// The time at which blocks are active or not, and today is, in Unix milliseconds.
    pub now_ms: i64,
}

/// Runs `vm usage` or its subcommand in `context`; `claude_input` gives what Claude Code passed
/// to `statusline` on stdin (asked once the usage is counted, so that reading stdin and counting
/// overlap).
pub fn execute_at(
    args: &UsageArgs,
    context: &Context,
    table_style: &TableStyle,
    claude_input: &mut dyn FnMut() -> ClaudeStatusInput,
) -> Result<UsageOutput, UsageError> {
    let zone = || args.timezone.clone().unwrap_or_else(TimeZone::system);
    match &args.command {
        None => execute_report(args, context, table_style),
        Some(UsageSubcommand::Blocks(blocks)) => {
            let data = UsageData::gather(
                args,
                context.this_project,
                context.home,
                None,
                context.show_progress,
            )?;
            let range = DateRange {
                since: args.since,
                until: args.until,
            };
            let report = BlocksReport::build(data, blocks, range, zone(), context.now_ms);
            let stdout = if blocks.json || args.json {
                render_blocks_json(&report)
            } else {
                render_blocks_table(&report)
            };
            Ok(UsageOutput {
                stdout,
                stderr: skipped_note(&report.stats),
            })
        }
        Some(UsageSubcommand::Statusline(statusline)) => {
            let zone = zone();
            // no progress bar and no notes: the line is for a prompt
            let data =
                UsageData::gather(args, context.this_project, context.home, Some(&zone), false)?;
            let line = Statusline::build(&data, claude_input(), &zone, context.now_ms);
            let stdout = if statusline.json || args.json {
                line.render_json()
            } else {
                line.render()
            };
            Ok(UsageOutput {
                stdout,
                stderr: String::new(),
            })
        }
    }
}

/// The table or JSON of totals.
fn execute_report(
    args: &UsageArgs,
    context: &Context,
    table_style: &TableStyle,
) -> Result<UsageOutput, UsageError> {
    let (this_project, home, show_progress) =
        (context.this_project, context.home, context.show_progress);
    let report = build_report(args, this_project, home, show_progress)?;
    let stdout = if args.json {
        render_json(&report)
    } else {
        render_table(&report, table_style)
    };
    let mut stderr = String::new();
    if let (true, Some(dir)) = (
        report.looked_in.host_without_data,
        &report.looked_in.host_dir,
    ) {
        writeln!(stderr, "--host: no Claude transcripts in {}", dir.display()).unwrap();
    }
    stderr.push_str(&skipped_note(&report.stats));
    Ok(UsageOutput { stdout, stderr })
}

/// `skipped 3 malformed lines in 2 files`, the symbolic links not followed and the paths that
/// could not be read, one a line.
pub fn skipped_note(stats: &ScanStats) -> String {
    let mut note = String::new();
    if stats.malformed_lines > 0 {
        let lines = plural(stats.malformed_lines, "malformed line", "malformed lines");
        let files = plural(stats.files_with_malformed_lines, "file", "files");
        writeln!(note, "skipped {lines} in {files}").unwrap();
    }
    if !stats.symlinks.is_empty() {
        let count = plural(
            stats.symlinks.len() as u64,
            "symbolic link",
            "symbolic links",
        );
        writeln!(note, "skipped {count} (not followed):").unwrap();
        for link in &stats.symlinks {
            writeln!(note, "  {}", link.display()).unwrap();
        }
    }
    if !stats.unreadable.is_empty() {
        let count = plural(stats.unreadable.len() as u64, "path", "paths");
        writeln!(note, "could not read {count}:").unwrap();
        for unreadable in &stats.unreadable {
            writeln!(
                note,
                "  {}: {}",
                unreadable.path.display(),
                unreadable.error
            )
            .unwrap();
        }
    }
    note
}

fn plural(count: u64, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        with_separators(u128::from(count)),
        if count == 1 { one } else { many }
    )
}
