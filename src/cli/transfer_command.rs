use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use super::args::TransferArgs;
use super::confirm::ask;
use super::render::show_lock_wait;
use crate::engine::Project;
use crate::error::Error;
use crate::workspace_sync::{Direction, render_sync_plan, render_sync_plan_json};

/// `vm push` and `vm pull`: the transfer's plan, the question, then the transfer, under the project's lock. A pull
/// also brings the machine's Claude and Gemini data into their host directories.
pub fn transfer(
    config: Option<&Path>,
    direction: Direction,
    args: &TransferArgs,
    lock_timeout: Duration,
) -> Result<ExitCode, Error> {
    let project = Project::open(config)?;
    let _lock = project.lock(lock_timeout, &mut |dir, holder| {
        show_lock_wait(dir, holder, lock_timeout)
    })?;
    let (command, question) = match direction {
        Direction::Push => (
            "push",
            "\nDo you want to copy these changes into the machine?\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ",
        ),
        Direction::Pull => (
            "pull",
            "\nDo you want to copy these changes into this directory?\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ",
        ),
    };
    let remote = project.remote_machine(command)?;
    let transfer = remote.plan_transfer(direction)?;
    if args.json {
        println!("{}", render_sync_plan_json(&transfer.plan));
    } else {
        print!("{}", render_sync_plan(&transfer.plan));
    }
    if transfer.plan.has_changes() || !transfer.plan.conflicts.is_empty() {
        ask(command, "copies files", question, args.yes)?;
        let leftovers = remote.carry_out(&transfer)?;
        for path in &leftovers.changed_since_plan {
            eprintln!("warning: {path} changed while vm {command} ran; it was left as it is");
        }
        for path in &leftovers.saved_beside {
            eprintln!(
                "note: the machine's version of {path} is in {}",
                crate::workspace_sync::conflict_copy_path(path)
            );
        }
        if !args.json {
            let summary = transfer.plan.summary();
            println!(
                "\n{} complete! {} added, {} changed, {} deleted, {} conflicts left as they are.",
                if direction == Direction::Push {
                    "Push"
                } else {
                    "Pull"
                },
                summary.add,
                summary.change,
                summary.delete,
                summary.conflicts
            );
        }
    }
    if direction == Direction::Pull {
        for dir in remote.pull_tool_data()? {
            if !args.json {
                println!("Pulled the machine's data into {}.", dir.display());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
