use serde::Serialize;

use crate::config::{Config, ProviderKind, VagrantBackend, VagrantSettings};

/// Settings `vm.json` sets that take no effect, all for one reason: named in one warning by `vm validate`, `vm plan`
/// and `vm apply`, and in `vm plan --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnappliedSettings {
    pub reason: UnappliedReason,
    /// Dotted keys, sorted.
    pub keys: Vec<String>,
}

/// Why settings take no effect: each setting vm.json has is applied by the provider it belongs to, so what takes no
/// effect is the other provider's (the original tool never applied it there either), or what the machine cannot have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnappliedReason {
    VagrantOnly,
    DockerOnly,
    /// Databases kept apart from the machine are Docker volumes, which only a container has: a Vagrant VM keeps
    /// them inside, and they go with it.
    VolumesNeedAContainer,
}

impl std::fmt::Display for UnappliedSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys = self.keys.join(", ");
        match self.reason {
            UnappliedReason::VagrantOnly => {
                write!(f, "Vagrant-only, ignored with the docker provider: {keys}")
            }
            UnappliedReason::DockerOnly => {
                write!(
                    f,
                    "Docker-only, ignored with the vagrant provider unless vagrant.provider is docker: {keys}"
                )
            }
            UnappliedReason::VolumesNeedAContainer => {
                write!(
                    f,
                    "a Vagrant VM cannot keep its databases in Docker volumes, so `vm destroy` deletes them with \
                     it (set vagrant.provider to docker to keep them): {keys}"
                )
            }
        }
    }
}

/// The settings of `config` without effect, grouped by reason (the other provider's, then what needs volumes), each group
/// sorted; empty when everything written takes effect. It lives beside compile, the one place that knows how
/// configuration becomes resources: a setting that joins the graph leaves this list.
pub fn unapplied_settings(config: &Config) -> Vec<UnappliedSettings> {
    let machine = &config.vm;
    let provider_only = match config.provider {
        ProviderKind::Docker => UnappliedSettings {
            reason: UnappliedReason::VagrantOnly,
            keys: [
                (machine.r#box.is_some(), "vm.box"),
                (machine.gui, "vm.gui"),
                (
                    config.vagrant != VagrantSettings::default(),
                    "vagrant.provider",
                ),
            ]
            .into_iter()
            .filter(|(set, _)| *set)
            .map(|(_, key)| key.to_owned())
            .collect(),
        },
        // Vagrant's docker backend runs an image too.
        ProviderKind::Vagrant => UnappliedSettings {
            reason: UnappliedReason::DockerOnly,
            keys: machine
                .image
                .iter()
                .filter(|_| config.vagrant.provider != VagrantBackend::Docker)
                .map(|_| "vm.image".to_owned())
                .collect(),
        },
    };
    let without_volumes = UnappliedSettings {
        reason: UnappliedReason::VolumesNeedAContainer,
        keys: [(
            runs_on_a_vagrant_vm(config) && config.persist_databases,
            "persist_databases",
        )]
        .into_iter()
        .filter(|(set, _)| *set)
        .map(|(_, key)| key.to_owned())
        .collect(),
    };
    [provider_only, without_volumes]
        .into_iter()
        .filter(|settings| !settings.keys.is_empty())
        .collect()
}

/// Whether the machine is a Vagrant VM (not a container of Vagrant's docker backend): it has no Docker volumes.
pub fn runs_on_a_vagrant_vm(config: &Config) -> bool {
    config.provider == ProviderKind::Vagrant && config.vagrant.provider != VagrantBackend::Docker
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys of each group, as `reason: keys`.
    fn unapplied(json: &str) -> Vec<String> {
        let config: Config = serde_json::from_str(json).unwrap();
        unapplied_settings(&config)
            .iter()
            .map(|settings| format!("{:?}: {}", settings.reason, settings.keys.join(" ")))
            .collect()
    }

    #[test_case::test_case(r#"{ "project": { "name": "a" } }"#, &[] ; "nothing set")]
    #[test_case::test_case(
        r#"{ "project": { "name": "a" }, "claude_sync": true, "gemini_sync": true, "vm": { "memory": 4096, "cpus": 4,
            "image": "debian:12", "user": "dev", "port_binding": "0.0.0.0" }, "ports": { "web": 3000 },
            "environment": { "A": "1" } }"#,
        &[] ; "everything compile applies"
    )]
    #[test_case::test_case(
        r#"{ "project": { "name": "a" }, "services": { "postgresql": { "enabled": true, "port": 5433 },
            "redis": { "enabled": false, "port": 6380 }, "docker": { "enabled": true }, "gpu": { "enabled": true } } }"#,
        &[] ; "services are provisioned on docker"
    )]
    #[test_case::test_case(
        r#"{ "project": { "name": "a" }, "versions": { "node": "22", "nvm": "v0.39.7", "python": "3.12" } }"#,
        &[] ; "versions are provisioned on docker, node through nvm"
    )]
    #[test_case::test_case(
        r#"{ "project": { "name": "a" }, "apt_packages": ["jq"], "npm_packages": [], "pip_packages": ["black"],
            "cargo_packages": ["ripgrep"], "aliases": { "ll": "ls -l" } }"#,
        &[] ; "packages and aliases are provisioned on docker"
    )]
    #[test_case::test_case(r#"{ "project": { "name": "a" }, "aliases": {} }"#, &[] ; "empty aliases")]
    #[test_case::test_case(
        r#"{ "project": { "name": "a", "env_template_path": ".env.example", "backup_pattern": "*.sql" },
            "vm": { "timezone": "Europe/London" }, "persist_databases": true }"#,
        &[] ; "project and machine extras: the backup is restored by its own resource"
    )]
    #[test_case::test_case(r#"{ "project": { "name": "a" }, "persist_databases": false }"#, &[] ; "persist_databases off")]
    #[test_case::test_case(
        r#"{ "project": { "name": "a" }, "terminal": { "emoji": "🚀", "theme": "nord", "show_timestamp": true } }"#,
        &[] ; "the prompt is provisioned on docker"
    )]
    #[test_case::test_case(
        r#"{ "project": { "name": "a" }, "terminal": { "emoji": "🚀", "username": "dev", "theme": "dracula",
            "show_git_branch": true, "show_timestamp": false } }"#,
        &[] ; "terminal written at its defaults"
    )]
    #[test_case::test_case(
        r#"{ "project": { "name": "a" }, "vm": { "box": "debian/bookworm64", "gui": true, "image": "debian:12" } }"#,
        &["VagrantOnly: vm.box vm.gui"] ; "vagrant keys on docker"
    )]
    #[test_case::test_case(
        r#"{ "project": { "name": "a" }, "vm": { "gui": false } }"#,
        &[] ; "gui off on docker"
    )]
    #[test_case::test_case(
        r#"{ "provider": "vagrant", "project": { "name": "a" },
            "vm": { "box": "debian/bookworm64", "gui": true, "image": "debian:12" } }"#,
        &["DockerOnly: vm.image"] ; "docker keys on vagrant"
    )]
    #[test_case::test_case(
        r#"{ "provider": "vagrant", "project": { "name": "a" }, "persist_databases": true, "vm": { "image": "i" } }"#,
        &["DockerOnly: vm.image", "VolumesNeedAContainer: persist_databases"] ; "both kinds kept apart"
    )]
    #[test_case::test_case(
        r#"{ "project": { "name": "a" }, "vagrant": { "provider": "docker" } }"#,
        &["VagrantOnly: vagrant.provider"] ; "vagrant settings on docker"
    )]
    #[test_case::test_case(
        r#"{ "provider": "vagrant", "project": { "name": "a" }, "vagrant": { "provider": "docker" },
            "vm": { "image": "debian:12" } }"#,
        &[] ; "an image with vagrant's docker backend"
    )]
    #[test_case::test_case(
        r#"{ "provider": "vagrant", "project": { "name": "a" }, "services": { "redis": { "enabled": true } },
            "versions": { "node": "22" }, "npm_packages": ["x"], "aliases": { "ll": "ls -l" },
            "terminal": { "theme": "nord" }, "vm": { "timezone": "UTC" } }"#,
        &[] ;
        "what goes inside a vagrant machine"
    )]
    #[test_case::test_case(
        r#"{ "provider": "vagrant", "project": { "name": "a" }, "persist_databases": true }"#,
        &["VolumesNeedAContainer: persist_databases"] ; "persist_databases on a vagrant vm"
    )]
    #[test_case::test_case(
        r#"{ "provider": "vagrant", "vagrant": { "provider": "docker" }, "project": { "name": "a" },
            "persist_databases": true }"#,
        &[] ; "persist_databases on vagrant's docker backend"
    )]
    fn settings_without_effect_are_listed(json: &str, expected: &[&str]) {
        assert_eq!(unapplied(json), expected);
    }

    #[test]
    fn each_reason_has_its_own_words() {
        let config: Config = serde_json::from_str(
            r#"{ "project": { "name": "a", "backup_pattern": "*.sql" }, "vm": { "box": "b", "gui": true } }"#,
        )
        .unwrap();
        let lines: Vec<String> = unapplied_settings(&config)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            lines,
            ["Vagrant-only, ignored with the docker provider: vm.box, vm.gui"]
        );
        let vagrant: Config = serde_json::from_str(
            r#"{ "provider": "vagrant", "project": { "name": "a" }, "vm": { "image": "i" } }"#,
        )
        .unwrap();
        assert_eq!(
            unapplied_settings(&vagrant)[0].to_string(),
            "Docker-only, ignored with the vagrant provider unless vagrant.provider is docker: vm.image"
        );
        let vagrant_vm: Config = serde_json::from_str(
            r#"{ "provider": "vagrant", "project": { "name": "a" }, "persist_databases": true }"#,
        )
        .unwrap();
        assert_eq!(
            unapplied_settings(&vagrant_vm)[0].to_string(),
            "a Vagrant VM cannot keep its databases in Docker volumes, so `vm destroy` deletes them with it (set \
             vagrant.provider to docker to keep them): persist_databases"
        );
    }
}
