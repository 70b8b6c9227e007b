use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Machine, Port, Project, ProviderKind, Services, Terminal, VagrantSettings, Versions};

/// A project's development machine, declared in `vm.json`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "vm.json")]
pub struct Config {
    /// The JSON Schema this file is written against; editors read it, `vm` ignores it.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The version of the original tool's vm.json format, e.g. `1.0`; `vm` accepts it and ignores it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// What runs the machine: a Docker container or a Vagrant VM.
    #[serde(default)]
    pub provider: ProviderKind,
    /// The project the machine belongs to.
    pub project: Project,
    /// The machine's size, image and user.
    #[serde(default)]
    pub vm: Machine,
    /// How Vagrant runs the machine (Vagrant provider only).
    #[serde(default)]
    pub vagrant: VagrantSettings,
    /// Versions of the language runtimes and their tools.
    #[serde(default)]
    pub versions: Versions,
    /// Ports published from the machine to the host, by name.
    #[serde(default)]
    pub ports: BTreeMap<String, Port>,
    /// Services installed and started in the machine.
    #[serde(default)]
    pub services: Services,
    /// Debian packages installed in the machine.
    #[serde(default)]
    pub apt_packages: Vec<String>,
    /// npm packages installed globally in the machine.
    #[serde(default)]
    pub npm_packages: Vec<String>,
    /// pip packages installed in the machine.
    #[serde(default)]
    pub pip_packages: Vec<String>,
    /// Cargo packages installed in the machine.
    #[serde(default)]
    pub cargo_packages: Vec<String>,
    /// Shell aliases of the machine's user.
    #[serde(default)]
    pub aliases: BTreeMap<String, String>,
    /// Environment variables set in the machine.
    #[serde(default)]
    pub environment: BTreeMap<String, String>,
    /// The machine's shell prompt.
    #[serde(default)]
    pub terminal: Terminal,
    /// Keep the machine's Claude data (`~/.claude`) on the host, in `~/.claude/vms/<project.name>`.
    #[serde(default)]
    pub claude_sync: bool,
    /// Keep the machine's Gemini data (`~/.gemini`) on the host, in `~/.gemini/vms/<project.name>`.
    #[serde(default)]
    pub gemini_sync: bool,
    /// Keep the services' data volumes when `vm destroy` removes the machine (every replacement keeps them anyway); without it, destroy deletes them and names each.
    #[serde(default)]
    pub persist_databases: bool,
}
