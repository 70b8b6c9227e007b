//! The directories a transfer reads from or writes into, entered one component at a time so that nothing is ever
//! read or written through a symlink: a symlink in the project (or one put there by an archive) could otherwise
//! lead out of it.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::SyncError;
use super::relative_path::ancestors;

fn refused(path: &str, why: impl Into<String>) -> SyncError {
    SyncError::RefusedWrite {
        path: super::render_text::shown_path(path).into_owned(),
        why: why.into(),
    }
}

/// What is in the way of `dir` being a real directory: None when it is one, or is not there at all.
fn obstacle(root: &Path, dir: &str) -> Result<Option<&'static str>, SyncError> {
    let absolute = root.join(dir);
    match fs::symlink_metadata(&absolute) {
        Ok(metadata) if metadata.file_type().is_symlink() => Ok(Some("a symlink")),
        Ok(metadata) if !metadata.is_dir() => Ok(Some("a file")),
        Ok(_) => Ok(None),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(SyncError::io("read", absolute)(error)),
    }
}

/// Whether every directory `path` lies in exists as a real directory: false where one is missing; an error where
/// one is a symlink or a file.
pub fn parents_exist(root: &Path, path: &str) -> Result<bool, SyncError> {
    for dir in ancestors(path) {
        if let Some(what) = obstacle(root, dir)? {
            return Err(refused(
                path,
                format!("{} is {what}, and vm never goes through one", shown(dir)),
            ));
        }
        if !root.join(dir).exists() {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Creates the directories `path` lies in, one at a time, refusing a symlink or a file in the way; returns the
/// innermost.
pub fn create_parents(root: &Path, path: &str) -> Result<PathBuf, SyncError> {
    for dir in ancestors(path) {
        if let Some(what) = obstacle(root, dir)? {
            return Err(refused(
                path,
                format!("{} is {what}, and vm never writes through one", shown(dir)),
            ));
        }
        let absolute = root.join(dir);
        match fs::create_dir(&absolute) {
            Ok(()) => {}
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
                // Made meanwhile: look again, it must be a real directory.
                if let Some(what) = obstacle(root, dir)? {
                    return Err(refused(path, format!("{} is {what}", shown(dir))));
                }
            }
            Err(error) => return Err(SyncError::io("create the directory", absolute)(error)),
        }
    }
    let parent = Path::new(path).parent().unwrap_or(Path::new(""));
    Ok(root.join(parent))
}

fn shown(dir: &str) -> String {
    format!("`{}`", super::render_text::shown_path(dir))
}
