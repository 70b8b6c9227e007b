use std::collections::BTreeMap;
use std::path::PathBuf;

use super::container_state::insert_links;
use super::{AttributeName, Cpus, Fields, HostBinding, MachineState, Memory};

/// The machine as a Vagrant VM: what its Vagrantfile says, and whether it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VagrantMachineState {
    pub r#box: String,
    pub hostname: String,
    pub user: String,
    pub memory: Memory,
    pub cpus: Cpus,
    pub gui: bool,
    pub state: MachineState,
    pub ports: BTreeMap<u16, HostBinding>,
    /// Host directories by their path in the machine.
    pub synced_folders: BTreeMap<String, PathBuf>,
}

impl VagrantMachineState {
    pub fn fields(&self) -> Fields {
        let mut fields = Fields::from([
            (AttributeName::Box, self.r#box.clone()),
            (AttributeName::Hostname, self.hostname.clone()),
            (AttributeName::User, self.user.clone()),
            (AttributeName::Memory, self.memory.to_string()),
            (AttributeName::Cpus, self.cpus.to_string()),
            (AttributeName::Gui, self.gui.to_string()),
            (AttributeName::State, self.state.to_string()),
        ]);
        insert_links(
            &mut fields,
            &self.ports,
            &self.synced_folders,
            AttributeName::SyncedFolder,
        );
        fields
    }
}
