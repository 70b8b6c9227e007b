//! What goes inside the machine, from vm.json: the part of compile that fills a [`ProvisionSpec`].

use crate::config::{Config, Terminal};
use crate::network::HostNetwork;
use crate::provision::{LanguageSpec, PromptSpec, ProvisionSpec, ServiceSpec};

/// The provisioning `config` asks for, or `None` where it asks for nothing inside the machine (a bare machine
/// runs its image as it is, with no image of its own to build). The host's network, where it has authorities or
/// a proxy and the project takes them, is something to build.
pub fn provisioning_spec(config: &Config, host_network: &HostNetwork) -> Option<ProvisionSpec> {
    let mut spec = ProvisionSpec::new(&config.project.name, config.vm.image(), &config.vm.user);
    if config.vm.inherit_host_network {
        spec.host_network = host_network.clone();
    }
    spec.apt_packages = config.apt_packages.clone();
    spec.npm_packages = config.npm_packages.clone();
    spec.pip_packages = config.pip_packages.clone();
    spec.cargo_packages = config.cargo_packages.clone();
    spec.aliases = config.aliases.clone();
    spec.timezone = config.vm.timezone.clone();
    spec.languages = languages(config);
    spec.services = services(config);
    let terminal = &config.terminal;
    let customised_prompt = *terminal != Terminal::default();
    spec.prompt = PromptSpec {
        emoji: terminal.emoji.clone(),
        username: terminal.username.clone(),
        theme: terminal.theme.name(),
        show_git_branch: terminal.show_git_branch,
        show_timestamp: terminal.show_timestamp,
    };
    let asks_for_anything = !spec.apt_packages.is_empty()
        || !spec.npm_packages.is_empty()
        || !spec.pip_packages.is_empty()
        || !spec.cargo_packages.is_empty()
        || !spec.aliases.is_empty()
        || spec.timezone.is_some()
        || !spec.languages.is_empty()
        || !spec.services.is_empty()
        || customised_prompt;
    spec.configures_shell = asks_for_anything;
    (asks_for_anything || !spec.host_network.is_empty()).then_some(spec)
}

fn languages(config: &Config) -> Vec<LanguageSpec> {
    let versions = &config.versions;
    let mut languages = Vec::new();
    let node_tools: std::collections::BTreeMap<String, String> = [
        ("npm", &versions.npm),
        ("pnpm", &versions.pnpm),
        ("yarn", &versions.yarn),
    ]
    .into_iter()
    .filter_map(|(tool, version)| Some((tool.to_owned(), version.clone()?)))
    .collect();
    if versions.node.is_some() || versions.nvm.is_some() || !node_tools.is_empty() {
        languages.push(LanguageSpec {
            name: "node".to_owned(),
            version: versions.node.clone(),
            tools: node_tools,
            manager: versions.nvm.clone(),
        });
    }
    for (name, version) in [
        ("python", &versions.python),
        ("rust", &versions.rust),
        ("go", &versions.go),
        ("ruby", &versions.ruby),
    ] {
        if let Some(version) = version {
            languages.push(LanguageSpec {
                name: name.to_owned(),
                version: Some(version.clone()),
                ..LanguageSpec::default()
            });
        }
    }
    languages
}

fn services(config: &Config) -> Vec<ServiceSpec> {
    let services = &config.services;
    let mut enabled = Vec::new();
    for (name, database) in [
        ("postgresql", &services.postgresql),
        ("mysql", &services.mysql),
        ("mongodb", &services.mongodb),
    ] {
        if let Some(service) = database.as_ref().filter(|service| service.enabled) {
            enabled.push(ServiceSpec {
                name: name.to_owned(),
                port: service.port.map(|port| port.0),
                database: service.database.clone(),
                user: service.user.clone(),
                password: service.password.clone(),
                ..ServiceSpec::default()
            });
        }
    }
    let toggles = [
        (
            "redis",
            services
                .redis
                .as_ref()
                .map(|s| (s.enabled, s.port.map(|p| p.0))),
        ),
        ("audio", services.audio.as_ref().map(|s| (s.enabled, None))),
        ("gpu", services.gpu.as_ref().map(|s| (s.enabled, None))),
    ];
    for (name, toggle) in toggles {
        if let Some((true, port)) = toggle {
            enabled.push(ServiceSpec {
                name: name.to_owned(),
                port,
                ..ServiceSpec::default()
            });
        }
    }
    if let Some(docker) = services.docker.as_ref().filter(|s| s.enabled) {
        enabled.push(ServiceSpec {
            name: "docker".to_owned(),
            addons: docker
                .buildx
                .then(|| "buildx".to_owned())
                .into_iter()
                .collect(),
            ..ServiceSpec::default()
        });
    }
    if let Some(browser) = services.headless_browser.as_ref().filter(|s| s.enabled) {
        enabled.push(ServiceSpec {
            name: "headless_browser".to_owned(),
            display: browser.display.clone(),
            ..ServiceSpec::default()
        });
    }
    enabled
}
