//! The lines of one transcript, by kind.

use crate::byte_cursor::ByteCursor;
use crate::byte_sink::ByteSink;
use crate::scan_stats::ScanStats;

/// Non-blank lines, lines with usage and malformed lines of a file (the counts of [`ScanStats`]
/// that belong to one file), kept in the index beside its records so that a query over an
/// unchanged tree needs none of the records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LineCounts {
    pub lines: u64,
    pub usage_lines: u64,
    pub malformed_lines: u64,
}

impl std::ops::AddAssign for LineCounts {
    fn add_assign(&mut self, other: LineCounts) {
        self.lines += other.lines;
        self.usage_lines += other.usage_lines;
        self.malformed_lines += other.malformed_lines;
    }
}

impl LineCounts {
    pub fn of(stats: &ScanStats) -> LineCounts {
        LineCounts {
            lines: stats.lines,
            usage_lines: stats.usage_lines,
            malformed_lines: stats.malformed_lines,
        }
    }

    /// Adds these counts to `stats`.
    pub fn add_to(&self, stats: &mut ScanStats) {
        stats.lines += self.lines;
        stats.usage_lines += self.usage_lines;
        stats.malformed_lines += self.malformed_lines;
    }

    pub fn encode(&self, sink: &mut ByteSink) {
        sink.u64(self.lines);
        sink.u64(self.usage_lines);
        sink.u64(self.malformed_lines);
    }

    pub fn decode(cursor: &mut ByteCursor) -> Option<LineCounts> {
        Some(LineCounts {
            lines: cursor.u64()?,
            usage_lines: cursor.u64()?,
            malformed_lines: cursor.u64()?,
        })
    }
}
