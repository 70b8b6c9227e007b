//! Apply: carry out a plan in graph order, reporting each step as it happens.

use std::time::Instant;

use crate::engine::ApplyEvent;
use crate::error::Error;
use crate::graph::{Resource, ResourceGraph};
use crate::plan::{Action, Change, Plan, PlanKind, Summary};
use crate::provider::Providers;

/// Carries out every change of `plan`, in order, and stops at the first failure: what is done stays done,
/// and the next plan shows what is left.
pub fn apply(
    plan: &Plan,
    kind: PlanKind,
    graph: &ResourceGraph,
    providers: &Providers,
    on_event: &mut dyn FnMut(ApplyEvent),
) -> Result<Summary, Error> {
    for change in &plan.changes {
        let resource = graph.get(&change.resource);
        if change.action == Action::Keep {
            on_event(ApplyEvent::Kept {
                resource: change.resource.clone(),
                reason: change.reason.clone(),
            });
            continue;
        }
        // A mount is made and removed with its machine; announcing it separately would say something that is not happening yet.
        if !change.action.changes_anything() || change.resource.kind.part_of_machine() {
            execute(providers, change, resource, on_event)?;
            continue;
        }
        on_event(ApplyEvent::Started {
            resource: change.resource.clone(),
            action: change.action,
        });
        let started = Instant::now();
        execute(providers, change, resource, on_event)?;
        on_event(ApplyEvent::Finished {
            resource: change.resource.clone(),
            action: change.action,
            elapsed: started.elapsed(),
        });
    }
    let summary = plan.summary();
    on_event(ApplyEvent::Completed { kind, summary });
    Ok(summary)
}

/// Carries out one change, its provider's output lines reported as progress of that change.
fn execute(
    providers: &Providers,
    change: &Change,
    resource: Option<&Resource>,
    on_event: &mut dyn FnMut(ApplyEvent),
) -> Result<(), Error> {
    providers
        .execute(change, resource, &mut |line: &str| {
            on_event(ApplyEvent::Progress {
                resource: change.resource.clone(),
                line: line.to_owned(),
            })
        })
        .map_err(|cause| Error::Change {
            resource: change.resource.clone(),
            action: change.action,
            cause,
        })
}
