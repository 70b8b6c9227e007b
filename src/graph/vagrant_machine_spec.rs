use std::collections::BTreeMap;

use super::{MountSpec, Owner, PublishedPort, mount_sources, port_bindings};
use crate::config::VagrantBackend;
use crate::state::{Cpus, MachineState, Memory, ProvisionedState, VagrantMachineState};

/// The machine as a Vagrant VM; its synced folders are its mounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VagrantMachineSpec {
    pub project: String,
    pub name: String,
    pub backend: VagrantBackend,
    /// The box a VM boots (not the docker backend's).
    pub r#box: String,
    /// The image the docker backend runs.
    pub image: String,
    pub hostname: String,
    pub user: String,
    /// The uid:gid the machine's user gets: the synced data's owner.
    pub user_owner: Owner,
    pub home: String,
    pub workdir: String,
    pub memory_mib: u32,
    pub cpus: u32,
    pub gui: bool,
    pub environment: BTreeMap<String, String>,
    pub ports: Vec<PublishedPort>,
    pub synced_folders: Vec<MountSpec>,
    /// Docker volumes (name, target in the machine) the docker backend's container carries: services' data.
    pub volumes: Vec<(String, String)>,
    /// What is installed inside, by resource id: recorded when it is applied, as a container's labels record it.
    pub provisioned: BTreeMap<String, ProvisionedState>,
    /// What goes inside the machine, as one shell provisioner script (VM backends).
    pub provision_script: Option<String>,
}

/// The box a Vagrant machine boots when `vm.box` names none.
pub const DEFAULT_BOX: &str = "bento/debian-12";

impl VagrantMachineSpec {
    pub fn desired_state(&self) -> VagrantMachineState {
        let docker = self.backend == VagrantBackend::Docker;
        VagrantMachineState {
            backend: self.backend,
            r#box: (!docker).then(|| self.r#box.clone()),
            image: docker.then(|| self.image.clone()),
            hostname: self.hostname.clone(),
            user: self.user.clone(),
            memory: Memory::without_swap(self.memory_mib),
            cpus: Cpus::whole(self.cpus),
            gui: self.gui,
            state: MachineState::Running,
            environment: self.environment.clone(),
            ports: port_bindings(&self.ports),
            synced_folders: mount_sources(&self.synced_folders),
            volumes: self
                .volumes
                .iter()
                .map(|(name, target)| (target.clone(), name.clone()))
                .collect(),
            provisioning: self
                .provision_script
                .as_ref()
                .filter(|_| !docker)
                .map(|script| {
                    use sha2::Digest;
                    format!(
                        "script sha256:{}",
                        &hex::encode(sha2::Sha256::digest(script.as_bytes()))[..12]
                    )
                }),
        }
    }
}
