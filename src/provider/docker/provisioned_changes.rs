use std::time::{Duration, Instant};

use super::DockerProvider;
use crate::graph::{ImageSpec, ResourceId, ResourceKind, ServiceWait, container_name};
use crate::plan::{Action, Change};
use crate::provider::{ProviderError as Error, TimeLimit};
use crate::provision::ServiceState;
use crate::state::AttributeName;

/// Long enough for a first build that installs databases and languages; finite for a hung one.
const BUILD_TIME_LIMIT: TimeLimit = TimeLimit {
    variable: "VM_BUILD_TIMEOUT",
    default_seconds: 1800,
};

/// How often a waiting apply asks a service whether it answers.
const HEALTH_POLL: Duration = Duration::from_millis(500);

/// Building the machine's image and waiting for its services.
impl DockerProvider {
    /// Builds the project image with the host's network (containers may have no route out; the build does), one
    /// layer per stage, so Docker's cache keeps every layer before the first changed stage. Its step names are the
    /// progress. The context is written inside the project's `.vm/`, never to a shared directory.
    pub(super) fn build_image(
        &self,
        image: &ImageSpec,
        progress: &mut dyn FnMut(&str),
    ) -> Result<(), Error> {
        let vm_dir = self.project_dir().join(".vm");
        let io_error = |action| {
            let path = vm_dir.clone();
            move |source| Error::Io {
                action,
                path,
                source,
            }
        };
        std::fs::create_dir_all(&vm_dir).map_err(io_error("create"))?;
        let context = tempfile::Builder::new()
            .prefix("build-")
            .tempdir_in(&vm_dir)
            .map_err(io_error("make a build directory in"))?;
        image
            .context
            .write_to(context.path())
            .map_err(io_error("write the build context in"))?;
        let built = self
            .docker
            .clone()
            .time_limit(BUILD_TIME_LIMIT)
            .args(["build", "--network", "host", "--force-rm", "--label"])
            .arg(format!("{}={}", super::labels::BUILT_FOR, self.project))
            // A container made from this image inherits the run's label too: it is the test's as well.
            .args(
                self.extra_labels
                    .iter()
                    .flat_map(|(name, value)| ["--label".to_owned(), format!("{name}={value}")]),
            )
            .args(["--tag", &image.tag])
            .arg(context.path())
            .output_with_progress(&mut |line: &str| {
                if line.starts_with("Step ") {
                    progress(line);
                }
            });
        drop(context);
        let _ = std::fs::remove_dir(&vm_dir);
        built.map(drop)
    }

    /// Starts the machine's services where one was found stopped, then waits, bounded, until the service answers.
    pub(super) fn converge_service(
        &self,
        change: &Change,
        wait: &ServiceWait,
        progress: &mut dyn FnMut(&str),
    ) -> Result<(), Error> {
        let container = self.machine_id()?;
        if change.action == Action::Update && change.changes(&AttributeName::Health) {
            self.docker
                .clone()
                .args([
                    "exec",
                    "--user",
                    "0",
                    &container,
                    crate::provision::START_SERVICES,
                ])
                .output()?;
        }
        progress(&format!(
            "waiting for {} to answer (at most {} s)",
            wait.service, wait.timeout_secs
        ));
        let deadline = Instant::now() + Duration::from_secs(u64::from(wait.timeout_secs));
        loop {
            let report = self.health(&container)?;
            if report.services.get(&wait.service) == Some(&ServiceState::Running) {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(Error::ServiceDidNotStart {
                    service: wait.service.clone(),
                    seconds: wait.timeout_secs,
                    log: self.log_tail(&container, wait.log.as_deref()),
                });
            }
            std::thread::sleep(HEALTH_POLL);
        }
    }

    /// The Docker id of this project's machine.
    pub(super) fn machine_id(&self) -> Result<String, Error> {
        self.docker_id(&ResourceId::new(
            ResourceKind::DockerContainer,
            container_name(&self.project),
        ))
    }

    /// The last lines of a service's log, where it has one that can be read.
    fn log_tail(&self, container: &str, log: Option<&str>) -> String {
        let Some(log) = log else {
            return "(the service keeps no log)".to_owned();
        };
        self.docker
            .clone()
            .args(["exec", "--user", "0", container, "tail", "-n", "20", log])
            .output()
            .unwrap_or_else(|error| format!("(its log {log} cannot be read: {error})"))
    }
}
