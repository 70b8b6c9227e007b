//! The transcript files of the sources to read.

use std::fs;
use std::path::{Path, PathBuf};

use crate::scan_stats::UnreadablePath;
use crate::source::Source;

/// One JSONL transcript: `<projects dir>/<project>/<session>.jsonl`, or a file nested deeper
/// (sub-agent transcripts live in `<project>/<session>/subagents/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionFile {
    /// Index of its source.
    pub source: u32,
    /// Claude's escaped project path, e.g. `-home-dev-api`.
    pub project: String,
    /// Session id: the file name without `.jsonl`, or the session directory of nested files.
    pub session: String,
    pub path: PathBuf,
    pub len: u64,
}

/// The transcript files of every source, sorted by source then path, and the paths that could
/// not be listed.
pub fn list_session_files(sources: &[Source]) -> (Vec<SessionFile>, Vec<UnreadablePath>) {
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    for (index, source) in sources.iter().enumerate() {
        let source_index = u32::try_from(index).expect("fewer than 2^32 sources");
        let mut found = Vec::new();
        if source.projects_dir.is_dir() {
            walk(&source.projects_dir, &mut found, &mut unreadable);
        }
        found.sort();
        for (path, len) in found {
            let relative = path.strip_prefix(&source.projects_dir).unwrap_or(&path);
            let mut parts = relative
                .iter()
                .map(|part| part.to_string_lossy().into_owned());
            let (Some(project), Some(second)) = (parts.next(), parts.next()) else {
                continue; // a transcript directly under projects/ belongs to no project
            };
            let session = second
                .strip_suffix(".jsonl")
                .map(str::to_owned)
                .unwrap_or(second);
            files.push(SessionFile {
                source: source_index,
                project,
                session,
                path,
                len,
            });
        }
    }
    (files, unreadable)
}

fn walk(dir: &Path, found: &mut Vec<(PathBuf, u64)>, unreadable: &mut Vec<UnreadablePath>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            return unreadable.push(UnreadablePath {
                path: dir.to_owned(),
                error: error.to_string(),
            });
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                unreadable.push(UnreadablePath {
                    path: dir.to_owned(),
                    error: error.to_string(),
                });
                continue;
            }
        };
        let path = entry.path();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            walk(&path, found, unreadable);
        } else if path.extension().is_some_and(|ext| ext == "jsonl") {
            // follows a symlink to a file, never one to a directory (no cycles)
            match fs::metadata(&path) {
                Ok(meta) if meta.is_file() => found.push((path, meta.len())),
                Ok(_) => {}
                Err(error) => unreadable.push(UnreadablePath {
                    path,
                    error: error.to_string(),
                }),
            }
        }
    }
}
