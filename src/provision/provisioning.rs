use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::{self, CATALOG, EntryKind, PACKAGE_MANAGERS};

use super::profile::{check_alias_name, check_variable_name, profile_script};
use super::prompt::prompt_script;
use super::resolved::{ResolvedLanguage, ResolvedService};
use super::service_scripts::{entrypoint, health_check, start_services, stop_services};
use super::shell_words::quote;
use super::stage_scripts::{StageInputs, delimiter, header, posix_header, write_file};
use super::trust_script::trust_environment;
use super::{LanguageSpec, ProvisionError, ProvisionSpec, Stage, StageScript};
use crate::network::HostNetwork;

/// Everything generated for one machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provisioning {
    pub project: String,
    pub base_image: String,
    /// The stages that have something to do, in `Stage` order.
    pub stages: Vec<StageScript>,
    /// `vm-start-services`, `vm-stop-services`, `vm-health` and `vm-entrypoint`.
    pub start_services: String,
    pub stop_services: String,
    pub health_check: String,
    pub entrypoint: String,
    /// The machine's environment: the host's network (its proxy, and where tools find its authorities), service
    /// variables and URLs, then `environment` (which wins), then `TZ`.
    pub environment: BTreeMap<String, String>,
    /// The host's certificate authorities and proxy, as the plan shows them.
    pub host_network: HostNetwork,
    /// Set for every build step after the trust stage: where tools find the host's authorities.
    pub trust_environment: BTreeMap<String, String>,
    /// Each enabled service that listens, with its port in the machine.
    pub ports: BTreeMap<String, u16>,
    /// Host devices the enabled services want, when the host has them.
    pub devices: Vec<String>,
    /// Docker in the machine needs a privileged container.
    pub privileged: bool,
    /// Each enabled service with its values resolved, in the catalog's order.
    pub services: Vec<ServiceSummary>,
    /// Each language with the version it gets, in the catalog's order.
    pub languages: Vec<LanguageSummary>,
    /// Each package list that installs something (apt's with what vm adds to it), by list name.
    pub package_lists: BTreeMap<&'static str, BTreeSet<String>>,
}

/// An enabled service as the plan shows it and apply waits for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceSummary {
    pub name: &'static str,
    pub description: String,
    pub port: Option<u16>,
    /// The database and user created for the project, where the service has databases.
    pub database: Option<String>,
    pub db_user: Option<String>,
    /// The variable that holds its URL.
    pub url_variable: Option<&'static str>,
    /// How long apply waits for it to answer.
    pub start_timeout_secs: u32,
    /// Its log, whose last lines show when it does not come up.
    pub log: Option<&'static str>,
    /// Where it keeps its data: a volume there outlives the machine (`persist_databases`).
    pub data_dir: Option<&'static str>,
}

/// A language as the plan shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageSummary {
    pub name: &'static str,
    pub description: String,
    /// The version asked for, or where it comes from when none was.
    pub version: String,
}

/// Generates the scripts of `spec`. Lists are sorted and deduplicated, so the order in vm.json never changes a
/// byte (nor the image's tag); languages and services run in the catalog's order.
pub fn provision(spec: &ProvisionSpec) -> Result<Provisioning, ProvisionError> {
    check_base_image(&spec.base_image)?;
    let languages = resolve_languages(spec)?;
    let services = resolve_services(spec)?;
    let apt_packages = sorted(&spec.apt_packages, spec.timezone.iter().map(|_| "tzdata"));
    let npm_packages = sorted(&spec.npm_packages, None);
    let pip_packages = sorted(&spec.pip_packages, None);
    let cargo_packages = sorted(&spec.cargo_packages, None);
    let environment = environment(spec, &languages, &services)?;
    let profile_environment: BTreeMap<String, String> = environment.clone();
    let shell_files = BTreeMap::from([
        (
            "/etc/profile.d/vm.sh".to_owned(),
            profile_script(&profile_environment, &spec.aliases)?,
        ),
        ("/etc/vm/prompt.sh".to_owned(), prompt_script(&spec.prompt)?),
    ]);
    let timezone = spec.timezone.as_deref().map(check_timezone).transpose()?;
    let inputs = StageInputs {
        authorities: &spec.host_network.authorities,
        apt_packages: &apt_packages,
        languages: &languages,
        services: &services,
        npm_packages: &npm_packages,
        pip_packages: &pip_packages,
        cargo_packages: &cargo_packages,
        shell_files: spec.configures_shell.then_some(&shell_files),
        timezone,
    };
    let package_lists = [
        ("apt", &apt_packages),
        ("npm", &npm_packages),
        ("pip", &pip_packages),
        ("cargo", &cargo_packages),
    ]
    .into_iter()
    .filter(|(_, packages)| !packages.is_empty())
    .map(|(list, packages)| (list, packages.iter().cloned().collect()))
    .collect();
    let mut stages = Vec::new();
    for stage in Stage::ALL {
        if let Some(body) = inputs.body(stage)? {
            // No project name here: equal stages of two projects share Docker's cached layer.
            let what = format!("the {} stage", stage.name());
            let header = match stage.shell() {
                "/bin/sh" => posix_header(&what),
                _ => header(&what),
            };
            stages.push(StageScript {
                stage,
                script: format!("{header}{body}"),
                description: inputs.description(stage),
            });
        }
    }
    Ok(Provisioning {
        project: spec.project.clone(),
        base_image: spec.base_image.clone(),
        stages,
        start_services: start_services(&services)?,
        stop_services: stop_services(&services)?,
        health_check: health_check(&services)?,
        entrypoint: entrypoint(&services),
        environment,
        host_network: spec.host_network.clone(),
        trust_environment: trust_environment(&spec.host_network.authorities),
        ports: services
            .iter()
            .filter_map(|s| Some((s.row.name.to_owned(), s.port.parse().ok()?)))
            .collect(),
        devices: services
            .iter()
            .flat_map(|s| s.row.devices.iter().map(|d| (*d).to_owned()))
            .collect(),
        privileged: services.iter().any(|s| s.row.privileged),
        services: services
            .iter()
            .map(|s| {
                let databases = !s.row.create_database.is_empty();
                ServiceSummary {
                    name: s.row.name,
                    description: s.description(),
                    port: s.port.parse().ok(),
                    database: databases.then(|| s.database.clone()),
                    db_user: databases.then(|| s.db_user.clone()),
                    url_variable: s.row.url.map(|url| url.name),
                    start_timeout_secs: s.row.start_timeout_secs,
                    log: s.row.log,
                    data_dir: s.row.data_dir,
                }
            })
            .collect(),
        languages: languages
            .iter()
            .map(|l| LanguageSummary {
                name: l.row.name,
                description: l.description(),
                version: match (&l.version, l.from_debian) {
                    (Some(version), _) => version.clone(),
                    (None, true) => format!("Debian's ({})", l.row.debian_version.unwrap_or("?")),
                    (None, false) => l.row.default_version.unwrap_or("latest").to_owned(),
                },
            })
            .collect(),
        package_lists,
    })
}

impl Provisioning {
    /// The same work as the image's layers, as one script for Vagrant's shell provisioner: every stage, the
    /// service scripts installed where the image has them, then the services started.
    pub fn vagrant_script(&self) -> String {
        let mut script = header(&format!("provisioning of {} for Vagrant", self.project));
        // What a Docker build has as build arguments and `ENV`: the proxy from the start, the trust variables
        // (which name the bundle the trust stage completes) for every stage.
        for (name, value) in self.build_arguments().iter().chain(&self.trust_environment) {
            script.push_str(&format!(
                "export {name}={}\n",
                quote(value).unwrap_or_default()
            ));
        }
        for stage in &self.stages {
            let end = delimiter(&stage.script, &format!("VM_STAGE_{}", stage.stage.name()));
            script.push_str(&format!(
                "\n# stage: {}\n{} <<'{end}'\n{}{end}\n",
                stage.stage.name(),
                stage.stage.shell(),
                stage.script,
            ));
        }
        script.push('\n');
        for (path, contents) in self.service_files() {
            script.push_str(&write_file(path, &contents));
            script.push_str(&format!("chmod 0755 '{path}'\n"));
        }
        script.push_str(&format!("{}\n", super::service_scripts::START_SERVICES));
        script
    }

    /// What every build step gets from `docker build --build-arg`: the host's proxy (Docker passes these variables
    /// to each `RUN` without an `ARG`, and keeps them out of the image's history).
    pub fn build_arguments(&self) -> &BTreeMap<String, String> {
        &self.host_network.proxy.variables
    }

    /// The service scripts by their path in the machine.
    pub fn service_files(&self) -> [(&'static str, String); 4] {
        use super::service_scripts::{ENTRYPOINT, HEALTH_CHECK, START_SERVICES, STOP_SERVICES};
        [
            (START_SERVICES, self.start_services.clone()),
            (STOP_SERVICES, self.stop_services.clone()),
            (HEALTH_CHECK, self.health_check.clone()),
            (ENTRYPOINT, self.entrypoint.clone()),
        ]
    }
}

fn sorted<'a>(list: &[String], extra: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let set: BTreeSet<String> = list
        .iter()
        .cloned()
        .chain(extra.into_iter().map(str::to_owned))
        .collect();
    set.into_iter().collect()
}

/// The languages asked for, plus those a package list implies (npm: node, pip: python, cargo: rust).
fn resolve_languages(spec: &ProvisionSpec) -> Result<Vec<ResolvedLanguage>, ProvisionError> {
    let mut wanted: BTreeMap<&str, LanguageSpec> = BTreeMap::new();
    for language in &spec.languages {
        let row = catalog::entry(&language.name)
            .filter(|row| row.kind == EntryKind::Language)
            .ok_or_else(|| ProvisionError::Unknown {
                kind: "language",
                name: language.name.clone(),
            })?;
        wanted.insert(row.name, language.clone());
    }
    for manager in PACKAGE_MANAGERS {
        let Some(language) = manager.language else {
            continue;
        };
        if !spec.package_list(manager.list).is_empty() {
            wanted.entry(language).or_insert_with(|| LanguageSpec {
                name: language.to_owned(),
                ..LanguageSpec::default()
            });
        }
    }
    let mut resolved = Vec::new();
    for row in CATALOG.iter().filter(|row| wanted.contains_key(row.name)) {
        let language = &wanted[row.name];
        let (version, from_debian) = row.resolve_version(language.version.as_deref());
        // A project that names the version manager gets the language through it, even a version Debian has.
        let manager = language
            .manager
            .clone()
            .filter(|_| !row.manager_install.is_empty());
        resolved.push(ResolvedLanguage {
            row,
            version,
            from_debian: from_debian && manager.is_none(),
            manager,
            user: spec.user.clone(),
            tools: language
                .tools
                .iter()
                .map(|(tool, version)| (tool.clone(), version.clone()))
                .collect(),
        });
    }
    Ok(resolved)
}

fn resolve_services(spec: &ProvisionSpec) -> Result<Vec<ResolvedService>, ProvisionError> {
    for service in &spec.services {
        catalog::entry(&service.name)
            .filter(|row| row.kind == EntryKind::Service)
            .ok_or_else(|| ProvisionError::Unknown {
                kind: "service",
                name: service.name.clone(),
            })?;
    }
    CATALOG
        .iter()
        .filter_map(|row| {
            let service = spec.services.iter().find(|s| s.name == row.name)?;
            Some(ResolvedService::resolve(spec, service, row))
        })
        .collect()
}

fn environment(
    spec: &ProvisionSpec,
    languages: &[ResolvedLanguage],
    services: &[ResolvedService],
) -> Result<BTreeMap<String, String>, ProvisionError> {
    let mut environment = spec.host_network.proxy.variables.clone();
    environment.extend(trust_environment(&spec.host_network.authorities));
    // The variables of a language's own installer (`RUSTUP_HOME`, `PYENV_ROOT`): Debian's packages need none.
    for language in languages.iter().filter(|language| !language.from_debian) {
        for (name, value) in language.row.environment {
            environment.insert((*name).to_owned(), (*value).to_owned());
        }
    }
    for service in services {
        for (name, value) in service.environment() {
            environment.insert(name.to_owned(), value);
        }
        if let Some((name, value)) = service.url() {
            environment.insert(name.to_owned(), value);
        }
    }
    for (name, value) in &spec.environment {
        check_variable_name(name)?;
        environment.insert(name.clone(), value.clone());
    }
    if let Some(zone) = &spec.timezone {
        environment.insert("TZ".to_owned(), zone.clone());
    }
    for alias in spec.aliases.keys() {
        check_alias_name(alias)?;
    }
    for (name, value) in &environment {
        if value.chars().any(char::is_control) {
            return Err(ProvisionError::ControlCharacter { name: name.clone() });
        }
    }
    Ok(environment)
}

/// A zone is a path under /usr/share/zoneinfo: nothing that could leave it.
fn check_timezone(zone: &str) -> Result<&str, ProvisionError> {
    let valid = !zone.is_empty()
        && !zone.starts_with('/')
        && zone.split('/').all(|part| part != ".." && part != ".")
        && zone
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_+-/".contains(c));
    valid
        .then_some(zone)
        .ok_or_else(|| ProvisionError::Timezone(zone.to_owned()))
}

/// The base image goes on the Dockerfile's `FROM` line: whitespace would start another instruction.
fn check_base_image(image: &str) -> Result<(), ProvisionError> {
    if image.is_empty() || image.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ProvisionError::InvalidName {
            what: "base image".to_owned(),
            value: image.to_owned(),
            rule: "an image reference, without spaces",
        });
    }
    Ok(())
}
