//! What the usage index knows of one transcript.

use crate::byte_cursor::ByteCursor;
use crate::byte_sink::ByteSink;
use crate::file_records::FileRecords;
use crate::file_stamp::FileStamp;

/// One transcript as last read: its stamp then, how far it was read (the end of its last complete
/// line) and what those bytes hold. The hashes of the first and last bytes before `offset`
/// (up to [`IndexEntry::PROBE`] each) tell a file that only grew from one rewritten in place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexEntry {
    pub stamp: FileStamp,
    pub offset: u64,
    pub head_hash: u64,
    pub tail_hash: u64,
    pub records: FileRecords,
}

impl IndexEntry {
    /// Bytes hashed at each end of what was read.
    pub const PROBE: u64 = 4096;

    pub fn encode(&self, sink: &mut ByteSink) {
        sink.u64(self.stamp.len);
        sink.i64(self.stamp.modified_ns);
        sink.u64(self.stamp.inode);
        sink.u64(self.stamp.device);
        sink.u64(self.offset);
        sink.u64(self.head_hash);
        sink.u64(self.tail_hash);
        self.records.encode(sink);
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
            records: FileRecords::decode(cursor)?,
        };
        (entry.offset <= entry.stamp.len).then_some(entry)
    }
}
