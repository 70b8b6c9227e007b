use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Versions of the language runtimes and their tools.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Versions {
    /// Node.js, e.g. `22` or `20.11.0`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// nvm, e.g. `v0.39.7`: Node.js (`versions.node`) is then installed through nvm for the machine user, as its default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nvm: Option<String>,
    /// npm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub npm: Option<String>,
    /// Yarn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub yarn: Option<String>,
    /// pnpm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pnpm: Option<String>,
    /// Python, e.g. `3.12`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub python: Option<String>,
    /// Rust toolchain, e.g. `stable`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust: Option<String>,
    /// Go.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub go: Option<String>,
    /// Ruby.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruby: Option<String>,
}
