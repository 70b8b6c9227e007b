use super::MachineSpec;
use crate::state::{ContainerState, ImageState, MachineState, MachineUser};

/// The machine as a long-lived Docker container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerSpec {
    pub machine: MachineSpec,
    /// The engine the machine runs on.
    pub engine: crate::docker_engine::DockerEngine,
    /// Docker inside the machine needs it.
    pub privileged: bool,
    /// Host devices the services want (sound, GPU), passed through where the host has them.
    pub devices: Vec<String>,
    /// The project image it runs, recorded on the container: which layers a change of image rebuilds.
    pub image_state: Option<ImageState>,
}

impl ContainerSpec {
    pub fn desired_state(&self) -> ContainerState {
        let machine = &self.machine;
        ContainerState {
            name: machine.name.clone(),
            engine: self.engine.display(),
            image: self
                .image_state
                .as_ref()
                .map_or_else(|| machine.image.clone(), ImageState::machine_image),
            superseded_build: None,
            hostname: machine.hostname.clone(),
            user: Some(MachineUser {
                name: machine.user.clone(),
                owner: machine.user_owner,
            }),
            workdir: machine.workdir.clone(),
            memory: machine.memory(),
            cpus: machine.cpu_limit(),
            state: MachineState::Running,
            environment: machine.environment.clone(),
            ports: machine.port_bindings(),
            mounts: machine.mount_sources(),
            volumes: machine.volumes_by_target(),
            privileged: self.privileged,
        }
    }
}
