//! Reading every transcript file in parallel.

use std::fs::File;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use crate::line_reader::LineReader;
use crate::parsed_line::ParsedLine;
use crate::progress::Progress;
use crate::scan_state::ScanState;
use crate::scan_stats::UnreadablePath;
use crate::session_file::SessionFile;

/// Reads `files` on `threads` threads, each with its own buffer and its own [`ScanState`],
/// and merges their states. Files are taken largest first, so threads finish together.
pub fn scan(files: &[SessionFile], threads: usize, progress: &Progress) -> ScanState {
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&index| std::cmp::Reverse(files[index].len));
    let next = AtomicUsize::new(0);
    let threads = threads.clamp(1, files.len().max(1));
    let states: Vec<ScanState> = thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut state = ScanState::default();
                    let mut reader = LineReader::default();
                    while let Some(&index) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                        scan_file(&files[index], index, &mut reader, &mut state, progress);
                    }
                    state
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| worker.join().expect("reader thread panicked"))
            .collect()
    });
    states
        .into_iter()
        .reduce(ScanState::merge)
        .unwrap_or_default()
}

/// Reads one file into `state`; a file that cannot be read is recorded, never fatal.
fn scan_file(
    file: &SessionFile,
    index: usize,
    reader: &mut LineReader,
    state: &mut ScanState,
    progress: &Progress,
) {
    let index = u32::try_from(index).expect("fewer than 2^32 files");
    let mut malformed = 0;
    let mut lines = 0;
    let mut bytes = 0;
    let result = File::open(&file.path).and_then(|opened| {
        reader.for_each_line(
            opened,
            |read| {
                bytes += read as u64;
                progress.advance(read as u64);
            },
            |line| match ParsedLine::parse(line) {
                ParsedLine::Blank => {}
                ParsedLine::Malformed => {
                    lines += 1;
                    malformed += 1;
                }
                ParsedLine::NoUsage => lines += 1,
                ParsedLine::Usage(usage) => {
                    lines += 1;
                    state.add(usage, index);
                }
            },
        )
    });
    let stats = &mut state.stats;
    stats.bytes += bytes;
    stats.lines += lines;
    stats.malformed_lines += malformed;
    stats.files_with_malformed_lines += u64::from(malformed > 0);
    match result {
        Ok(()) => stats.files += 1,
        Err(error) => stats.unreadable.push(UnreadablePath {
            path: file.path.clone(),
            error: error.to_string(),
        }),
    }
}
