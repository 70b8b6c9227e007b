use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{FileEntry, SyncError, TransferSize};

/// The version of the saved manifest's shape; a file with another is refused, never guessed at.
pub const MANIFEST_VERSION: u32 = 1;

/// The files of a tree as of one moment, by relative path (`/`-separated, no `./`). Directories are not listed:
/// a transfer carries files and symlinks, and a directory comes with the files inside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub version: u32,
    pub files: BTreeMap<String, FileEntry>,
}

impl Default for Manifest {
    fn default() -> Manifest {
        Manifest {
            version: MANIFEST_VERSION,
            files: BTreeMap::new(),
        }
    }
}

impl FromIterator<(String, FileEntry)> for Manifest {
    fn from_iter<I: IntoIterator<Item = (String, FileEntry)>>(entries: I) -> Manifest {
        Manifest {
            version: MANIFEST_VERSION,
            files: entries.into_iter().collect(),
        }
    }
}

impl Manifest {
    pub fn get(&self, path: &str) -> Option<&FileEntry> {
        self.files.get(path)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// How many files, and their bytes.
    pub fn size(&self) -> TransferSize {
        self.size_of(self.files.keys())
    }

    /// How many of `paths` this manifest holds, and their bytes: what copying them from this side moves.
    pub fn size_of<'a>(&self, paths: impl IntoIterator<Item = &'a String>) -> TransferSize {
        paths
            .into_iter()
            .filter_map(|path| self.files.get(path))
            .fold(TransferSize::default(), |total, entry| TransferSize {
                files: total.files + 1,
                bytes: total.bytes + entry.size,
            })
    }

    /// Reads a manifest saved by [`Manifest::save`]; a missing file is the empty manifest (nothing transferred yet).
    pub fn load_or_empty(path: &Path) -> Result<Manifest, SyncError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Manifest::default());
            }
            Err(error) => return Err(SyncError::io("read", path)(error)),
        };
        let invalid = |detail: String| SyncError::Manifest {
            path: path.to_path_buf(),
            detail,
        };
        let document: serde_json::Value =
            serde_json::from_str(&text).map_err(|error| invalid(error.to_string()))?;
        match document.get("version").and_then(serde_json::Value::as_u64) {
            Some(version) if version == u64::from(MANIFEST_VERSION) => {}
            Some(version) => {
                return Err(invalid(format!(
                    "its version is {version}, and this vm reads version {MANIFEST_VERSION}"
                )));
            }
            None => return Err(invalid("it has no version".to_owned())),
        }
        serde_json::from_value(document).map_err(|error| invalid(error.to_string()))
    }

    /// Writes the manifest as JSON, readable by its owner only, atomically: a crash leaves the old file or the new
    /// one, never a half of either.
    pub fn save(&self, path: &Path) -> Result<(), SyncError> {
        let dir = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let mut text = serde_json::to_string_pretty(self).expect("a manifest is valid JSON");
        text.push('\n');
        // tempfile creates the file with mode 0600, and the rename keeps it.
        let mut temporary = tempfile::Builder::new()
            .prefix(".manifest-")
            .tempfile_in(dir)
            .map_err(SyncError::io("create a temporary file in", dir))?;
        temporary
            .write_all(text.as_bytes())
            .and_then(|()| temporary.as_file().sync_all())
            .map_err(SyncError::io("write", temporary.path()))?;
        temporary
            .persist(path)
            .map_err(|error| SyncError::io("replace", path)(error.error))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn sample() -> Manifest {
        [
            (
                "src/main.rs".to_owned(),
                FileEntry::regular(b"fn main() {}\n", false),
            ),
            (
                "run me".to_owned(),
                FileEntry::regular(b"#!/bin/sh\n", true),
            ),
            ("link".to_owned(), FileEntry::symlink(b"src/main.rs")),
        ]
        .into_iter()
        .collect()
    }

    #[test]
    fn a_saved_manifest_reads_back_the_same_and_only_its_owner_can_read_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sync.json");
        sample().save(&path).unwrap();
        assert_eq!(Manifest::load_or_empty(&path).unwrap(), sample());
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["sync.json"], "no temporary file is left behind");
    }

    #[test]
    fn saving_again_replaces_the_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sync.json");
        sample().save(&path).unwrap();
        Manifest::default().save(&path).unwrap();
        assert_eq!(Manifest::load_or_empty(&path).unwrap(), Manifest::default());
    }

    #[test]
    fn a_missing_manifest_is_the_empty_one() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            Manifest::load_or_empty(&dir.path().join("none.json")).unwrap(),
            Manifest::default()
        );
    }

    #[test]
    fn a_manifest_of_another_version_or_shape_is_refused_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sync.json");
        let refusal = |text: &str| {
            std::fs::write(&path, text).unwrap();
            Manifest::load_or_empty(&path).unwrap_err().to_string()
        };
        let shown = path.display();
        assert_eq!(
            refusal(r#"{"version": 2, "files": {}}"#),
            format!(
                "{shown} is not a transfer record this vm reads: its version is 2, and this vm reads version 1"
            )
        );
        assert_eq!(
            refusal(r#"{"files": {}}"#),
            format!("{shown} is not a transfer record this vm reads: it has no version")
        );
        assert!(refusal("{").starts_with(&format!(
            "{shown} is not a transfer record this vm reads: EOF"
        )));
        assert!(refusal(r#"{"version": 1, "files": {"a": {"hash": 1}}}"#).contains("invalid type"));
    }

    #[test]
    fn sizes_count_files_and_bytes() {
        let manifest = sample();
        assert_eq!(
            manifest.size(),
            TransferSize {
                files: 3,
                bytes: 13 + 10 + 11
            }
        );
        let chosen = ["run me".to_owned(), "absent".to_owned()];
        assert_eq!(
            manifest.size_of(&chosen),
            TransferSize {
                files: 1,
                bytes: 10
            }
        );
    }
}
