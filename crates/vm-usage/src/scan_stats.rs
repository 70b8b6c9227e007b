//! What a scan read and what it had to skip.

use std::path::PathBuf;

/// Counts of a scan, for the summary of skipped input.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ScanStats {
    /// Files read to the end.
    pub files: u64,
    /// Bytes of the files counted (as if each was read whole).
    pub bytes: u64,
    /// Bytes read from the files by this query: less than `bytes` when the usage index holds
    /// the rest. Not part of any report.
    pub bytes_read: u64,
    /// Non-blank lines read.
    pub lines: u64,
    /// Lines that are not valid JSON (truncated writes, garbage): skipped.
    pub malformed_lines: u64,
    /// Files that hold at least one malformed line.
    pub files_with_malformed_lines: u64,
    /// Lines with token usage (before counting each response once).
    pub usage_lines: u64,
    /// Files or directories that could not be read.
    pub unreadable: Vec<UnreadablePath>,
    /// Symbolic links in the projects directories: never followed, to files or directories.
    pub symlinks: Vec<PathBuf>,
}

/// A file or directory that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct UnreadablePath {
    pub path: PathBuf,
    pub error: String,
}

impl ScanStats {
    /// Adds the counts of `other`.
    pub fn absorb(&mut self, other: ScanStats) {
        self.files += other.files;
        self.bytes += other.bytes;
        self.bytes_read += other.bytes_read;
        self.lines += other.lines;
        self.malformed_lines += other.malformed_lines;
        self.files_with_malformed_lines += other.files_with_malformed_lines;
        self.usage_lines += other.usage_lines;
        self.unreadable.extend(other.unreadable);
        self.unreadable.sort();
        self.symlinks.extend(other.symlinks);
        self.symlinks.sort();
    }
}
