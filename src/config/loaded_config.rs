use std::path::{Path, PathBuf};

use super::Config;

/// A valid `vm.json` and where it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedConfig {
    pub config: Config,
    /// The file, absolute: its directory canonicalized, its own name kept.
    pub path: PathBuf,
}

impl LoadedConfig {
    /// The directory holding `vm.json`, canonicalized: the project mounted into the machine.
    pub fn project_dir(&self) -> &Path {
        self.path
            .parent()
            .expect("a loaded vm.json's path is an absolute file path")
    }
}
