use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use super::apply_display::ApplyDisplay;
use super::args::{ApplyArgs, ApproveArgs, DestroyArgs};
use super::confirm::confirm;
use super::render::{show_lock_wait, show_plan, show_removal_event, show_removed, show_warnings};
use crate::engine::{Project, ProjectImages, check_saved_plan, remove_images};
use crate::error::Error;
use crate::image_cache::render_project_images;
use crate::plan::PlanKind;

pub fn apply(
    config: Option<&Path>,
    args: &ApplyArgs,
    lock_timeout: Duration,
) -> Result<ExitCode, Error> {
    match &args.plan_file {
        Some(plan_file) => apply_saved(config, plan_file, lock_timeout),
        None => show_confirm_apply(config, &args.approve, PlanKind::Apply, false, lock_timeout),
    }
}

pub fn destroy(
    config: Option<&Path>,
    args: &DestroyArgs,
    lock_timeout: Duration,
) -> Result<ExitCode, Error> {
    show_confirm_apply(
        config,
        &args.approve,
        PlanKind::Destroy,
        args.images,
        lock_timeout,
    )
}

/// Under the project's lock: plan, show the plan, ask, carry it out. Nothing to do asks nothing. With `images`
/// (a destroy's), the project's images are removed too, shown below the plan.
fn show_confirm_apply(
    config: Option<&Path>,
    args: &ApproveArgs,
    kind: PlanKind,
    images: bool,
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
    let images = match images {
        true => Some(project.plan_image_removal(&mut planned)?),
        false => None,
    };
    show_warnings(&planned.warnings);
    show_plan(&planned.plan, kind, &project.host.home);
    if let Some(images) = &images {
        let section = render_project_images(&images.plan);
        if !section.is_empty() {
            print!("\n{section}");
        }
    }
    let images_after = images.as_ref().map(ProjectImages::after_the_destroy);
    if !planned.plan.has_changes() && images_after.as_ref().is_none_or(Vec::is_empty) {
        return Ok(ExitCode::SUCCESS);
    }
    confirm(kind, args.yes)?;
    if planned.plan.has_changes() {
        let display = ApplyDisplay::new();
        project.apply(&planned.plan, kind, &mut |event| display.show(event))?;
    }
    if let (Some(images), Some(after)) = (&images, images_after) {
        let mut removed = remove_images(&after, kind.command(), &mut show_removal_event)?;
        removed.extend(images.in_the_destroy.iter().cloned());
        show_removed("Images:", &images.plan, &removed);
    }
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
