//! Apply: carry out a plan in graph order, saying what happens as it happens.

use std::io::Write;
use std::time::Instant;

use crate::error::Error;
use crate::graph::{ResourceGraph, ResourceKind};
use crate::plan::{Action, Plan, PlanKind};
use crate::provider::Providers;

/// Carries out every change of `plan`, in order, and stops at the first failure: what is done stays done,
/// and the next plan shows what is left.
pub fn apply(
    plan: &Plan,
    kind: PlanKind,
    graph: &ResourceGraph,
    providers: &Providers,
    progress: &mut dyn Write,
) -> Result<(), Error> {
    for change in &plan.changes {
        let resource = graph.get(&change.resource);
        if change.action == Action::Keep {
            let _ = writeln!(progress, "{}: kept ({})", change.resource, change.reason);
            continue;
        }
        // A mount is made and removed with its machine; announcing it separately would say something that is not happening yet.
        if !change.action.changes_anything() || change.resource.kind == ResourceKind::Mount {
            providers.execute(change, resource)?;
            continue;
        }
        let _ = writeln!(
            progress,
            "{}: {}...",
            change.resource,
            change.action.progressive()
        );
        let started = Instant::now();
        providers.execute(change, resource)?;
        let _ = writeln!(
            progress,
            "{}: {} in {:.1}s",
            change.resource,
            change.action.past_tense(),
            started.elapsed().as_secs_f64()
        );
    }
    let summary = plan.summary();
    let _ = match kind {
        PlanKind::Apply => writeln!(
            progress,
            "\nApply complete! Resources: {} added, {} changed, {} destroyed.",
            summary.add, summary.change, summary.destroy
        ),
        PlanKind::Destroy => writeln!(
            progress,
            "\nDestroy complete! Resources: {} destroyed.",
            summary.destroy
        ),
    };
    Ok(())
}
