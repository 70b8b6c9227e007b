use std::path::Path;
use std::process::ExitCode;

use super::args::ApproveArgs;
use super::confirm::confirm;
use crate::error::Error;
use crate::plan::render_text;
use crate::workspace::Workspace;

pub fn destroy(config: Option<&Path>, args: &ApproveArgs) -> Result<ExitCode, Error> {
    let workspace = Workspace::open(config)?;
    let _lock = workspace.lock()?;
    let plan = workspace.destroy_plan()?;
    print!("{}", render_text(&plan, &workspace.host.home));
    if !plan.has_changes() {
        return Ok(ExitCode::SUCCESS);
    }
    confirm("destroy", args.yes)?;
    crate::apply::apply(
        &plan,
        &workspace.graph,
        &workspace.providers,
        &mut std::io::stdout(),
    )?;
    Ok(ExitCode::SUCCESS)
}
