//! Starting a machine's services and waiting for one to answer: the same loop for every provider, over a way to run
//! a command in the machine as root.

use std::time::{Duration, Instant};

use super::ProviderError as Error;
use super::StepProgress;
use crate::graph::ServiceWait;
use crate::plan::{Action, Change};
use crate::provision::{HEALTH_CHECK, HealthReport, START_SERVICES, ServiceState};
use crate::state::AttributeName;

/// How often a waiting apply asks a service whether it answers.
const HEALTH_POLL: Duration = Duration::from_millis(500);

/// Runs a command (its words) in the machine as root; its standard output.
pub type RunAsRoot<'a> = &'a dyn Fn(&[&str]) -> Result<String, Error>;

/// Starts the machine's services where `change` found one stopped, then waits, bounded by the catalog's limit,
/// until `wait.service` answers; a service that does not fails with its log's last lines.
pub fn converge_service(
    change: &Change,
    wait: &ServiceWait,
    progress: &mut dyn FnMut(StepProgress<'_>),
    run_as_root: RunAsRoot<'_>,
) -> Result<(), Error> {
    if change.action == Action::Update && change.changes(&AttributeName::Health) {
        progress(StepProgress::doing("starting the machine's services"));
        run_as_root(&[START_SERVICES])?;
    }
    progress(StepProgress::doing(format!(
        "waiting for {} to answer (at most {} s)",
        wait.service, wait.timeout_secs
    )));
    let deadline = Instant::now() + Duration::from_secs(u64::from(wait.timeout_secs));
    loop {
        let report = HealthReport::parse(&run_as_root(&[HEALTH_CHECK])?);
        if report.services.get(&wait.service) == Some(&ServiceState::Running) {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(Error::ServiceDidNotStart {
                service: wait.service.clone(),
                seconds: wait.timeout_secs,
                log: log_tail(wait.log.as_deref(), run_as_root),
            });
        }
        std::thread::sleep(HEALTH_POLL);
    }
}

/// The last lines of a service's log, where it has one that can be read.
fn log_tail(log: Option<&str>, run_as_root: RunAsRoot<'_>) -> String {
    let Some(log) = log else {
        return "(the service keeps no log)".to_owned();
    };
    // A catalog's log may be a glob (PostgreSQL's `/var/log/postgresql/*.log`): a shell expands it.
    run_as_root(&["sh", "-c", &format!("tail -n 20 {log}")])
        .unwrap_or_else(|error| format!("(its log {log} cannot be read: {error})"))
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;
    use crate::graph::{ResourceId, ResourceKind};
    use crate::plan::{AttributeChange, Reason};

    fn wait(timeout_secs: u32) -> ServiceWait {
        ServiceWait {
            service: "redis".to_owned(),
            timeout_secs,
            log: Some("/var/log/redis.log".to_owned()),
        }
    }

    fn change(action: Action, attributes: Vec<AttributeChange>) -> Change {
        Change {
            resource: ResourceId::new(ResourceKind::Service, "redis"),
            action,
            reason: Reason::NotRunning,
            attributes,
        }
    }

    /// A machine whose `vm-health` answers each call with the next line of `answers`, recording every command.
    fn machine<'a>(
        answers: &'a RefCell<Vec<&'static str>>,
        calls: &'a RefCell<Vec<String>>,
    ) -> impl Fn(&[&str]) -> Result<String, Error> + 'a {
        move |command: &[&str]| {
            calls.borrow_mut().push(command.join(" "));
            Ok(match command[0] {
                HEALTH_CHECK => {
                    let mut answers = answers.borrow_mut();
                    if answers.len() > 1 {
                        answers.remove(0)
                    } else {
                        answers[0]
                    }
                }
                .to_owned(),
                "sh" => "redis: out of memory\n".to_owned(),
                _ => String::new(),
            })
        }
    }

    #[test]
    fn a_stopped_service_is_started_then_waited_for_until_it_answers() {
        let answers = RefCell::new(vec!["vm-health redis stopped", "vm-health redis running"]);
        let calls = RefCell::new(Vec::new());
        let mut shown = Vec::new();
        let health = AttributeChange {
            name: AttributeName::Health,
            before: Some("stopped".to_owned()),
            after: Some("running".to_owned()),
            forces_replacement: false,
        };
        converge_service(
            &change(Action::Update, vec![health]),
            &wait(30),
            &mut |progress| {
                if let StepProgress::Doing(activity) = progress {
                    shown.push(activity.to_string());
                }
            },
            &machine(&answers, &calls),
        )
        .unwrap();
        assert_eq!(
            shown,
            [
                "starting the machine's services",
                "waiting for redis to answer (at most 30 s)"
            ]
        );
        assert_eq!(
            *calls.borrow(),
            [START_SERVICES, HEALTH_CHECK, HEALTH_CHECK]
        );
    }

    #[test]
    fn a_new_service_is_only_waited_for() {
        let answers = RefCell::new(vec!["vm-health redis running"]);
        let calls = RefCell::new(Vec::new());
        converge_service(
            &change(Action::Create, Vec::new()),
            &wait(30),
            &mut |_| {},
            &machine(&answers, &calls),
        )
        .unwrap();
        assert_eq!(*calls.borrow(), [HEALTH_CHECK]);
    }

    #[test]
    fn a_service_that_does_not_answer_in_time_fails_with_its_log() {
        let answers = RefCell::new(vec!["vm-health redis starting"]);
        let calls = RefCell::new(Vec::new());
        let error = converge_service(
            &change(Action::Create, Vec::new()),
            &wait(0),
            &mut |_| {},
            &machine(&answers, &calls),
        )
        .unwrap_err();
        match error {
            Error::ServiceDidNotStart {
                service,
                seconds,
                log,
            } => {
                assert_eq!((service.as_str(), seconds), ("redis", 0));
                assert_eq!(log, "redis: out of memory\n");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            calls.borrow().last().unwrap(),
            "sh -c tail -n 20 /var/log/redis.log"
        );
    }
}
