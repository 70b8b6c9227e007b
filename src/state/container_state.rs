use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use super::{AttributeName, Cpus, Fields, MachineState, Memory};
use crate::graph::Owner;

/// The machine as a Docker container: what vm makes it with, and what Docker reports of it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerState {
    pub name: String,
    /// The engine it runs on, as the plan names it: `buildbox (ssh://dev@buildbox)`.
    pub engine: String,
    pub image: String,
    /// The build the container was made from, where the image's name now stands for another one.
    pub superseded_build: Option<String>,
    pub hostname: String,
    /// Recorded when the machine was made: its user set-up is not visible from outside.
    pub user: Option<MachineUser>,
    pub workdir: String,
    pub memory: Memory,
    pub cpus: Cpus,
    pub state: MachineState,
    pub environment: BTreeMap<String, String>,
    /// By the port in the machine.
    pub ports: BTreeMap<u16, HostBinding>,
    /// Host directories by their target in the machine.
    pub mounts: BTreeMap<String, PathBuf>,
    /// Docker volumes by their target in the machine.
    pub volumes: BTreeMap<String, String>,
    /// Runs privileged (Docker inside the machine needs it).
    pub privileged: bool,
}

/// The machine's user and the uid:gid it was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MachineUser {
    pub name: String,
    pub owner: Owner,
}

/// Where a machine port is reachable on the host.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct HostBinding {
    pub ip: String,
    pub port: u16,
}

impl ContainerState {
    pub fn fields(&self) -> Fields {
        let image = match &self.superseded_build {
            None => self.image.clone(),
            Some(build) => format!("{} (build {build}, since rebuilt)", self.image),
        };
        let mut fields = Fields::from([
            (AttributeName::Name, self.name.clone()),
            (AttributeName::Image, image),
            (AttributeName::Hostname, self.hostname.clone()),
            (AttributeName::Workdir, self.workdir.clone()),
            (AttributeName::Memory, self.memory.to_string()),
            (AttributeName::Cpus, self.cpus.to_string()),
            (AttributeName::State, self.state.to_string()),
        ]);
        if !self.engine.is_empty() {
            fields.insert(AttributeName::Engine, self.engine.clone());
        }
        if self.privileged {
            fields.insert(
                AttributeName::Privileged,
                "true (Docker in the machine needs it)".to_owned(),
            );
        }
        if let Some(user) = &self.user {
            fields.insert(AttributeName::User, user.to_string());
        }
        for (key, value) in &self.environment {
            fields.insert(AttributeName::Environment(key.clone()), value.clone());
        }
        insert_links(&mut fields, &self.ports, &self.mounts, AttributeName::Mount);
        for (target, volume) in &self.volumes {
            fields.insert(AttributeName::Volume(target.clone()), volume.clone());
        }
        fields
    }
}

/// A machine's ports and host directories, one shape for every provider.
pub(super) fn insert_links(
    fields: &mut Fields,
    ports: &BTreeMap<u16, HostBinding>,
    mounts: &BTreeMap<String, PathBuf>,
    mount_name: fn(String) -> AttributeName,
) {
    for (port, binding) in ports {
        fields.insert(AttributeName::Port(*port), binding.to_string());
    }
    for (target, source) in mounts {
        fields.insert(mount_name(target.clone()), source.display().to_string());
    }
}

impl fmt::Display for MachineUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name, self.owner)
    }
}

impl FromStr for MachineUser {
    type Err = ();

    /// Reads `vagrant (1000:1000)`, as machines record it.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (name, owner) = text
            .strip_suffix(')')
            .ok_or(())?
            .split_once(" (")
            .ok_or(())?;
        let (uid, gid) = owner.split_once(':').ok_or(())?;
        Ok(MachineUser {
            name: name.to_owned(),
            owner: Owner {
                uid: uid.parse().map_err(drop)?,
                gid: gid.parse().map_err(drop)?,
            },
        })
    }
}

impl fmt::Display for HostBinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.ip, self.port)
    }
}
