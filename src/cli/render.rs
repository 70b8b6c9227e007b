//! How the commands show what the engine returns: plans, warnings, apply's progress, images removed.

use std::collections::BTreeSet;
use std::io::{IsTerminal, Write};
use std::path::Path;

use anstyle::{AnsiColor, Style};

use crate::engine::{ApplyEvent, LockHolder, RemovalEvent, Warning};
use crate::image_cache::{PrunePlan, render_freed};
use crate::interrupt::InterruptNotice;
use crate::plan::{Plan, PlanKind, render_text_styled};

/// Each warning on standard error, so that standard output stays the command's own.
pub fn show_warnings(warnings: &[Warning]) {
    let yellow = Style::new().bold().fg_color(Some(AnsiColor::Yellow.into()));
    let mut stderr = anstream::stderr();
    for warning in warnings {
        let _ = writeln!(stderr, "{yellow}warning:{yellow:#} {warning}");
    }
}

/// Prints a plan for people; a destroy with nothing to do says so as Terraform does.
pub fn show_plan(plan: &Plan, kind: PlanKind, home: &Path) {
    let text = if kind == PlanKind::Destroy && !plan.has_changes() {
        let bold = Style::new().bold();
        format!("{bold}No objects need to be destroyed.{bold:#}\n")
    } else {
        render_text_styled(plan, home)
    };
    let _ = write!(anstream::stdout(), "{text}");
}

/// One line per step of apply, as it happens, on standard output; the steps' own output on a terminal only.
pub fn show_apply_event(event: ApplyEvent) {
    let mut stdout = std::io::stdout();
    let _ = match event {
        ApplyEvent::Progress { resource, line } => {
            if std::io::stderr().is_terminal() {
                let dim = Style::new().dimmed();
                let _ = writeln!(anstream::stderr(), "{dim}{resource}: {line}{dim:#}");
            }
            Ok(())
        }
        ApplyEvent::Kept { resource, reason } => writeln!(stdout, "{resource}: kept ({reason})"),
        ApplyEvent::Started { resource, action } => {
            writeln!(stdout, "{resource}: {}...", action.progressive())
        }
        ApplyEvent::Finished {
            resource,
            action,
            elapsed,
        } => writeln!(
            stdout,
            "{resource}: {} in {:.1}s",
            action.past_tense(),
            elapsed.as_secs_f64()
        ),
        ApplyEvent::Completed {
            kind: PlanKind::Apply,
            summary,
        } => writeln!(
            stdout,
            "\nApply complete! Resources: {} added, {} changed, {} destroyed.",
            summary.add, summary.change, summary.destroy
        ),
        ApplyEvent::Interrupted {
            kind,
            done,
            not_done,
        } => writeln!(
            stdout,
            "\n{} interrupted: {} of {} changes done.\n  done:     {}\n  not done: {}",
            capitalized(kind.command()),
            done.len(),
            done.len() + not_done.len(),
            ApplyEvent::list(&done),
            ApplyEvent::list(&not_done)
        ),
        ApplyEvent::Completed {
            kind: PlanKind::Destroy,
            summary,
        } => writeln!(
            stdout,
            "\nDestroy complete! Resources: {} destroyed.",
            summary.destroy
        ),
    };
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// One line per image `vm prune` or `vm destroy --images` removes, as it happens, on standard output.
pub fn show_removal_event(event: RemovalEvent) {
    match event {
        RemovalEvent::Started { image } => println!("{image}: Removing..."),
        RemovalEvent::Removed { image, elapsed } => {
            println!("{image}: Removed in {:.1}s", elapsed.as_secs_f64())
        }
        RemovalEvent::Kept { image, why } => println!("{image}: kept ({why})"),
    }
}

/// The last line of a removal of images: how many of `plan`'s images went (`removed`, by id), and what that freed.
pub fn show_removed(what: &str, plan: &PrunePlan, removed: &BTreeSet<String>) {
    let ids: BTreeSet<&str> = removed.iter().map(String::as_str).collect();
    let freed = plan.freed_by_removing(&ids);
    println!(
        "\n{what} {} removed, {} freed.",
        match removed.len() {
            1 => "1 image".to_owned(),
            count => format!("{count} images"),
        },
        render_freed(freed)
    );
}

/// What vm says when a signal arrives, on standard error: the signal thread calls it, whatever else is printing.
pub fn show_interrupt_notice(notice: &InterruptNotice) {
    let step = |step: &Option<String>| {
        step.clone()
            .unwrap_or_else(|| "the running step".to_owned())
    };
    let line = match notice {
        InterruptNotice::Stopping { step: running } => format!(
            "Interrupt received: stopping after {} (Ctrl-C again to stop now)",
            step(running)
        ),
        InterruptNotice::StoppingNow { step: running } => {
            format!("Interrupt received again: stopping {} now", step(running))
        }
        InterruptNotice::Exiting => "Interrupted.".to_owned(),
    };
    let _ = writeln!(std::io::stderr(), "\n{line}");
}

/// The line shown while a command waits for another one's lock on the project (`--lock-timeout`).
pub fn show_lock_wait(dir: &Path, holder: Option<&LockHolder>, timeout: std::time::Duration) {
    let holder = match holder {
        Some(holder) => format!(", held by {}", holder.describe()),
        None => String::new(),
    };
    eprintln!(
        "Waiting up to {} for the lock on {}{holder}...",
        humantime::format_duration(timeout),
        dir.display()
    );
}
