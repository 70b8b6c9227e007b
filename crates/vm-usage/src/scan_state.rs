//! What one reader thread has gathered: responses counted once, and the scan's counts.

use std::collections::HashMap;

use crate::file_records::FileRecords;
use crate::model_names::ModelNames;
use crate::parsed_line::UsageLine;
use crate::response_key::{ResponseKey, ResponseKeyBuildHasher};
use crate::scan_stats::ScanStats;
use crate::usage_record::UsageRecord;

/// Responses gathered so far, each counted once; memory grows with the number of distinct
/// responses, not with the size of the input.
#[derive(Debug, Default)]
pub struct ScanState {
    pub models: ModelNames,
    /// Responses with a `message.id` and a `requestId`, by key.
    pub responses: HashMap<ResponseKey, UsageRecord, ResponseKeyBuildHasher>,
    /// Lines without a `message.id` or a `requestId`: not matched with others (as in ccusage),
    /// so each line counts.
    pub unkeyed: Vec<UsageRecord>,
    pub stats: ScanStats,
}

impl ScanState {
    /// Adds one usage line of file `file`.
    pub fn add(&mut self, line: UsageLine<'_>, file: u32) {
        self.stats.usage_lines += 1;
        let record = UsageRecord {
            first_ms: line.timestamp_ms,
            line_ms: line.timestamp_ms,
            model: self.models.intern(&line.model),
            file,
            tokens: line.tokens,
        };
        match line.key {
            Some(key) => self.insert(key, record),
            None => self.unkeyed.push(record),
        }
    }

    fn insert(&mut self, key: ResponseKey, record: UsageRecord) {
        self.responses
            .entry(key)
            .and_modify(|kept| *kept = kept.merge(record))
            .or_insert(record);
    }

    /// Combines the work of two threads.
    pub fn merge(mut self, mut other: ScanState) -> ScanState {
        if other.responses.len() > self.responses.len() {
            std::mem::swap(&mut self, &mut other);
        }
        let models = self.models.absorb(&other.models);
        let remap = |record: UsageRecord| UsageRecord {
            model: models[record.model as usize],
            ..record
        };
        for (key, record) in other.responses {
            self.insert(key, remap(record));
        }
        self.unkeyed.extend(other.unkeyed.into_iter().map(remap));
        self.stats.absorb(other.stats);
        self
    }

    /// Adds the records of one file, at position `file` in the list of scanned files.
    pub fn absorb_file(&mut self, records: &FileRecords, file: u32) {
        let models: Vec<u32> = records
            .models
            .iter()
            .map(|name| self.models.intern(name))
            .collect();
        let place = |record: &UsageRecord| UsageRecord {
            model: models[record.model as usize],
            file,
            ..*record
        };
        for (key, record) in &records.keyed {
            self.insert(*key, place(record));
        }
        self.unkeyed.extend(records.unkeyed.iter().map(place));
    }

    /// Every response once.
    pub fn records(&self) -> impl Iterator<Item = &UsageRecord> {
        self.responses.values().chain(&self.unkeyed)
    }
}
