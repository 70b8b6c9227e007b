use std::path::PathBuf;

use super::{Attributes, Owner};

/// A directory on the host, created owner-only for the user the data belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostDirSpec {
    pub path: PathBuf,
    pub mode: u32,
    pub owner: Owner,
}

impl HostDirSpec {
    pub fn attributes(&self) -> Attributes {
        host_dir_attributes(&self.path.display().to_string(), self.mode, self.owner)
    }
}

/// The attributes of a host directory as it is (observed) or should be (desired); one shape for both.
pub fn host_dir_attributes(path: &str, mode: u32, owner: Owner) -> Attributes {
    Attributes::from([
        ("path".to_owned(), path.to_owned()),
        ("mode".to_owned(), format!("{mode:04o}")),
        ("owner".to_owned(), owner.to_string()),
    ])
}
