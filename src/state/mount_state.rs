use std::path::PathBuf;

use super::{AttributeName, Fields};

/// A host directory seen inside the machine: a bind mount or a synced folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MountState {
    pub source: PathBuf,
    pub target: String,
}

impl MountState {
    pub fn fields(&self) -> Fields {
        Fields::from([
            (AttributeName::Source, self.source.display().to_string()),
            (AttributeName::Target, self.target.clone()),
        ])
    }
}
