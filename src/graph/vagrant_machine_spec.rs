use super::MachineSpec;
use crate::config::VagrantBackend;
use crate::state::{MachineState, VagrantMachineState};

/// The machine as a Vagrant VM, or a container of Vagrant's docker backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VagrantMachineSpec {
    pub machine: MachineSpec,
    pub backend: VagrantBackend,
    /// The box a VM boots (not the docker backend's).
    pub r#box: String,
    pub gui: bool,
    /// What goes inside the machine, as one shell provisioner script (VM backends).
    pub provision_script: Option<String>,
}

/// The box a Vagrant machine boots when `vm.box` names none.
pub const DEFAULT_BOX: &str = "bento/debian-12";

impl VagrantMachineSpec {
    pub fn desired_state(&self) -> VagrantMachineState {
        let machine = &self.machine;
        let docker = self.backend == VagrantBackend::Docker;
        VagrantMachineState {
            backend: self.backend,
            r#box: (!docker).then(|| self.r#box.clone()),
            image: docker.then(|| machine.image.clone()),
            hostname: machine.hostname.clone(),
            user: machine.user.clone(),
            memory: machine.memory(),
            cpus: machine.cpu_limit(),
            gui: self.gui,
            state: MachineState::Running,
            environment: machine.environment.clone(),
            ports: machine.port_bindings(),
            synced_folders: machine.mount_sources(),
            volumes: machine.volumes_by_target(),
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
