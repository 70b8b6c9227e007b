use super::build_stages::{StageWatch, without_builder_notice};
use super::build_trace::BuildTrace;
use super::{ContainerObservation, DockerProvider};
use crate::graph::{ImageSpec, ResourceId, ResourceKind, ServiceWait, container_name};
use crate::plan::Change;
use crate::provider::{ProviderError as Error, StepProgress, TimeLimit, service_wait};

/// Long enough for a first build that installs databases and languages; finite for a hung one. Fetching packages
/// for a running machine takes it too: it may compile (`cargo install`).
pub(super) const BUILD_TIME_LIMIT: TimeLimit = TimeLimit {
    variable: "VM_BUILD_TIMEOUT",
    default_seconds: 1800,
};

/// Docker's legacy builder reads every image on the same parent while it looks for its cache: one removed at that
/// moment (another project's, by `docker image rm`, `vm prune` or `vm destroy --images`) fails the build, saying
/// it cannot find the image, or its record; the same build then succeeds.
fn lost_a_cache_race(stderr: &str) -> bool {
    stderr.contains("unable to find image")
        || (stderr.contains("failed to get digest") && stderr.contains("no such file or directory"))
}

/// Building the machine's image and waiting for its services.
impl DockerProvider {
    /// Builds the project image with the host's network (containers may have no route out; the build does), one
    /// layer per stage, so Docker's cache keeps every layer before the first changed stage. Each stage that runs
    /// (one Docker does not take from its cache) is the progress; Docker's own lines are output. The context is
    /// written inside the project's `.vm/`, never to a shared directory.
    pub(super) fn build_image(
        &self,
        image: &ImageSpec,
        progress: &mut dyn FnMut(StepProgress<'_>),
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
        let build =
            self.docker
                .clone()
                .time_limit(BUILD_TIME_LIMIT)
                .args(["build", "--network", "host", "--force-rm", "--label"])
                .arg(format!("{}={}", super::labels::BUILT_FOR, self.project))
                // A container made from this image inherits the run's label too: it is the test's as well.
                .args(
                    self.extra_labels.iter().flat_map(|(name, value)| {
                        ["--label".to_owned(), format!("{name}={value}")]
                    }),
                )
                .args(image.build_arguments.iter().flat_map(|(name, value)| {
                    ["--build-arg".to_owned(), format!("{name}={value}")]
                }))
                .args(["--tag", &image.tag])
                .arg(context.path())
                .stoppable();
        let mut trace = BuildTrace::default();
        let mut run = |progress: &mut dyn FnMut(StepProgress<'_>)| {
            let mut stages = StageWatch::new(&image.context.stages);
            build.output_with_progress(&mut |line: &str| {
                trace.note(line);
                progress(StepProgress::Output(line));
                if let Some(stage) = stages.note(line) {
                    progress(StepProgress::Doing(stage));
                }
            })
        };
        // Docker's legacy builder reads every image on the same parent while it looks for its cache: one removed
        // at that moment (another project's, by `docker image rm` or a prune) fails the build, and the same build
        // then succeeds.
        let built = match run(progress) {
            Err(Error::CommandFailed { stderr, .. }) if lost_a_cache_race(&stderr) => {
                progress(StepProgress::doing(
                    "building again: Docker lost an image it was reading for its cache",
                ));
                run(progress)
            }
            built => built,
        };
        let built = match built {
            Err(Error::CommandFailed {
                command,
                code,
                stderr,
            }) => Err(Error::CommandFailed {
                command,
                code,
                stderr: without_builder_notice(&stderr),
            }),
            built => built,
        };
        if let Err(Error::Interrupted { .. }) = built {
            self.remove_build_leftovers(&trace);
        }
        drop(context);
        let _ = std::fs::remove_dir(&vm_dir);
        built.map(drop)
    }

    /// Removes the image `tag` names, never forcing: Docker refuses one that a container uses.
    pub(super) fn remove_image(&self, tag: &str) -> Result<(), Error> {
        self.docker
            .clone()
            .args(["image", "rm", tag])
            .output()
            .map(drop)
    }

    /// Starts the machine's services where one was found stopped, then waits, bounded, until the service answers.
    pub(super) fn converge_service(
        &self,
        change: &Change,
        wait: &ServiceWait,
        progress: &mut dyn FnMut(StepProgress<'_>),
    ) -> Result<(), Error> {
        let container = self.machine()?.docker_id;
        service_wait::converge_service(change, wait, progress, &|command| {
            self.docker
                .clone()
                .args(["exec", "--user", "0", &container])
                .args(command)
                .output()
        })
    }

    /// This project's machine, as Docker shows it now.
    pub(super) fn machine(&self) -> Result<ContainerObservation, Error> {
        self.container_of(&ResourceId::new(
            ResourceKind::DockerContainer,
            container_name(&self.project),
        ))
    }
}
