use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// One attribute of a resource, named as the plan shows it (`memory`, `environment.NODE_ENV`, `ports.3000`).
/// Providers decide what a change to each means by matching on these, never on text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum AttributeName {
    // In the order of their names as text, so plans list attributes alphabetically.
    /// A shell alias of the machine's user.
    Alias(String),
    Backend,
    /// The image an image is built from.
    Base,
    Box,
    Cpus,
    Database,
    DatabaseUser,
    Description,
    /// The Docker engine a machine runs on.
    Engine,
    Environment(String),
    Gui,
    Health,
    Hostname,
    Image,
    Memory,
    Mode,
    /// When a file was last modified.
    Modified,
    /// A bind mount, by its target in the machine.
    Mount(String),
    Name,
    Owner,
    /// One package of a package list.
    Package(String),
    Path,
    /// The port a service listens on in the machine.
    ListenPort,
    /// A published or forwarded port, by its port in the machine.
    Port(u16),
    Privileged,
    Prompt,
    /// What a machine's provisioner installs.
    Provisioning,
    /// The host's proxy, taken into an image's builds.
    Proxy,
    /// A file's size.
    Size,
    Source,
    /// One build stage of an image, by name.
    Stage(String),
    State,
    /// A Vagrant synced folder, by its path in the machine.
    SyncedFolder(String),
    Tag,
    Target,
    Timezone,
    /// The host's extra certificate authorities, taken into an image.
    TrustHostAuthorities,
    Url,
    User,
    Version,
    /// A Docker volume, by its target in the machine.
    Volume(String),
    Workdir,
}

const SIMPLE: [(AttributeName, &str); 34] = [
    (AttributeName::Provisioning, "provisioning"),
    (AttributeName::Proxy, "proxy"),
    (
        AttributeName::TrustHostAuthorities,
        "trust.host_authorities",
    ),
    (AttributeName::Privileged, "privileged"),
    (AttributeName::Backend, "backend"),
    (AttributeName::Base, "base"),
    (AttributeName::Box, "box"),
    (AttributeName::Cpus, "cpus"),
    (AttributeName::Database, "database"),
    (AttributeName::DatabaseUser, "database_user"),
    (AttributeName::Description, "description"),
    (AttributeName::Engine, "engine"),
    (AttributeName::Gui, "gui"),
    (AttributeName::Health, "health"),
    (AttributeName::Hostname, "hostname"),
    (AttributeName::Image, "image"),
    (AttributeName::Memory, "memory"),
    (AttributeName::Mode, "mode"),
    (AttributeName::Modified, "modified"),
    (AttributeName::Name, "name"),
    (AttributeName::Owner, "owner"),
    (AttributeName::Path, "path"),
    (AttributeName::ListenPort, "port"),
    (AttributeName::Prompt, "prompt"),
    (AttributeName::Size, "size"),
    (AttributeName::Source, "source"),
    (AttributeName::State, "state"),
    (AttributeName::Tag, "tag"),
    (AttributeName::Target, "target"),
    (AttributeName::Timezone, "timezone"),
    (AttributeName::Url, "url"),
    (AttributeName::User, "user"),
    (AttributeName::Version, "version"),
    (AttributeName::Workdir, "workdir"),
];

impl AttributeName {
    /// The group a reason names: `environment` for `environment.NODE_ENV`.
    pub fn group(&self) -> &'static str {
        match self {
            AttributeName::Alias(_) => "aliases",
            AttributeName::Environment(_) => "environment",
            AttributeName::Package(_) => "package",
            AttributeName::Stage(_) => "stages",
            AttributeName::Volume(_) => "volumes",
            AttributeName::Port(_) => "ports",
            AttributeName::Mount(_) => "mounts",
            AttributeName::SyncedFolder(_) => "synced_folders",
            simple => {
                SIMPLE
                    .iter()
                    .find(|(name, _)| name == simple)
                    .expect("every simple name has its text")
                    .1
            }
        }
    }

    /// Whether its values are host paths, which the plan shows under `~`.
    pub fn is_host_path(&self) -> bool {
        matches!(
            self,
            AttributeName::Path
                | AttributeName::Source
                | AttributeName::Mount(_)
                | AttributeName::SyncedFolder(_)
        )
    }
}

impl fmt::Display for AttributeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AttributeName::Alias(name) => write!(f, "aliases.{name}"),
            AttributeName::Environment(key) => write!(f, "environment.{key}"),
            AttributeName::Package(name) => write!(f, "package.{name}"),
            AttributeName::Stage(name) => write!(f, "stages.{name}"),
            AttributeName::Volume(target) => write!(f, "volumes.{target}"),
            AttributeName::Port(port) => write!(f, "ports.{port}"),
            AttributeName::Mount(target) => write!(f, "mounts.{target}"),
            AttributeName::SyncedFolder(target) => write!(f, "synced_folders.{target}"),
            simple => f.write_str(simple.group()),
        }
    }
}

impl FromStr for AttributeName {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let unknown = || format!("`{text}` is not an attribute vm knows");
        if let Some((name, _)) = SIMPLE.iter().find(|(_, simple)| *simple == text) {
            return Ok(name.clone());
        }
        let (group, key) = text.split_once('.').ok_or_else(unknown)?;
        match group {
            "aliases" => Ok(AttributeName::Alias(key.to_owned())),
            "environment" => Ok(AttributeName::Environment(key.to_owned())),
            "package" => Ok(AttributeName::Package(key.to_owned())),
            "stages" => Ok(AttributeName::Stage(key.to_owned())),
            "volumes" => Ok(AttributeName::Volume(key.to_owned())),
            "ports" => key.parse().map(AttributeName::Port).map_err(|_| unknown()),
            "mounts" => Ok(AttributeName::Mount(key.to_owned())),
            "synced_folders" => Ok(AttributeName::SyncedFolder(key.to_owned())),
            _ => Err(unknown()),
        }
    }
}

impl From<AttributeName> for String {
    fn from(name: AttributeName) -> String {
        name.to_string()
    }
}

impl TryFrom<String> for AttributeName {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_reads_back_from_its_text() {
        let names = SIMPLE.iter().map(|(name, _)| name.clone()).chain([
            AttributeName::Environment("A.B".into()),
            AttributeName::Alias("ll".into()),
            AttributeName::Package("@anthropic-ai/claude-code".into()),
            AttributeName::Stage("npm".into()),
            AttributeName::Port(3000),
            AttributeName::Mount("/workspace".into()),
            AttributeName::SyncedFolder("/home/vagrant/.claude".into()),
        ]);
        for name in names {
            assert_eq!(name.to_string().parse::<AttributeName>(), Ok(name));
        }
        assert!("ports.http".parse::<AttributeName>().is_err());
        assert!("colour".parse::<AttributeName>().is_err());
    }
}
