use serde::Serialize;

use super::{Differences, SyncPlan, SyncSummary};

/// The version of the JSON shapes below; it changes only when a field changes meaning or goes away.
pub const SYNC_FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct PlanDocument<'a> {
    format_version: u32,
    has_changes: bool,
    #[serde(flatten)]
    plan: &'a SyncPlan,
    summary: SyncSummary,
}

#[derive(Serialize)]
struct DifferencesDocument<'a> {
    format_version: u32,
    #[serde(flatten)]
    differences: &'a Differences,
}

/// A sync plan for machines: every field of [`SyncPlan`], with `format_version`, `has_changes` and the summary.
pub fn render_sync_plan_json(plan: &SyncPlan) -> String {
    pretty(&PlanDocument {
        format_version: SYNC_FORMAT_VERSION,
        has_changes: plan.has_changes(),
        plan,
        summary: plan.summary(),
    })
}

/// `vm status` for machines: every field of [`Differences`], with `format_version`.
pub fn render_differences_json(differences: &Differences) -> String {
    pretty(&DifferencesDocument {
        format_version: SYNC_FORMAT_VERSION,
        differences,
    })
}

fn pretty(document: &impl Serialize) -> String {
    let mut text = serde_json::to_string_pretty(document).expect("plain data is valid JSON");
    text.push('\n');
    text
}
