//! The usage index: what was read of every transcript, so that a query reads only what changed.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::fs::File;
use std::io::{Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use crate::byte_cursor::ByteCursor;
use crate::byte_sink::ByteSink;
use crate::claude_dir::ClaudeDir;
use crate::file_records::FileRecords;
use crate::index_entry::IndexEntry;
use crate::stored_records::StoredRecords;
use crate::usage_summary::UsageSummary;

/// The entries of the index, by transcript path, and the summary of the last query over every
/// machine. An index that is missing, unreadable, corrupt or written by another version of vm
/// is empty: it costs one full read, never an error.
///
/// The file: a header, the metadata (entries without their records, the summary; hashed whole),
/// then the records of each entry (each hashed), read only for the entries a query needs.
#[derive(Debug, Default)]
pub struct UsageIndex {
    pub entries: HashMap<PathBuf, IndexEntry>,
    pub summary: Option<UsageSummary>,
    /// The index file read, and where its records section starts.
    file: Option<(File, u64)>,
}

/// The header, with vm's version: another version may count differently, so its index is
/// rebuilt rather than trusted.
const MAGIC: &str = concat!("vm-usage-index ", env!("CARGO_PKG_VERSION"), " 2\n");

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

    /// The index at `path`, records left in the file; empty when it cannot be read or trusted.
    pub fn load(path: &Path) -> UsageIndex {
        Self::open(path).unwrap_or_default()
    }

    fn open(path: &Path) -> Option<UsageIndex> {
        let mut file = File::open(path).ok()?;
        let mut header = vec![0; MAGIC.len() + 16];
        file.read_exact(&mut header).ok()?;
        let mut cursor = ByteCursor(header.strip_prefix(MAGIC.as_bytes())?);
        let (hash, len) = (cursor.u64()?, cursor.u64()?);
        let total = file.metadata().ok()?.len();
        if len > total.saturating_sub(header.len() as u64) {
            return None;
        }
        let mut meta = vec![0; len as usize];
        file.read_exact(&mut meta).ok()?;
        if xxhash_rust::xxh3::xxh3_64(&meta) != hash {
            return None;
        }
        let mut cursor = ByteCursor(&meta);
        let count = cursor.len(1)?;
        let mut entries = HashMap::with_capacity(count);
        for _ in 0..count {
            let path = PathBuf::from(OsStr::from_bytes(cursor.bytes()?));
            entries.insert(path, IndexEntry::decode(&mut cursor)?);
        }
        let summary = match cursor.u32()? {
            0 => None,
            _ => Some(UsageSummary::decode(&mut cursor)?),
        };
        let records_at = header.len() as u64 + len;
        cursor.is_empty().then_some(UsageIndex {
            entries,
            summary,
            file: Some((file, records_at)),
        })
    }

    /// The records of an entry; `None` when the index file no longer holds them intact.
    pub fn records(&self, records: StoredRecords) -> Option<FileRecords> {
        match records {
            StoredRecords::Loaded(records) => Some(records),
            StoredRecords::InIndex { at, len, hash } => {
                let bytes = self.raw(at, len, hash)?;
                let mut cursor = ByteCursor(&bytes);
                let records = FileRecords::decode(&mut cursor)?;
                cursor.is_empty().then_some(records)
            }
        }
    }

    /// The encoded records at `at`, checked against their hash.
    fn raw(&self, at: u64, len: u64, hash: u64) -> Option<Vec<u8>> {
        let (file, start) = self.file.as_ref()?;
        let mut bytes = vec![0; usize::try_from(len).ok()?];
        file.read_exact_at(&mut bytes, start.checked_add(at)?)
            .ok()?;
        (xxhash_rust::xxh3::xxh3_64(&bytes) == hash).then_some(bytes)
    }

    /// Writes the index to `path` atomically (a temporary file in the same directory, renamed
    /// over it), readable by its owner only: it lists the user's transcripts. Entries whose
    /// records can no longer be read from the old index are left out (their files are read
    /// again next time).
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
        let mut paths: Vec<&PathBuf> = self.entries.keys().collect();
        paths.sort();
        let mut records = ByteSink::default();
        let mut kept = Vec::with_capacity(paths.len());
        for path in paths {
            let entry = &self.entries[path];
            let at = records.0.len() as u64;
            match &entry.records {
                StoredRecords::Loaded(loaded) => loaded.encode(&mut records),
                StoredRecords::InIndex { at, len, hash } => match self.raw(*at, *len, *hash) {
                    Some(raw) => records.0.extend_from_slice(&raw),
                    None => continue,
                },
            }
            let bytes = &records.0[at as usize..];
            let hash = xxhash_rust::xxh3::xxh3_64(bytes);
            kept.push((path, entry, at, bytes.len() as u64, hash));
        }
        let mut meta = ByteSink::default();
        meta.len(kept.len());
        for (path, entry, at, len, hash) in kept {
            meta.bytes(path.as_os_str().as_bytes());
            entry.encode(&mut meta, at, len, hash);
        }
        match &self.summary {
            None => meta.u32(0),
            Some(summary) => {
                meta.u32(1);
                summary.encode(&mut meta);
            }
        }
        let mut out = ByteSink(MAGIC.as_bytes().to_vec());
        out.u64(xxhash_rust::xxh3::xxh3_64(&meta.0));
        out.u64(meta.0.len() as u64);
        out.0.extend_from_slice(&meta.0);
        out.0.extend_from_slice(&records.0);
        out.0
    }
}
