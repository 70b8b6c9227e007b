use std::collections::{BTreeMap, BTreeSet};

use super::package_scripts::{PACKAGE_RECORDS, SHELL_RECORD};

/// What a machine records about itself as it changes in place: each package list it has, and the shell's settings
/// where a change wrote them. Read by `vm-health` in the one `docker exec` of a plan, or, where there is no need to
/// run anything in the machine (no services, or a stopped machine), copied out of it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MachineRecords {
    /// By list name.
    pub packages: BTreeMap<String, BTreeSet<String>>,
    /// The shell's settings (JSON), where a change wrote them in place.
    pub shell: Option<String>,
}

impl MachineRecords {
    /// The records among `files` (by their path in the machine); other files are not records.
    pub fn from_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> MachineRecords {
        let mut records = MachineRecords::default();
        let lists = format!("{PACKAGE_RECORDS}/");
        for (path, contents) in files {
            if path == SHELL_RECORD {
                records.shell = Some(contents.trim_end().to_owned());
            } else if let Some(list) = path.strip_prefix(&lists).filter(|list| !list.contains('/'))
            {
                records.add_packages(list, contents.lines());
            }
        }
        records
    }

    pub(super) fn add_packages<'a>(
        &mut self,
        list: &str,
        packages: impl IntoIterator<Item = &'a str>,
    ) {
        let packages = packages
            .into_iter()
            .map(str::trim_end)
            .filter(|package| !package.is_empty())
            .map(str::to_owned);
        self.packages
            .entry(list.to_owned())
            .or_default()
            .extend(packages);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_lists_and_the_shell_are_read_from_their_files_and_nothing_else() {
        let records = MachineRecords::from_files([
            ("/etc/vm/packages/npm", "@scope/a\ncowsay\n"),
            ("/etc/vm/packages/pip", "black==24.1\r\n\n"),
            ("/etc/vm/packages/nested/x", "no"),
            ("/etc/vm/prompt.sh", "PS1=x"),
            ("/etc/vm/shell.json", "{\"prompt\":\"p\"}\n"),
        ]);
        assert_eq!(
            records.packages["npm"].iter().collect::<Vec<_>>(),
            ["@scope/a", "cowsay"]
        );
        assert_eq!(
            records.packages["pip"].iter().collect::<Vec<_>>(),
            ["black==24.1"]
        );
        assert_eq!(records.packages.len(), 2);
        assert_eq!(records.shell.as_deref(), Some("{\"prompt\":\"p\"}"));
    }
}
