use std::collections::{BTreeMap, BTreeSet};

/// What `vm-health` found for one service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceState {
    /// It answers its health check.
    Running,
    /// It answers, but `vm-start-services` has not made its database and user yet.
    Starting,
    /// It is installed but does not answer: the plan starts it.
    Stopped,
    /// It is not installed: the image lacks it.
    Missing,
}

/// The lines of one `vm-health` run: each service's state, and the package lists the machine records.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HealthReport {
    pub services: BTreeMap<String, ServiceState>,
    /// By list name; `None` where the machine's `vm-health` predates the records and cannot tell.
    pub packages: Option<BTreeMap<String, BTreeSet<String>>>,
    /// The shell's settings as the machine recorded them when a change wrote them in place (JSON).
    pub shell: Option<String>,
}

impl HealthReport {
    /// Reads `vm-health <name> <state>` lines; anything else (a shell's noise) is not part of the answer.
    pub fn parse(output: &str) -> HealthReport {
        let mut report = HealthReport::default();
        for line in output.lines() {
            if line == "vm-health-packages" {
                report.packages.get_or_insert_default();
                continue;
            }
            if let Some(settings) = line.strip_prefix("vm-shell ") {
                report.shell = Some(settings.to_owned());
                continue;
            }
            if let Some(entry) = line.trim_end().strip_prefix("vm-package ") {
                if let (Some((list, package)), Some(packages)) =
                    (entry.split_once(' '), report.packages.as_mut())
                {
                    packages
                        .entry(list.to_owned())
                        .or_default()
                        .insert(package.to_owned());
                }
                continue;
            }
            let mut words = line.split_whitespace();
            if words.next() != Some("vm-health") {
                continue;
            }
            let (Some(name), Some(state)) = (words.next(), words.next()) else {
                continue;
            };
            let state = match state {
                "running" => ServiceState::Running,
                "starting" => ServiceState::Starting,
                "stopped" => ServiceState::Stopped,
                "missing" => ServiceState::Missing,
                _ => continue,
            };
            report.services.insert(name.to_owned(), state);
        }
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_line_is_a_service_and_noise_is_ignored() {
        let report = HealthReport::parse(
            "motd noise\nvm-health postgresql running\nvm-health redis stopped\nvm-health mongodb missing\nvm-health mysql starting\nvm-health x weird\n",
        );
        assert_eq!(
            report.services.into_iter().collect::<Vec<_>>(),
            [
                ("mongodb".to_owned(), ServiceState::Missing),
                ("mysql".to_owned(), ServiceState::Starting),
                ("postgresql".to_owned(), ServiceState::Running),
                ("redis".to_owned(), ServiceState::Stopped),
            ]
        );
        assert_eq!(report.packages, None, "no package section: an older image");
    }

    #[test]
    fn package_lines_after_the_section_line_are_the_lists() {
        let report = HealthReport::parse(
            "vm-package npm early\nvm-health redis running\nvm-health-packages\nvm-package npm @scope/a\nvm-package npm cowsay\nvm-package pip black==24.1 \n",
        );
        let packages = report.packages.unwrap();
        assert_eq!(
            packages["npm"].iter().collect::<Vec<_>>(),
            ["@scope/a", "cowsay"]
        );
        assert_eq!(packages["pip"].iter().collect::<Vec<_>>(), ["black==24.1"]);
        assert_eq!(report.services["redis"], ServiceState::Running);
        assert_eq!(report.shell, None);
        assert_eq!(
            HealthReport::parse("vm-shell {\"prompt\":\"x\"}\n")
                .shell
                .as_deref(),
            Some("{\"prompt\":\"x\"}")
        );
        assert_eq!(
            HealthReport::parse("vm-health-packages\n").packages,
            Some(BTreeMap::new()),
            "a section without lines: the machine has no lists"
        );
    }
}
