//! What tells one version of a file from another without reading it.

use std::fs::Metadata;
use std::os::unix::fs::MetadataExt;

/// Size, modification time and identity of a file. A file appended to keeps its inode and
/// grows; one replaced (written elsewhere and renamed over) gets another inode; one rewritten in
/// place gets another modification time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileStamp {
    pub len: u64,
    /// Modification time, in nanoseconds since the Unix epoch.
    pub modified_ns: i64,
    pub inode: u64,
    pub device: u64,
}

impl FileStamp {
    pub fn of(metadata: &Metadata) -> FileStamp {
        FileStamp {
            len: metadata.len(),
            modified_ns: metadata
                .mtime()
                .saturating_mul(1_000_000_000)
                .saturating_add(metadata.mtime_nsec()),
            inode: metadata.ino(),
            device: metadata.dev(),
        }
    }

    /// Whether both stamps name the same file (it may have changed in between).
    pub fn same_file(&self, other: &FileStamp) -> bool {
        (self.inode, self.device) == (other.inode, other.device)
    }
}
