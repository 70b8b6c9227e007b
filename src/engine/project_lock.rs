use std::fs::File;
use std::path::Path;

use super::ProjectError;

/// An exclusive lock on a project directory, held while the machine changes and released when dropped.
#[derive(Debug)]
pub struct ProjectLock {
    _handle: File,
}

impl ProjectLock {
    /// Locks `dir`, so two `vm` commands never interleave: whichever vm.json of the directory they were given,
    /// however an editor replaced the file.
    pub fn acquire(dir: &Path) -> Result<ProjectLock, ProjectError> {
        let handle = File::open(dir).map_err(|source| ProjectError::Io {
            action: "open",
            path: dir.to_path_buf(),
            source,
        })?;
        match handle.try_lock() {
            Ok(()) => Ok(ProjectLock { _handle: handle }),
            Err(std::fs::TryLockError::WouldBlock) => Err(ProjectError::Locked {
                path: dir.to_path_buf(),
            }),
            Err(std::fs::TryLockError::Error(source)) => Err(ProjectError::Io {
                action: "lock",
                path: dir.to_path_buf(),
                source,
            }),
        }
    }
}
