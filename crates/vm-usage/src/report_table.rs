//! A report as an aligned text table.

use std::fmt::Write;

use crate::digits::{dollars, with_separators};
use crate::group_by::GroupBy;
use crate::looked_in::LookedIn;
use crate::report::Report;
use crate::source::Source;
use crate::usage_totals::UsageTotals;

const NUMBER_HEADERS: [&str; 6] = [
    "Input",
    "Output",
    "Cache write",
    "Cache read",
    "Total tokens",
    "Cost (USD)",
];

/// The table: a caption, a header, one line per row (and per model with `--breakdown`),
/// a totals line, and a note on models without a price. Without rows, where usage was looked for.
pub fn render_table(report: &Report) -> String {
    let options = &report.options;
    if report.rows.is_empty() {
        return format!(
            "{}\n\nNo Claude usage found.\n{}\n",
            caption(report),
            looked_in(&report.looked_in)
        );
    }
    let labels = options.group_by.headers();
    // rows by model split by model would repeat themselves
    let breakdown = options.breakdown && options.group_by != GroupBy::Model;
    let mut lines: Vec<Line> = Vec::new();
    for row in &report.rows {
        lines.push(Line::Cells(cells(row.key.labels(), &row.totals)));
        if breakdown {
            for model in &row.models {
                let mut label = vec![String::new(); labels.len()];
                label[0] = format!("  {}", model.model);
                lines.push(Line::Cells(cells(label, &model.totals)));
            }
        }
    }
    lines.push(Line::Rule);
    let mut total_label = vec![String::new(); labels.len()];
    total_label[0] = "Total".to_owned();
    lines.push(Line::Cells(cells(total_label, &report.total)));

    let header: Vec<String> = labels
        .iter()
        .chain(&NUMBER_HEADERS)
        .map(|h| (*h).to_owned())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for line in &lines {
        if let Line::Cells(cells) = line {
            for (width, cell) in widths.iter_mut().zip(cells) {
                *width = (*width).max(cell.chars().count());
            }
        }
    }

    let mut out = String::new();
    writeln!(out, "{}", caption(report)).unwrap();
    writeln!(out).unwrap();
    write_cells(&mut out, &header, &widths, labels.len());
    for line in &lines {
        match line {
            Line::Rule => {
                let width = widths.iter().sum::<usize>() + 2 * (widths.len() - 1);
                writeln!(out, "{}", "-".repeat(width)).unwrap();
            }
            Line::Cells(cells) => write_cells(&mut out, cells, &widths, labels.len()),
        }
    }
    if !report.unpriced_models.is_empty() {
        writeln!(out).unwrap();
        writeln!(
            out,
            "Cost unknown: no price for {}. Give prices with --prices FILE.",
            report.unpriced_models.join(", ")
        )
        .unwrap();
    }
    out
}

enum Line {
    Cells(Vec<String>),
    Rule,
}

fn cells(mut labels: Vec<String>, totals: &UsageTotals) -> Vec<String> {
    let tokens = &totals.tokens;
    for value in [
        tokens.input,
        tokens.output,
        tokens.cache_write,
        tokens.cache_read,
        tokens.total(),
    ] {
        labels.push(with_separators(u128::from(value)));
    }
    labels.push(cost_cell(totals));
    labels
}

/// `$12.34`; `cost unknown` when no response has a price; `$12.34 + unknown` when some lack one.
fn cost_cell(totals: &UsageTotals) -> String {
    if totals.cost_is_unknown() {
        "cost unknown".to_owned()
    } else if totals.cost_is_complete() {
        dollars(totals.cost)
    } else {
        format!("{} + unknown", dollars(totals.cost))
    }
}

/// Labels left-aligned, numbers right-aligned, two spaces apart, no trailing spaces.
fn write_cells(out: &mut String, cells: &[String], widths: &[usize], label_count: usize) {
    let mut line = String::new();
    for (index, (cell, width)) in cells.iter().zip(widths).enumerate() {
        if index > 0 {
            line.push_str("  ");
        }
        let pad = width - cell.chars().count();
        if index < label_count {
            line.push_str(cell);
            line.extend(std::iter::repeat_n(' ', pad));
        } else {
            line.extend(std::iter::repeat_n(' ', pad));
            line.push_str(cell);
        }
    }
    writeln!(out, "{}", line.trim_end()).unwrap();
}

/// `Claude usage by day, 3 VMs, time zone Asia/Tokyo, 2026-01-01 to 2026-01-31`: the zone in
/// which days are cut is named for every grouping, so that every caption has the same shape.
fn caption(report: &Report) -> String {
    let options = &report.options;
    let mut caption = format!(
        "Claude usage {}, {}, time zone {}",
        options.group_by.caption(),
        machines(&report.sources),
        zone_name(&options.time_zone)
    );
    match (options.range.since, options.range.until) {
        (Some(since), Some(until)) => write!(caption, ", {since} to {until}").unwrap(),
        (Some(since), None) => write!(caption, ", from {since}").unwrap(),
        (None, Some(until)) => write!(caption, ", until {until}").unwrap(),
        (None, None) => {}
    }
    caption
}

/// `VM myapp`, `3 VMs`, `3 VMs and the host`, `the host`.
fn machines(sources: &[String]) -> String {
    let vms: Vec<&String> = sources
        .iter()
        .filter(|name| *name != Source::HOST)
        .collect();
    let host = vms.len() < sources.len();
    let vms = match vms.as_slice() {
        [] => None,
        [name] => Some(format!("VM {name}")),
        many => Some(format!("{} VMs", many.len())),
    };
    match (vms, host) {
        (Some(vms), true) => format!("{vms} and the host"),
        (Some(vms), false) => vms,
        (None, true) => "the host".to_owned(),
        (None, false) => "no machines".to_owned(),
    }
}

/// `Looked in ~/.claude/vms (VMs with "claude_sync": true) and ~/.claude/projects (the host).`
fn looked_in(looked_in: &LookedIn) -> String {
    let mut line = format!(
        "Looked in {} (VMs with \"claude_sync\": true)",
        looked_in.vms_dir.display()
    );
    if let Some(host_dir) = &looked_in.host_dir {
        write!(line, " and {} (the host)", host_dir.display()).unwrap();
    }
    line.push('.');
    line
}

/// The IANA name of a zone, or `system` for an unnamed system zone.
pub fn zone_name(zone: &jiff::tz::TimeZone) -> &str {
    zone.iana_name().unwrap_or("system")
}
