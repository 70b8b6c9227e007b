use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use super::apply_display::ApplyDisplay;
use super::args::{ApplyArgs, ApproveArgs};
use super::confirm::confirm;
use super::render::{show_lock_wait, show_plan, show_warnings};
use crate::engine::{Project, check_saved_plan};
use crate::error::Error;
use crate::plan::PlanKind;

pub fn apply(
    config: Option<&Path>,
    args: &ApplyArgs,
    lock_timeout: Duration,
) -> Result<ExitCode, Error> {
    match &args.plan_file {
        Some(plan_file) => apply_saved(config, plan_file, lock_timeout),
        None => show_confirm_apply(config, &args.approve, PlanKind::Apply, lock_timeout),
    }
}

pub fn destroy(
    config: Option<&Path>,
    args: &ApproveArgs,
    lock_timeout: Duration,
) -> Result<ExitCode, Error> {
    show_confirm_apply(config, args, PlanKind::Destroy, lock_timeout)
}

/// Under the project's lock: plan, show the plan, ask, carry it out. Nothing to do asks nothing.
fn show_confirm_apply(
    config: Option<&Path>,
    args: &ApproveArgs,
    kind: PlanKind,
    lock_timeout: Duration,
) -> Result<ExitCode, Error> {
    let project = Project::open(config)?;
    let _lock = project.lock(lock_timeout, &mut |dir, holder| {
        show_lock_wait(dir, holder, lock_timeout)
    })?;
    let mut planned = project.plan(kind)?;
    if kind == PlanKind::Destroy {
        project.keep_remote_data(&mut planned)?;
    }
    show_warnings(&planned.warnings);
    show_plan(&planned.plan, kind, &project.host.home);
    if !planned.plan.has_changes() {
        return Ok(ExitCode::SUCCESS);
    }
    confirm(kind, args.yes)?;
    let display = ApplyDisplay::new();
    project.apply(&planned.plan, kind, &mut |event| display.show(event))?;
    Ok(ExitCode::SUCCESS)
}

/// Carries out a plan saved by `vm plan --out`, exactly: the saved plan is the approval, so nothing is asked.
fn apply_saved(
    config: Option<&Path>,
    plan_file: &Path,
    lock_timeout: Duration,
) -> Result<ExitCode, Error> {
    let ready = check_saved_plan(config, plan_file, lock_timeout, &mut |dir, holder| {
        show_lock_wait(dir, holder, lock_timeout)
    })?;
    show_warnings(&ready.warnings);
    if !ready.plan.has_changes() {
        show_plan(&ready.plan, ready.kind, &ready.project.host.home);
        return Ok(ExitCode::SUCCESS);
    }
    let display = ApplyDisplay::new();
    ready
        .project
        .apply(&ready.plan, ready.kind, &mut |event| display.show(event))?;
    Ok(ExitCode::SUCCESS)
}
