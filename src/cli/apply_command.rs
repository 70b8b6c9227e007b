use std::fs;
use std::io;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::args::{ApplyArgs, ApproveArgs};
use super::confirm::confirm;
use super::plan_command::read_config;
use crate::error::Error;
use crate::plan::{self, PlanKind, SavedPlan, Staleness, render_text_styled};
use crate::workspace::Workspace;

pub fn apply(config: Option<&Path>, args: &ApplyArgs) -> Result<ExitCode, Error> {
    match &args.plan_file {
        Some(plan_file) => apply_saved(config, plan_file),
        None => show_confirm_apply(config, &args.approve, PlanKind::Apply),
    }
}

pub fn destroy(config: Option<&Path>, args: &ApproveArgs) -> Result<ExitCode, Error> {
    show_confirm_apply(config, args, PlanKind::Destroy)
}

/// Under the project's lock: plan, show the plan, ask, carry it out. Nothing to do asks nothing.
fn show_confirm_apply(
    config: Option<&Path>,
    args: &ApproveArgs,
    kind: PlanKind,
) -> Result<ExitCode, Error> {
    let workspace = Workspace::open(config)?;
    let _lock = workspace.lock()?;
    let plan = match kind {
        PlanKind::Apply => workspace.plan()?,
        PlanKind::Destroy => workspace.destroy_plan()?,
    };
    let _ = write!(
        anstream::stdout(),
        "{}",
        render_text_styled(&plan, &workspace.host.home)
    );
    if !plan.has_changes() {
        return Ok(ExitCode::SUCCESS);
    }
    confirm(kind.command(), args.yes)?;
    crate::apply::apply(
        &plan,
        kind,
        &workspace.graph,
        &workspace.providers,
        &mut std::io::stdout(),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Carries out a plan saved by `vm plan --out`, exactly: the saved plan is the approval, so nothing is asked.
/// Refused, with nothing changed, unless vm.json has the same bytes, the machine observes the same, and planning
/// again gives the same plan.
fn apply_saved(config: Option<&Path>, plan_file: &Path) -> Result<ExitCode, Error> {
    let saved = load_saved(plan_file)?;
    if let Some(given) = config
        && !same_file(given, &saved.config_path)
    {
        return Err(Error::PlanFileForOtherConfig {
            path: plan_file.to_path_buf(),
            recorded: saved.config_path.clone(),
            given: given.to_path_buf(),
        });
    }
    let stale = |staleness: Staleness| Error::PlanFileStale {
        path: plan_file.to_path_buf(),
        why: staleness.describe(&saved.config_path),
        replan: saved.kind.plan_command(),
    };
    if !saved.config_path.exists() {
        return Err(stale(Staleness::ConfigMissing));
    }
    saved
        .check_config(&read_config(&saved.config_path)?)
        .map_err(stale)?;

    let workspace = Workspace::open(Some(&saved.config_path))?;
    let _lock = workspace.lock()?;
    let observed = workspace.observe()?;
    saved.check_observed(&observed).map_err(stale)?;
    let now = match saved.kind {
        PlanKind::Apply => plan::plan(&workspace.graph, &observed),
        PlanKind::Destroy => plan::destroy_plan(&workspace.graph, &observed),
    };
    saved.check_plan(&now).map_err(stale)?;

    if !saved.plan.has_changes() {
        let _ = write!(
            anstream::stdout(),
            "{}",
            render_text_styled(&saved.plan, &workspace.host.home)
        );
        return Ok(ExitCode::SUCCESS);
    }
    crate::apply::apply(
        &saved.plan,
        saved.kind,
        &workspace.graph,
        &workspace.providers,
        &mut std::io::stdout(),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn load_saved(plan_file: &Path) -> Result<SavedPlan, Error> {
    let invalid = |detail: String| Error::PlanFileInvalid {
        path: plan_file.to_path_buf(),
        detail,
    };
    let text = fs::read_to_string(plan_file).map_err(|source| match source.kind() {
        io::ErrorKind::InvalidData => invalid("it is not UTF-8 text".to_owned()),
        _ => Error::Io {
            action: "read",
            path: plan_file.to_path_buf(),
            source,
        },
    })?;
    SavedPlan::from_json(&text).map_err(invalid)
}

/// Whether `-c FILE` names the vm.json a plan was made from.
fn same_file(given: &Path, recorded: &Path) -> bool {
    std::path::absolute(given).is_ok_and(|given| given == recorded)
        || matches!(
            (fs::canonicalize(given), fs::canonicalize(recorded)),
            (Ok(given), Ok(recorded)) if given == recorded
        )
}
