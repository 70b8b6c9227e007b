use std::path::PathBuf;

use crate::state::MountState;

/// A host directory made visible inside the machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MountSpec {
    /// The mount resource's name (`workspace`, `claude_data`), recorded on the machine so a moved mount is recognised.
    pub name: String,
    pub source: PathBuf,
    pub target: String,
}

impl MountSpec {
    pub fn desired_state(&self) -> MountState {
        MountState {
            source: self.source.clone(),
            target: self.target.clone(),
        }
    }
}
