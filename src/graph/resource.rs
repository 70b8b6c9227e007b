use super::{Attributes, ContainerSpec, HostDirSpec, MountSpec, ResourceId, VagrantMachineSpec};

/// One node of the graph: what should exist, under a stable id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    pub id: ResourceId,
    pub spec: ResourceSpec,
}

/// What a resource should be, by kind; executors read it, the planner reads its attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResourceSpec {
    HostDir(HostDirSpec),
    Mount(MountSpec),
    DockerContainer(Box<ContainerSpec>),
    VagrantMachine(Box<VagrantMachineSpec>),
}

impl Resource {
    pub fn attributes(&self) -> Attributes {
        match &self.spec {
            ResourceSpec::HostDir(spec) => spec.attributes(),
            ResourceSpec::Mount(spec) => spec.attributes(),
            ResourceSpec::DockerContainer(spec) => spec.attributes(),
            ResourceSpec::VagrantMachine(spec) => spec.attributes(),
        }
    }

    /// Whether `vm destroy` leaves it in place: host data outlives its machine.
    pub fn kept_on_destroy(&self) -> bool {
        self.id.kind.kept_on_destroy()
    }
}
