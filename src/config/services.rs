use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Port;

/// Services installed and started in the machine.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Services {
    /// PostgreSQL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postgresql: Option<DatabaseService>,
    /// MySQL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mysql: Option<DatabaseService>,
    /// MongoDB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mongodb: Option<DatabaseService>,
    /// Redis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redis: Option<PortService>,
    /// Docker inside the machine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docker: Option<DockerService>,
    /// A headless browser with a virtual display.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headless_browser: Option<HeadlessBrowserService>,
    /// Sound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio: Option<AudioService>,
    /// GPU access.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpu: Option<GpuService>,
}

/// A database server.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatabaseService {
    /// Install and start it.
    #[serde(default)]
    pub enabled: bool,
    /// The port it listens on in the machine; the service's usual port when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<Port>,
    /// The database created for the project; `<project.name>_dev` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    /// The database user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// The database user's password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

/// A server known by its port.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PortService {
    /// Install and start it.
    #[serde(default)]
    pub enabled: bool,
    /// The port it listens on in the machine; the service's usual port when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<Port>,
}

/// Docker inside the machine.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DockerService {
    /// Install and start it.
    #[serde(default)]
    pub enabled: bool,
    /// Install the Buildx plugin with it.
    #[serde(default = "default_buildx")]
    pub buildx: bool,
}

/// The original tool installed Buildx unless told not to; its configs rely on that.
fn default_buildx() -> bool {
    true
}

/// A headless browser with a virtual display.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HeadlessBrowserService {
    /// Install and start it.
    #[serde(default)]
    pub enabled: bool,
    /// The X display of the virtual screen, e.g. `:99`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    /// The browser's executable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executable_path: Option<String>,
}

/// Sound in the machine.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AudioService {
    /// Install and start it.
    #[serde(default)]
    pub enabled: bool,
    /// The sound server, e.g. `pulseaudio`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub driver: Option<String>,
    /// Pass the host's microphone through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_microphone: Option<bool>,
}

/// GPU access in the machine.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GpuService {
    /// Install and start it.
    #[serde(default)]
    pub enabled: bool,
    /// The GPU's kind: `auto`, `nvidia`, `amd` or `intel`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Memory reserved for the GPU, in MiB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_mb: Option<u32>,
}
