//! What the usage index knows of one transcript.

use crate::byte_cursor::ByteCursor;
use crate::byte_sink::ByteSink;
use crate::file_stamp::FileStamp;
use crate::line_counts::LineCounts;
use crate::stored_records::StoredRecords;

/// One transcript as last read: its stamp then, how far it was read (the end of its last complete
/// line), its line counts and responses up to there. The hashes of the first and last bytes
/// before `offset` (up to [`IndexEntry::PROBE`] each) tell a file that only grew from one
/// rewritten in place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexEntry {
    pub stamp: FileStamp,
    pub offset: u64,
    pub head_hash: u64,
    pub tail_hash: u64,
    pub counts: LineCounts,
    /// The counts of what follows `offset` (a last line without its newline), valid as long
    /// as the stamp is: with them, and the summary, such a file needs no read either.
    pub tail_counts: LineCounts,
    pub records: StoredRecords,
}

impl IndexEntry {
    /// Bytes hashed at each end of what was read.
    pub const PROBE: u64 = 4096;

    /// Writes the entry, its records being the `len` bytes at `at` of the records section,
    /// hashed `hash`.
    pub fn encode(&self, sink: &mut ByteSink, at: u64, len: u64, hash: u64) {
        sink.u64(self.stamp.len);
        sink.i64(self.stamp.modified_ns);
        sink.u64(self.stamp.inode);
        sink.u64(self.stamp.device);
        sink.u64(self.offset);
        sink.u64(self.head_hash);
        sink.u64(self.tail_hash);
        self.counts.encode(sink);
        self.tail_counts.encode(sink);
        sink.u64(at);
        sink.u64(len);
        sink.u64(hash);
    }

    pub fn decode(cursor: &mut ByteCursor) -> Option<IndexEntry> {
        let stamp = FileStamp {
            len: cursor.u64()?,
            modified_ns: cursor.i64()?,
            inode: cursor.u64()?,
            device: cursor.u64()?,
        };
        let entry = IndexEntry {
            stamp,
            offset: cursor.u64()?,
            head_hash: cursor.u64()?,
            tail_hash: cursor.u64()?,
            counts: LineCounts::decode(cursor)?,
            tail_counts: LineCounts::decode(cursor)?,
            records: StoredRecords::InIndex {
                at: cursor.u64()?,
                len: cursor.u64()?,
                hash: cursor.u64()?,
            },
        };
        (entry.offset <= entry.stamp.len).then_some(entry)
    }
}
