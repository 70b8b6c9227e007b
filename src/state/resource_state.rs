use std::collections::BTreeMap;

use super::{
    AttributeName, ContainerState, HostDirState, ImageState, MountState, ProvisionedState,
    VagrantMachineState,
};

/// A resource's attributes as the plan shows them, attribute by attribute, in a stable order.
pub type Fields = BTreeMap<AttributeName, String>;

/// What a resource is, or should be, typed by its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResourceState {
    HostDir(HostDirState),
    Mount(MountState),
    DockerContainer(Box<ContainerState>),
    VagrantMachine(Box<VagrantMachineState>),
    DockerImage(ImageState),
    Provisioned(ProvisionedState),
    Volume(super::VolumeState),
    EnvFile(super::EnvFileState),
    DatabaseRestore(super::DatabaseRestoreState),
}

impl ResourceState {
    /// The rendering every plan is made of: compared attribute by attribute, shown as text and JSON.
    pub fn fields(&self) -> Fields {
        match self {
            ResourceState::HostDir(state) => state.fields(),
            ResourceState::Mount(state) => state.fields(),
            ResourceState::DockerContainer(state) => state.fields(),
            ResourceState::VagrantMachine(state) => state.fields(),
            ResourceState::DockerImage(state) => state.fields(),
            ResourceState::Provisioned(state) => state.fields(),
            ResourceState::Volume(state) => state.fields(),
            ResourceState::EnvFile(state) => state.fields(),
            ResourceState::DatabaseRestore(state) => state.fields(),
        }
    }

    /// What `vm status` shows for it: a machine's state, a service's health, `present` for the rest.
    pub fn status_word(&self) -> String {
        match (self.machine_state(), self) {
            (Some(state), _) => state.to_string(),
            (None, ResourceState::Provisioned(super::ProvisionedState::Service(service))) => {
                service.health.to_string()
            }
            _ => "present".to_owned(),
        }
    }

    /// Whether the machine runs, for resources that are machines.
    pub fn machine_state(&self) -> Option<&super::MachineState> {
        match self {
            ResourceState::DockerContainer(state) => Some(&state.state),
            ResourceState::VagrantMachine(state) => Some(&state.state),
            _ => None,
        }
    }
}
