/// Whether a row is something that runs (a service) or something that is installed (a language runtime).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EntryKind {
    Service,
    Language,
}

/// The environment variable that tells programs in the machine how to reach a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UrlVariable {
    pub name: &'static str,
    /// `{db_user}`, `{password}`, `{database}` and `{port}` are filled in, the first three percent-encoded.
    pub template: &'static str,
}

/// One row of the catalog.
///
/// Shell snippets are templates: `{port}`, `{version}`, `{user}`, `{home}`, `{database}`, `{db_user}`,
/// `{password}` and `{display}` are replaced by single shell words (quoted), so a snippet must only use them where
/// a word goes — an argument or the value of an assignment — never inside quotes of its own. An empty snippet
/// means "nothing to do".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CatalogEntry {
    pub name: &'static str,
    pub kind: EntryKind,
    /// What the plan calls it, including where it comes from when that is not obvious.
    pub description: &'static str,
    /// Run before the apt install: adds a third-party apt repository (MongoDB's).
    pub apt_source: &'static str,
    /// Debian packages: a service's, or a language's when Debian's version is the one wanted.
    pub apt: &'static [&'static str],
    /// Languages: the version Debian bookworm ships; any other version comes from `install`.
    pub debian_version: Option<&'static str>,
    /// Languages: the version used when the project names none and Debian has no package of it.
    pub default_version: Option<&'static str>,
    /// Languages: the upstream installer of `{version}`, used instead of `apt` for a version Debian lacks; it
    /// installs its own prerequisites.
    pub install: &'static str,
    /// Languages: installs `{version}` through the version manager the project names at `{manager_version}`
    /// (nvm for node), for the machine user `{user}`, instead of `install`; empty where there is none.
    pub manager_install: &'static str,
    /// Languages: what the plan calls it when `manager_install` installs it, with `{manager_version}`.
    pub manager_description: &'static str,
    /// Languages: installs `{tool}` at `{version}` (npm, pnpm, yarn for node).
    pub tool_install: &'static str,
    /// Run at build time after installing: the port, listening beyond localhost (published ports arrive from
    /// the Docker bridge, not from 127.0.0.1), the machine user's groups.
    pub configure: &'static str,
    /// Starts it without systemd (containers have none), returning once it runs in the background.
    pub start: &'static str,
    /// Stops it cleanly, with what it holds written to disk, when the machine stops (`docker stop`, a
    /// replacement): no crash recovery at the next start, no lost keys.
    pub stop: &'static str,
    /// Exits 0 when it answers.
    pub health: &'static str,
    /// A command that exists once it is installed; tells "stopped" from "missing".
    pub installed: &'static str,
    /// Seconds to wait for `health` after `start`: every wait is bounded.
    pub start_timeout_secs: u32,
    pub default_port: Option<u16>,
    pub url: Option<UrlVariable>,
    pub data_dir: Option<&'static str>,
    /// Shown (its last lines) when the service does not come up.
    pub log: Option<&'static str>,
    /// Creates `{database}` and `{db_user}` with `{password}`, idempotently: it runs on every start, so that a
    /// fresh data volume gets them too.
    pub create_database: &'static str,
    /// Prints how many tables `{database}` holds, connecting as `{db_user}`: vm restores a backup only into a
    /// database without any, so it never restores over data.
    pub count_tables: &'static str,
    /// Reads plain SQL on standard input into `{database}` as `{db_user}` (the tables are the user's, as the
    /// application's would be); empty where vm restores no backups into the service.
    pub restore: &'static str,
    pub default_db_user: Option<&'static str>,
    pub default_password: Option<&'static str>,
    /// Set for the machine user (names and templates).
    pub environment: &'static [(&'static str, &'static str)],
    /// Host devices passed through when the host has them.
    pub devices: &'static [&'static str],
    /// The Docker provider must run the container privileged (Docker in Docker).
    pub privileged: bool,
    /// Parts a project may ask for with the service (Docker's Buildx), installed after it.
    pub addons: &'static [Addon],
}

/// An optional part of a service, asked for by a `services.<name>.<addon>` switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Addon {
    pub name: &'static str,
    /// What the plan adds to the service's description.
    pub description: &'static str,
    pub install: &'static str,
}

impl CatalogEntry {
    /// The version to install for `wanted`, and whether Debian's package provides it.
    pub fn resolve_version(&self, wanted: Option<&str>) -> (Option<String>, bool) {
        match (wanted, self.debian_version) {
            (None, Some(_)) => (None, true),
            (Some(version), Some(debian))
                if version == debian || version.starts_with(&format!("{debian}.")) =>
            {
                (Some(version.to_owned()), true)
            }
            (wanted, _) => (
                wanted.or(self.default_version).map(str::to_owned),
                self.install.is_empty(),
            ),
        }
    }
}
