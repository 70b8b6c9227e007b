use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How Vagrant runs the machine (Vagrant provider only).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VagrantSettings {
    /// The Vagrant provider that runs the VM: `virtualbox` (the default), `libvirt`, `parallels`, `vmware_desktop`, or `docker` (a container from `vm.image`, without ssh).
    #[serde(default)]
    pub provider: VagrantBackend,
}

/// The Vagrant provider behind a machine (`vagrant up --provider=<name>`).
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum VagrantBackend {
    #[default]
    Virtualbox,
    Libvirt,
    Parallels,
    VmwareDesktop,
    Docker,
}

impl VagrantBackend {
    pub const ALL: [VagrantBackend; 5] = [
        VagrantBackend::Virtualbox,
        VagrantBackend::Libvirt,
        VagrantBackend::Parallels,
        VagrantBackend::VmwareDesktop,
        VagrantBackend::Docker,
    ];

    /// Vagrant's name for it, as in `config.vm.provider "<name>"` and `--provider=<name>`.
    pub fn provider_name(self) -> &'static str {
        match self {
            VagrantBackend::Virtualbox => "virtualbox",
            VagrantBackend::Libvirt => "libvirt",
            VagrantBackend::Parallels => "parallels",
            VagrantBackend::VmwareDesktop => "vmware_desktop",
            VagrantBackend::Docker => "docker",
        }
    }

    /// Whether the machine is reached with `vagrant ssh`; the docker backend runs without ssh,
    /// and is reached with `docker exec` on the id in `.vagrant/machines/<name>/docker/id`.
    pub fn has_ssh(self) -> bool {
        self != VagrantBackend::Docker
    }

    /// Whether `vagrant reload` applies a changed Vagrantfile. The docker backend's reload only
    /// stops and starts the container: memory, ports, synced folders and environment stay as they
    /// were made, so any change there needs `vagrant destroy -f` and `vagrant up`.
    pub fn reload_applies_changes(self) -> bool {
        self != VagrantBackend::Docker
    }
}

impl std::fmt::Display for VagrantBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.provider_name())
    }
}
