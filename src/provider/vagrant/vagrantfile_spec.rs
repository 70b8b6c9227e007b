use std::collections::BTreeMap;
use std::path::PathBuf;

pub use crate::config::VagrantBackend;

/// Everything the Vagrantfile of one machine says, as plain data: `render_vagrantfile` turns it
/// into Ruby, and nothing else goes into the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VagrantfileSpec {
    /// The machine's name in the Vagrantfile (`config.vm.define`), and in `vagrant status`.
    pub machine_name: String,
    /// Which Vagrant provider runs the machine.
    pub backend: VagrantBackend,
    /// The box a VM boots; not written for the docker backend, which would try to download it.
    pub r#box: String,
    /// The image the docker backend runs; not written for the other backends.
    pub docker_image: String,
    pub hostname: String,
    pub memory_mib: u32,
    pub cpus: u32,
    /// Show the VM's window; written for the backends that have one (virtualbox, vmware_desktop).
    pub gui: bool,
    /// In this order.
    pub forwarded_ports: Vec<ForwardedPort>,
    /// In this order.
    pub synced_folders: Vec<SyncedFolder>,
    /// Variables set for the machine's processes.
    pub environment: BTreeMap<String, String>,
    /// Docker volumes (name, target in the machine) the docker backend's container carries; other backends have none.
    pub volumes: Vec<(String, String)>,
    /// The machine's user: the owner of the synced folders on the VM backends.
    pub user: String,
    /// What goes inside the machine, as one shell provisioner (VM backends; the docker backend runs an image
    /// that has it).
    pub provision_script: Option<String>,
}

/// A guest port published on the host, never moved to another host port (`auto_correct: false`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForwardedPort {
    pub host_ip: String,
    pub host_port: u16,
    pub guest_port: u16,
}

/// A host directory shared with the machine, created where missing (`create: true`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncedFolder {
    pub host_path: PathBuf,
    pub guest_path: String,
}
