use std::fmt;

use serde::{Deserialize, Serialize};

/// What a resource is; each kind has one provider that observes and changes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    /// A directory on the host that `vm` creates and never deletes.
    HostDir,
    /// The project's `.env`, written once from its template and never overwritten.
    EnvFile,
    /// A host directory seen inside the machine; it exists as part of its machine.
    Mount,
    /// A host directory shared with a Vagrant machine; it exists as part of its machine.
    SyncedFolder,
    /// A Docker volume that keeps a service's data outside the machine.
    Volume,
    /// The image a Docker machine runs, built for the project.
    DockerImage,
    /// The machine, as a Docker container.
    DockerContainer,
    /// The machine, as a Vagrant VM.
    VagrantMachine,
    /// A language runtime in the machine.
    Language,
    /// A service running in the machine.
    Service,
    /// A list of packages installed in the machine.
    Packages,
    /// The machine user's shell: aliases, prompt, time zone.
    Shell,
    /// A database backup of the project, restored once into a service's empty database.
    DatabaseRestore,
}

impl ResourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceKind::HostDir => "host_dir",
            ResourceKind::EnvFile => "env_file",
            ResourceKind::Mount => "mount",
            ResourceKind::SyncedFolder => "synced_folder",
            ResourceKind::Volume => "volume",
            ResourceKind::DockerImage => "docker_image",
            ResourceKind::DockerContainer => "docker_container",
            ResourceKind::VagrantMachine => "vagrant_machine",
            ResourceKind::Language => "language",
            ResourceKind::Service => "service",
            ResourceKind::Packages => "packages",
            ResourceKind::Shell => "shell",
            ResourceKind::DatabaseRestore => "database_restore",
        }
    }

    pub fn parse(text: &str) -> Option<ResourceKind> {
        [
            ResourceKind::HostDir,
            ResourceKind::EnvFile,
            ResourceKind::Mount,
            ResourceKind::SyncedFolder,
            ResourceKind::Volume,
            ResourceKind::DockerImage,
            ResourceKind::DockerContainer,
            ResourceKind::VagrantMachine,
            ResourceKind::Language,
            ResourceKind::Service,
            ResourceKind::Packages,
            ResourceKind::Shell,
            ResourceKind::DatabaseRestore,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == text)
    }

    /// Whether a resource of this kind is the machine itself.
    pub fn is_machine(self) -> bool {
        matches!(
            self,
            ResourceKind::DockerContainer | ResourceKind::VagrantMachine
        )
    }

    /// Whether a resource of this kind is made and removed with its machine, and never on its own.
    pub fn part_of_machine(self) -> bool {
        matches!(self, ResourceKind::Mount | ResourceKind::SyncedFolder)
    }
}

/// A resource's stable name, `kind.name`, e.g. `host_dir.claude_data`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ResourceId {
    pub kind: ResourceKind,
    pub name: String,
}

impl ResourceId {
    pub fn new(kind: ResourceKind, name: impl Into<String>) -> ResourceId {
        ResourceId {
            kind,
            name: name.into(),
        }
    }

    pub fn parse(text: &str) -> Option<ResourceId> {
        let (kind, name) = text.split_once('.')?;
        Some(ResourceId::new(ResourceKind::parse(kind)?, name))
    }
}

impl fmt::Display for ResourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.kind.as_str(), self.name)
    }
}

impl Serialize for ResourceId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ResourceId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        ResourceId::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("`{text}` is not a resource id (`kind.name`)"))
        })
    }
}
