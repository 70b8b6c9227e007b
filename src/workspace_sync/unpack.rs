use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::fs;
use std::io::{self, Read};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::{Duration, SystemTime};

use super::content_hash::HashingReader;
use super::render_text::shown_path;
use super::workspace_dirs::{create_parents, parents_exist};
use super::{FileEntry, Manifest, SyncError, SyncPlan, checked_relative_path};

/// Where a pull keeps the machine's version of a conflicting file: under vm's own directory, which no transfer
/// carries and git does not see, so the copy is never pushed back nor committed by mistake.
pub const CONFLICTS_DIR: &str = ".vm/conflicts";

/// Where the machine's version of the conflicting file `path` is kept: `.vm/conflicts/<path>`.
pub fn conflict_copy_path(path: &str) -> String {
    format!("{CONFLICTS_DIR}/{path}")
}

/// What an archive may write, and what must be at each place for it to be written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnpackTargets {
    /// Paths to write, each with the entry the plan saw there (None: no file). A file changed since the plan is
    /// not overwritten.
    pub write: BTreeMap<String, Option<FileEntry>>,
    /// Conflicting paths: their archive entries go to [`conflict_copy_path`], the local files stay as they are.
    pub save_beside: BTreeSet<String>,
}

impl UnpackTargets {
    /// For a pull planned against `local`: the added and changed files, and the machine's versions of conflicts.
    pub fn for_pull(plan: &SyncPlan, local: &Manifest) -> UnpackTargets {
        UnpackTargets {
            write: plan
                .paths_to_copy()
                .into_iter()
                .map(|path| {
                    let seen = local.get(&path).cloned();
                    (path, seen)
                })
                .collect(),
            save_beside: plan
                .conflicts_with_a_machine_version()
                .into_iter()
                .collect(),
        }
    }
}

/// What [`unpack_into`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unpacked {
    /// The files written in place, hashed as they were written: the destination's entries now.
    pub written: Manifest,
    /// The conflicting paths whose machine version was saved under [`CONFLICTS_DIR`].
    pub saved_beside: Vec<String>,
    /// Paths left as they are because they changed since the plan was made.
    pub changed_since_plan: Vec<String>,
    /// Paths to write that the archive did not hold (gone from the source meanwhile).
    pub missing: Vec<String>,
}

/// Writes the entries of the tar stream `archive` under `root`, only at the paths `targets` allow. Each file is
/// written to a temporary file beside its place and renamed over it, so an interrupted transfer never leaves a half
/// file. Refused, with nothing written for that entry: an absolute path, a `..`, a path not asked for, one asked for
/// twice, an entry that is neither a file nor a symlink, and a path that goes through a symlink (or a file) on the
/// way, wherever it points. Entries before a refused one stay written, each whole.
pub fn unpack_into(
    root: &Path,
    archive: impl Read,
    targets: &UnpackTargets,
) -> Result<Unpacked, SyncError> {
    let mut unpacked = Unpacked::default();
    let mut seen = BTreeSet::new();
    let mut archive = tar::Archive::new(archive);
    let read_failed = |error| SyncError::io("read the archive for", root)(error);
    for entry in archive.entries().map_err(read_failed)? {
        let mut entry = entry.map_err(read_failed)?;
        let kind = entry.header().entry_type();
        if kind.is_dir() {
            continue;
        }
        let path = checked_relative_path(&entry.path_bytes())?;
        let refuse = |why: &str| SyncError::RefusedWrite {
            path: shown_path(&path).into_owned(),
            why: why.to_owned(),
        };
        if !seen.insert(path.clone()) {
            return Err(refuse("the archive holds it twice"));
        }
        let place = if let Some(expected) = targets.write.get(&path) {
            if !unchanged_since_plan(root, &path, expected)? {
                unpacked.changed_since_plan.push(path);
                continue;
            }
            path.clone()
        } else if targets.save_beside.contains(&path) {
            conflict_copy_path(&path)
        } else {
            return Err(refuse("the transfer did not ask for it"));
        };
        let parent = create_parents(root, &place)?;
        let target = root.join(&place);
        if fs::symlink_metadata(&target).is_ok_and(|metadata| metadata.is_dir()) {
            return Err(refuse("a directory is in its place"));
        }
        let written = if matches!(kind, tar::EntryType::Regular | tar::EntryType::Continuous) {
            write_file(&mut entry, &parent, &target)?
        } else if kind.is_symlink() {
            let link = entry
                .link_name_bytes()
                .ok_or_else(|| refuse("the symlink has no target"))?;
            write_symlink(&link, &parent, &target)?
        } else {
            return Err(refuse("it is neither a file nor a symlink"));
        };
        if place == path {
            unpacked.written.files.insert(path, written);
        } else {
            unpacked.saved_beside.push(path);
        }
    }
    unpacked.missing = targets
        .write
        .keys()
        .filter(|path| !seen.contains(*path))
        .cloned()
        .collect();
    Ok(unpacked)
}

/// Whether the file at `path` is still what the plan saw there.
fn unchanged_since_plan(
    root: &Path,
    path: &str,
    expected: &Option<FileEntry>,
) -> Result<bool, SyncError> {
    if !parents_exist(root, path)? {
        return Ok(expected.is_none());
    }
    let absolute = root.join(path);
    let now = FileEntry::of_local(&absolute).map_err(SyncError::io("read", &absolute))?;
    Ok(&now == expected)
}

fn write_file(
    entry: &mut tar::Entry<impl Read>,
    parent: &Path,
    target: &Path,
) -> Result<FileEntry, SyncError> {
    let mode = entry.header().mode().unwrap_or(0o644) & 0o777;
    let modified = entry.header().mtime().ok();
    let mut temporary = tempfile::Builder::new()
        .prefix(".vm-sync-")
        .tempfile_in(parent)
        .map_err(SyncError::io("create a temporary file in", parent))?;
    let failed = |error| SyncError::io("write", target)(error);
    let announced = entry.size();
    let mut reader = HashingReader::new(entry);
    let copied = io::copy(&mut reader, temporary.as_file_mut()).map_err(failed)?;
    // The tar reader ends a file quietly where its stream ends: a short file is a cut transfer, never written.
    if copied != announced {
        return Err(failed(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!(
                "the archive ended {} bytes into a file of {announced}",
                copied
            ),
        )));
    }
    let file = temporary.as_file();
    file.set_permissions(fs::Permissions::from_mode(mode))
        .map_err(failed)?;
    if let Some(seconds) = modified {
        file.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds))
            .map_err(failed)?;
    }
    temporary
        .persist(target)
        .map_err(|error| failed(error.error))?;
    let (hash, size) = reader.finish();
    Ok(FileEntry {
        hash,
        size,
        executable: FileEntry::mode_is_executable(mode),
        symlink: false,
    })
}

fn write_symlink(link: &[u8], parent: &Path, target: &Path) -> Result<FileEntry, SyncError> {
    let temporary = tempfile::Builder::new()
        .prefix(".vm-sync-")
        .make_in(parent, |place| {
            std::os::unix::fs::symlink(OsStr::from_bytes(link), place)
        })
        .map_err(SyncError::io("create a symlink in", parent))?;
    temporary
        .persist(target)
        .map_err(|error| SyncError::io("write", target)(error.error))?;
    Ok(FileEntry::symlink(link))
}

/// Deletes the files and symlinks at `paths` (a pull's deletions) that are still what the plan saw there; one
/// changed since is left, and returned. Never goes through a symlink, never removes a directory.
pub fn remove_local_paths(
    root: &Path,
    paths: &[String],
    local: &Manifest,
) -> Result<Vec<String>, SyncError> {
    let mut changed_since_plan = Vec::new();
    for path in paths {
        checked_relative_path(path.as_bytes())?;
        let expected = local.get(path).cloned();
        if !unchanged_since_plan(root, path, &expected)? {
            changed_since_plan.push(path.clone());
            continue;
        }
        if expected.is_none() {
            continue;
        }
        let absolute = root.join(path);
        match fs::remove_file(&absolute) {
            Ok(()) => {}
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err(SyncError::io("delete", absolute)(error)),
        }
    }
    Ok(changed_since_plan)
}

#[cfg(test)]
#[path = "pack_unpack_tests.rs"]
mod tests;
