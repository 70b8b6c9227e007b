use super::{MountSpec, PublishedPort, mount_sources, port_bindings};
use crate::state::{Cpus, MachineState, Memory, VagrantMachineState};

/// The machine as a Vagrant VM; its synced folders are its mounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VagrantMachineSpec {
    pub project: String,
    pub name: String,
    pub r#box: String,
    pub hostname: String,
    pub user: String,
    pub memory_mib: u32,
    pub cpus: u32,
    pub gui: bool,
    pub ports: Vec<PublishedPort>,
    pub synced_folders: Vec<MountSpec>,
}

/// The box a Vagrant machine boots when `vm.box` names none.
pub const DEFAULT_BOX: &str = "bento/debian-12";

impl VagrantMachineSpec {
    pub fn desired_state(&self) -> VagrantMachineState {
        VagrantMachineState {
            r#box: self.r#box.clone(),
            hostname: self.hostname.clone(),
            user: self.user.clone(),
            memory: Memory::without_swap(self.memory_mib),
            cpus: Cpus::whole(self.cpus),
            gui: self.gui,
            state: MachineState::Running,
            ports: port_bindings(&self.ports),
            synced_folders: mount_sources(&self.synced_folders),
        }
    }
}
