//! `vm usage` from arguments to text: find sources, scan, group, render.

use std::fmt::Write;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;

use crate::claude_dir::ClaudeDir;
use crate::date_range::DateRange;
use crate::digits::with_separators;
use crate::looked_in::LookedIn;
use crate::price_table::PriceTable;
use crate::progress::Progress;
use crate::report::{Report, ReportOptions};
use crate::report_json::render_json;
use crate::report_table::render_table;
use crate::scan_stats::ScanStats;
use crate::scanner::scan_indexed;
use crate::session_file::list_session_files;
use crate::source::Source;
use crate::source_finder::find_sources;
use crate::table_style::TableStyle;
use crate::usage_args::UsageArgs;
use crate::usage_error::UsageError;
use crate::usage_index::UsageIndex;

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
    let claude_dir = match &args.dir {
        Some(dir) => ClaudeDir::open(dir)?,
        None => ClaudeDir::of_home(home),
    };
    let mut vms = args.vms.clone();
    if args.this {
        vms.push(this_project.ok_or(UsageError::NotInProject)?.to_owned());
    }
    let mut sources = find_sources(&claude_dir, &vms, args.host)?;
    let prices = load_prices(args.prices.as_deref())?;

    let (files, listing) = list_session_files(&sources);
    // The host, always last, is no machine of the report when it has no transcripts.
    let host_without_data = sources.last().is_some_and(|host| host.name == Source::HOST)
        && files
            .last()
            .is_none_or(|file| file.source as usize != sources.len() - 1);
    if host_without_data {
        sources.pop();
    }
    let progress = Progress::new(files.iter().map(|file| file.stamp.len).sum(), show_progress);
    let threads = args
        .jobs
        .or_else(|| std::thread::available_parallelism().ok())
        .map_or(1, NonZeroUsize::get);
    let index_path = UsageIndex::location(&claude_dir);
    let mut index = index_path
        .as_deref()
        .map(UsageIndex::load)
        .unwrap_or_default();
    let queried: Vec<&Path> = sources
        .iter()
        .map(|source| source.projects_dir.as_path())
        .collect();
    let (mut state, changed) = scan_indexed(&files, &queried, &mut index, threads, &progress);
    progress.finish();
    if let (true, Some(path)) = (changed, &index_path) {
        // The index only saves time: a read-only directory or a full disk costs the next query a
        // full read, never this one its report.
        let _ = index.save(path);
    }
    state.stats.absorb(listing);

    let options = ReportOptions {
        group_by: args.by,
        breakdown: args.breakdown,
        time_zone: args.timezone.clone().unwrap_or_else(TimeZone::system),
        range,
    };
    let looked_in = LookedIn {
        host_dir: args.host.then(|| claude_dir.path().join("projects")),
        claude_dir,
        host_without_data,
    };
    Ok(Report::build(
        &state, &files, &sources, looked_in, &prices, options,
    ))
}

/// Runs `vm usage` and returns what it prints; `this_project`, `home` and `show_progress` as
/// for [`build_report`]; a table in `table_style`.
pub fn execute(
    args: &UsageArgs,
    this_project: Option<&str>,
    home: &Path,
    show_progress: bool,
    table_style: &TableStyle,
) -> Result<UsageOutput, UsageError> {
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

fn load_prices(path: Option<&Path>) -> Result<PriceTable, UsageError> {
    let embedded = PriceTable::embedded();
    let Some(path) = path else {
        return Ok(embedded);
    };
    let to_path = || PathBuf::from(path);
    let text = std::fs::read_to_string(path).map_err(|source| UsageError::ReadPrices {
        path: to_path(),
        source,
    })?;
    let overrides = PriceTable::from_json(&text).map_err(|source| UsageError::BadPrices {
        path: to_path(),
        source,
    })?;
    Ok(embedded.overridden_by(overrides))
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
