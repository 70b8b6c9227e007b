//! Apply: carry out a plan in graph order, reporting each step as it happens.

use std::time::Instant;

use crate::engine::{ApplyEvent, ApplyLog};
use crate::error::Error;
use crate::graph::{Resource, ResourceGraph, ResourceId};
use crate::interrupt::{Interrupt, InterruptPolicy};
use crate::plan::{Action, Change, Plan, PlanKind, Summary};
use crate::provider::{ProviderError, Providers, StepProgress};

/// The providers and the graph a plan is carried out with, and the log their tools' output goes to.
struct Applying<'a> {
    graph: &'a ResourceGraph,
    providers: &'a Providers,
    log: &'a mut ApplyLog,
}

/// Carries out every change of `plan`, in order, and stops at the first failure: what is done stays done,
/// and the next plan shows what is left. What the providers' tools print goes to `log`.
pub fn apply(
    plan: &Plan,
    kind: PlanKind,
    graph: &ResourceGraph,
    providers: &Providers,
    log: &mut ApplyLog,
    on_event: &mut dyn FnMut(ApplyEvent),
) -> Result<Summary, Error> {
    let mut applying = Applying {
        graph,
        providers,
        log,
    };
    // While a change is being made, a signal lets it finish (or stops it cleanly) instead of ending vm halfway.
    let _finish_step = Interrupt::policy_while(InterruptPolicy::FinishStep);
    let mut done = Vec::new();
    for (index, change) in plan.changes.iter().enumerate() {
        if Interrupt::requested() {
            return Err(interrupted(plan, kind, &done, index, on_event));
        }
        if let Err(error) = applying.apply_change(change, &mut done, on_event) {
            // A step that failed because an interrupt stopped it (or while one arrived) is the interrupt.
            return Err(if Interrupt::requested() {
                interrupted(plan, kind, &done, index, on_event)
            } else {
                error
            });
        }
    }
    let summary = plan.summary();
    on_event(ApplyEvent::Completed { kind, summary });
    Ok(summary)
}

impl Applying<'_> {
    /// Carries out one change, announcing it, and adds it to `done` when it is a step of its own.
    fn apply_change(
        &mut self,
        change: &Change,
        done: &mut Vec<ResourceId>,
        on_event: &mut dyn FnMut(ApplyEvent),
    ) -> Result<(), Error> {
        let resource = self.graph.get(&change.resource);
        if change.action == Action::Keep {
            on_event(ApplyEvent::Kept {
                resource: change.resource.clone(),
                reason: change.reason.clone(),
            });
            return Ok(());
        }
        // A mount is made and removed with its machine; announcing it separately would say something that is not happening yet.
        if !change.action.changes_anything() || change.resource.kind.part_of_machine() {
            return self.execute(change, resource, on_event);
        }
        Interrupt::step_started(&change.resource.to_string());
        on_event(ApplyEvent::Started {
            resource: change.resource.clone(),
            action: change.action,
        });
        let started = Instant::now();
        self.execute(change, resource, on_event)?;
        done.push(change.resource.clone());
        on_event(ApplyEvent::Finished {
            resource: change.resource.clone(),
            action: change.action,
            elapsed: started.elapsed(),
        });
        Ok(())
    }

    /// Carries out one change: what its provider is doing is reported as events, what its tools print goes to
    /// the log, which a failure names.
    fn execute(
        &mut self,
        change: &Change,
        resource: Option<&Resource>,
        on_event: &mut dyn FnMut(ApplyEvent),
    ) -> Result<(), Error> {
        let log = &mut *self.log;
        log.step(&change.resource, change.action);
        let executed = self
            .providers
            .execute(change, resource, &mut |progress| match progress {
                StepProgress::Doing(activity) => {
                    log.activity(&activity);
                    on_event(ApplyEvent::Doing {
                        resource: change.resource.clone(),
                        activity,
                    });
                }
                StepProgress::Output(line) => log.output(line),
            });
        executed.map_err(|cause| {
            // An interrupted step is no failure to look into.
            let stopped =
                matches!(cause, ProviderError::Interrupted { .. }) || Interrupt::requested();
            Error::Change {
                resource: change.resource.clone(),
                action: change.action,
                log: if stopped {
                    None
                } else {
                    log.keep_for_failed_step()
                },
                cause: Box::new(cause),
            }
        })
    }
}

/// Reports what was done and what was not, as Terraform does when it stops: the changes from `index` on were
/// not made (or not finished); the next plan shows them again.
fn interrupted(
    plan: &Plan,
    kind: PlanKind,
    done: &[ResourceId],
    index: usize,
    on_event: &mut dyn FnMut(ApplyEvent),
) -> Error {
    let not_done: Vec<ResourceId> = plan.changes[index..]
        .iter()
        .filter(|change| {
            change.action.changes_anything() && !change.resource.kind.part_of_machine()
        })
        .map(|change| change.resource.clone())
        .collect();
    on_event(ApplyEvent::Interrupted {
        kind,
        done: done.to_vec(),
        not_done,
    });
    Error::Interrupted(crate::engine::ApplyInterrupted {
        command: kind.command(),
    })
}
