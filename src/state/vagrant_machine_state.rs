use std::collections::BTreeMap;
use std::path::PathBuf;

use super::container_state::insert_links;
use super::{AttributeName, Cpus, Fields, HostBinding, MachineState, Memory};
use crate::config::VagrantBackend;

/// The machine as a Vagrant VM: what its Vagrantfile says, and whether it runs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct VagrantMachineState {
    pub backend: VagrantBackend,
    /// The box a VM boots; the docker backend has none.
    pub r#box: Option<String>,
    /// The image the docker backend runs; VMs have none.
    pub image: Option<String>,
    pub hostname: String,
    pub user: String,
    pub memory: Memory,
    pub cpus: Cpus,
    pub gui: bool,
    pub state: MachineState,
    pub environment: BTreeMap<String, String>,
    pub ports: BTreeMap<u16, HostBinding>,
    /// Host directories by their path in the machine.
    pub synced_folders: BTreeMap<String, PathBuf>,
    /// Docker volumes by their target in the machine (the docker backend's).
    #[serde(default)]
    pub volumes: BTreeMap<String, String>,
    /// What its shell provisioner installs, as a hash (VM backends).
    #[serde(default)]
    pub provisioning: Option<String>,
}

impl VagrantMachineState {
    pub fn fields(&self) -> Fields {
        let mut fields = Fields::from([
            (AttributeName::Backend, self.backend.to_string()),
            (AttributeName::Hostname, self.hostname.clone()),
            (AttributeName::User, self.user.clone()),
            (AttributeName::Memory, self.memory.to_string()),
            (AttributeName::Cpus, self.cpus.to_string()),
            (AttributeName::Gui, self.gui.to_string()),
            (AttributeName::State, self.state.to_string()),
        ]);
        if let Some(r#box) = &self.r#box {
            fields.insert(AttributeName::Box, r#box.clone());
        }
        if let Some(provisioning) = &self.provisioning {
            fields.insert(AttributeName::Provisioning, provisioning.clone());
        }
        if let Some(image) = &self.image {
            fields.insert(AttributeName::Image, image.clone());
        }
        for (key, value) in &self.environment {
            fields.insert(AttributeName::Environment(key.clone()), value.clone());
        }
        for (target, volume) in &self.volumes {
            fields.insert(AttributeName::Volume(target.clone()), volume.clone());
        }
        insert_links(
            &mut fields,
            &self.ports,
            &self.synced_folders,
            AttributeName::SyncedFolder,
        );
        fields
    }
}
