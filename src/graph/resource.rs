use super::{
    ContainerSpec, HostDirSpec, ImageSpec, MountSpec, ProvisionedSpec, ResourceId,
    VagrantMachineSpec,
};
use crate::state::ResourceState;

/// One node of the graph: what should exist, under a stable id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    pub id: ResourceId,
    pub spec: ResourceSpec,
}

/// What a resource should be, by kind; providers read it, the planner reads its desired state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResourceSpec {
    HostDir(HostDirSpec),
    Mount(MountSpec),
    DockerContainer(Box<ContainerSpec>),
    VagrantMachine(Box<VagrantMachineSpec>),
    DockerImage(Box<ImageSpec>),
    Provisioned(Box<ProvisionedSpec>),
    Volume(super::VolumeSpec),
    EnvFile(crate::state::EnvFileState),
    DatabaseRestore(Box<super::DatabaseRestoreSpec>),
}

impl Resource {
    /// What it should be once applied.
    pub fn desired_state(&self) -> ResourceState {
        match &self.spec {
            ResourceSpec::HostDir(spec) => ResourceState::HostDir(spec.desired_state()),
            ResourceSpec::Mount(spec) => ResourceState::Mount(spec.desired_state()),
            ResourceSpec::DockerContainer(spec) => {
                ResourceState::DockerContainer(Box::new(spec.desired_state()))
            }
            ResourceSpec::VagrantMachine(spec) => {
                ResourceState::VagrantMachine(Box::new(spec.desired_state()))
            }
            ResourceSpec::DockerImage(spec) => ResourceState::DockerImage(spec.desired_state()),
            ResourceSpec::Provisioned(spec) => ResourceState::Provisioned(spec.state.clone()),
            ResourceSpec::Volume(spec) => ResourceState::Volume(spec.desired_state()),
            ResourceSpec::EnvFile(state) => ResourceState::EnvFile(state.clone()),
            ResourceSpec::DatabaseRestore(spec) => {
                ResourceState::DatabaseRestore(spec.state.clone())
            }
        }
    }
}
