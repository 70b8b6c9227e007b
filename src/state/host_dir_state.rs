use std::path::PathBuf;

use super::{AttributeName, Fields};
use crate::graph::Owner;

/// A directory on the host: where, its permission bits and its owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostDirState {
    pub path: PathBuf,
    pub mode: u32,
    pub owner: Owner,
}

impl HostDirState {
    pub fn fields(&self) -> Fields {
        Fields::from([
            (AttributeName::Path, self.path.display().to_string()),
            (AttributeName::Mode, format!("{:04o}", self.mode)),
            (AttributeName::Owner, self.owner.to_string()),
        ])
    }
}
