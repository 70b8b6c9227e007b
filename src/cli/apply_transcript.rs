//! What apply shows, decided from its events and the time alone (no terminal, no clock of its own), so that every
//! line can be checked in a test: one line per step, and per part of a step; off a terminal, Terraform's
//! `Still creating... [10s elapsed]` every 10 s of a step; on a terminal, what a spinner line shows instead.

use std::time::{Duration, Instant};

use crate::engine::ApplyEvent;
use crate::graph::ResourceId;
use crate::plan::{Action, PlanKind};
use crate::provider::Activity;

/// Off a terminal, how often a running step says it still runs.
pub const REMINDER_EVERY: Duration = Duration::from_secs(10);

/// The lines of one apply, as its events come.
#[derive(Debug)]
pub struct ApplyTranscript {
    on_terminal: bool,
    running: Option<RunningStep>,
}

#[derive(Debug)]
struct RunningStep {
    resource: ResourceId,
    action: Action,
    started: Instant,
    /// The `Still creating...` lines given so far.
    reminders: u32,
    /// What it does now, since when.
    activity: Option<(Activity, Instant)>,
}

/// What a spinner line shows on a terminal: the running step, what it does now, and since when it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpinnerLine {
    pub resource: ResourceId,
    pub message: String,
    pub started: Instant,
}

impl ApplyTranscript {
    /// Lines for a terminal, where a spinner line shows the running part of a step and a part's line comes when
    /// it is over, with how long it took; or for a log, where a part's line comes when it starts.
    pub fn new(on_terminal: bool) -> ApplyTranscript {
        ApplyTranscript {
            on_terminal,
            running: None,
        }
    }

    /// The lines `event`, come at `now`, adds.
    pub fn event(&mut self, event: &ApplyEvent, now: Instant) -> Vec<String> {
        match event {
            ApplyEvent::Started { resource, action } => {
                let mut lines = self.end_step(now);
                self.running = Some(RunningStep {
                    resource: resource.clone(),
                    action: *action,
                    started: now,
                    reminders: 0,
                    activity: None,
                });
                lines.push(format!("{resource}: {}...", action.progressive()));
                lines
            }
            ApplyEvent::Doing { resource, activity } => {
                let mut lines = self.end_activity(now);
                if !self.on_terminal {
                    lines.push(format!("{resource}: {activity}"));
                }
                if let Some(step) = self.running.as_mut() {
                    step.activity = Some((activity.clone(), now));
                }
                lines
            }
            ApplyEvent::Finished {
                resource,
                action,
                elapsed,
            } => {
                let mut lines = self.end_step(now);
                lines.push(format!(
                    "{resource}: {} in {:.1}s",
                    action.past_tense(),
                    elapsed.as_secs_f64()
                ));
                lines
            }
            ApplyEvent::Kept { resource, reason } => vec![format!("{resource}: kept ({reason})")],
            ApplyEvent::Completed { kind, summary } => {
                let mut lines = self.end_step(now);
                lines.push(String::new());
                lines.push(match kind {
                    PlanKind::Apply => format!(
                        "Apply complete! Resources: {} added, {} changed, {} destroyed.",
                        summary.add, summary.change, summary.destroy
                    ),
                    PlanKind::Destroy => {
                        format!(
                            "Destroy complete! Resources: {} destroyed.",
                            summary.destroy
                        )
                    }
                });
                lines
            }
            ApplyEvent::Interrupted {
                kind,
                done,
                not_done,
            } => {
                let mut lines = self.end_step(now);
                lines.push(String::new());
                lines.push(format!(
                    "{} interrupted: {} of {} changes done.",
                    capitalized(kind.command()),
                    done.len(),
                    done.len() + not_done.len(),
                ));
                lines.push(format!("  done:     {}", ApplyEvent::list(done)));
                lines.push(format!("  not done: {}", ApplyEvent::list(not_done)));
                lines
            }
        }
    }

    /// The lines due at `now` when no event came: off a terminal, `Still creating... [20s elapsed]` for each 10 s
    /// the running step has run since its last such line.
    pub fn tick(&mut self, now: Instant) -> Vec<String> {
        let Some(step) = self.running.as_mut().filter(|_| !self.on_terminal) else {
            return Vec::new();
        };
        let elapsed = now.saturating_duration_since(step.started);
        let due = u32::try_from(elapsed.as_secs() / REMINDER_EVERY.as_secs()).unwrap_or(u32::MAX);
        if due <= step.reminders {
            return Vec::new();
        }
        step.reminders = due;
        vec![format!(
            "{}: Still {}... [{} elapsed]",
            step.resource,
            step.action.progressive().to_lowercase(),
            clock(REMINDER_EVERY * due)
        )]
    }

    /// The lines of a step left unfinished at `now` (its change failed): on a terminal, the part it was doing.
    pub fn abandoned(&mut self, now: Instant) -> Vec<String> {
        self.end_step(now)
    }

    /// What the spinner line shows now, on a terminal: nothing between steps.
    pub fn spinner_line(&self) -> Option<SpinnerLine> {
        let step = self.running.as_ref()?;
        Some(SpinnerLine {
            resource: step.resource.clone(),
            message: match &step.activity {
                Some((activity, _)) => activity.to_string(),
                None => format!("{}...", step.action.progressive()),
            },
            started: step.started,
        })
    }

    fn end_step(&mut self, now: Instant) -> Vec<String> {
        let lines = self.end_activity(now);
        self.running = None;
        lines
    }

    /// On a terminal, the line of the part of the step that is over, with how long it took.
    fn end_activity(&mut self, now: Instant) -> Vec<String> {
        let Some(step) = self.running.as_mut() else {
            return Vec::new();
        };
        match step.activity.take() {
            Some((activity, since)) if self.on_terminal => vec![format!(
                "{}: {activity} ({})",
                step.resource,
                took(now.saturating_duration_since(since))
            )],
            _ => Vec::new(),
        }
    }
}

/// As Terraform shows a time: `45s`, `1m10s`, `1h2m0s`; whole seconds.
pub fn clock(duration: Duration) -> String {
    let seconds = duration.as_secs();
    let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    match (hours, minutes) {
        (0, 0) => format!("{seconds}s"),
        (0, _) => format!("{minutes}m{seconds}s"),
        _ => format!("{hours}h{minutes}m{seconds}s"),
    }
}

/// How long a part of a step took: tenths of a second where it was short, as a step's own line has them.
fn took(duration: Duration) -> String {
    if duration < Duration::from_secs(10) {
        format!("{:.1}s", duration.as_secs_f64())
    } else {
        clock(duration)
    }
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::ResourceKind;
    use crate::plan::Summary;
    use crate::provider::StagePlace;

    fn image() -> ResourceId {
        ResourceId::new(ResourceKind::DockerImage, "app")
    }

    fn stage(number: usize, what: &str) -> ApplyEvent {
        ApplyEvent::Doing {
            resource: image(),
            activity: Activity {
                what: what.to_owned(),
                stage: Some(StagePlace { number, count: 2 }),
            },
        }
    }

    /// The lines of an image build of two stages, the second 25 s long, with a tick every second (as the display's
    /// ticker gives them) from the start to the end of the step.
    fn build(on_terminal: bool) -> Vec<String> {
        let start = Instant::now();
        let at = |seconds: u64| start + Duration::from_secs(seconds);
        let mut transcript = ApplyTranscript::new(on_terminal);
        let mut lines = transcript.event(
            &ApplyEvent::Started {
                resource: image(),
                action: Action::Create,
            },
            at(0),
        );
        let events = [
            (
                1,
                stage(1, "trusting the host's 1 certificate authority: a.crt"),
            ),
            (
                3,
                stage(2, "installing 3 apt packages: build-essential, cmatrix, sl"),
            ),
            (
                28,
                ApplyEvent::Finished {
                    resource: image(),
                    action: Action::Create,
                    elapsed: Duration::from_millis(28_400),
                },
            ),
        ];
        let mut second = 0;
        for (time, event) in events {
            while second < time {
                second += 1;
                lines.extend(transcript.tick(at(second)));
            }
            lines.extend(transcript.event(&event, at(time)));
        }
        lines.extend(transcript.event(
            &ApplyEvent::Completed {
                kind: PlanKind::Apply,
                summary: Summary {
                    add: 1,
                    change: 0,
                    destroy: 0,
                },
            },
            at(28),
        ));
        lines
    }

    #[test]
    fn off_a_terminal_each_part_has_its_line_and_a_step_says_every_10_s_that_it_still_runs() {
        assert_eq!(
            build(false),
            [
                "docker_image.app: Creating...",
                "docker_image.app: stage 1 of 2: trusting the host's 1 certificate authority: a.crt",
                "docker_image.app: stage 2 of 2: installing 3 apt packages: build-essential, cmatrix, sl",
                "docker_image.app: Still creating... [10s elapsed]",
                "docker_image.app: Still creating... [20s elapsed]",
                "docker_image.app: Created in 28.4s",
                "",
                "Apply complete! Resources: 1 added, 0 changed, 0 destroyed.",
            ]
        );
    }

    #[test]
    fn on_a_terminal_each_part_has_its_line_when_it_is_over_with_how_long_it_took() {
        assert_eq!(
            build(true),
            [
                "docker_image.app: Creating...",
                "docker_image.app: stage 1 of 2: trusting the host's 1 certificate authority: a.crt (2.0s)",
                "docker_image.app: stage 2 of 2: installing 3 apt packages: build-essential, cmatrix, sl (25s)",
                "docker_image.app: Created in 28.4s",
                "",
                "Apply complete! Resources: 1 added, 0 changed, 0 destroyed.",
            ]
        );
    }

    #[test]
    fn a_late_tick_says_the_time_once_and_the_next_ten_seconds_later() {
        let start = Instant::now();
        let mut transcript = ApplyTranscript::new(false);
        transcript.event(
            &ApplyEvent::Started {
                resource: ResourceId::new(ResourceKind::Service, "redis"),
                action: Action::Update,
            },
            start,
        );
        assert_eq!(
            transcript.tick(start + Duration::from_secs(9)),
            Vec::<String>::new()
        );
        assert_eq!(
            transcript.tick(start + Duration::from_secs(75)),
            ["service.redis: Still updating... [1m10s elapsed]"]
        );
        assert_eq!(
            transcript.tick(start + Duration::from_secs(79)),
            Vec::<String>::new()
        );
        assert_eq!(
            transcript.tick(start + Duration::from_secs(80)),
            ["service.redis: Still updating... [1m20s elapsed]"]
        );
    }

    #[test]
    fn nothing_is_said_between_steps_and_the_spinner_shows_the_running_part() {
        let start = Instant::now();
        let mut transcript = ApplyTranscript::new(true);
        assert_eq!(
            transcript.tick(start + Duration::from_secs(30)),
            Vec::<String>::new()
        );
        assert_eq!(transcript.spinner_line(), None);
        transcript.event(
            &ApplyEvent::Started {
                resource: image(),
                action: Action::Create,
            },
            start,
        );
        assert_eq!(
            transcript.spinner_line().map(|line| line.message),
            Some("Creating...".to_owned())
        );
        transcript.event(&stage(2, "installing 1 apt package: sl"), start);
        assert_eq!(
            transcript.spinner_line(),
            Some(SpinnerLine {
                resource: image(),
                message: "stage 2 of 2: installing 1 apt package: sl".to_owned(),
                started: start,
            })
        );
        assert_eq!(
            transcript.tick(start + Duration::from_secs(30)),
            Vec::<String>::new(),
            "the spinner shows the time"
        );
        assert_eq!(
            transcript.abandoned(start + Duration::from_secs(61)),
            ["docker_image.app: stage 2 of 2: installing 1 apt package: sl (1m1s)"]
        );
        assert_eq!(transcript.spinner_line(), None);
    }

    #[test]
    fn an_interrupt_says_what_was_done_and_what_was_not() {
        let mut transcript = ApplyTranscript::new(false);
        let lines = transcript.event(
            &ApplyEvent::Interrupted {
                kind: PlanKind::Apply,
                done: vec![],
                not_done: vec![image()],
            },
            Instant::now(),
        );
        assert_eq!(
            lines,
            [
                "",
                "Apply interrupted: 0 of 1 changes done.",
                "  done:     none",
                "  not done: docker_image.app",
            ]
        );
    }

    #[test]
    fn times_read_as_terraforms() {
        assert_eq!(clock(Duration::from_millis(9_900)), "9s");
        assert_eq!(clock(Duration::from_secs(70)), "1m10s");
        assert_eq!(clock(Duration::from_secs(3720)), "1h2m0s");
    }
}
