//! Reading transcripts in parallel.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use crate::file_read::FileRead;
use crate::index_entry::IndexEntry;
use crate::line_reader::LineReader;
use crate::progress::Progress;
use crate::scan_plan::ScanPlan;
use crate::scan_state::ScanState;
use crate::session_file::SessionFile;
use crate::usage_index::UsageIndex;

/// Reads `files` whole on `threads` threads, without an index.
pub fn scan(files: &[SessionFile], threads: usize, progress: &Progress) -> ScanState {
    let mut index = UsageIndex::default();
    ScanPlan::new(files, &[], &mut index)
        .run(files, &mut index, threads, progress)
        .0
}

/// A file to read: its position in the list, and what the index had of it (records loaded).
pub type Job = (usize, Option<IndexEntry>);

/// Reads the files of `work` on `threads` threads, largest first (so that threads finish
/// together), each with its own buffer; the result is by position in `files`.
pub fn read_all(
    files: &[SessionFile],
    mut work: Vec<Job>,
    threads: usize,
    progress: &Progress,
) -> Vec<Option<FileRead>> {
    let left = |(position, previous): &Job| {
        let len = files[*position].stamp.len;
        len - previous.as_ref().map_or(0, |entry| entry.offset.min(len))
    };
    work.sort_by_key(|job| std::cmp::Reverse(left(job)));
    let work: Vec<Mutex<Option<Job>>> = work.into_iter().map(|job| Mutex::new(Some(job))).collect();
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
