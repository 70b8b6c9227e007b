use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The image every Docker machine starts from unless `vm.image` names another; `scripts/setup-engine` builds it locally.
pub const DEFAULT_IMAGE: &str = "vm-base:latest";

/// The machine's size, image and user.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Machine {
    /// The Vagrant box (Vagrant provider only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#box: Option<String>,
    /// The Docker image of the Docker provider, and of Vagrant's docker backend; `vm-base:latest` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Memory limit in MiB, at least 512.
    #[serde(default = "default_memory")]
    #[schemars(range(min = 512))]
    pub memory: u32,
    /// CPU limit, in cores, at least 1.
    #[serde(default = "default_cpus")]
    #[schemars(range(min = 1))]
    pub cpus: u32,
    /// The machine's user: lowercase letters, digits, `_` and `-`, starting with a letter or `_`, at most 32 characters. Its home is `/home/<user>`.
    #[serde(default = "default_user")]
    #[schemars(regex(pattern = r"^[a-z_][a-z0-9_-]*$"), length(max = 32))]
    pub user: String,
    /// The host address that published ports bind to.
    #[serde(default)]
    pub port_binding: PortBinding,
    /// Show the VM's window (Vagrant provider only).
    #[serde(default)]
    pub gui: bool,
    /// The machine's time zone, e.g. `Europe/London`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Take the host's extra certificate authorities (those it trusts beyond its system set, as behind a
    /// TLS-inspecting proxy) and its proxy (`HTTP_PROXY`, `HTTPS_PROXY`, `NO_PROXY`, Docker's `proxies`) into image
    /// builds and the machine. `false` builds and runs the machine without them.
    #[serde(default = "default_true")]
    pub inherit_host_network: bool,
}

impl Default for Machine {
    fn default() -> Self {
        Machine {
            r#box: None,
            image: None,
            memory: default_memory(),
            cpus: default_cpus(),
            user: default_user(),
            port_binding: PortBinding::default(),
            gui: false,
            timezone: None,
            inherit_host_network: true,
        }
    }
}

impl Machine {
    pub fn image(&self) -> &str {
        self.image.as_deref().unwrap_or(DEFAULT_IMAGE)
    }

    pub fn home(&self) -> String {
        format!("/home/{}", self.user)
    }
}

fn default_true() -> bool {
    true
}

fn default_memory() -> u32 {
    2048
}

fn default_cpus() -> u32 {
    2
}

fn default_user() -> String {
    "vagrant".to_owned()
}

/// The host address that published ports bind to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum PortBinding {
    /// Only this host can reach the ports.
    #[default]
    #[serde(rename = "127.0.0.1")]
    Loopback,
    /// Every network this host is on can reach the ports.
    #[serde(rename = "0.0.0.0")]
    AllInterfaces,
}

impl PortBinding {
    pub fn as_str(self) -> &'static str {
        match self {
            PortBinding::Loopback => "127.0.0.1",
            PortBinding::AllInterfaces => "0.0.0.0",
        }
    }
}
