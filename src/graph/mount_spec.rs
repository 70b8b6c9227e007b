use std::path::PathBuf;

use super::Attributes;

/// A host directory made visible inside the machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MountSpec {
    pub source: PathBuf,
    pub target: String,
}

impl MountSpec {
    pub fn attributes(&self) -> Attributes {
        Attributes::from([
            ("source".to_owned(), self.source.display().to_string()),
            ("target".to_owned(), self.target.clone()),
        ])
    }
}
