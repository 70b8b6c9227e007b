use crate::catalog::{Addon, CatalogEntry};

use super::shell_words::fill;
use super::{ProvisionError, ProvisionSpec};

/// A service with every default filled in from its catalog row.
#[derive(Debug, Clone)]
pub struct ResolvedService {
    pub row: &'static CatalogEntry,
    pub port: String,
    pub database: String,
    pub db_user: String,
    pub password: String,
    pub display: String,
    pub user: String,
    /// The add-ons asked for, in the row's order.
    pub addons: Vec<&'static Addon>,
}

impl ResolvedService {
    /// The values of the row's placeholders.
    pub fn values(&self) -> [(&str, &str); 6] {
        [
            ("port", &self.port),
            ("database", &self.database),
            ("db_user", &self.db_user),
            ("password", &self.password),
            ("display", &self.display),
            ("user", &self.user),
        ]
    }

    /// One of the row's shell snippets with this service's values.
    pub fn fill(&self, template: &str) -> Result<String, ProvisionError> {
        fill(template, &self.values())
    }

    /// The URL variable and its value, with the credentials percent-encoded.
    pub fn url(&self) -> Option<(&'static str, String)> {
        use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
        // RFC 3986's unreserved characters stay as they are: `shop_dev` reads as itself.
        const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'.')
            .remove(b'_')
            .remove(b'~');
        let encode = |value: &str| utf8_percent_encode(value, COMPONENT).to_string();
        self.row.url.map(|url| {
            let value = url
                .template
                .replace("{db_user}", &encode(&self.db_user))
                .replace("{password}", &encode(&self.password))
                .replace("{database}", &encode(&self.database))
                .replace("{port}", &self.port);
            (url.name, value)
        })
    }

    /// The row's environment with this service's values (not shell words: plain values).
    pub fn environment(&self) -> Vec<(&'static str, String)> {
        self.row
            .environment
            .iter()
            .map(|(name, template)| (*name, template.replace("{display}", &self.display)))
            .collect()
    }

    pub fn resolve(
        spec: &ProvisionSpec,
        service: &super::ServiceSpec,
        row: &'static CatalogEntry,
    ) -> Result<ResolvedService, ProvisionError> {
        if let Some(unknown) = service
            .addons
            .iter()
            .find(|name| !row.addons.iter().any(|addon| addon.name == name.as_str()))
        {
            return Err(ProvisionError::Unknown {
                kind: "add-on",
                name: format!("{}.{unknown}", row.name),
            });
        }
        Ok(ResolvedService {
            row,
            port: service
                .port
                .or(row.default_port)
                .map(|port| port.to_string())
                .unwrap_or_default(),
            database: service
                .database
                .clone()
                .unwrap_or_else(|| format!("{}_dev", spec.project)),
            db_user: service
                .user
                .clone()
                .or(row.default_db_user.map(str::to_owned))
                .unwrap_or_default(),
            password: service
                .password
                .clone()
                .or(row.default_password.map(str::to_owned))
                .unwrap_or_default(),
            display: service.display.clone().unwrap_or_else(|| ":99".to_owned()),
            user: spec.user.clone(),
            addons: row
                .addons
                .iter()
                .filter(|addon| service.addons.iter().any(|name| name == addon.name))
                .collect(),
        })
    }

    /// What the plan calls it: the row's description, with its add-ons.
    pub fn description(&self) -> String {
        let mut description = self.row.description.to_owned();
        for addon in &self.addons {
            description.push_str(", ");
            description.push_str(addon.description);
        }
        description
    }
}

/// A language with the version to install and where it comes from.
#[derive(Debug, Clone)]
pub struct ResolvedLanguage {
    pub row: &'static CatalogEntry,
    pub version: Option<String>,
    pub from_debian: bool,
    pub tools: Vec<(String, String)>,
    /// The version manager's version, where the project installs the language through one its row has.
    pub manager: Option<String>,
    /// The machine user, whom a version manager installs for.
    pub user: String,
}

impl ResolvedLanguage {
    /// The script that installs a version Debian lacks: the row's version manager's where the project names one,
    /// its upstream installer otherwise.
    pub fn install_script(&self) -> Result<String, ProvisionError> {
        let version = self.version.as_deref().unwrap_or("debian");
        match &self.manager {
            Some(manager) => fill(
                self.row.manager_install,
                &[
                    ("version", version),
                    ("manager_version", manager),
                    ("user", &self.user),
                ],
            ),
            None => fill(self.row.install, &[("version", version)]),
        }
    }

    /// What the plan calls it.
    pub fn description(&self) -> String {
        match &self.manager {
            Some(manager) => self
                .row
                .manager_description
                .replace("{manager_version}", manager),
            None => self.row.description.to_owned(),
        }
    }
}
