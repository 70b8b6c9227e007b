//! Which transcripts a query must read, given the usage index.

use std::path::Path;

use crate::file_read::FileRead;
use crate::file_records::FileRecords;
use crate::index_entry::IndexEntry;
use crate::line_counts::LineCounts;
use crate::progress::Progress;
use crate::scan_state::ScanState;
use crate::scan_stats::ScanStats;
use crate::scanner::{Job, read_all};
use crate::session_file::SessionFile;
use crate::stored_records::StoredRecords;
use crate::usage_index::UsageIndex;

/// For each listed file, the index's entry when the file has not changed since; the others, to
/// read (resuming where the index left them when they only grew). A file unchanged but for a
/// last line without its newline is read again from that line only when the responses are
/// gathered: the summary and the entry's counts already hold that line.
#[derive(Debug)]
pub struct ScanPlan {
    reused: Vec<Option<IndexEntry>>,
    work: Vec<Job>,
    /// Whether entries of files gone from the disk were dropped from the index.
    pruned: bool,
}

impl ScanPlan {
    /// Takes the entries of `files` out of `index`, and drops those of files that are gone from
    /// `queried_dirs` (the projects directories listed) or from the disk; entries of other
    /// directories stay for other queries.
    pub fn new(files: &[SessionFile], queried_dirs: &[&Path], index: &mut UsageIndex) -> ScanPlan {
        let mut reused = Vec::with_capacity(files.len());
        let mut work = Vec::new();
        for (position, file) in files.iter().enumerate() {
            match index.entries.remove(&file.path) {
                Some(entry) if entry.stamp == file.stamp => reused.push(Some(entry)),
                previous => {
                    reused.push(None);
                    work.push((position, previous));
                }
            }
        }
        let before = index.entries.len();
        index.entries.retain(|path, _| {
            !queried_dirs.iter().any(|dir| path.starts_with(dir)) && path.symlink_metadata().is_ok()
        });
        ScanPlan {
            reused,
            work,
            pruned: index.entries.len() != before,
        }
    }

    /// Whether every file is as the index has it: nothing to read, nothing to write.
    pub fn is_fresh(&self) -> bool {
        self.work.is_empty() && !self.pruned
    }

    /// The counts of a fresh plan's files, as reading them would give.
    pub fn stats(&self, files: &[SessionFile]) -> ScanStats {
        let mut stats = ScanStats::default();
        for (entry, file) in self.reused.iter().zip(files) {
            if let Some(entry) = entry {
                let mut counts = entry.counts;
                counts += entry.tail_counts;
                count_file(&mut stats, &counts, file.stamp.len, true);
            }
        }
        stats
    }

    /// Reads what must be read on `threads` threads, gathers every file's responses as a scan
    /// of every file whole would, and brings `index` up to date. Returns the state and whether
    /// the index changed.
    pub fn run(
        mut self,
        files: &[SessionFile],
        index: &mut UsageIndex,
        threads: usize,
        progress: &Progress,
    ) -> (ScanState, bool) {
        // Records left in the index file are loaded now; those it no longer holds intact are
        // read again from their transcripts.
        for (position, slot) in self.reused.iter_mut().enumerate() {
            let Some(entry) = slot else { continue };
            if !load(index, entry) {
                *slot = None;
                self.work.push((position, None));
            } else if entry.offset < entry.stamp.len {
                self.work.push((position, slot.take()));
            }
        }
        for (_, previous) in &mut self.work {
            if previous.as_mut().is_some_and(|entry| !load(index, entry)) {
                *previous = None;
            }
        }
        let mut reads = read_all(files, self.work, threads, progress);
        let changed = self.pruned || reads.iter().flatten().any(|read| read.changed);

        let mut state = ScanState::default();
        let keyed = self
            .reused
            .iter()
            .flatten()
            .map(|entry| match &entry.records {
                StoredRecords::Loaded(records) => records.keyed.len(),
                StoredRecords::InIndex { .. } => 0,
            })
            .sum();
        state.responses.reserve(keyed);
        for (position, file) in files.iter().enumerate() {
            let at = u32::try_from(position).expect("fewer than 2^32 files");
            let (entry, read) = match self.reused[position].take() {
                Some(entry) => (Some(entry), None),
                None => {
                    let mut read: FileRead = reads[position]
                        .take()
                        .expect("every file is read or reused");
                    (read.entry.take(), Some(read))
                }
            };
            let mut counts = LineCounts::default();
            if let Some(entry) = &entry
                && let StoredRecords::Loaded(records) = &entry.records
            {
                state.absorb_file(records, at);
                counts = entry.counts;
            }
            let (mut bytes, mut complete) = (file.stamp.len, true);
            if let Some(read) = read {
                counts += LineCounts::of(&read.uncommitted.stats);
                state.absorb_file(&FileRecords::from_state(read.uncommitted).0, at);
                bytes = read.bytes;
                state.stats.bytes_read += read.bytes_read;
                if let Some(error) = read.error {
                    state.stats.unreadable.push(error);
                    complete = false;
                }
            }
            count_file(&mut state.stats, &counts, bytes, complete);
            if let Some(entry) = entry {
                index.entries.insert(file.path.clone(), entry);
            }
        }
        (state, changed)
    }
}

/// Loads the records of `entry` from `index`; false when the index no longer holds them.
fn load(index: &UsageIndex, entry: &mut IndexEntry) -> bool {
    match index.records(std::mem::take(&mut entry.records)) {
        Some(records) => {
            entry.records = StoredRecords::Loaded(records);
            true
        }
        None => false,
    }
}

/// Counts one file of which `bytes` were read, with `counts`; `complete` when it was read to its
/// end.
fn count_file(stats: &mut ScanStats, counts: &LineCounts, bytes: u64, complete: bool) {
    stats.files += u64::from(complete);
    stats.bytes += bytes;
    counts.add_to(stats);
    stats.files_with_malformed_lines += u64::from(counts.malformed_lines > 0);
}
