use super::{AttributeName, Fields};

/// A Docker volume holding a service's data outside its machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolumeState {
    pub name: String,
}

impl VolumeState {
    pub fn fields(&self) -> Fields {
        Fields::from([(AttributeName::Name, self.name.clone())])
    }
}
