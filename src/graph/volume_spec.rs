use crate::state::VolumeState;

/// A Docker volume at `target` in the machine: a service's data, kept when the machine goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolumeSpec {
    pub project: String,
    /// The service whose data it holds.
    pub service: String,
    pub name: String,
    pub target: String,
}

impl VolumeSpec {
    pub fn desired_state(&self) -> VolumeState {
        VolumeState {
            name: self.name.clone(),
        }
    }
}
