//! The usage index: what was read of every transcript, so that a query reads only what changed.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use crate::byte_cursor::ByteCursor;
use crate::byte_sink::ByteSink;
use crate::claude_dir::ClaudeDir;
use crate::index_entry::IndexEntry;

/// The entries of the index, by transcript path. An index that is missing, unreadable, corrupt
/// or written by another version of vm is empty: it costs one full read, never an error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UsageIndex {
    pub entries: HashMap<PathBuf, IndexEntry>,
}

/// The header, with vm's version: another version may count differently, so its index is
/// rebuilt rather than trusted.
const MAGIC: &str = concat!("vm-usage-index ", env!("CARGO_PKG_VERSION"), " 1\n");

impl UsageIndex {
    /// Its name in `vms/`; not a directory, so never taken for a VM.
    pub const FILE_NAME: &'static str = ".vm-usage-index";

    /// Where the index of `claude_dir` lives: in the `vms/` directory that vm owns, when there is
    /// one. A machine's own directory (`--dir ~/.claude/vms/myapp`) is synced from the machine
    /// and gets none.
    pub fn location(claude_dir: &ClaudeDir) -> Option<PathBuf> {
        match claude_dir {
            ClaudeDir::Home(dir) => {
                let vms = dir.join("vms");
                vms.is_dir().then(|| vms.join(Self::FILE_NAME))
            }
            ClaudeDir::Machine { .. } => None,
        }
    }

    /// The index at `path`; empty when it cannot be read or trusted.
    pub fn load(path: &Path) -> UsageIndex {
        std::fs::read(path)
            .ok()
            .and_then(|bytes| Self::decode(&bytes))
            .unwrap_or_default()
    }

    /// Writes the index to `path` atomically (a temporary file in the same directory, renamed
    /// over it), readable by its owner only: it lists the user's transcripts.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut file = tempfile::Builder::new()
            .prefix(Self::FILE_NAME)
            .tempfile_in(dir)?;
        file.write_all(&self.encode())?;
        file.persist(path)?;
        Ok(())
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut body = ByteSink::default();
        let mut paths: Vec<&PathBuf> = self.entries.keys().collect();
        paths.sort();
        body.len(paths.len());
        for path in paths {
            body.bytes(path.as_os_str().as_bytes());
            self.entries[path].encode(&mut body);
        }
        let mut out = ByteSink(MAGIC.as_bytes().to_vec());
        out.u64(xxhash_rust::xxh3::xxh3_64(&body.0));
        out.0.extend_from_slice(&body.0);
        out.0
    }

    /// The index in `bytes`, or `None` when they are not one this version wrote whole.
    pub fn decode(bytes: &[u8]) -> Option<UsageIndex> {
        let mut cursor = ByteCursor(bytes.strip_prefix(MAGIC.as_bytes())?);
        let checksum = cursor.u64()?;
        if xxhash_rust::xxh3::xxh3_64(cursor.0) != checksum {
            return None;
        }
        let count = cursor.len(1)?;
        let mut entries = HashMap::with_capacity(count);
        for _ in 0..count {
            let path = PathBuf::from(OsStr::from_bytes(cursor.bytes()?));
            entries.insert(path, IndexEntry::decode(&mut cursor)?);
        }
        cursor.is_empty().then_some(UsageIndex { entries })
    }
}
