use crate::config::{Config, ProviderKind, Terminal};

/// The dotted keys of settings `vm.json` accepts and sets here that [`super::compile`] does not turn into
/// resources yet, sorted; empty when everything written takes effect. It lives beside compile,
/// the one place that knows how configuration becomes resources: a setting that joins the graph leaves this list.
pub fn unapplied_settings(config: &Config) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    let mut flag = |set: bool, key: &str| {
        if set {
            keys.push(key.to_owned());
        }
    };

    let project = &config.project;
    flag(
        project.env_template_path.is_some(),
        "project.env_template_path",
    );
    flag(project.backup_pattern.is_some(), "project.backup_pattern");

    let machine = &config.vm;
    let docker = config.provider == ProviderKind::Docker;
    flag(docker && machine.r#box.is_some(), "vm.box");
    let runs_an_image = docker || config.vagrant.provider == crate::config::VagrantBackend::Docker;
    flag(!runs_an_image && machine.image.is_some(), "vm.image");
    flag(docker && machine.gui, "vm.gui");
    flag(
        docker && config.vagrant != crate::config::VagrantSettings::default(),
        "vagrant.provider",
    );
    // What goes inside the machine is provisioned on Docker machines; Vagrant machines do not carry it yet.
    let not_provisioned = !docker;
    flag(not_provisioned && machine.timezone.is_some(), "vm.timezone");

    let versions = &config.versions;
    for (key, version) in [
        ("versions.node", &versions.node),
        ("versions.nvm", &versions.nvm),
        ("versions.npm", &versions.npm),
        ("versions.yarn", &versions.yarn),
        ("versions.pnpm", &versions.pnpm),
        ("versions.python", &versions.python),
        ("versions.rust", &versions.rust),
        ("versions.go", &versions.go),
        ("versions.ruby", &versions.ruby),
    ] {
        // vm installs Node.js itself, without nvm.
        flag(
            (not_provisioned || key == "versions.nvm") && version.is_some(),
            key,
        );
    }

    let services = &config.services;
    for (key, enabled) in [
        (
            "services.postgresql",
            services.postgresql.as_ref().map(|s| s.enabled),
        ),
        ("services.mysql", services.mysql.as_ref().map(|s| s.enabled)),
        (
            "services.mongodb",
            services.mongodb.as_ref().map(|s| s.enabled),
        ),
        ("services.redis", services.redis.as_ref().map(|s| s.enabled)),
        (
            "services.docker",
            services.docker.as_ref().map(|s| s.enabled),
        ),
        (
            "services.headless_browser",
            services.headless_browser.as_ref().map(|s| s.enabled),
        ),
        ("services.audio", services.audio.as_ref().map(|s| s.enabled)),
        ("services.gpu", services.gpu.as_ref().map(|s| s.enabled)),
    ] {
        flag(not_provisioned && enabled == Some(true), key);
    }

    flag(
        not_provisioned && !config.apt_packages.is_empty(),
        "apt_packages",
    );
    flag(
        not_provisioned && !config.npm_packages.is_empty(),
        "npm_packages",
    );
    flag(
        not_provisioned && !config.pip_packages.is_empty(),
        "pip_packages",
    );
    flag(
        not_provisioned && !config.cargo_packages.is_empty(),
        "cargo_packages",
    );
    flag(not_provisioned && !config.aliases.is_empty(), "aliases");

    let terminal = &config.terminal;
    let default = Terminal::default();
    let customised = |changed: bool| not_provisioned && changed;
    flag(
        customised(terminal.emoji != default.emoji),
        "terminal.emoji",
    );
    flag(
        customised(terminal.username != default.username),
        "terminal.username",
    );
    flag(
        customised(terminal.theme != default.theme),
        "terminal.theme",
    );
    flag(
        customised(terminal.show_git_branch != default.show_git_branch),
        "terminal.show_git_branch",
    );
    flag(
        customised(terminal.show_timestamp != default.show_timestamp),
        "terminal.show_timestamp",
    );

    flag(config.persist_databases, "persist_databases");
    keys.sort();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unapplied(json: &str) -> Vec<String> {
        let config: Config = serde_json::from_str(json).unwrap();
        unapplied_settings(&config)
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
        &["versions.nvm"] ; "versions are provisioned on docker, without nvm"
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
        &["persist_databases", "project.backup_pattern", "project.env_template_path"] ; "project and machine extras"
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
        &["vm.box", "vm.gui"] ; "vagrant keys on docker"
    )]
    #[test_case::test_case(
        r#"{ "project": { "name": "a" }, "vm": { "gui": false } }"#,
        &[] ; "gui off on docker"
    )]
    #[test_case::test_case(
        r#"{ "provider": "vagrant", "project": { "name": "a" },
            "vm": { "box": "debian/bookworm64", "gui": true, "image": "debian:12" } }"#,
        &["vm.image"] ; "docker keys on vagrant"
    )]
    #[test_case::test_case(
        r#"{ "provider": "vagrant", "project": { "name": "a" }, "services": { "redis": { "enabled": true } },
            "versions": { "node": "22" }, "npm_packages": ["x"], "aliases": { "ll": "ls -l" },
            "terminal": { "theme": "nord" }, "vm": { "timezone": "UTC" } }"#,
        &["aliases", "npm_packages", "services.redis", "terminal.theme", "versions.node", "vm.timezone"] ;
        "what goes inside a vagrant machine"
    )]
    fn settings_without_effect_are_listed(json: &str, expected: &[&str]) {
        assert_eq!(unapplied(json), expected);
    }
}
