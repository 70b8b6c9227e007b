//! The usage of the machines a command line selects: counted, summed, with what was skipped.

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;

use crate::claude_dir::ClaudeDir;
use crate::price_table::PriceTable;
use crate::progress::Progress;
use crate::scan_plan::ScanPlan;
use crate::scan_stats::ScanStats;
use crate::session_file::{SessionFile, list_session_files};
use crate::source::Source;
use crate::source_finder::find_sources;
use crate::usage_args::UsageArgs;
use crate::usage_error::UsageError;
use crate::usage_index::UsageIndex;
use crate::usage_summary::UsageSummary;

/// The summed usage of the selected machines, and where it was found.
#[derive(Debug)]
pub struct UsageData {
    pub summary: UsageSummary,
    pub stats: ScanStats,
    pub files: Vec<SessionFile>,
    /// The machines read; the host only when it has transcripts.
    pub sources: Vec<Source>,
    pub claude_dir: ClaudeDir,
    /// `--host` was given, but the host has no transcripts.
    pub host_without_data: bool,
}

impl UsageData {
    /// Counts the usage of the machines `args` select (`this_project` for `--this`, `home` for
    /// the default Claude directory). When `days_in` is given, the summary is exact for days in
    /// that zone. With an index (a home's Claude directory), an unchanged tree is answered from
    /// the index's summary, and only what changed is read.
    pub fn gather(
        args: &UsageArgs,
        this_project: Option<&str>,
        home: &Path,
        days_in: Option<&TimeZone>,
        show_progress: bool,
    ) -> Result<UsageData, UsageError> {
        let claude_dir = match &args.dir {
            Some(dir) => ClaudeDir::open(dir)?,
            None => ClaudeDir::of_home(home),
        };
        let mut vms = args.vms.clone();
        if args.this {
            vms.push(this_project.ok_or(UsageError::NotInProject)?.to_owned());
        }
        let mut sources = find_sources(&claude_dir, &vms, args.host)?;
        let overrides = load_prices(args.prices.as_deref())?;
        let (files, listing) = list_session_files(&sources);
        // The host, always last, is no machine of the report when it has no transcripts.
        let host_without_data = sources.last().is_some_and(|host| host.name == Source::HOST)
            && files
                .last()
                .is_none_or(|file| file.source as usize != sources.len() - 1);
        if host_without_data {
            sources.pop();
        }

        let index_path = UsageIndex::location(&claude_dir);
        let mut index = index_path
            .as_deref()
            .map(UsageIndex::load)
            .unwrap_or_default();
        let queried: Vec<&Path> = sources
            .iter()
            .map(|source| source.projects_dir.as_path())
            .collect();
        let plan = ScanPlan::new(&files, &queried, &mut index);
        let exact = |summary: &UsageSummary| days_in.is_none_or(|zone| summary.is_exact_in(zone));
        let previous_summary = index.summary.take();
        let fresh = plan.is_fresh()
            && overrides.is_none()
            && previous_summary
                .as_ref()
                .is_some_and(|summary| summary.is_of(&files) && exact(summary));
        let (summary, mut stats) = match previous_summary {
            Some(summary) if fresh => {
                let stats = plan.stats(&files);
                (summary, stats)
            }
            previous_summary => {
                let progress =
                    Progress::new(files.iter().map(|file| file.stamp.len).sum(), show_progress);
                let threads = args
                    .jobs
                    .or_else(|| std::thread::available_parallelism().ok())
                    .map_or(1, NonZeroUsize::get);
                let (state, mut changed) = plan.run(&files, &mut index, threads, &progress);
                progress.finish();
                let embedded = PriceTable::embedded();
                let quarterly = UsageSummary::of(&state, &files, &embedded, UsageSummary::SLOT_MS);
                // The summary kept is the one of every machine, the query that repeats most.
                if vms.is_empty() && previous_summary.as_ref() != Some(&quarterly) {
                    index.summary = Some(quarterly.clone());
                    changed = true;
                } else {
                    index.summary = previous_summary;
                }
                if let (true, Some(path)) = (changed, &index_path) {
                    // The index only saves time: a read-only directory or a full disk costs the
                    // next query a full read, never this one its report.
                    let _ = index.save(path);
                }
                let (prices, mut summary) = match overrides {
                    None => (embedded, quarterly),
                    Some(overrides) => {
                        let prices = embedded.overridden_by(overrides);
                        let summary =
                            UsageSummary::of(&state, &files, &prices, UsageSummary::SLOT_MS);
                        (prices, summary)
                    }
                };
                if !exact(&summary) {
                    summary = UsageSummary::of(&state, &files, &prices, 1);
                }
                (summary, state.stats)
            }
        };
        stats.absorb(listing);
        Ok(UsageData {
            summary,
            stats,
            files,
            sources,
            claude_dir,
            host_without_data,
        })
    }
}

/// The prices of `--prices FILE`, when given.
fn load_prices(path: Option<&Path>) -> Result<Option<PriceTable>, UsageError> {
    let Some(path) = path else {
        return Ok(None);
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
    Ok(Some(overrides))
}
