use std::path::{Path, PathBuf};

/// The name of the configuration file.
pub const FILE_NAME: &str = "vm.json";

/// The `vm.json` of the project `start_dir` is in: the one in `start_dir`, else in the nearest of
/// its parents. The path is absolute (symbolic links are kept, not resolved).
pub fn find(start_dir: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(start_dir).ok()?;
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}
