use std::fs;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::content_hash::{hash_bytes, hash_reader};

/// Git's notion of an executable file: its owner may execute it.
const OWNER_EXECUTE: u32 = 0o100;

/// One file of a tree as of one moment: what a transfer compares. Two entries are the same file when all four agree.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FileEntry {
    /// sha256 in lowercase hex of the content; for a symlink, of its target's text.
    pub hash: String,
    /// Bytes of content; for a symlink, of its target's text.
    pub size: u64,
    /// The owner may execute it (what git records). Always false for a symlink.
    pub executable: bool,
    pub symlink: bool,
}

impl FileEntry {
    /// A regular file holding `content`.
    pub fn regular(content: &[u8], executable: bool) -> FileEntry {
        FileEntry {
            hash: hash_bytes(content),
            size: content.len() as u64,
            executable,
            symlink: false,
        }
    }

    /// A symlink pointing at `target`, taken as text and never followed.
    pub fn symlink(target: &[u8]) -> FileEntry {
        FileEntry {
            hash: hash_bytes(target),
            size: target.len() as u64,
            executable: false,
            symlink: true,
        }
    }

    /// Whether a file mode (as `stat` gives it) makes a file executable in this sense.
    pub fn mode_is_executable(mode: u32) -> bool {
        mode & OWNER_EXECUTE != 0
    }

    /// The entry for what is at `path` now, never following a symlink there; None for a directory, a special
    /// file, or nothing. A regular file is hashed as a stream.
    pub fn of_local(path: &Path) -> io::Result<Option<FileEntry>> {
        let metadata = match fs::symlink_metadata(path) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(error),
        };
        let kind = metadata.file_type();
        if kind.is_symlink() {
            let target = fs::read_link(path)?;
            return Ok(Some(FileEntry::symlink(target.as_os_str().as_bytes())));
        }
        if !kind.is_file() {
            return Ok(None);
        }
        let (hash, size) = hash_reader(fs::File::open(path)?)?;
        Ok(Some(FileEntry {
            hash,
            size,
            executable: FileEntry::mode_is_executable(metadata.permissions().mode()),
            symlink: false,
        }))
    }
}
