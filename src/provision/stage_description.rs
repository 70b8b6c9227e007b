//! What each stage does, in the user's words, for apply to show while it runs: made from the same inputs as the
//! stage's script, so that the words and the work cannot drift apart.

use super::Stage;
use super::resolved::{ResolvedLanguage, ResolvedService};
use super::stage_scripts::StageInputs;
use crate::catalog::CatalogEntry;

/// A long list is cut after so many names: the whole list is in vm.json and in the plan.
const NAMES_SHOWN: usize = 8;

impl StageInputs<'_> {
    /// What `stage` does, e.g. `installing 3 apt packages: build-essential, cmatrix, sl`.
    pub fn description(&self, stage: Stage) -> String {
        match stage {
            Stage::Trust => {
                let names: Vec<&str> = self.authorities.iter().map(|a| a.name.as_str()).collect();
                format!(
                    "trusting the host's {}: {}",
                    counted(
                        names.len(),
                        "certificate authority",
                        "certificate authorities"
                    ),
                    listed(&names)
                )
            }
            Stage::Apt => packages("apt", self.apt_packages),
            Stage::Languages => format!(
                "installing {}",
                and_list(&self.languages.iter().map(language).collect::<Vec<_>>())
            ),
            Stage::Services => format!(
                "installing {}",
                and_list(&self.services.iter().map(service).collect::<Vec<_>>())
            ),
            Stage::Npm => packages("npm", self.npm_packages),
            Stage::Pip => packages("pip", self.pip_packages),
            Stage::Cargo => packages("cargo", self.cargo_packages),
            Stage::Shell => match self.timezone {
                Some(zone) => {
                    format!("setting up the shell: environment, aliases, prompt, time zone {zone}")
                }
                None => "setting up the shell: environment, aliases, prompt".to_owned(),
            },
        }
    }
}

fn packages(list: &str, packages: &[String]) -> String {
    let names: Vec<&str> = packages.iter().map(String::as_str).collect();
    let noun = format!("{list} package");
    format!(
        "installing {}: {}",
        counted(names.len(), &noun, &format!("{noun}s")),
        listed(&names)
    )
}

/// `Node.js 22 with pnpm 9`, `Python 3.11 (Debian's)`.
fn language(language: &ResolvedLanguage) -> String {
    let row = language.row;
    let mut shown = match (&language.version, language.from_debian) {
        (Some(version), _) => format!("{} {version}", short_name(row)),
        (None, true) => format!(
            "{} {} (Debian's)",
            short_name(row),
            row.debian_version.unwrap_or_default()
        ),
        (None, false) => match row.default_version {
            Some(version) => format!("{} {version}", short_name(row)),
            None => short_name(row).to_owned(),
        },
    };
    if language.manager.is_some() {
        // Through a version manager: the description says which, and for whom.
        let description = language.description();
        if let Some((_, how)) = description.split_once(" (") {
            shown.push_str(&format!(" ({how}"));
        }
    }
    let tools: Vec<String> = language
        .tools
        .iter()
        .map(|(tool, version)| format!("{tool} {version}"))
        .collect();
    if !tools.is_empty() {
        shown.push_str(&format!(" with {}", and_list(&tools)));
    }
    shown
}

/// `Redis`, `Docker with Buildx`.
fn service(service: &ResolvedService) -> String {
    let mut shown = short_name(service.row).to_owned();
    for addon in &service.addons {
        shown.push(' ');
        shown.push_str(without_source(addon.description));
    }
    shown
}

/// A catalog row's description without where it comes from: `Node.js` of `Node.js (the official build, ...)`.
fn short_name(row: &CatalogEntry) -> &'static str {
    without_source(row.description)
}

fn without_source(description: &str) -> &str {
    description
        .split_once(" (")
        .map_or(description, |(name, _)| name)
}

fn counted(count: usize, one: &str, many: &str) -> String {
    match count {
        1 => format!("1 {one}"),
        _ => format!("{count} {many}"),
    }
}

/// `a, b, c`, or the first names and how many more.
fn listed(names: &[&str]) -> String {
    if names.len() <= NAMES_SHOWN {
        return names.join(", ");
    }
    format!(
        "{} and {} more",
        names[..NAMES_SHOWN].join(", "),
        names.len() - NAMES_SHOWN
    )
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use crate::network::{CertificateAuthority, HostNetwork};
    use crate::provision::{BuildContext, LanguageSpec, ProvisionSpec, ServiceSpec, provision};

    fn service(name: &str, addons: &[&str]) -> ServiceSpec {
        ServiceSpec {
            name: name.into(),
            addons: addons.iter().map(|addon| (*addon).to_owned()).collect(),
            ..ServiceSpec::default()
        }
    }

    /// The full machine of the provisioning tests, with something in every stage: the host's authorities too,
    /// a service with an add-on, and a list longer than is shown.
    fn spec() -> ProvisionSpec {
        let mut spec = crate::provision::tests::full_spec();
        spec.host_network = HostNetwork {
            authorities: ["corp-root.crt", "proxy.crt"]
                .map(|name| CertificateAuthority {
                    name: name.into(),
                    pem: "-----BEGIN CERTIFICATE-----\n".into(),
                })
                .to_vec(),
            ..HostNetwork::default()
        };
        spec.services.push(service("docker", &["buildx"]));
        spec.pip_packages = (1..=10).map(|n| format!("package{n:02}")).collect();
        spec
    }

    #[test]
    fn each_stage_says_what_it_installs_in_the_users_words() {
        let provisioning = provision(&spec()).unwrap();
        let described: Vec<&str> = provisioning
            .stages
            .iter()
            .map(|stage| stage.description.as_str())
            .collect();
        // The Rust the cargo list brings is Debian's, whichever version the catalog says that is.
        let rust = crate::catalog::entry("rust")
            .unwrap()
            .debian_version
            .unwrap();
        assert_eq!(
            described,
            [
                "trusting the host's 2 certificate authorities: corp-root.crt, proxy.crt",
                "installing 3 apt packages: htop, jq, tzdata",
                &format!(
                    "installing Node.js 22 with pnpm 9, Python 3.12 and Rust {rust} (Debian's)"
                ),
                "installing PostgreSQL, Redis, MariaDB, MongoDB 8.0, Docker with Buildx and Chromium on an Xvfb \
                 virtual screen",
                "installing 2 npm packages: @anthropic-ai/claude-code, @google/gemini-cli",
                "installing 10 pip packages: package01, package02, package03, package04, package05, package06, \
                 package07, package08 and 2 more",
                "installing 1 cargo package: ripgrep",
                "setting up the shell: environment, aliases, prompt, time zone Europe/London",
            ]
        );
    }

    #[test]
    fn a_description_names_what_its_stage_script_installs() {
        let provisioning = provision(&spec()).unwrap();
        for stage in &provisioning.stages {
            let Some((_, names)) = stage.description.split_once(": ") else {
                continue;
            };
            let names = names.split(" and ").next().unwrap_or(names);
            for name in names.split(", ").filter(|name| !name.contains(' ')) {
                assert!(
                    stage.script.contains(name),
                    "{name} of {:?} is not in the {} stage's script",
                    stage.description,
                    stage.stage.name()
                );
            }
        }
    }

    #[test]
    fn a_language_through_its_version_manager_says_so() {
        let mut spec = ProvisionSpec::new("p", "vm-base:latest", "vagrant");
        spec.languages = vec![LanguageSpec {
            name: "node".into(),
            version: Some("20".into()),
            manager: Some("v0.40.1".into()),
            ..LanguageSpec::default()
        }];
        let provisioning = provision(&spec).unwrap();
        assert_eq!(
            provisioning.stages[0].description,
            "installing Node.js 20 (through nvm v0.40.1, for the machine user)"
        );
    }

    #[test]
    fn the_build_context_has_each_stages_run_instruction_with_its_description() {
        let provisioning = provision(&spec()).unwrap();
        let context = BuildContext::new(&provisioning);
        assert_eq!(context.stages.len(), provisioning.stages.len());
        assert_eq!(
            context.stages[1].instruction,
            r#"RUN ["/bin/bash", "/usr/local/lib/vm/provision/10-apt.sh"]"#
        );
        for (built, stage) in context.stages.iter().zip(&provisioning.stages) {
            assert_eq!(built.description, stage.description);
            assert!(
                context
                    .dockerfile()
                    .lines()
                    .any(|line| line == built.instruction),
                "{} is not a line of the Dockerfile",
                built.instruction
            );
        }
    }
}
