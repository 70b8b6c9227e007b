//! The records of an index entry, decoded only when a query needs them.

use crate::file_records::FileRecords;

/// Decoded records, or where they are in the index file: a query over an unchanged tree reads
/// the entries' stamps and the summary, never the records (three quarters of the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoredRecords {
    Loaded(FileRecords),
    /// `len` bytes at `at` in the records section of the index file, whose xxh3 is `hash`.
    InIndex {
        at: u64,
        len: u64,
        hash: u64,
    },
}

impl Default for StoredRecords {
    fn default() -> Self {
        StoredRecords::Loaded(FileRecords::default())
    }
}
