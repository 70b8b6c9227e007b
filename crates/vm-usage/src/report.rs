//! Grouping counted responses into the rows of a report.

use std::collections::{BTreeMap, HashMap};

use jiff::ToSpan;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::date_range::DateRange;
use crate::group_by::GroupBy;
use crate::group_key::GroupKey;
use crate::looked_in::LookedIn;
use crate::report_row::{ModelTotals, ReportRow};
use crate::scan_stats::ScanStats;
use crate::session_file::SessionFile;
use crate::source::Source;
use crate::usage_summary::UsageSummary;
use crate::usage_totals::UsageTotals;

/// What a report shows, besides its data.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub group_by: GroupBy,
    /// Splits each row by model in the table (JSON always has the split).
    pub breakdown: bool,
    /// Zone in which days are cut.
    pub time_zone: TimeZone,
    pub range: DateRange,
}

impl ReportOptions {
    /// Whether responses must be dated in the zone: to group by period, or to filter by day.
    pub fn needs_dates(&self) -> bool {
        self.group_by.is_time_based() || self.range.is_bounded()
    }
}

/// Usage grouped into rows, with grand totals and what was skipped.
#[derive(Debug, Clone)]
pub struct Report {
    pub options: ReportOptions,
    pub rows: Vec<ReportRow>,
    /// All rows together.
    pub total: UsageTotals,
    /// All rows together, split by model.
    pub total_models: Vec<ModelTotals>,
    /// Models with usage but no price, sorted.
    pub unpriced_models: Vec<String>,
    /// Names of the sources read.
    pub sources: Vec<String>,
    pub stats: ScanStats,
    pub looked_in: LookedIn,
}

/// A row's key during aggregation: indices instead of strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum RawKey {
    Source(u32),
    Project(u32),
    Session(u32),
    Period(Date),
    Model,
}

impl Report {
    /// Groups the sums of `summary` (read from `files` of `sources`, found in `looked_in`, and
    /// exact in the report's time zone when it needs days), with the `stats` of the scan.
    pub fn build(
        summary: &UsageSummary,
        stats: ScanStats,
        files: &[SessionFile],
        sources: &[Source],
        looked_in: LookedIn,
        options: ReportOptions,
    ) -> Report {
        let (projects, sessions) = file_groups(files);
        let needs_date = options.needs_dates();
        let mut groups: HashMap<(RawKey, u32), UsageTotals> = HashMap::new();
        for row in &summary.rows {
            let date = needs_date.then(|| local_date(row.first_ms, &options.time_zone));
            if date.is_some_and(|date| !options.range.contains(date)) {
                continue;
            }
            let file = row.file as usize;
            let key = match options.group_by {
                GroupBy::Vm => RawKey::Source(files[file].source),
                GroupBy::Project => RawKey::Project(projects[file]),
                GroupBy::Session => RawKey::Session(sessions[file]),
                GroupBy::Model => RawKey::Model,
                GroupBy::Day => RawKey::Period(date.expect("dated")),
                GroupBy::Week => RawKey::Period(monday_of(date.expect("dated"))),
                GroupBy::Month => RawKey::Period(date.expect("dated").first_of_month()),
            };
            groups
                .entry((key, row.model))
                .or_default()
                .absorb(&row.totals);
        }

        let file_of_project = first_file_of(&projects);
        let file_of_session = first_file_of(&sessions);
        let mut rows: BTreeMap<GroupKey, BTreeMap<&str, UsageTotals>> = BTreeMap::new();
        for ((raw, model), totals) in groups {
            let model_name = summary.models[model as usize].as_str();
            let source_of = |file: usize| sources[files[file].source as usize].name.clone();
            let key = match raw {
                RawKey::Source(source) => GroupKey::Vm(sources[source as usize].name.clone()),
                RawKey::Project(project) => {
                    let file = file_of_project[project as usize];
                    GroupKey::Project {
                        vm: source_of(file),
                        project: files[file].project.clone(),
                    }
                }
                RawKey::Session(session) => {
                    let file = file_of_session[session as usize];
                    GroupKey::Session {
                        vm: source_of(file),
                        project: files[file].project.clone(),
                        session: files[file].session.clone(),
                    }
                }
                RawKey::Model => GroupKey::Model(model_name.to_owned()),
                RawKey::Period(date) => match options.group_by {
                    GroupBy::Week => GroupKey::Week(date),
                    GroupBy::Month => GroupKey::Month(date),
                    _ => GroupKey::Day(date),
                },
            };
            rows.entry(key)
                .or_default()
                .entry(model_name)
                .or_default()
                .absorb(&totals);
        }

        let mut total_models: BTreeMap<&str, UsageTotals> = BTreeMap::new();
        let rows: Vec<ReportRow> = rows
            .into_iter()
            .map(|(key, models)| {
                for (model, totals) in &models {
                    total_models.entry(model).or_default().absorb(totals);
                }
                let (totals, models) = split_by_model(models);
                ReportRow {
                    key,
                    totals,
                    models,
                }
            })
            .collect();
        let unpriced_models = total_models
            .iter()
            .filter(|(_, totals)| !totals.cost_is_complete())
            .map(|(model, _)| (*model).to_owned())
            .collect();
        let (total, total_models) = split_by_model(total_models);
        Report {
            total,
            total_models,
            rows,
            unpriced_models,
            sources: sources.iter().map(|source| source.name.clone()).collect(),
            stats,
            looked_in,
            options,
        }
    }
}

/// The sum of per-model totals, and those totals as a list sorted by model.
fn split_by_model(models: BTreeMap<&str, UsageTotals>) -> (UsageTotals, Vec<ModelTotals>) {
    let mut sum = UsageTotals::default();
    let models = models
        .into_iter()
        .map(|(model, totals)| {
            sum.absorb(&totals);
            ModelTotals {
                model: model.to_owned(),
                totals,
            }
        })
        .collect();
    (sum, models)
}

/// For each file, the index of its project (source + project directory) and of its session.
fn file_groups(files: &[SessionFile]) -> (Vec<u32>, Vec<u32>) {
    let mut project_ids: HashMap<(u32, &str), u32> = HashMap::new();
    let mut session_ids: HashMap<(u32, &str, &str), u32> = HashMap::new();
    let mut projects = Vec::with_capacity(files.len());
    let mut sessions = Vec::with_capacity(files.len());
    for file in files {
        let next = project_ids.len() as u32;
        projects.push(
            *project_ids
                .entry((file.source, &file.project))
                .or_insert(next),
        );
        let next = session_ids.len() as u32;
        sessions.push(
            *session_ids
                .entry((file.source, &file.project, &file.session))
                .or_insert(next),
        );
    }
    (projects, sessions)
}

/// For each group index, the first file in it.
fn first_file_of(groups: &[u32]) -> Vec<usize> {
    let mut first = Vec::new();
    for (file, &group) in groups.iter().enumerate() {
        if group as usize == first.len() {
            first.push(file);
        }
    }
    first
}

/// The calendar day of a Unix-millisecond time in `zone`.
pub fn local_date(unix_ms: i64, zone: &TimeZone) -> Date {
    let timestamp =
        jiff::Timestamp::from_millisecond(unix_ms).expect("parsed timestamps are in range");
    zone.to_datetime(timestamp).date()
}

fn monday_of(date: Date) -> Date {
    date - i64::from(date.weekday().to_monday_zero_offset()).days()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(monday_of(date(2026, 11, 19)), date(2026, 11, 16)); // a Thursday
        assert_eq!(monday_of(date(2026, 11, 16)), date(2026, 11, 16));
        assert_eq!(monday_of(date(2026, 11, 22)), date(2026, 11, 16)); // a Sunday
    }

    #[test]
    fn days_are_cut_in_the_zone() {
        // 2026-03-01T04:30:00Z is still Feb 28 in New York and already Mar 1 in Tokyo.
        let ms = 1_772_339_400_000;
        assert_eq!(
            local_date(ms, &TimeZone::get("America/New_York").unwrap()),
            date(2026, 2, 28)
        );
        assert_eq!(
            local_date(ms, &TimeZone::get("Asia/Tokyo").unwrap()),
            date(2026, 3, 1)
        );
        assert_eq!(local_date(ms, &TimeZone::UTC), date(2026, 3, 1));
    }
}
