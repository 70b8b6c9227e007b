use std::collections::BTreeMap;

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

/// The lines of one `vm-health` run, by service.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HealthReport {
    pub services: BTreeMap<String, ServiceState>,
    /// The restores recorded in each service's data, by service.
    pub restores: BTreeMap<String, Vec<DatabaseRestoreState>>,
}

impl HealthReport {
    /// Reads `vm-health <name> <state>` and `vm-restore <service> <record>` lines; anything else (a shell's noise) is
    /// not part of the answer.
    pub fn parse(output: &str) -> HealthReport {
        let mut restores: BTreeMap<String, Vec<DatabaseRestoreState>> = BTreeMap::new();
        for line in output.lines() {
            let mut words = line.splitn(3, ' ');
            if let (Some("vm-restore"), Some(service), Some(record)) =
                (words.next(), words.next(), words.next())
                && let Ok(record) = serde_json::from_str(record)
            {
                restores.entry(service.to_owned()).or_default().push(record);
            }
        }
        let services = output
            .lines()
            .filter_map(|line| {
                let mut words = line.split_whitespace();
                if words.next() != Some("vm-health") {
                    return None;
                }
                let name = words.next()?;
                let state = match words.next()? {
                    "running" => ServiceState::Running,
                    "starting" => ServiceState::Starting,
                    "stopped" => ServiceState::Stopped,
                    "missing" => ServiceState::Missing,
                    _ => return None,
                };
                Some((name.to_owned(), state))
            })
            .collect();
        HealthReport { services, restores }
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
    }
}
