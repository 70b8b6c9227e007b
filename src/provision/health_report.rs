use std::collections::BTreeMap;

use super::MachineRecords;
use crate::state::DatabaseRestoreState;

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

/// The lines of one `vm-health` run: each service's state, and what the machine records of itself.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HealthReport {
    pub services: BTreeMap<String, ServiceState>,
    /// `None` where the machine's `vm-health` predates the records and cannot tell.
    pub records: Option<MachineRecords>,
    /// The restores recorded in each service's data, by service.
    pub restores: BTreeMap<String, Vec<DatabaseRestoreState>>,
}

impl HealthReport {
    /// Reads `vm-health <name> <state>` and `vm-restore <service> <record>` lines; anything else (a shell's noise) is
    /// not part of the answer.
    pub fn parse(output: &str) -> HealthReport {
        let mut report = HealthReport::default();
        for line in output.lines() {
            let mut words = line.splitn(3, ' ');
            if let (Some("vm-restore"), Some(service), Some(record)) =
                (words.next(), words.next(), words.next())
                && let Ok(record) = serde_json::from_str(record)
            {
                report
                    .restores
                    .entry(service.to_owned())
                    .or_default()
                    .push(record);
                continue;
            }
            if line == "vm-health-packages" {
                report.records.get_or_insert_default();
                continue;
            }
            if let Some(settings) = line.strip_prefix("vm-shell ") {
                if let Some(records) = report.records.as_mut() {
                    records.shell = Some(settings.to_owned());
                }
                continue;
            }
            if let Some(entry) = line.strip_prefix("vm-package ") {
                if let (Some((list, package)), Some(records)) =
                    (entry.split_once(' '), report.records.as_mut())
                {
                    records.add_packages(list, [package]);
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
        assert_eq!(report.records, None, "no records section: an older image");
    }

    /// `vm-health` checks its services side by side: their lines come in whatever order the checks finish.
    #[test]
    fn the_order_of_the_services_lines_changes_nothing() {
        let lines = [
            "vm-health postgresql running",
            "vm-health redis stopped",
            "vm-health mysql starting",
        ];
        let records = "vm-health-packages\nvm-package npm cowsay\n";
        let report = |order: [usize; 3]| {
            let health: String = order.iter().map(|&at| format!("{}\n", lines[at])).collect();
            HealthReport::parse(&format!("{health}{records}"))
        };
        let first = report([0, 1, 2]);
        assert_eq!(first.services.len(), 3);
        for order in [[0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] {
            assert_eq!(report(order), first, "{order:?}");
        }
    }

    #[test]
    fn record_lines_after_the_section_line_are_the_records() {
        let report = HealthReport::parse(
            "vm-package npm early\nvm-health redis running\nvm-health-packages\nvm-package npm @scope/a\nvm-package npm cowsay\nvm-package pip black==24.1 \nvm-shell {\"prompt\":\"x\"}\n",
        );
        let records = report.records.unwrap();
        assert_eq!(
            records.packages["npm"].iter().collect::<Vec<_>>(),
            ["@scope/a", "cowsay"]
        );
        assert_eq!(
            records.packages["pip"].iter().collect::<Vec<_>>(),
            ["black==24.1"]
        );
        assert_eq!(records.shell.as_deref(), Some("{\"prompt\":\"x\"}"));
        assert_eq!(report.services["redis"], ServiceState::Running);
        assert_eq!(
            HealthReport::parse("vm-health-packages\n").records,
            Some(MachineRecords::default()),
            "a section without lines: the machine has no lists"
        );
    }
}
