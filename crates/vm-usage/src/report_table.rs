//! A report as an aligned text table.

use std::fmt::Write;

use anstyle::Style;

use crate::claude_dir::ClaudeDir;
use crate::digits::{dollars, with_separators};
use crate::group_by::GroupBy;
use crate::looked_in::LookedIn;
use crate::report::Report;
use crate::source::Source;
use crate::table_style::TableStyle;
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
/// The header, the totals and unknown costs are in the styles of `style`; with
/// [`TableStyle::PLAIN`], the text has no escape codes.
pub fn render_table(report: &Report, style: &TableStyle) -> String {
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
    let mut rows: Vec<Cells> = Vec::new();
    for row in &report.rows {
        rows.push(Cells::of(row.key.labels(), &row.totals));
        if breakdown {
            for model in &row.models {
                let mut label = vec![String::new(); labels.len()];
                label[0] = format!("  {}", model.model);
                rows.push(Cells::of(label, &model.totals));
            }
        }
    }
    let mut total_label = vec![String::new(); labels.len()];
    total_label[0] = "Total".to_owned();
    let total = Cells::of(total_label, &report.total);

    let header = Cells {
        texts: labels
            .iter()
            .chain(&NUMBER_HEADERS)
            .map(|h| (*h).to_owned())
            .collect(),
        unknown_from: None,
    };
    let mut widths: Vec<usize> = header.texts.iter().map(|h| h.chars().count()).collect();
    for cells in rows.iter().chain([&total]) {
        for (width, text) in widths.iter_mut().zip(&cells.texts) {
            *width = (*width).max(text.chars().count());
        }
    }

    let mut out = String::new();
    writeln!(out, "{}", caption(report)).unwrap();
    writeln!(out).unwrap();
    let layout = Layout {
        widths: &widths,
        label_count: labels.len(),
        unknown: style.unknown,
    };
    layout.write(&mut out, &header, style.header);
    for cells in &rows {
        layout.write(&mut out, cells, Style::new());
    }
    let rule = widths.iter().sum::<usize>() + 2 * (widths.len() - 1);
    writeln!(out, "{}", "-".repeat(rule)).unwrap();
    layout.write(&mut out, &total, style.total);
    if !report.unpriced_models.is_empty() {
        let unknown = style.unknown;
        writeln!(out).unwrap();
        writeln!(
            out,
            "{unknown}Cost unknown:{unknown:#} no price for {}. Give prices with --prices FILE.",
            report.unpriced_models.join(", ")
        )
        .unwrap();
    }
    out
}

/// The texts of one line of the table.
struct Cells {
    texts: Vec<String>,
    /// Where the part of the last text (the cost) that is unknown starts, if any.
    unknown_from: Option<usize>,
}

impl Cells {
    /// `labels`, then the token counts and the cost of `totals`.
    fn of(mut labels: Vec<String>, totals: &UsageTotals) -> Cells {
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
        let (cost, unknown_from) = cost_cell(totals);
        labels.push(cost);
        Cells {
            texts: labels,
            unknown_from,
        }
    }
}

/// `$12.34`; `cost unknown` when no response has a price; `$12.34 + unknown` when some lack one;
/// and where the unknown part starts.
fn cost_cell(totals: &UsageTotals) -> (String, Option<usize>) {
    if totals.cost_is_unknown() {
        ("cost unknown".to_owned(), Some(0))
    } else if totals.cost_is_complete() {
        (dollars(totals.cost), None)
    } else {
        let known = format!("{} + ", dollars(totals.cost));
        let from = known.len();
        (known + "unknown", Some(from))
    }
}

/// The columns of a table: their widths, how many are labels, how unknown costs look.
struct Layout<'a> {
    widths: &'a [usize],
    label_count: usize,
    unknown: Style,
}

impl Layout<'_> {
    /// Labels left-aligned, numbers right-aligned, two spaces apart, in `style`; the unknown part
    /// of the cost, at the end, in the style of unknown costs (bold too in a bold line). The last
    /// column, a number, leaves no trailing space.
    fn write(&self, out: &mut String, cells: &Cells, style: Style) {
        let mut line = String::new();
        let mut unknown_from = None;
        for (index, (text, width)) in cells.texts.iter().zip(self.widths).enumerate() {
            if index > 0 {
                line.push_str("  ");
            }
            let pad = width - text.chars().count();
            if index < self.label_count {
                line.push_str(text);
                line.extend(std::iter::repeat_n(' ', pad));
            } else {
                line.extend(std::iter::repeat_n(' ', pad));
                if index == cells.texts.len() - 1 {
                    unknown_from = cells.unknown_from.map(|from| line.len() + from);
                }
                line.push_str(text);
            }
        }
        let (known, unknown) = line.split_at(unknown_from.unwrap_or(line.len()));
        styled(out, known, style);
        let effects = self.unknown.get_effects() | style.get_effects();
        styled(out, unknown, self.unknown.effects(effects));
        out.push('\n');
    }
}

/// `text` in `style`; nothing for an empty text.
fn styled(out: &mut String, text: &str, style: Style) {
    if !text.is_empty() {
        write!(out, "{style}{text}{style:#}").unwrap();
    }
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
pub fn machines(sources: &[String]) -> String {
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

/// `Looked in ~/.claude/vms (VMs with "claude_sync": true) and ~/.claude/projects (the host).`;
/// `Looked in ~/.claude/vms/myapp/projects (VM myapp).` for one machine's directory.
fn looked_in(looked_in: &LookedIn) -> String {
    let mut line = match &looked_in.claude_dir {
        ClaudeDir::Home(dir) => format!(
            "Looked in {} (VMs with \"claude_sync\": true)",
            dir.join("vms").display()
        ),
        ClaudeDir::Machine { name, dir } => {
            format!("Looked in {} (VM {name})", dir.join("projects").display())
        }
    };
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
