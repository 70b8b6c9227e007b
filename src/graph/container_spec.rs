use std::collections::BTreeMap;

use super::{Attributes, MountSpec, Owner};

/// The machine as a long-lived Docker container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerSpec {
    pub project: String,
    pub name: String,
    pub image: String,
    pub hostname: String,
    pub user: String,
    pub user_owner: Owner,
    pub home: String,
    pub workdir: String,
    pub environment: BTreeMap<String, String>,
    pub memory_mib: u32,
    pub cpus: u32,
    pub ports: Vec<PublishedPort>,
    pub mounts: Vec<MountSpec>,
}

/// A machine port reachable on the host.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PublishedPort {
    pub host_ip: String,
    pub host_port: u16,
    pub container_port: u16,
}

/// A machine's published ports (`ports.<port>`) and host directories (`<group>.<target>`), one shape for every provider.
pub fn insert_machine_links(
    attributes: &mut Attributes,
    ports: &[PublishedPort],
    group: &str,
    mounts: &[MountSpec],
) {
    for port in ports {
        attributes.insert(
            format!("ports.{}", port.container_port),
            format!("{}:{}", port.host_ip, port.host_port),
        );
    }
    for mount in mounts {
        attributes.insert(
            format!("{group}.{}", mount.target),
            mount.source.display().to_string(),
        );
    }
}

/// The state every machine should be in.
pub const RUNNING: &str = "running";

impl ContainerSpec {
    pub fn attributes(&self) -> Attributes {
        let mut attributes = Attributes::from([
            ("name".to_owned(), self.name.clone()),
            ("image".to_owned(), self.image.clone()),
            ("hostname".to_owned(), self.hostname.clone()),
            (
                "user".to_owned(),
                format!("{} ({})", self.user, self.user_owner),
            ),
            ("workdir".to_owned(), self.workdir.clone()),
            ("memory".to_owned(), format!("{} MiB", self.memory_mib)),
            ("cpus".to_owned(), self.cpus.to_string()),
            ("state".to_owned(), RUNNING.to_owned()),
        ]);
        for (key, value) in &self.environment {
            attributes.insert(format!("environment.{key}"), value.clone());
        }
        insert_machine_links(&mut attributes, &self.ports, "mounts", &self.mounts);
        attributes
    }
}
