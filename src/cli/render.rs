//! How the commands show what the engine returns: plans, warnings, notices, images removed (apply's
//! progress: `apply_display`).

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use anstyle::{AnsiColor, Style};

use crate::engine::{LockHolder, RemovalEvent};
use crate::image_cache::{PrunePlan, render_freed};
use crate::interrupt::InterruptNotice;
use crate::plan::{Plan, PlanKind, render_text_styled};

/// Each warning on standard error, so that standard output stays the command's own.
pub fn show_warnings(warnings: &[impl std::fmt::Display]) {
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
    super::apply_display::above_spinner(|| {
        let _ = writeln!(std::io::stderr(), "\n{line}");
    });
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
