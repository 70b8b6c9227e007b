use std::fmt::Write;
use std::path::Path;

use anstyle::{AnsiColor, Style};

use super::{Action, AttributeChange, Change, Plan, Reason};
use crate::state::AttributeName;

/// A plan as people read it: Terraform's marks (`+ ~ - -/+`), attribute by attribute, the reason for every replacement, a summary.
/// Host paths under `home` are shown as `~/...`.
pub fn render_text(plan: &Plan, home: &Path) -> String {
    render(plan, home, false)
}

/// The same text with Terraform's colours, for a terminal; the writer strips them where colour is not wanted (`anstream`).
pub fn render_text_styled(plan: &Plan, home: &Path) -> String {
    render(plan, home, true)
}

/// Paints text in a style, or leaves it plain.
#[derive(Clone, Copy)]
struct Palette {
    styled: bool,
}

impl Palette {
    fn paint(self, style: Style, text: &str) -> String {
        if self.styled {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    }

    fn action(self, action: Action) -> String {
        let color = match action {
            Action::Create => AnsiColor::Green,
            Action::Update => AnsiColor::Yellow,
            Action::Delete | Action::Replace => AnsiColor::Red,
            Action::NoOp | Action::Keep => return action.symbol().to_owned(),
        };
        self.paint(Style::new().fg_color(Some(color.into())), action.symbol())
    }
}

const BOLD: Style = Style::new().bold();

fn render(plan: &Plan, home: &Path, styled: bool) -> String {
    let palette = Palette { styled };
    if !plan.has_changes() {
        // What is kept although vm.json now says otherwise (a newer backup than the one restored) is shown: the
        // plan says why it stays as it is.
        let kept_apart: Vec<&Change> = plan
            .changes
            .iter()
            .filter(|change| change.action == Action::Keep)
            .filter(|change| change.attributes.iter().any(AttributeChange::is_change))
            .collect();
        let headline = if kept_apart.is_empty() {
            "No changes. The machine matches vm.json."
        } else {
            "No changes. The machine matches vm.json, but for what it keeps as it is:"
        };
        let mut out = format!("{}\n", palette.paint(BOLD, headline));
        for change in kept_apart {
            out.push('\n');
            render_change(&mut out, change, home, palette);
        }
        return out;
    }
    let mut out = String::from("vm will perform the following actions:\n");
    for change in &plan.changes {
        if change.action != Action::NoOp {
            out.push('\n');
            render_change(&mut out, change, home, palette);
        }
    }
    let summary = plan.summary();
    let line = format!(
        "Plan: {} to add, {} to change, {} to destroy.",
        summary.add, summary.change, summary.destroy
    );
    let _ = writeln!(out, "\n{}", palette.paint(BOLD, &line));
    out
}

fn render_change(out: &mut String, change: &Change, home: &Path, palette: Palette) {
    let headline = format!("# {} {}", change.resource, change.action.future_tense());
    let _ = writeln!(out, "  {}", palette.paint(BOLD, &headline));
    if !matches!(change.reason, Reason::Absent | Reason::DestroyRequested) {
        let _ = writeln!(out, "  # ({})", change.reason);
    }
    for note in replacement_notes(change) {
        let _ = writeln!(out, "  # {note}");
    }
    let mark = palette.action(change.action);
    let padding = 3usize.saturating_sub(change.action.symbol().len());
    let _ = writeln!(out, "{}{mark} {} {{", " ".repeat(padding), change.resource);
    let shown: Vec<&AttributeChange> = change
        .attributes
        .iter()
        .filter(|attribute| attribute.is_change() || change.action == Action::Keep)
        .collect();
    let width = shown
        .iter()
        .map(|attribute| attribute.name.to_string().len())
        .max()
        .unwrap_or(0);
    for attribute in &shown {
        render_attribute(out, attribute, width, home, palette);
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

/// What replacing a machine keeps and loses, said under its `-/+`: only the workspace, the synced folders and the
/// volumes outlive it; data a machine from before the volumes holds inside moves into them first.
fn replacement_notes(change: &Change) -> Vec<String> {
    if change.action != Action::Replace || !change.resource.kind.is_machine() {
        return Vec::new();
    }
    let kept: Vec<&str> = change
        .attributes
        .iter()
        .filter(|attribute| attribute.after.is_some())
        .filter_map(|attribute| match &attribute.name {
            AttributeName::Mount(target)
            | AttributeName::SyncedFolder(target)
            | AttributeName::Volume(target) => Some(target.as_str()),
            _ => None,
        })
        .collect();
    let mut notes = vec![format!(
        "(replacing it loses what is only inside the machine, such as the user's home and packages installed by hand; kept: {})",
        kept.join(", ")
    )];
    for attribute in &change.attributes {
        if let (AttributeName::Volume(target), None, Some(volume)) =
            (&attribute.name, &attribute.before, &attribute.after)
        {
            notes.push(format!(
                "(the data at {target} is inside the machine, made before its service had a volume: apply moves it into {volume} first)"
            ));
        }
    }
    notes
}

fn render_attribute(
    out: &mut String,
    attribute: &AttributeChange,
    width: usize,
    home: &Path,
    palette: Palette,
) {
    let name = attribute.name.to_string();
    let shown = |value: &str| {
        if attribute.name.is_host_path() {
            format!("{:?}", tilde(value, home))
        } else {
            format!("{value:?}")
        }
    };
    let (action, value) = match (&attribute.before, &attribute.after) {
        (None, Some(after)) => (Some(Action::Create), shown(after)),
        (Some(before), None) => (Some(Action::Delete), shown(before)),
        (Some(before), Some(after)) if before != after => (
            Some(Action::Update),
            format!("{} -> {}", shown(before), shown(after)),
        ),
        (Some(value), Some(_)) => (None, shown(value)),
        (None, None) => return,
    };
    let mark = action.map_or_else(|| " ".to_owned(), |action| palette.action(action));
    let _ = write!(out, "      {mark} {name:width$} = {value}");
    if attribute.forces_replacement {
        let red = Style::new().fg_color(Some(AnsiColor::Red.into()));
        let _ = write!(out, " {}", palette.paint(red, "# forces replacement"));
    }
    out.push('\n');
}

fn tilde(value: &str, home: &Path) -> String {
    let home = home.to_string_lossy();
    match value.strip_prefix(home.as_ref()) {
        Some("") => "~".to_owned(),
        Some(rest) if rest.starts_with('/') && home != "/" => format!("~{rest}"),
        _ => value.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::ResourceId;
    use crate::plan::Change;

    fn replacement() -> Plan {
        Plan {
            changes: vec![Change {
                resource: ResourceId::parse("docker_container.app-dev").unwrap(),
                action: Action::Replace,
                reason: Reason::ForcesReplacement {
                    groups: vec!["image".into()],
                },
                attributes: vec![AttributeChange {
                    name: crate::state::AttributeName::Image,
                    before: Some("a:1".into()),
                    after: Some("b:2".into()),
                    forces_replacement: true,
                }],
            }],
        }
    }

    #[test]
    fn the_styled_text_is_the_plain_text_with_colours() {
        let home = Path::new("/home/dev");
        let styled = render_text_styled(&replacement(), home);
        assert!(styled.contains("\u{1b}[31m-/+\u{1b}[0m"), "{styled:?}");
        assert!(styled.contains("\u{1b}[33m~\u{1b}[0m image"), "{styled:?}");
        assert_eq!(
            anstream::adapter::strip_str(&styled).to_string(),
            render_text(&replacement(), home)
        );
    }
}
