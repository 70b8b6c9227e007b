use std::time::Duration;

use crate::graph::ResourceId;
use crate::plan::{Action, PlanKind, Reason, Summary};
use crate::provider::Activity;

/// What apply reports as it goes, for the caller to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplyEvent {
    /// A change has started.
    Started {
        resource: ResourceId,
        action: Action,
    },
    /// A change goes on to a part that may take a while (a stage of an image build, the wait for a service). The
    /// tools' own output is not an event: it goes to the apply's log.
    Doing {
        resource: ResourceId,
        activity: Activity,
    },
    /// A change is done.
    Finished {
        resource: ResourceId,
        action: Action,
        elapsed: Duration,
    },
    /// Left in place on purpose (host data on destroy).
    Kept {
        resource: ResourceId,
        reason: Reason,
    },
    /// Every change is done.
    Completed { kind: PlanKind, summary: Summary },
    /// A signal stopped the apply: the changes `done`, and those `not_done` (the one that was running among them,
    /// unless it finished), which the next plan shows again.
    Interrupted {
        kind: PlanKind,
        done: Vec<ResourceId>,
        not_done: Vec<ResourceId>,
    },
}

impl ApplyEvent {
    /// Resources as one line, `none` for no resource.
    pub fn list(resources: &[ResourceId]) -> String {
        if resources.is_empty() {
            return "none".to_owned();
        }
        let names: Vec<String> = resources.iter().map(ToString::to_string).collect();
        names.join(", ")
    }
}
