use std::path::Path;
use std::process::ExitCode;

use super::args::PlanArgs;
use crate::error::Error;
use crate::plan::{render_json, render_text};
use crate::workspace::Workspace;

/// Terraform's convention for `--detailed-exitcode`: 2 means there is something to apply.
const CHANGES_PENDING: u8 = 2;

pub fn plan(config: Option<&Path>, args: &PlanArgs) -> Result<ExitCode, Error> {
    let workspace = Workspace::open(config)?;
    let plan = if args.destroy {
        workspace.destroy_plan()?
    } else {
        workspace.plan()?
    };
    if args.json {
        print!("{}", render_json(&plan));
    } else {
        print!("{}", render_text(&plan, &workspace.host.home));
    }
    Ok(if args.detailed_exitcode && plan.has_changes() {
        ExitCode::from(CHANGES_PENDING)
    } else {
        ExitCode::SUCCESS
    })
}
