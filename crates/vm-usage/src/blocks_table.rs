//! `vm usage blocks` as text.

use std::fmt::Write;

use jiff::tz::TimeZone;

use crate::block_projection::BlockProjection;
use crate::blocks_report::BlocksReport;
use crate::burn_rate::BurnRate;
use crate::cost::Cost;
use crate::digits::{dollars, with_separators};
use crate::report_table::{machines, zone_name};
use crate::token_limit_status::TokenLimitStatus;
use crate::usage_block::UsageBlock;

const HEADERS: [&str; 6] = [
    "Block start",
    "Duration",
    "Models",
    "Responses",
    "Total tokens",
    "Cost (USD)",
];

/// A caption, one line per block (a gap's line says how long it lasted, the active block's
/// `ACTIVE`), then the active block's burn rate and projection. Times are in the report's zone.
pub fn render_blocks_table(report: &BlocksReport) -> String {
    let zone = &report.time_zone;
    let mut out = format!(
        "Claude usage by 5-hour block, {}, time zone {}\n\n",
        machines(&report.sources),
        zone_name(zone)
    );
    if report.shown.is_empty() {
        out.push_str("No 5-hour block found.\n");
        return out;
    }
    let rows: Vec<[String; 6]> = report
        .shown
        .iter()
        .map(|block| cells(block, zone))
        .collect();
    let header = HEADERS.map(str::to_owned);
    let mut widths = [0; 6];
    for row in rows.iter().chain([&header]) {
        for (width, text) in widths.iter_mut().zip(row) {
            *width = (*width).max(text.chars().count());
        }
    }
    for row in [&header].into_iter().chain(&rows) {
        let mut line = String::new();
        for (column, (text, width)) in row.iter().zip(widths).enumerate() {
            let pad = " ".repeat(width - text.chars().count());
            match column {
                0 => write!(line, "{text}{pad}"),
                1 | 2 => write!(line, "  {text}{pad}"),
                _ => write!(line, "  {pad}{text}"),
            }
            .unwrap();
        }
        writeln!(out, "{}", line.trim_end()).unwrap();
    }
    if let Some(active) = report.shown.iter().find(|block| block.is_active) {
        active_lines(&mut out, active, report);
    }
    out
}

fn cells(block: &UsageBlock, zone: &TimeZone) -> [String; 6] {
    if block.is_gap {
        let duration = duration(block.end_ms - block.start_ms);
        return [
            "(gap)".to_owned(),
            duration,
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ];
    }
    let duration = if block.is_active {
        "ACTIVE".to_owned()
    } else {
        duration(block.last_ms - block.start_ms)
    };
    let cost = if block.totals.cost_is_unknown() {
        "cost unknown".to_owned()
    } else if block.totals.cost_is_complete() {
        dollars(block.totals.cost)
    } else {
        format!("{} + unknown", dollars(block.totals.cost))
    };
    [
        local_time(block.start_ms, zone, "%Y-%m-%d %H:%M"),
        duration,
        block.models.join(", "),
        with_separators(u128::from(block.totals.responses)),
        with_separators(u128::from(block.totals.tokens.total())),
        cost,
    ]
}

/// The active block's end, burn rate, projection and limit.
fn active_lines(out: &mut String, block: &UsageBlock, report: &BlocksReport) {
    let zone = &report.time_zone;
    let end = local_time(block.end_ms, zone, "%H:%M");
    writeln!(
        out,
        "\nActive block: {} to {end}, {} left",
        local_time(block.start_ms, zone, "%Y-%m-%d %H:%M"),
        duration(block.end_ms - report.now_ms)
    )
    .unwrap();
    if let Some(rate) = BurnRate::of(block) {
        writeln!(
            out,
            "Burn rate: {} tokens/min, {}/hour",
            with_separators(rate.tokens_per_minute.round() as u128),
            dollars(usd(rate.cost_per_hour))
        )
        .unwrap();
    }
    let Some(projection) = BlockProjection::of(block, report.now_ms) else {
        return;
    };
    writeln!(
        out,
        "Projected by {end}: {} tokens, {}",
        with_separators(u128::from(projection.total_tokens)),
        dollars(usd(projection.total_cost))
    )
    .unwrap();
    if let Some(status) = report
        .token_limit
        .and_then(|limit| TokenLimitStatus::of(limit, &projection, &report.all))
    {
        writeln!(
            out,
            "Token limit {}: {:.1}% projected ({})",
            with_separators(u128::from(status.limit)),
            status.percent_used,
            status.status
        )
        .unwrap();
    }
}

/// A float of dollars as a cost, for printing.
fn usd(dollars: f64) -> Cost {
    Cost((dollars.max(0.0) * Cost::PICO_PER_USD as f64).round() as u128)
}

/// `3h 05m`.
pub fn duration(ms: i64) -> String {
    let minutes = ms.max(0) / 60_000;
    format!("{}h {:02}m", minutes / 60, minutes % 60)
}

/// A Unix-millisecond time in `zone`, formatted by `format` (strftime).
pub fn local_time(unix_ms: i64, zone: &TimeZone, format: &str) -> String {
    let timestamp = jiff::Timestamp::from_millisecond(unix_ms).expect("times are in range");
    zone.to_datetime(timestamp).strftime(format).to_string()
}
