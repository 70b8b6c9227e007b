use std::path::Path;
use std::process::ExitCode;

use super::args::ApproveArgs;
use super::confirm::confirm;
use crate::error::Error;
use crate::plan::{Plan, render_text};
use crate::workspace::Workspace;

pub fn apply(config: Option<&Path>, args: &ApproveArgs) -> Result<ExitCode, Error> {
    show_confirm_apply(config, args, "apply", Workspace::plan)
}

pub fn destroy(config: Option<&Path>, args: &ApproveArgs) -> Result<ExitCode, Error> {
    show_confirm_apply(config, args, "destroy", Workspace::destroy_plan)
}

/// Under the project's lock: plan, show the plan, ask, carry it out. Nothing to do asks nothing.
fn show_confirm_apply(
    config: Option<&Path>,
    args: &ApproveArgs,
    command: &'static str,
    make_plan: fn(&Workspace) -> Result<Plan, Error>,
) -> Result<ExitCode, Error> {
    let workspace = Workspace::open(config)?;
    let _lock = workspace.lock()?;
    let plan = make_plan(&workspace)?;
    print!("{}", render_text(&plan, &workspace.host.home));
    if !plan.has_changes() {
        return Ok(ExitCode::SUCCESS);
    }
    confirm(command, args.yes)?;
    crate::apply::apply(
        &plan,
        &workspace.graph,
        &workspace.providers,
        &mut std::io::stdout(),
    )?;
    Ok(ExitCode::SUCCESS)
}
