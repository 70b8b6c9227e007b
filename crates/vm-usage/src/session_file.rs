//! The transcript files of the sources to read.

use std::fs;
use std::path::{Path, PathBuf};

use crate::file_stamp::FileStamp;
use crate::scan_stats::{ScanStats, UnreadablePath};
use crate::source::Source;

/// One JSONL transcript: `<projects dir>/<project>/<session>.jsonl`, a file nested deeper
/// (sub-agent transcripts live in `<project>/<session>/subagents/`), or one directly in the
/// projects directory, which belongs to the project [`SessionFile::NO_PROJECT`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionFile {
    /// Index of its source.
    pub source: u32,
    /// Claude's escaped project path, e.g. `-home-dev-api`.
    pub project: String,
    /// Session id: the file name without `.jsonl`, or the session directory of nested files.
    pub session: String,
    pub path: PathBuf,
    /// Size, modification time and inode when listed.
    pub stamp: FileStamp,
}

impl SessionFile {
    /// Project of the transcripts directly in a projects directory; parentheses keep it apart
    /// from Claude's escaped paths, which start with `-`.
    pub const NO_PROJECT: &'static str = "(no project)";
}

/// The transcript files of every source, sorted by source then path, and what the listing skipped:
/// paths that could not be listed and symbolic links.
pub fn list_session_files(sources: &[Source]) -> (Vec<SessionFile>, ScanStats) {
    let mut files = Vec::new();
    let mut skipped = ScanStats::default();
    for (index, source) in sources.iter().enumerate() {
        let source_index = u32::try_from(index).expect("fewer than 2^32 sources");
        let mut found = Vec::new();
        if source.projects_dir.is_dir() {
            walk(&source.projects_dir, &mut found, &mut skipped);
        }
        found.sort_by(|(a, _), (b, _)| a.cmp(b));
        for (path, stamp) in found {
            let relative = path.strip_prefix(&source.projects_dir).unwrap_or(&path);
            let parts: Vec<String> = relative
                .iter()
                .map(|part| part.to_string_lossy().into_owned())
                .collect();
            let (project, session) = match parts.as_slice() {
                [file] => (SessionFile::NO_PROJECT.to_owned(), file.as_str()),
                [project, session, ..] => (project.clone(), session.as_str()),
                [] => continue,
            };
            let session = session.strip_suffix(".jsonl").unwrap_or(session).to_owned();
            files.push(SessionFile {
                source: source_index,
                project,
                session,
                path,
                stamp,
            });
        }
    }
    skipped.symlinks.sort();
    skipped.unreadable.sort();
    (files, skipped)
}

/// Gathers the `*.jsonl` files under `dir`. Symbolic links are never followed, to files or to
/// directories (as ccusage): each is recorded in `skipped.symlinks`.
fn walk(dir: &Path, found: &mut Vec<(PathBuf, FileStamp)>, skipped: &mut ScanStats) {
    let unreadable = |path: &Path, error: std::io::Error| UnreadablePath {
        path: path.to_owned(),
        error: error.to_string(),
    };
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => return skipped.unreadable.push(unreadable(dir, error)),
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                skipped.unreadable.push(unreadable(dir, error));
                continue;
            }
        };
        let path = entry.path();
        // the type of the entry itself, not of what a link leads to
        let file_type = match entry.file_type() {
            Ok(file_type) => file_type,
            Err(error) => {
                skipped.unreadable.push(unreadable(&path, error));
                continue;
            }
        };
        if file_type.is_symlink() {
            skipped.symlinks.push(path);
        } else if file_type.is_dir() {
            walk(&path, found, skipped);
        } else if file_type.is_file() && path.extension().is_some_and(|ext| ext == "jsonl") {
            match entry.metadata() {
                Ok(meta) => found.push((path, FileStamp::of(&meta))),
                Err(error) => skipped.unreadable.push(unreadable(&path, error)),
            }
        }
    }
}
