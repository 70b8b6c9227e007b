use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{AttributeName, Fields};

/// The project's `.env`: a copy of its template with the machine's service URLs added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvFileState {
    pub path: PathBuf,
    pub template: PathBuf,
    /// The variables added after the template's lines.
    pub added: BTreeMap<String, String>,
}

impl EnvFileState {
    pub fn fields(&self) -> Fields {
        let mut fields = Fields::from([
            (AttributeName::Path, self.path.display().to_string()),
            (AttributeName::Source, self.template.display().to_string()),
        ]);
        for (name, value) in &self.added {
            fields.insert(AttributeName::Environment(name.clone()), value.clone());
        }
        fields
    }
}
