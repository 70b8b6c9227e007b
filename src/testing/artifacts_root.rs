use std::path::{Path, PathBuf};

use crate::graph::Owner;

/// Where test directories go when `--artifacts` names none: `.test_artifacts` in the current directory.
pub const DEFAULT_ARTIFACTS_DIR: &str = ".test_artifacts";

/// Makes the directory that holds the tests' directories. Made under `sudo`, it is given to the real user, so
/// that the user's own runs beside it can add theirs; each test's own directory stays with whoever ran it.
pub fn prepare_artifacts_root(root: &Path, invoking: Owner) -> std::io::Result<PathBuf> {
    let existed = root.exists();
    std::fs::create_dir_all(root)?;
    if !existed && nix::unistd::Uid::effective().is_root() && invoking.uid != 0 {
        std::os::unix::fs::chown(root, Some(invoking.uid), Some(invoking.gid))?;
    }
    root.canonicalize()
}
