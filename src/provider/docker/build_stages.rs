//! Following a `docker build` of vm's Dockerfile as it goes: which of its stages runs now. The words come from the
//! build context (made from the same data as the stage's script); Docker's text only says where the build is.

use crate::provider::{Activity, StagePlace};
use crate::provision::BuildStage;

/// Reads the legacy builder's lines, and says when a stage starts to run (not when Docker takes it from its cache).
#[derive(Debug)]
pub struct StageWatch<'a> {
    stages: &'a [BuildStage],
    /// The stage whose step Docker announced, until it runs it or takes it from its cache.
    announced: Option<usize>,
}

impl<'a> StageWatch<'a> {
    pub fn new(stages: &'a [BuildStage]) -> StageWatch<'a> {
        StageWatch {
            stages,
            announced: None,
        }
    }

    /// Takes one line of the build's output; the stage that starts to run with it, if one does.
    pub fn note(&mut self, line: &str) -> Option<Activity> {
        if let Some(step) = line.strip_prefix("Step ") {
            // `Step 7/14 : RUN ["/bin/bash", "/usr/local/lib/vm/provision/10-apt.sh"]`
            let instruction = step.split_once(" : ").map(|(_, instruction)| instruction);
            self.announced = instruction.and_then(|instruction| {
                self.stages
                    .iter()
                    .position(|stage| stage.instruction == instruction.trim_end())
            });
            return None;
        }
        if !line.starts_with(" ---> Running in ") {
            if line.starts_with(" ---> ") {
                self.announced = None;
            }
            return None;
        }
        let index = self.announced.take()?;
        Some(Activity {
            what: self.stages[index].description.clone(),
            stage: Some(StagePlace {
                number: index + 1,
                count: self.stages.len(),
            }),
        })
    }
}

/// `text` without the notice Docker's client prints above every build of the legacy builder
/// (`DEPRECATED: The legacy builder is deprecated...` and its indented lines): it is about Docker, not the build.
pub fn without_builder_notice(text: &str) -> String {
    let mut kept = Vec::new();
    let mut in_notice = false;
    for line in text.lines() {
        if line.starts_with("DEPRECATED: The legacy builder") {
            in_notice = true;
            continue;
        }
        if in_notice && (line.starts_with(' ') || line.is_empty()) {
            in_notice = !line.is_empty();
            continue;
        }
        in_notice = false;
        kept.push(line);
    }
    kept.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stages() -> Vec<BuildStage> {
        [
            ("05-trust.sh", "/bin/sh", "trusting"),
            ("10-apt.sh", "/bin/bash", "installing 1 apt package: sl"),
        ]
        .into_iter()
        .map(|(file, shell, what)| BuildStage {
            instruction: format!(r#"RUN ["{shell}", "/usr/local/lib/vm/provision/{file}"]"#),
            description: what.to_owned(),
        })
        .collect()
    }

    fn started(lines: &str) -> Vec<String> {
        let stages = stages();
        let mut watch = StageWatch::new(&stages);
        lines
            .lines()
            .filter_map(|line| watch.note(line))
            .map(|activity| activity.to_string())
            .collect()
    }

    #[test]
    fn a_stage_starts_when_docker_runs_its_step() {
        let shown = started(
            "Step 1/8 : FROM vm-base:latest\n ---> 10ecf1210d22\nStep 3/8 : COPY provision/05-trust.sh /x\n \
             ---> 590f2017b1ec\nStep 4/8 : RUN [\"/bin/sh\", \"/usr/local/lib/vm/provision/05-trust.sh\"]\n \
             ---> Running in 95ecb9023bb3\nRemoving intermediate container 95ecb9023bb3\n ---> 454ef8d34a07\n\
             Step 5/8 : ENV A=\"b\"\n ---> Running in 23174807866f\n\
             Step 7/8 : RUN [\"/bin/bash\", \"/usr/local/lib/vm/provision/10-apt.sh\"]\n ---> Running in 104c41a451fa",
        );
        assert_eq!(
            shown,
            [
                "stage 1 of 2: trusting",
                "stage 2 of 2: installing 1 apt package: sl"
            ]
        );
    }

    #[test]
    fn a_stage_docker_takes_from_its_cache_does_not_start() {
        let shown = started(
            "Step 4/8 : RUN [\"/bin/sh\", \"/usr/local/lib/vm/provision/05-trust.sh\"]\n ---> Using cache\n \
             ---> 454ef8d34a07\nStep 5/8 : ENV A=\"b\"\n ---> Running in 23174807866f",
        );
        assert_eq!(shown, Vec::<String>::new());
    }

    #[test]
    fn dockers_notice_about_its_legacy_builder_is_left_out() {
        let text = "DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n            \
                    Install the buildx component to build images with BuildKit:\n            \
                    https://docs.docker.com/go/buildx/\n\nSending build context to Docker daemon  2.048kB\n\
                    Step 1/2 : FROM vm-base:latest\n\nThe command returned a non-zero code: 100";
        assert_eq!(
            without_builder_notice(text),
            "Sending build context to Docker daemon  2.048kB\nStep 1/2 : FROM vm-base:latest\n\n\
             The command returned a non-zero code: 100"
        );
    }
}
