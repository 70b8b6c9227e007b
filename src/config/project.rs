use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The project the machine belongs to.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// The project's name: letters, digits, `-` and `_`, starting with a letter or digit, at most 63 characters. It names the container (`<name>-dev`) and the host data directories.
    #[schemars(regex(pattern = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"), length(max = 63))]
    pub name: String,
    /// The machine's hostname: letters, digits, `.` and `-`, starting with a letter or digit; `dev.<name>.local` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[A-Za-z0-9][A-Za-z0-9.-]*$"))]
    pub hostname: Option<String>,
    /// Where the project directory is mounted in the machine: an absolute path.
    #[serde(default = "default_workspace_path")]
    #[schemars(regex(pattern = r"^/"))]
    pub workspace_path: String,
    /// A `.env` template, relative to the project directory, copied to `.env` on provisioning.
    #[serde(default)]
    pub env_template_path: Option<String>,
    /// A glob of database backups restored on provisioning.
    #[serde(default)]
    pub backup_pattern: Option<String>,
}

fn default_workspace_path() -> String {
    "/workspace".to_owned()
}

impl Project {
    pub fn hostname(&self) -> String {
        self.hostname
            .clone()
            .unwrap_or_else(|| format!("dev.{}.local", self.name))
    }
}
