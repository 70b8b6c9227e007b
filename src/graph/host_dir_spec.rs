use std::path::PathBuf;

use super::Owner;
use crate::state::HostDirState;

/// A directory on the host, created owner-only for the user the data belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostDirSpec {
    pub path: PathBuf,
    pub mode: u32,
    pub owner: Owner,
}

impl HostDirSpec {
    pub fn desired_state(&self) -> HostDirState {
        HostDirState {
            path: self.path.clone(),
            mode: self.mode,
            owner: self.owner,
        }
    }
}
