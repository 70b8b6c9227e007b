//! A report as JSON, in a versioned shape (see the crate's README).

use serde::Serialize;

use crate::group_key::GroupKey;
use crate::report::Report;
use crate::report_row::ModelTotals;
use crate::report_table::zone_name;
use crate::scan_stats::ScanStats;
use crate::usage_totals::UsageTotals;

/// Version of the JSON shape; bumped on any change that could break a reader.
pub const JSON_VERSION: u32 = 1;

/// The report as pretty-printed JSON, ending with a newline.
pub fn render_json(report: &Report) -> String {
    let options = &report.options;
    let json = JsonReport {
        version: JSON_VERSION,
        group_by: options.group_by.as_str(),
        time_zone: zone_name(&options.time_zone),
        since: options.range.since.map(|date| date.to_string()),
        until: options.range.until.map(|date| date.to_string()),
        machines: &report.sources,
        rows: report
            .rows
            .iter()
            .map(|row| JsonRow {
                key: JsonKey::of(&row.key),
                totals: JsonTotals::of(&row.totals),
                models: models(&row.models),
            })
            .collect(),
        totals: JsonTotalRow {
            totals: JsonTotals::of(&report.total),
            models: models(&report.total_models),
        },
        unpriced_models: &report.unpriced_models,
        scanned: JsonScanned::of(&report.stats),
    };
    let mut text = serde_json::to_string_pretty(&json).expect("a report serializes");
    text.push('\n');
    text
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonReport<'a> {
    version: u32,
    group_by: &'static str,
    time_zone: &'a str,
    since: Option<String>,
    until: Option<String>,
    machines: &'a [String],
    rows: Vec<JsonRow<'a>>,
    totals: JsonTotalRow<'a>,
    unpriced_models: &'a [String],
    scanned: JsonScanned<'a>,
}

#[derive(Serialize)]
struct JsonRow<'a> {
    key: JsonKey<'a>,
    #[serde(flatten)]
    totals: JsonTotals,
    models: Vec<JsonModel<'a>>,
}

#[derive(Serialize)]
struct JsonTotalRow<'a> {
    #[serde(flatten)]
    totals: JsonTotals,
    models: Vec<JsonModel<'a>>,
}

/// The fields that name a row; which ones depends on `groupBy`.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct JsonKey<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    vm: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    project: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    session: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    week_start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    model: Option<&'a str>,
}

impl<'a> JsonKey<'a> {
    fn of(key: &'a GroupKey) -> JsonKey<'a> {
        let none = JsonKey::default();
        match key {
            GroupKey::Vm(vm) => JsonKey {
                vm: Some(vm),
                ..none
            },
            GroupKey::Day(date) => JsonKey {
                date: Some(date.to_string()),
                ..none
            },
            GroupKey::Week(date) => JsonKey {
                week_start: Some(date.to_string()),
                ..none
            },
            GroupKey::Month(_) => JsonKey {
                month: key.labels().pop(),
                ..none
            },
            GroupKey::Session {
                vm,
                project,
                session,
            } => JsonKey {
                vm: Some(vm),
                project: Some(project),
                session: Some(session),
                ..none
            },
            GroupKey::Project { vm, project } => JsonKey {
                vm: Some(vm),
                project: Some(project),
                ..none
            },
            GroupKey::Model(model) => JsonKey {
                model: Some(model),
                ..none
            },
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonTotals {
    input_tokens: u64,
    output_tokens: u64,
    cache_creation_tokens: u64,
    cache_creation_1h_tokens: u64,
    cache_read_tokens: u64,
    total_tokens: u64,
    /// Cost of the priced responses.
    #[serde(rename = "costUSD")]
    cost_usd: f64,
    /// False when some responses have no price, so `costUSD` leaves them out.
    cost_complete: bool,
    responses: u64,
}

impl JsonTotals {
    fn of(totals: &UsageTotals) -> JsonTotals {
        let tokens = &totals.tokens;
        JsonTotals {
            input_tokens: tokens.input,
            output_tokens: tokens.output,
            cache_creation_tokens: tokens.cache_write,
            cache_creation_1h_tokens: tokens.cache_write_1h,
            cache_read_tokens: tokens.cache_read,
            total_tokens: tokens.total(),
            cost_usd: totals.cost.usd(),
            cost_complete: totals.cost_is_complete(),
            responses: totals.responses,
        }
    }
}

#[derive(Serialize)]
struct JsonModel<'a> {
    model: &'a str,
    #[serde(flatten)]
    totals: JsonTotals,
}

fn models(models: &[ModelTotals]) -> Vec<JsonModel<'_>> {
    models
        .iter()
        .map(|m| JsonModel {
            model: &m.model,
            totals: JsonTotals::of(&m.totals),
        })
        .collect()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonScanned<'a> {
    files: u64,
    bytes: u64,
    lines: u64,
    usage_lines: u64,
    malformed_lines: u64,
    unreadable: Vec<JsonUnreadable<'a>>,
    /// Symbolic links in the projects directories, not followed.
    symlinks: Vec<std::borrow::Cow<'a, str>>,
}

#[derive(Serialize)]
struct JsonUnreadable<'a> {
    path: std::borrow::Cow<'a, str>,
    error: &'a str,
}

impl<'a> JsonScanned<'a> {
    fn of(stats: &'a ScanStats) -> JsonScanned<'a> {
        JsonScanned {
            files: stats.files,
            bytes: stats.bytes,
            lines: stats.lines,
            usage_lines: stats.usage_lines,
            malformed_lines: stats.malformed_lines,
            unreadable: stats
                .unreadable
                .iter()
                .map(|u| JsonUnreadable {
                    path: u.path.to_string_lossy(),
                    error: &u.error,
                })
                .collect(),
            symlinks: stats
                .symlinks
                .iter()
                .map(|link| link.to_string_lossy())
                .collect(),
        }
    }
}
