use std::collections::BTreeMap;

use super::{MountSpec, Owner};
use crate::state::{
    ContainerState, Cpus, HostBinding, ImageState, MachineState, MachineUser, Memory,
};

/// The machine as a long-lived Docker container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerSpec {
    pub project: String,
    /// The engine the machine runs on.
    pub engine: crate::docker_engine::DockerEngine,
    pub name: String,
    pub image: String,
    pub hostname: String,
    pub user: String,
    pub user_owner: Owner,
    pub home: String,
    pub workdir: String,
    pub environment: BTreeMap<String, String>,
    pub memory_mib: u32,
    pub cpus: u32,
    pub ports: Vec<PublishedPort>,
    pub mounts: Vec<MountSpec>,
    /// Docker volumes: (name, target in the machine).
    pub volumes: Vec<(String, String)>,
    /// Docker inside the machine needs it.
    pub privileged: bool,
    /// Host devices the services want (sound, GPU), passed through where the host has them.
    pub devices: Vec<String>,
    /// What the image installs, by resource id, recorded on the container: what is inside it.
    pub provisioned: BTreeMap<String, crate::state::ProvisionedState>,
    /// The project image it runs, recorded on the container: which layers a change of image rebuilds.
    pub image_state: Option<crate::state::ImageState>,
}

/// A machine port reachable on the host.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PublishedPort {
    pub host_ip: String,
    pub host_port: u16,
    pub container_port: u16,
    /// What listens there, for people: its key in vm.json's `ports`, or the service's name.
    pub name: String,
}

/// Published ports by their port in the machine, one shape for every provider.
pub fn port_bindings(ports: &[PublishedPort]) -> BTreeMap<u16, HostBinding> {
    ports
        .iter()
        .map(|port| {
            (
                port.container_port,
                HostBinding {
                    ip: port.host_ip.clone(),
                    port: port.host_port,
                },
            )
        })
        .collect()
}

/// Host directories by their target in the machine.
pub fn mount_sources(mounts: &[MountSpec]) -> BTreeMap<String, std::path::PathBuf> {
    mounts
        .iter()
        .map(|mount| (mount.target.clone(), mount.source.clone()))
        .collect()
}

impl ContainerSpec {
    pub fn desired_state(&self) -> ContainerState {
        ContainerState {
            name: self.name.clone(),
            engine: self.engine.display(),
            image: self
                .image_state
                .as_ref()
                .map_or_else(|| self.image.clone(), ImageState::machine_image),
            superseded_build: None,
            hostname: self.hostname.clone(),
            user: Some(MachineUser {
                name: self.user.clone(),
                owner: self.user_owner,
            }),
            workdir: self.workdir.clone(),
            memory: Memory::without_swap(self.memory_mib),
            cpus: Cpus::whole(self.cpus),
            state: MachineState::Running,
            environment: self.environment.clone(),
            ports: port_bindings(&self.ports),
            mounts: mount_sources(&self.mounts),
            volumes: self
                .volumes
                .iter()
                .map(|(name, target)| (target.clone(), name.clone()))
                .collect(),
            privileged: self.privileged,
        }
    }
}
