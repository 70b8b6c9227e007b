//! Reading one transcript, whole or from where the index left it.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::os::unix::fs::FileExt;

use crate::file_records::FileRecords;
use crate::index_entry::IndexEntry;
use crate::line_counts::LineCounts;
use crate::line_reader::LineReader;
use crate::parsed_line::ParsedLine;
use crate::progress::Progress;
use crate::scan_state::ScanState;
use crate::scan_stats::UnreadablePath;
use crate::session_file::SessionFile;
use crate::stored_records::StoredRecords;

/// What reading one transcript gave.
#[derive(Debug)]
pub struct FileRead {
    /// The file up to its last complete line, for the index; `None` when it could not be read.
    pub entry: Option<IndexEntry>,
    /// What follows the last complete line (a line being written, or cut short), and, when the
    /// file could not be read to its end, what was read: counted now, never kept in the index,
    /// so a line is counted once it is complete.
    pub uncommitted: ScanState,
    /// Bytes of the file counted in this query (kept and uncommitted).
    pub bytes: u64,
    /// Bytes of the file read by this query.
    pub bytes_read: u64,
    pub error: Option<UnreadablePath>,
    /// Whether the entry differs from the one the index had.
    pub changed: bool,
}

impl FileRead {
    /// Reads `file`, resuming after `previous` when the file only grew since (same inode, same
    /// first and last bytes before the old offset); else from its start. Reads no further than
    /// the length listed, so the entry always describes the stamp it is stored with.
    pub fn read(
        file: &SessionFile,
        previous: Option<IndexEntry>,
        reader: &mut LineReader,
        progress: &Progress,
    ) -> FileRead {
        let opened = match File::open(&file.path) {
            Ok(opened) => opened,
            Err(error) => return FileRead::failed(file, ScanState::default(), 0, error),
        };
        let resumed = previous.filter(|entry| {
            entry.stamp.same_file(&file.stamp)
                && entry.stamp.len <= file.stamp.len
                && (entry.stamp == file.stamp || entry.stamp.len < file.stamp.len)
                && probes(&opened, entry.offset)
                    .is_ok_and(|probes| probes == (entry.head_hash, entry.tail_hash))
        });
        let (mut kept, start, mut changed) = match resumed {
            Some(IndexEntry {
                stamp,
                offset,
                counts,
                records: StoredRecords::Loaded(records),
                ..
            }) => (records.into_state(counts), offset, stamp != file.stamp),
            _ => (ScanState::default(), 0, true),
        };
        let mut uncommitted = ScanState::default();
        let mut read = 0;
        let result = (&opened).seek(SeekFrom::Start(start)).and_then(|_| {
            reader.for_each_line(
                (&opened).take(file.stamp.len - start),
                start == 0,
                |bytes| {
                    read += bytes as u64;
                    progress.advance(bytes as u64);
                },
                |line, complete| {
                    let state = if complete {
                        &mut kept
                    } else {
                        &mut uncommitted
                    };
                    count_line(line, state);
                },
            )
        });
        let consumed = match result {
            Ok(consumed) => consumed,
            Err(error) => {
                return FileRead::failed(file, uncommitted.merge(kept), start + read, error);
            }
        };
        let offset = start + consumed;
        changed |= consumed > 0;
        let (head_hash, tail_hash) = match probes(&opened, offset) {
            Ok(probes) => probes,
            Err(error) => {
                return FileRead::failed(file, uncommitted.merge(kept), start + read, error);
            }
        };
        let (records, counts) = FileRecords::from_state(kept);
        FileRead {
            entry: Some(IndexEntry {
                stamp: file.stamp,
                offset,
                head_hash,
                tail_hash,
                counts,
                tail_counts: LineCounts::of(&uncommitted.stats),
                records: StoredRecords::Loaded(records),
            }),
            uncommitted,
            bytes: start + read,
            bytes_read: read,
            error: None,
            changed,
        }
    }

    fn failed(
        file: &SessionFile,
        uncommitted: ScanState,
        bytes: u64,
        error: std::io::Error,
    ) -> FileRead {
        FileRead {
            entry: None,
            uncommitted,
            bytes,
            bytes_read: bytes,
            error: Some(UnreadablePath {
                path: file.path.clone(),
                error: error.to_string(),
            }),
            changed: true,
        }
    }
}

/// Counts one line into `state`.
fn count_line(line: &[u8], state: &mut ScanState) {
    match ParsedLine::parse(line) {
        ParsedLine::Blank => {}
        ParsedLine::Malformed => {
            state.stats.lines += 1;
            state.stats.malformed_lines += 1;
        }
        ParsedLine::NoUsage => state.stats.lines += 1,
        ParsedLine::Usage(usage) => {
            state.stats.lines += 1;
            state.add(usage, 0);
        }
    }
}

/// Hashes of the first and the last [`IndexEntry::PROBE`] bytes before `offset`.
fn probes(file: &File, offset: u64) -> std::io::Result<(u64, u64)> {
    let len = offset.min(IndexEntry::PROBE);
    let mut buffer = vec![0; len as usize];
    file.read_exact_at(&mut buffer, 0)?;
    let head = xxhash_rust::xxh3::xxh3_64(&buffer);
    file.read_exact_at(&mut buffer, offset - len)?;
    Ok((head, xxhash_rust::xxh3::xxh3_64(&buffer)))
}
