use std::process::ExitCode;
use std::time::SystemTime;

use super::args::PruneArgs;
use super::confirm::confirm_prune;
use super::render::{show_removal_event, show_removed};
use crate::engine::{plan_prune, remove_images};
use crate::error::Error;
use crate::image_cache::{ImageRecord, PruneRules, render_prune_plan};

/// `vm prune`: engine-wide, so it reads no vm.json and takes no project's lock. Shows what it would remove, asks
/// as apply does, removes.
pub fn prune(args: &PruneArgs) -> Result<ExitCode, Error> {
    let plan = plan_prune(PruneRules {
        project: args.project.clone(),
        older_than: args.older_than,
        now: SystemTime::now(),
    })?;
    print!("{}", render_prune_plan(&plan));
    if plan.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    confirm_prune(args.approve.yes)?;
    let images: Vec<&ImageRecord> = plan.remove.iter().map(|(image, _)| image).collect();
    let removed = remove_images(&images, "prune", &mut show_removal_event)?;
    show_removed("Prune complete!", &plan, &removed);
    Ok(ExitCode::SUCCESS)
}
