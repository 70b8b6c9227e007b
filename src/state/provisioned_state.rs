use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::{AttributeName, Fields};

/// What runs or is installed inside a machine: a service, a language, a package list, the user's shell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProvisionedState {
    Service(ServiceStatus),
    Language(LanguageStatus),
    Packages(PackageList),
    Shell(ShellSettings),
}

/// A service: what it is, how it is reached, and whether it answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceStatus {
    pub description: String,
    pub port: Option<u16>,
    pub database: Option<String>,
    pub database_user: Option<String>,
    /// The variable that holds its URL in the machine.
    pub url_variable: Option<String>,
    pub health: Health,
}

/// Whether a service answers its health check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Health {
    Running,
    /// It answers, but its database and user are not made yet.
    Starting,
    Stopped,
    /// Not installed: the machine runs an image without it.
    Missing,
}

/// A language runtime and its version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageStatus {
    pub description: String,
    pub version: String,
}

/// The packages of one list (apt, npm, pip, cargo).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageList {
    pub packages: BTreeSet<String>,
}

/// The machine user's shell: aliases, prompt and time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShellSettings {
    pub aliases: BTreeMap<String, String>,
    /// The prompt's settings in a word each: emoji, username, theme, what it shows.
    pub prompt: String,
    pub timezone: Option<String>,
}

impl ProvisionedState {
    pub fn fields(&self) -> Fields {
        let mut fields = Fields::new();
        match self {
            ProvisionedState::Service(service) => {
                fields.insert(AttributeName::Description, service.description.clone());
                fields.insert(AttributeName::Health, service.health.to_string());
                let optional = [
                    (
                        AttributeName::ListenPort,
                        service.port.map(|p| p.to_string()),
                    ),
                    (AttributeName::Database, service.database.clone()),
                    (AttributeName::DatabaseUser, service.database_user.clone()),
                    (AttributeName::Url, service.url_variable.clone()),
                ];
                for (name, value) in optional {
                    if let Some(value) = value {
                        fields.insert(name, value);
                    }
                }
            }
            ProvisionedState::Language(language) => {
                fields.insert(AttributeName::Description, language.description.clone());
                fields.insert(AttributeName::Version, language.version.clone());
            }
            ProvisionedState::Packages(list) => {
                for package in &list.packages {
                    fields.insert(
                        AttributeName::Package(package.clone()),
                        "installed".to_owned(),
                    );
                }
            }
            ProvisionedState::Shell(shell) => {
                for (name, command) in &shell.aliases {
                    fields.insert(AttributeName::Alias(name.clone()), command.clone());
                }
                fields.insert(AttributeName::Prompt, shell.prompt.clone());
                if let Some(zone) = &shell.timezone {
                    fields.insert(AttributeName::Timezone, zone.clone());
                }
            }
        }
        fields
    }
}

impl fmt::Display for Health {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Health::Running => "running",
            Health::Starting => "starting",
            Health::Stopped => "stopped",
            Health::Missing => "missing",
        })
    }
}
