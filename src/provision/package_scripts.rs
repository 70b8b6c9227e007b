use std::collections::BTreeSet;

use super::ProvisionError;
use super::shell_words::{package_words, quote};
use super::stage_scripts::{header, write_file};
use crate::catalog::PackageManager;

/// The directory of the machine's records, as a literal for `concat!`.
macro_rules! records_dir {
    () => {
        "/etc/vm"
    };
}

/// Where the machine keeps what it records of itself.
pub const RECORDS_DIR: &str = records_dir!();
/// Where the machine records each package list it has (`/etc/vm/packages/npm`, a package a line): written by the
/// image build and by each change in place, read by `vm-health`, so the plan sees what is in the machine now.
pub const PACKAGE_RECORDS: &str = concat!(records_dir!(), "/packages");
/// Where the machine records its shell's settings (as JSON, one line) once a change wrote its files in place; a
/// machine without it has the settings it was made with.
pub const SHELL_RECORD: &str = concat!(records_dir!(), "/shell.json");
/// Where what is fetched for a change in place waits until it is installed, in the fetching container and then
/// in the machine: the same path on both sides.
pub const FETCHED: &str = "/var/cache/vm/packages";

/// A list's template filled with `packages` and the fetched directory.
fn fill(
    manager: &PackageManager,
    template: &str,
    packages: &BTreeSet<String>,
) -> Result<String, ProvisionError> {
    let packages: Vec<String> = packages.iter().cloned().collect();
    let words = package_words(&format!("{} package", manager.list), &packages)?;
    let names: Vec<&str> = packages.iter().map(|spec| package_name(spec)).collect();
    Ok(format!(
        "{}\n",
        template
            .replace("{packages}", &words)
            .replace("{names}", &quote(&names.join(","))?)
            .replace("{fetched}", FETCHED)
    ))
}

/// A package's name without the version asked for: `@scope/tool@2` → `@scope/tool`, `tool@latest` → `tool`.
fn package_name(spec: &str) -> &str {
    match spec.rfind('@') {
        Some(at) if at > 0 => &spec[..at],
        _ => spec,
    }
}

/// The build stage of a list: installs it with the network, then records it.
pub fn install_stage(
    manager: &PackageManager,
    packages: &BTreeSet<String>,
) -> Result<String, ProvisionError> {
    Ok(format!(
        "{}{}",
        fill(manager, manager.install, packages)?,
        record(manager, packages)
    ))
}

fn record(manager: &PackageManager, packages: &BTreeSet<String>) -> String {
    let path = format!("{PACKAGE_RECORDS}/{}", manager.list);
    if packages.is_empty() {
        return format!("rm -f '{path}'\n");
    }
    let lines: String = packages
        .iter()
        .map(|package| format!("{package}\n"))
        .collect();
    write_file(&path, &lines)
}

/// A change of one list in a running machine: what it has (as recorded) against what vm.json wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageChange {
    pub manager: &'static PackageManager,
    pub present: BTreeSet<String>,
    pub wanted: BTreeSet<String>,
}

impl PackageChange {
    pub fn added(&self) -> BTreeSet<String> {
        self.wanted.difference(&self.present).cloned().collect()
    }

    pub fn removed(&self) -> BTreeSet<String> {
        self.present.difference(&self.wanted).cloned().collect()
    }

    /// Run with the host's network in a container of the machine's image: downloads what is added into
    /// [`FETCHED`]. `None` when nothing is added.
    pub fn fetch_script(&self) -> Result<Option<String>, ProvisionError> {
        let added = self.added();
        if added.is_empty() {
            return Ok(None);
        }
        let what = format!(
            "fetches {} packages for a running machine",
            self.manager.list
        );
        Ok(Some(format!(
            "{}mkdir -p {FETCHED}\n{}",
            header(&what),
            fill(self.manager, self.manager.fetch, &added)?
        )))
    }

    /// Run in the machine, without the network: removes what goes, installs what was fetched, records the list.
    pub fn converge_script(&self) -> Result<String, ProvisionError> {
        let what = format!(
            "changes the {} packages of a running machine",
            self.manager.list
        );
        let mut script = header(&what);
        let removed = self.removed();
        if !removed.is_empty() {
            script.push_str(&fill(self.manager, self.manager.remove, &removed)?);
        }
        let added = self.added();
        if !added.is_empty() {
            script.push_str(&fill(self.manager, self.manager.install_fetched, &added)?);
            script.push_str(&format!("rm -rf {FETCHED}\n"));
        }
        script.push_str(&record(self.manager, &self.wanted));
        Ok(script)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::package_manager;

    fn set(packages: &[&str]) -> BTreeSet<String> {
        packages.iter().map(|p| (*p).to_owned()).collect()
    }

    #[test]
    fn a_change_fetches_and_installs_only_what_is_added_and_removes_what_goes() {
        let change = PackageChange {
            manager: package_manager("npm").unwrap(),
            present: set(&["cowsay", "left-pad"]),
            wanted: set(&["cowsay", "is-odd", "@scope/a b"]),
        };
        assert_eq!(change.added(), set(&["@scope/a b", "is-odd"]));
        assert_eq!(change.removed(), set(&["left-pad"]));
        let fetch = change.fetch_script().unwrap().unwrap();
        assert!(fetch.contains(&format!("--cache {FETCHED}/npm '@scope/a b' is-odd\n")));
        assert!(!fetch.contains("cowsay"));
        let converge = change.converge_script().unwrap();
        assert!(converge.contains("npm uninstall -g --no-fund --no-audit left-pad\n"));
        assert!(
            converge.contains("--offline --cache /var/cache/vm/packages/npm '@scope/a b' is-odd\n")
        );
        assert!(converge.contains(
            "cat > '/etc/vm/packages/npm' <<'VM_EOF'\n@scope/a b\ncowsay\nis-odd\nVM_EOF\n"
        ));
    }

    #[test]
    fn removing_everything_fetches_nothing_and_drops_the_record() {
        let change = PackageChange {
            manager: package_manager("pip").unwrap(),
            present: set(&["black"]),
            wanted: set(&[]),
        };
        assert_eq!(change.fetch_script().unwrap(), None);
        let converge = change.converge_script().unwrap();
        assert!(converge.contains("pip uninstall -y --break-system-packages black\n"));
        assert!(converge.ends_with("rm -f '/etc/vm/packages/pip'\n"));
        assert!(!converge.contains(FETCHED));
    }

    #[test]
    fn an_option_like_package_is_refused() {
        let change = PackageChange {
            manager: package_manager("apt").unwrap(),
            present: set(&[]),
            wanted: set(&["--allow-unauthenticated"]),
        };
        assert!(matches!(
            change.fetch_script(),
            Err(ProvisionError::OptionLike { .. })
        ));
    }
}

#[cfg(test)]
mod allow_scripts_tests {
    use super::*;
    use crate::catalog::package_manager;

    #[test]
    fn the_npm_packages_named_may_run_their_install_scripts_whatever_version_was_asked() {
        let npm = package_manager("npm").unwrap();
        let packages: BTreeSet<String> = [
            "@anthropic-ai/claude-code",
            "prettier@3",
            "@google/gemini-cli@latest",
        ]
        .map(str::to_owned)
        .into();
        let stage = install_stage(npm, &packages).unwrap();
        assert!(
            stage.starts_with(
                "npm_config_allow_scripts='@anthropic-ai/claude-code,@google/gemini-cli,prettier' npm install -g"
            ),
            "{stage}"
        );
        assert_eq!(package_name("@scope/tool"), "@scope/tool");
        assert_eq!(package_name("tool@^1.2"), "tool");
    }
}
