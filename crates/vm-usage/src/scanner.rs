//! Reading every transcript in parallel, or only what changed since the usage index was written.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use crate::file_read::FileRead;
use crate::file_records::FileRecords;
use crate::index_entry::IndexEntry;
use crate::line_reader::LineReader;
use crate::progress::Progress;
use crate::scan_state::ScanState;
use crate::session_file::SessionFile;
use crate::usage_index::UsageIndex;

/// Reads `files` whole on `threads` threads, without an index.
pub fn scan(files: &[SessionFile], threads: usize, progress: &Progress) -> ScanState {
    scan_indexed(files, &[], &mut UsageIndex::default(), threads, progress).0
}

/// Counts `files` with the help of `index`, and brings the index up to date: a file whose stamp
/// is the one indexed is not opened, one that grew is read from where the index left it, others
/// are read whole, on `threads` threads, largest first. Entries of files that are gone from
/// `queried_dirs` (the projects directories listed) or from the disk are dropped; those of
/// other directories stay for other queries. Returns the state, as a scan of every file whole
/// would give it, and whether the index changed.
pub fn scan_indexed(
    files: &[SessionFile],
    queried_dirs: &[&Path],
    index: &mut UsageIndex,
    threads: usize,
    progress: &Progress,
) -> (ScanState, bool) {
    let mut reused: Vec<Option<IndexEntry>> = Vec::with_capacity(files.len());
    let mut work: Vec<(usize, Option<IndexEntry>)> = Vec::new();
    for (position, file) in files.iter().enumerate() {
        match index.entries.remove(&file.path) {
            Some(entry) if entry.stamp == file.stamp && entry.offset == file.stamp.len => {
                reused.push(Some(entry));
            }
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
    let pruned = index.entries.len() != before;
    let mut reads = read_all(files, work, threads, progress);
    let changed = pruned || reads.iter().flatten().any(|read| read.changed);

    let mut state = ScanState::default();
    let keyed = reused
        .iter()
        .flatten()
        .map(|entry| entry.records.keyed.len())
        .sum();
    state.responses.reserve(keyed);
    for (position, file) in files.iter().enumerate() {
        let at = u32::try_from(position).expect("fewer than 2^32 files");
        let (entry, read) = match reused[position].take() {
            Some(entry) => (Some(entry), None),
            None => {
                let read = reads[position]
                    .take()
                    .expect("every file is read or reused");
                (read.entry.clone(), Some(read))
            }
        };
        let mut malformed = 0;
        if let Some(entry) = &entry {
            state.absorb_file(&entry.records, at);
            malformed += entry.records.malformed_lines;
        }
        match read {
            None => {
                state.stats.files += 1;
                state.stats.bytes += file.stamp.len;
            }
            Some(read) => {
                let uncommitted = FileRecords::from_state(read.uncommitted);
                state.absorb_file(&uncommitted, at);
                malformed += uncommitted.malformed_lines;
                state.stats.bytes += read.bytes;
                match read.error {
                    None => state.stats.files += 1,
                    Some(error) => state.stats.unreadable.push(error),
                }
            }
        }
        state.stats.files_with_malformed_lines += u64::from(malformed > 0);
        if let Some(entry) = entry {
            index.entries.insert(file.path.clone(), entry);
        }
    }
    (state, changed)
}

/// A file to read: its position in the list, and what the index had of it.
type Job = (usize, Option<IndexEntry>);

/// Reads the files of `work` (positions in `files`, with what the index had of each) on
/// `threads` threads, largest first; the result is by position.
fn read_all(
    files: &[SessionFile],
    mut work: Vec<(usize, Option<IndexEntry>)>,
    threads: usize,
    progress: &Progress,
) -> Vec<Option<FileRead>> {
    let left = |(position, previous): &(usize, Option<IndexEntry>)| {
        files[*position].stamp.len
            - previous
                .as_ref()
                .map_or(0, |entry| entry.offset.min(files[*position].stamp.len))
    };
    work.sort_by_key(|item| std::cmp::Reverse(left(item)));
    let work: Vec<Mutex<Option<Job>>> = work
        .into_iter()
        .map(|item| Mutex::new(Some(item)))
        .collect();
    let next = AtomicUsize::new(0);
    let threads = threads.clamp(1, work.len().max(1));
    let done: Vec<Vec<(usize, FileRead)>> = thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut reader = LineReader::default();
                    let mut done = Vec::new();
                    while let Some(slot) = work.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let (position, previous) = slot.lock().unwrap().take().expect("taken once");
                        let read =
                            FileRead::read(&files[position], previous, &mut reader, progress);
                        done.push((position, read));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| worker.join().expect("reader thread panicked"))
            .collect()
    });
    let mut reads: Vec<Option<FileRead>> = (0..files.len()).map(|_| None).collect();
    for (position, read) in done.into_iter().flatten() {
        reads[position] = Some(read);
    }
    reads
}
