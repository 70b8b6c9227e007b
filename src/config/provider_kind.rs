use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The program that runs the machine.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    /// A long-lived Docker container.
    #[default]
    Docker,
    /// A Vagrant virtual machine.
    Vagrant,
}

impl ProviderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::Docker => "docker",
            ProviderKind::Vagrant => "vagrant",
        }
    }
}
