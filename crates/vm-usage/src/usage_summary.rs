//! Responses summed by file, model and quarter hour: enough for every report, without the
//! responses.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;

use jiff::tz::TimeZone;

use crate::byte_cursor::ByteCursor;
use crate::byte_sink::ByteSink;
use crate::price_table::PriceTable;
use crate::report::local_date;
use crate::scan_state::ScanState;
use crate::session_file::SessionFile;
use crate::summary_row::SummaryRow;
use crate::usage_totals::UsageTotals;

/// The responses of a scan (each counted once), priced and summed by file, model and slot of
/// time. Every report groups files (machine, project, session), models and days; a day is a
/// union of whole quarter hours in every zone in use (offsets are multiples of 15 minutes:
/// India's +05:30, Nepal's +05:45), and a 5-hour block (which starts on an hour and ends 5 hours
/// later, inclusive) a union of quarter hours once a quarter's first instant is a slot of its
/// own. So these sums answer exactly; a zone that would cut a slot (an old local mean time) is
/// detected ([`UsageSummary::is_exact_in`]) and gets per-millisecond sums instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageSummary {
    /// The files summed, in the order of the listing; rows name them by position.
    pub files: Vec<PathBuf>,
    pub models: Vec<String>,
    /// The width of a slot: [`UsageSummary::SLOT_MS`], or 1 for one slot per millisecond.
    pub slot_ms: i64,
    /// Sorted by slot, file and model.
    pub rows: Vec<SummaryRow>,
}

impl UsageSummary {
    pub const HOUR_MS: i64 = 3_600_000;
    /// The width of the slots of the summary kept in the index: a quarter hour.
    pub const SLOT_MS: i64 = 15 * 60_000;

    /// Sums the responses of `state`, read from `files`, priced by `prices`, by slots of
    /// `slot_ms` milliseconds.
    pub fn of(
        state: &ScanState,
        files: &[SessionFile],
        prices: &PriceTable,
        slot_ms: i64,
    ) -> UsageSummary {
        let rates: Vec<_> = state
            .models
            .names()
            .iter()
            .map(|name| prices.rates_for(name))
            .collect();
        let mut sums: HashMap<(i64, u32, u32), SummaryRow> = HashMap::new();
        for record in state.records() {
            let slot = Self::slot_of(record.first_ms, slot_ms);
            let row = sums
                .entry((slot, record.file, record.model))
                .or_insert(SummaryRow {
                    file: record.file,
                    model: record.model,
                    slot,
                    first_ms: record.first_ms,
                    last_ms: record.first_ms,
                    totals: UsageTotals::default(),
                });
            row.first_ms = row.first_ms.min(record.first_ms);
            row.last_ms = row.last_ms.max(record.first_ms);
            let cost = rates[record.model as usize].map(|rates| rates.cost(&record.tokens));
            row.totals.add(&record.tokens, cost);
        }
        let mut rows: Vec<SummaryRow> = sums.into_values().collect();
        rows.sort_unstable_by_key(|row| (row.slot, row.file, row.model));
        UsageSummary {
            files: files.iter().map(|file| file.path.clone()).collect(),
            models: state.models.names().to_vec(),
            slot_ms,
            rows,
        }
    }

    /// The slot of a time: per `slot_ms`, the slot's first millisecond apart from the rest of it
    /// (a block that starts at 10:00 holds 15:00:00.000 but not 15:00:00.001).
    pub fn slot_of(unix_ms: i64, slot_ms: i64) -> i64 {
        if slot_ms == 1 {
            return unix_ms;
        }
        let start = unix_ms.div_euclid(slot_ms);
        2 * start + i64::from(unix_ms.rem_euclid(slot_ms) != 0)
    }

    /// Whether the summary sums the responses of exactly `files`, in this order.
    pub fn is_of(&self, files: &[SessionFile]) -> bool {
        self.files.len() == files.len()
            && self
                .files
                .iter()
                .zip(files)
                .all(|(path, file)| *path == file.path)
    }

    /// Whether no row spans two days in `zone`, so that days are sums of rows.
    pub fn is_exact_in(&self, zone: &TimeZone) -> bool {
        self.rows
            .iter()
            .all(|row| local_date(row.first_ms, zone) == local_date(row.last_ms, zone))
    }

    pub fn encode(&self, sink: &mut ByteSink) {
        sink.len(self.files.len());
        for path in &self.files {
            sink.bytes(path.as_os_str().as_bytes());
        }
        sink.len(self.models.len());
        for model in &self.models {
            sink.bytes(model.as_bytes());
        }
        sink.i64(self.slot_ms);
        sink.len(self.rows.len());
        for row in &self.rows {
            row.encode(sink);
        }
    }

    pub fn decode(cursor: &mut ByteCursor) -> Option<UsageSummary> {
        let file_count = cursor.len(4)?;
        let mut files = Vec::with_capacity(file_count);
        for _ in 0..file_count {
            files.push(PathBuf::from(OsStr::from_bytes(cursor.bytes()?)));
        }
        let model_count = cursor.len(4)?;
        let mut models = Vec::with_capacity(model_count);
        for _ in 0..model_count {
            models.push(String::from_utf8(cursor.bytes()?.to_vec()).ok()?);
        }
        let slot_ms = cursor.i64()?;
        let row_count = cursor.len(SummaryRow::SIZE)?;
        let mut rows = Vec::with_capacity(row_count);
        for _ in 0..row_count {
            let row = SummaryRow::decode(cursor)?;
            if row.file as usize >= files.len() || row.model as usize >= models.len() {
                return None;
            }
            rows.push(row);
        }
        (slot_ms > 0).then_some(UsageSummary {
            files,
            models,
            slot_ms,
            rows,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::tz::Offset;

    fn summary_of(times: &[(i64, i64)]) -> UsageSummary {
        UsageSummary {
            files: Vec::new(),
            models: Vec::new(),
            slot_ms: UsageSummary::SLOT_MS,
            rows: times
                .iter()
                .map(|&(first_ms, last_ms)| SummaryRow {
                    slot: UsageSummary::slot_of(first_ms, UsageSummary::SLOT_MS),
                    first_ms,
                    last_ms,
                    ..SummaryRow::default()
                })
                .collect(),
        }
    }

    #[test]
    fn quarter_hours_cut_days_exactly_in_every_zone_in_use() {
        // 2026-02-28T23:30:00.001Z .. 23:44:59.999Z: within one quarter hour
        let midnight = 1_772_323_200_000;
        let quarter = summary_of(&[(midnight - 30 * 60_000 + 1, midnight - 15 * 60_000 - 1)]);
        for zone in ["UTC", "Asia/Kolkata", "Asia/Kathmandu", "America/St_Johns"] {
            assert!(quarter.is_exact_in(&TimeZone::get(zone).unwrap()), "{zone}");
        }
        // at +00:20, midnight (23:40Z) falls inside it: the summary must not answer
        let odd = TimeZone::fixed(Offset::from_seconds(20 * 60).unwrap());
        assert!(!quarter.is_exact_in(&odd));
    }

    #[test]
    fn a_slots_first_millisecond_is_a_slot_of_its_own() {
        let hour = 1_772_323_200_000; // 2026-03-01T00:00:00Z
        assert_eq!(UsageSummary::slot_of(hour, UsageSummary::SLOT_MS) % 2, 0);
        assert_eq!(
            UsageSummary::slot_of(hour + 1, UsageSummary::SLOT_MS),
            UsageSummary::slot_of(hour + UsageSummary::SLOT_MS - 1, UsageSummary::SLOT_MS)
        );
        assert!(
            UsageSummary::slot_of(hour - 1, UsageSummary::SLOT_MS)
                < UsageSummary::slot_of(hour, UsageSummary::SLOT_MS)
        );
        assert_eq!(UsageSummary::slot_of(hour + 7, 1), hour + 7);
    }
}
