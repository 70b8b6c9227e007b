use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::args::{ApplyArgs, ApproveArgs};
use super::confirm::confirm;
use super::plan_command::{read_config, same_file, show_plan, spare_plan_file};
use super::warn_unapplied_settings;
use crate::error::Error;
use crate::plan::{self, PlanKind, SavedPlan, Staleness};
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
    if kind == PlanKind::Apply {
        warn_unapplied_settings(&workspace.loaded.config);
    }
    let _lock = workspace.lock()?;
    let plan = match kind {
        PlanKind::Apply => workspace.plan()?,
        PlanKind::Destroy => workspace.destroy_plan()?,
    };
    show_plan(&plan, kind, &workspace.host.home);
    if !plan.has_changes() {
        return Ok(ExitCode::SUCCESS);
    }
    confirm(kind, args.yes)?;
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
    let saved = load_saved(config, plan_file)?;
    if let Some(given) = config
        && !same_file(given, &saved.config_path)
    {
        return Err(Error::PlanFileForOtherConfig {
            path: plan_file.to_path_buf(),
            recorded: saved.config_path.clone(),
            given: given.to_path_buf(),
        });
    }
    // Saved again where it is, unless that is the configuration (as when an older vm saved a plan over it).
    let resave = if same_file(plan_file, &saved.config_path)
        || config.is_some_and(|config| same_file(plan_file, config))
    {
        spare_plan_file(&[plan_file, &saved.config_path])
    } else {
        plan_file.to_path_buf()
    };
    let stale = |staleness: Staleness| Error::PlanFileStale {
        path: plan_file.to_path_buf(),
        why: staleness.describe(&saved.config_path),
        replan: saved.kind.plan_command(),
        resave: resave.clone(),
    };
    if !saved.config_path.exists() {
        return Err(stale(Staleness::ConfigMissing));
    }
    saved
        .check_config(&read_config(&saved.config_path)?)
        .map_err(stale)?;

    let workspace = Workspace::open(Some(&saved.config_path))?;
    if saved.kind == PlanKind::Apply {
        warn_unapplied_settings(&workspace.loaded.config);
    }
    let _lock = workspace.lock()?;
    let observed = workspace.observe()?;
    saved.check_observed(&observed).map_err(stale)?;
    let now = match saved.kind {
        PlanKind::Apply => plan::plan(&workspace.graph, &observed),
        PlanKind::Destroy => plan::destroy_plan(&workspace.graph, &observed),
    };
    saved.check_plan(&now).map_err(stale)?;

    if !saved.plan.has_changes() {
        show_plan(&saved.plan, saved.kind, &workspace.host.home);
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

/// The saved plan in `plan_file`. The hint of a file that is not one never names that file, which `vm plan --out`
/// would refuse to overwrite, nor the configuration.
fn load_saved(config: Option<&Path>, plan_file: &Path) -> Result<SavedPlan, Error> {
    let invalid = |detail: String| {
        let config = config
            .map(Path::to_path_buf)
            .or_else(|| {
                std::env::current_dir()
                    .ok()
                    .and_then(|dir| crate::config::find(&dir))
            })
            .unwrap_or_else(|| PathBuf::from(crate::config::FILE_NAME));
        Error::PlanFileInvalid {
            path: plan_file.to_path_buf(),
            detail,
            resave: spare_plan_file(&[plan_file, &config]),
        }
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
