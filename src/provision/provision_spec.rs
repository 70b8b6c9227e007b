use std::collections::BTreeMap;

use crate::network::HostNetwork;

/// Everything that goes inside one machine, as plain data: `compile` fills it from `Config`, `provision` turns it
/// into scripts. Names of languages and services are catalog rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvisionSpec {
    /// `project.name`: names the image.
    pub project: String,
    /// The image the machine's image is built `FROM`.
    pub base_image: String,
    /// The machine's user: joins the groups a service needs (docker, audio, video).
    pub user: String,
    pub apt_packages: Vec<String>,
    pub languages: Vec<LanguageSpec>,
    pub services: Vec<ServiceSpec>,
    pub npm_packages: Vec<String>,
    pub pip_packages: Vec<String>,
    pub cargo_packages: Vec<String>,
    pub aliases: BTreeMap<String, String>,
    pub environment: BTreeMap<String, String>,
    pub prompt: PromptSpec,
    /// An IANA zone, e.g. `Europe/London`.
    pub timezone: Option<String>,
    /// The host's extra certificate authorities and proxy, for every build step and the machine.
    pub host_network: HostNetwork,
    /// Whether the machine gets vm's shell set-up (profile, aliases, prompt): not where nothing but the host's
    /// network is built in, so that a bare machine stays its image's own, bash or not.
    pub configures_shell: bool,
}

impl ProvisionSpec {
    /// The packages of the list called `list` (`apt`, `npm`, `pip`, `cargo`), as written.
    pub fn package_list(&self, list: &str) -> &[String] {
        match list {
            "apt" => &self.apt_packages,
            "npm" => &self.npm_packages,
            "pip" => &self.pip_packages,
            "cargo" => &self.cargo_packages,
            _ => &[],
        }
    }
}

/// A language runtime, with its version (`None`: Debian's, or the catalog's default).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LanguageSpec {
    pub name: String,
    pub version: Option<String>,
    /// Tools installed with it, by version: npm, pnpm and yarn for node.
    pub tools: BTreeMap<String, String>,
    /// The version of the version manager that installs it (`versions.nvm` for node), where the project names one.
    pub manager: Option<String>,
}

/// An enabled service; what is `None` takes the catalog's default.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServiceSpec {
    pub name: String,
    pub port: Option<u16>,
    /// `<project>_dev` when absent.
    pub database: Option<String>,
    pub user: Option<String>,
    pub password: Option<String>,
    /// The headless browser's X display; `:99` when absent.
    pub display: Option<String>,
    /// The row's add-ons asked for (`buildx` for docker).
    pub addons: Vec<String>,
}

/// The machine user's prompt (`terminal.*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromptSpec {
    pub emoji: String,
    pub username: String,
    /// One of the themes of `terminal.theme`, snake_case (`dracula`, `nord`, ...).
    pub theme: String,
    pub show_git_branch: bool,
    pub show_timestamp: bool,
}

impl Default for PromptSpec {
    fn default() -> Self {
        PromptSpec {
            emoji: "🚀".to_owned(),
            username: "dev".to_owned(),
            theme: "dracula".to_owned(),
            show_git_branch: true,
            show_timestamp: false,
        }
    }
}

impl ProvisionSpec {
    /// A machine with nothing inside yet, for `user` on `base_image`.
    pub fn new(project: &str, base_image: &str, user: &str) -> ProvisionSpec {
        ProvisionSpec {
            project: project.to_owned(),
            base_image: base_image.to_owned(),
            user: user.to_owned(),
            apt_packages: Vec::new(),
            languages: Vec::new(),
            services: Vec::new(),
            npm_packages: Vec::new(),
            pip_packages: Vec::new(),
            cargo_packages: Vec::new(),
            aliases: BTreeMap::new(),
            environment: BTreeMap::new(),
            prompt: PromptSpec::default(),
            timezone: None,
            host_network: HostNetwork::default(),
            configures_shell: true,
        }
    }
}
