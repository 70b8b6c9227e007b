use std::collections::BTreeSet;
use std::path::PathBuf;

use super::MachineCapacity;
use crate::docker_engine::DockerEngine;
use crate::network::HostNetwork;

/// Facts about the host that compilation needs: who the data belongs to and where things live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostContext {
    /// The invoking user's home directory (the real user's under `sudo`).
    pub home: PathBuf,
    /// The owner given to host data directories, and the uid of the machine's user.
    pub data_owner: Owner,
    /// The directory holding `vm.json`, mounted as the workspace.
    pub project_dir: PathBuf,
    /// The host devices services can use (sound, GPU) that this host has.
    pub devices: BTreeSet<String>,
    /// The host's extra certificate authorities and proxy.
    pub network: HostNetwork,
    /// What the engine that runs machines has, where it is known: a machine asks for no more.
    pub capacity: Option<MachineCapacity>,
    /// The Docker engine that runs a Docker machine.
    pub engine: DockerEngine,
    /// Whether that engine sees this host's files: if not, the workspace and the synced data live in its volumes.
    pub engine_sees_host_files: bool,
}

/// The devices of the catalog that exist on this host.
pub fn present_devices() -> BTreeSet<String> {
    crate::catalog::CATALOG
        .iter()
        .flat_map(|row| row.devices.iter())
        .filter(|device| std::path::Path::new(device).exists())
        .map(|device| (*device).to_owned())
        .collect()
}

/// A numeric owner of files, `uid:gid`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owner {
    pub uid: u32,
    pub gid: u32,
}

/// The uid and gid that images conventionally give their first user, `vagrant` in ours.
pub const CONVENTIONAL_MACHINE_OWNER: Owner = Owner {
    uid: 1000,
    gid: 1000,
};

impl std::fmt::Display for Owner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.uid, self.gid)
    }
}
