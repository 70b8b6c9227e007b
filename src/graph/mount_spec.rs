use std::path::PathBuf;

use super::Attributes;

/// A host directory made visible inside the machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MountSpec {
    /// The mount resource's name (`workspace`, `claude_data`), recorded on the machine so a moved mount is recognised.
    pub name: String,
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
