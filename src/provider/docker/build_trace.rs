use std::time::{Duration, Instant};

use super::DockerProvider;
use crate::interrupt::Interrupt;

/// What a `docker build` made, read from the legacy builder's own output as it goes: the intermediate container
/// of the step running, and the layers this build made (not those it found in its cache, not its base).
#[derive(Debug, Default)]
pub struct BuildTrace {
    running: Option<String>,
    made: Vec<String>,
    step_is_cached: bool,
    step_is_from: bool,
}

/// Docker removes a cancelled build's container itself, a moment after the build's client is gone, and may even
/// create it after that: so many seconds are watched, at least.
const SETTLING: Duration = Duration::from_secs(2);
/// And at most so many: a wedged engine must not keep vm from exiting.
const LIMIT: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(250);

impl BuildTrace {
    /// Takes one line of the build's output.
    pub fn note(&mut self, line: &str) {
        if line.starts_with("Step ") {
            self.step_is_cached = false;
            self.step_is_from = line.contains(" : FROM ");
        } else if let Some(container) = line.strip_prefix(" ---> Running in ") {
            self.running = Some(container.trim().to_owned());
        } else if line.starts_with("Removing intermediate container ") {
            self.running = None;
        } else if line.trim() == "---> Using cache" {
            self.step_is_cached = true;
        } else if let Some(layer) = line.strip_prefix(" ---> ") {
            let layer = layer.trim();
            let is_id = layer.len() >= 12 && layer.chars().all(|c| c.is_ascii_hexdigit());
            if is_id && !self.step_is_cached && !self.step_is_from {
                self.made.push(layer[..12].to_owned());
            }
        }
    }

    /// Whether `container` (a `docker ps` line: id, then image) is this build's: the container of its running step,
    /// or one made from a layer only this build made.
    fn owns(&self, id: &str, image: &str) -> bool {
        let image = image.strip_prefix("sha256:").unwrap_or(image);
        self.running
            .as_deref()
            .is_some_and(|running| id.starts_with(running))
            || self
                .made
                .iter()
                .any(|layer| image.len() >= 12 && image[..12] == *layer)
    }
}

impl DockerProvider {
    /// After a stopped build: removes its intermediate containers, watching until Docker's own clean-up is over,
    /// bounded. The layers of its finished steps stay, as Docker's cache: the next build starts from them.
    /// Only containers this build's output names, or made from its own layers, are touched: the engine is shared.
    pub(super) fn remove_build_leftovers(&self, trace: &BuildTrace) {
        let started = Instant::now();
        while !Interrupt::forced() && started.elapsed() < LIMIT {
            let listed = self
                .docker
                .clone()
                .even_when_interrupted()
                .args([
                    "ps",
                    "--all",
                    "--no-trunc",
                    "--format",
                    "{{.ID}} {{.Image}}",
                ])
                .output();
            let Ok(listed) = listed else { return };
            let leftovers: Vec<&str> = listed
                .lines()
                .filter_map(|line| line.split_once(' '))
                .filter(|(id, image)| trace.owns(id, image))
                .map(|(id, _)| id)
                .collect();
            if leftovers.is_empty() && started.elapsed() >= SETTLING {
                return;
            }
            if !leftovers.is_empty() {
                let _ = self
                    .docker
                    .clone()
                    .even_when_interrupted()
                    .args(["rm", "--force"])
                    .args(&leftovers)
                    .output();
            }
            std::thread::sleep(POLL);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn traced(lines: &str) -> BuildTrace {
        let mut trace = BuildTrace::default();
        lines.lines().for_each(|line| trace.note(line));
        trace
    }

    #[test]
    fn the_running_steps_container_and_the_layers_the_build_made_are_its_own() {
        let trace = traced(
            "Step 1/4 : FROM vm-base:latest\n ---> 10ecf1210d22\nStep 2/4 : USER root\n ---> Using cache\n \
             ---> 3b1f0a9c2d4e\nStep 3/4 : COPY provision/a /a\n ---> 099aec366fb5\nStep 4/4 : RUN sleep 600\n \
             ---> Running in bcf79b7c8bef",
        );
        assert_eq!(trace.made, ["099aec366fb5"]);
        assert!(trace.owns(
            "bcf79b7c8befd931cfd4e87118e7f6fe8bc500ffe985e6ac30e523484fb5ebdd",
            "x"
        ));
        assert!(trace.owns(
            "aaaa",
            "sha256:099aec366fb525cfcddebd9ed18d624da3ab2f7d8050ff925ab7b4f2757aa585"
        ));
        assert!(
            !trace.owns("aaaa", "vm-base:latest"),
            "the base is everyone's"
        );
        assert!(
            !trace.owns("aaaa", "sha256:3b1f0a9c2d4e00"),
            "a cached layer may be another build's"
        );
        assert!(!trace.owns("aaaa", "sha256:10ecf1210d22ff"));
    }

    #[test]
    fn a_finished_steps_container_is_no_longer_running() {
        let trace = traced(
            "Step 2/3 : RUN true\n ---> Running in cca35d4db15f\nRemoving intermediate container cca35d4db15f\n \
             ---> 099aec366fb5",
        );
        assert_eq!(trace.running, None);
        assert_eq!(trace.made, ["099aec366fb5"]);
    }
}
