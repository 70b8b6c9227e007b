use super::{AttributeName, Fields};

/// A Docker volume holding data outside its machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolumeState {
    pub name: String,
    /// Where its data comes from on this host, and how it travels (`~/src/app, uploaded when made; vm push/pull`),
    /// for a volume standing in for a host directory on an engine that cannot see it.
    pub source: Option<String>,
}

impl VolumeState {
    pub fn fields(&self) -> Fields {
        let mut fields = Fields::from([(AttributeName::Name, self.name.clone())]);
        if let Some(source) = &self.source {
            fields.insert(AttributeName::Source, source.clone());
        }
        fields
    }
}
