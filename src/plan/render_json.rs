use serde::Serialize;
use serde_json::{Value, json};

use super::Plan;

/// The version of the JSON plan's shape; it changes only when a field changes meaning or goes away.
pub const PLAN_FORMAT_VERSION: u32 = 1;

/// A plan for machines: the same content as the text, with exact host paths, and the warnings the text shows on
/// standard error.
pub fn render_json(plan: &Plan, warnings: &[impl Serialize]) -> String {
    let changes: Vec<Value> = plan
        .changes
        .iter()
        .map(|change| {
            json!({
                "resource": change.resource,
                "action": change.action,
                "reason": {
                    "detail": change.reason,
                    "message": change.reason.to_string(),
                },
                "attributes": change.attributes,
            })
        })
        .collect();
    let document = json!({
        "format_version": PLAN_FORMAT_VERSION,
        "has_changes": plan.has_changes(),
        "changes": changes,
        "summary": plan.summary(),
        "warnings": warnings,
    });
    let mut text = serde_json::to_string_pretty(&document).expect("a plan is valid JSON");
    text.push('\n');
    text
}
