use std::borrow::Cow;
use std::fmt::Write;

use super::{Differences, Direction, PathChange, SyncPlan, conflict_copy_path};

/// A path as a plan line shows it: as it is, unless it holds a control character (a newline would forge a line,
/// an escape sequence would paint the terminal); then quoted, with escapes.
pub fn shown_path(path: &str) -> Cow<'_, str> {
    if path.chars().any(char::is_control) {
        Cow::Owned(format!("{path:?}"))
    } else {
        Cow::Borrowed(path)
    }
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// A sync plan as people read it: a line per file (`+` add, `~` change, `-` delete, `!` conflict), then the summary,
/// then what is left as it is and why.
pub fn render_sync_plan(plan: &SyncPlan) -> String {
    let direction = plan.direction;
    let mut out = String::new();
    if !plan.has_changes() && plan.conflicts.is_empty() {
        let same = plural(plan.unchanged, "file is", "files are");
        writeln!(
            out,
            "{direction}: no changes; {same} the same on both sides."
        )
        .unwrap();
    } else {
        let marked = [("+", &plan.add), ("~", &plan.change), ("-", &plan.delete)];
        let mut lines: Vec<(&str, String)> = marked
            .into_iter()
            .flat_map(|(mark, paths)| {
                paths
                    .iter()
                    .map(move |path| (path.as_str(), format!("{mark} {}", shown_path(path))))
            })
            .chain(plan.conflicts.iter().map(|conflict| {
                (
                    conflict.path.as_str(),
                    format!("! {} ({conflict})", shown_path(&conflict.path)),
                )
            }))
            .collect();
        lines.sort();
        for (_, line) in lines {
            writeln!(out, "{line}").unwrap();
        }
        let summary = plan.summary();
        writeln!(
            out,
            "\n{direction}: {} to add, {} to change, {} to delete, {}.",
            summary.add,
            summary.change,
            summary.delete,
            plural(summary.conflicts, "conflict", "conflicts")
        )
        .unwrap();
        if plan.copy_size.files > 0 {
            writeln!(out, "Copies {}.", plan.copy_size).unwrap();
        }
    }
    if !plan.conflicts.is_empty() {
        let kept = match direction {
            Direction::Push => "Conflicting files are left as they are on both sides.".to_owned(),
            Direction::Pull => format!(
                "Conflicting files are left as they are here; the machine's version of each is saved as {}.",
                conflict_copy_path("PATH")
            ),
        };
        writeln!(out, "{kept}").unwrap();
    }
    if !plan.changed_at_destination.is_empty() {
        let destination = match direction {
            Direction::Push => "on the machine",
            Direction::Pull => "locally",
        };
        writeln!(
            out,
            "{} changed {destination} since the last transfer {} left as {}: `{}` carries {}.",
            plural(plan.changed_at_destination.len(), "file", "files"),
            if plan.changed_at_destination.len() == 1 {
                "is"
            } else {
                "are"
            },
            if plan.changed_at_destination.len() == 1 {
                "it is"
            } else {
                "they are"
            },
            direction.opposite_command(),
            if plan.changed_at_destination.len() == 1 {
                "it"
            } else {
                "them"
            },
        )
        .unwrap();
    }
    out
}

/// Where the two sides differ, for `vm status`: each side's changes under the command that carries them, then the
/// conflicts, then a summary.
pub fn render_differences(found: &Differences) -> String {
    if found.is_empty() {
        return format!(
            "In sync: {} the same in the project directory and on the machine.\n",
            plural(found.in_sync, "file is", "files are")
        );
    }
    let mut out = String::new();
    let side = |out: &mut String, heading: &str, changes: &[PathChange]| {
        if changes.is_empty() {
            return;
        }
        writeln!(out, "{heading}").unwrap();
        for change in changes {
            writeln!(
                out,
                "  {} {}",
                change.change.symbol(),
                shown_path(&change.path)
            )
            .unwrap();
        }
    };
    side(
        &mut out,
        "Changed locally (`vm push` carries them):",
        &found.local,
    );
    side(
        &mut out,
        "Changed on the machine (`vm pull` brings them):",
        &found.remote,
    );
    if !found.conflicts.is_empty() {
        writeln!(out, "Conflicts (neither command overwrites them):").unwrap();
        for conflict in &found.conflicts {
            writeln!(out, "  ! {} ({conflict})", shown_path(&conflict.path)).unwrap();
        }
    }
    writeln!(
        out,
        "\nStatus: {} changed locally, {} changed on the machine, {}; {} the same on both sides.",
        found.local.len(),
        found.remote.len(),
        plural(found.conflicts.len(), "conflict", "conflicts"),
        plural(found.in_sync, "file", "files"),
    )
    .unwrap();
    out
}

#[cfg(test)]
#[path = "render_tests.rs"]
mod tests;
