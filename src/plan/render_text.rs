use std::fmt::Write;
use std::path::Path;

use super::{Action, AttributeChange, Change, Plan, Reason};

/// A plan as people read it: Terraform's marks (`+ ~ - -/+`), attribute by attribute, the reason for every replacement, a summary.
/// Host paths under `home` are shown as `~/...`.
pub fn render_text(plan: &Plan, home: &Path) -> String {
    if !plan.has_changes() {
        return "No changes. The machine matches vm.json.\n".to_owned();
    }
    let mut out = String::from("vm will perform the following actions:\n");
    for change in &plan.changes {
        if change.action != Action::NoOp {
            out.push('\n');
            render_change(&mut out, change, home);
        }
    }
    let summary = plan.summary();
    let _ = writeln!(
        out,
        "\nPlan: {} to add, {} to change, {} to destroy.",
        summary.add, summary.change, summary.destroy
    );
    out
}

fn render_change(out: &mut String, change: &Change, home: &Path) {
    let _ = writeln!(
        out,
        "  # {} {}",
        change.resource,
        change.action.future_tense()
    );
    if !matches!(change.reason, Reason::Absent | Reason::DestroyRequested) {
        let _ = writeln!(out, "  # ({})", change.reason);
    }
    let _ = writeln!(out, "{:>3} {} {{", change.action.symbol(), change.resource);
    let shown: Vec<&AttributeChange> = change
        .attributes
        .iter()
        .filter(|attribute| attribute.is_change() || change.action == Action::Keep)
        .collect();
    let width = shown
        .iter()
        .map(|attribute| attribute.name.len())
        .max()
        .unwrap_or(0);
    for attribute in &shown {
        render_attribute(out, attribute, width, home);
    }
    let hidden = change.attributes.len() - shown.len();
    if hidden > 0 {
        let plural = if hidden == 1 { "" } else { "s" };
        let _ = writeln!(
            out,
            "        # ({hidden} unchanged attribute{plural} hidden)"
        );
    }
    out.push_str("    }\n");
}

fn render_attribute(out: &mut String, attribute: &AttributeChange, width: usize, home: &Path) {
    let name = &attribute.name;
    let shown = |value: &str| {
        if is_host_path(name) {
            format!("{:?}", tilde(value, home))
        } else {
            format!("{value:?}")
        }
    };
    let line = match (&attribute.before, &attribute.after) {
        (None, Some(after)) => format!("      + {name:width$} = {}", shown(after)),
        (Some(before), None) => format!("      - {name:width$} = {}", shown(before)),
        (Some(before), Some(after)) if before != after => {
            format!(
                "      ~ {name:width$} = {} -> {}",
                shown(before),
                shown(after)
            )
        }
        (Some(value), Some(_)) => format!("        {name:width$} = {}", shown(value)),
        (None, None) => return,
    };
    out.push_str(&line);
    if attribute.forces_replacement {
        out.push_str(" # forces replacement");
    }
    out.push('\n');
}

/// Attributes whose values are host paths; values inside the machine keep their exact text.
fn is_host_path(name: &str) -> bool {
    matches!(name, "path" | "source")
        || name.starts_with("mounts.")
        || name.starts_with("synced_folders.")
}

fn tilde(value: &str, home: &Path) -> String {
    let home = home.to_string_lossy();
    match value.strip_prefix(home.as_ref()) {
        Some("") => "~".to_owned(),
        Some(rest) if rest.starts_with('/') && home != "/" => format!("~{rest}"),
        _ => value.to_owned(),
    }
}
