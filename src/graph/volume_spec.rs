use crate::state::VolumeState;

/// A Docker volume at `target` in the machine: a service's data, which outlives every replacement of the machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolumeSpec {
    pub project: String,
    /// The service whose data it holds.
    pub service: String,
    pub name: String,
    pub target: String,
    /// `persist_databases`: destroy leaves the volume, and the next machine finds its data.
    pub kept_on_destroy: bool,
}

impl VolumeSpec {
    pub fn desired_state(&self) -> VolumeState {
        VolumeState {
            name: self.name.clone(),
        }
    }
}
