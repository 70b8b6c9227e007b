use std::path::{Path, PathBuf};

/// The name of the configuration file.
pub const FILE_NAME: &str = "vm.json";

/// Where the search for a vm.json stops going up (that directory included), when set: `vm test` sets it to each
/// test's own directory, so that its commands never find the vm.json of the project `vm test` was started in.
pub const CEILING_VARIABLE: &str = "VM_CEILING_DIRECTORY";

/// The `vm.json` of the project `start_dir` is in: the one in `start_dir`, else in the nearest of
/// its parents, up to `VM_CEILING_DIRECTORY` where that is set. The path is absolute (symbolic links are kept,
/// not resolved).
pub fn find(start_dir: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(start_dir).ok()?;
    let ceiling =
        std::env::var_os(CEILING_VARIABLE).and_then(|dir| std::fs::canonicalize(dir).ok());
    for dir in start.ancestors() {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if ceiling.is_some() && std::fs::canonicalize(dir).ok() == ceiling {
            return None;
        }
    }
    None
}
