use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{MountSpec, Owner};
use crate::state::{Cpus, HostBinding, Memory, ProvisionedState};

/// What every machine is, whichever provider runs it: a Docker container and a Vagrant machine each hold one,
/// with only what is theirs beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MachineSpec {
    pub project: String,
    pub name: String,
    /// The image the machine runs: a Docker machine's, or Vagrant's docker backend's (a VM boots its box).
    pub image: String,
    pub hostname: String,
    pub user: String,
    /// The uid:gid the machine's user gets: the synced data's owner.
    pub user_owner: Owner,
    pub home: String,
    pub workdir: String,
    pub environment: BTreeMap<String, String>,
    pub memory_mib: u32,
    pub cpus: u32,
    pub ports: Vec<PublishedPort>,
    /// Host directories inside the machine: a container's bind mounts, what Vagrant calls synced folders.
    pub mounts: Vec<MountSpec>,
    /// Docker volumes: (name, target in the machine). Services' data and, on an engine that cannot see this
    /// host's files, the workspace; a Vagrant VM has none.
    pub volumes: Vec<(String, String)>,
    /// What is installed inside, by resource id, recorded on the machine when it is applied: what is inside it.
    pub provisioned: BTreeMap<String, ProvisionedState>,
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

// Each provider's state shows these the same way.
impl MachineSpec {
    pub fn memory(&self) -> Memory {
        Memory::without_swap(self.memory_mib)
    }

    pub fn cpu_limit(&self) -> Cpus {
        Cpus::whole(self.cpus)
    }

    /// Published ports by their port in the machine.
    pub fn port_bindings(&self) -> BTreeMap<u16, HostBinding> {
        self.ports
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
    pub fn mount_sources(&self) -> BTreeMap<String, PathBuf> {
        self.mounts
            .iter()
            .map(|mount| (mount.target.clone(), mount.source.clone()))
            .collect()
    }

    /// Volume names by their target in the machine.
    pub fn volumes_by_target(&self) -> BTreeMap<String, String> {
        self.volumes
            .iter()
            .map(|(name, target)| (target.clone(), name.clone()))
            .collect()
    }
}
