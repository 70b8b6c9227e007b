//! Whether a saved plan may be carried out now: the one place its staleness is decided.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::plan_file::{read_config, same_file, spare_plan_file};
use super::{LockHolder, Project, ProjectLock, Warning};
use crate::error::Error;
use crate::plan::{Plan, PlanFileError, PlanKind, SavedPlan, Staleness};

/// A saved plan that still holds, with its project locked until it is carried out.
#[derive(Debug)]
pub struct ReadyPlan {
    pub project: Project,
    pub kind: PlanKind,
    pub plan: Plan,
    pub warnings: Vec<Warning>,
    pub lock: ProjectLock,
}

/// Reads the plan saved in `plan_file` and checks it against now: refused, with nothing changed, unless vm.json
/// has the same bytes, the machine observes the same, and planning again gives the same plan.
/// The project's lock is waited for up to `lock_timeout`, as [`Project::lock`] does.
pub fn check_saved_plan(
    config: Option<&Path>,
    plan_file: &Path,
    lock_timeout: Duration,
    on_wait: &mut dyn FnMut(&Path, Option<&LockHolder>),
) -> Result<ReadyPlan, Error> {
    let saved = load_saved(config, plan_file)?;
    if let Some(given) = config
        && !same_file(given, &saved.config_path)
    {
        return Err(PlanFileError::PlanFileForOtherConfig {
            path: plan_file.to_path_buf(),
            recorded: saved.config_path.clone(),
            given: given.to_path_buf(),
        }
        .into());
    }
    // Saved again where it is, unless that is the configuration (as when an older vm saved a plan over it).
    let resave = if same_file(plan_file, &saved.config_path)
        || config.is_some_and(|config| same_file(plan_file, config))
    {
        spare_plan_file(&[plan_file, &saved.config_path])
    } else {
        plan_file.to_path_buf()
    };
    let stale = |staleness: Staleness| PlanFileError::PlanFileStale {
        path: plan_file.to_path_buf(),
        why: staleness.describe(&saved.config_path),
        replan: saved.kind.plan_command(),
        resave: resave.clone(),
    };
    if !saved.config_path.exists() {
        return Err(stale(Staleness::ConfigMissing).into());
    }
    saved
        .check_config(&read_config(&saved.config_path)?)
        .map_err(stale)?;

    let project = Project::open(Some(&saved.config_path))?;
    let lock = project.lock(lock_timeout, on_wait)?;
    let observed = project.observe()?;
    saved.check_observed(&observed).map_err(stale)?;
    if saved.kind == PlanKind::Apply {
        project.refuse_what_would_stop_an_apply(&observed)?;
    }
    let now = project.plan_against(saved.kind, observed);
    saved.check_plan(&now.plan).map_err(stale)?;
    Ok(ReadyPlan {
        project,
        kind: saved.kind,
        plan: saved.plan,
        warnings: now.warnings,
        lock,
    })
}

/// The saved plan in `plan_file`. The hint of a file that is not one never names that file, which `vm plan --out`
/// would refuse to overwrite, nor the configuration.
fn load_saved(config: Option<&Path>, plan_file: &Path) -> Result<SavedPlan, PlanFileError> {
    let invalid = |detail: String| {
        let config = config
            .map(Path::to_path_buf)
            .or_else(|| {
                std::env::current_dir()
                    .ok()
                    .and_then(|dir| crate::config::find(&dir))
            })
            .unwrap_or_else(|| PathBuf::from(crate::config::FILE_NAME));
        PlanFileError::PlanFileInvalid {
            path: plan_file.to_path_buf(),
            detail,
            resave: spare_plan_file(&[plan_file, &config]),
        }
    };
    let text = fs::read_to_string(plan_file).map_err(|source| match source.kind() {
        io::ErrorKind::InvalidData => invalid("it is not UTF-8 text".to_owned()),
        _ => PlanFileError::Io {
            action: "read",
            path: plan_file.to_path_buf(),
            source,
        },
    })?;
    SavedPlan::from_json(&text).map_err(invalid)
}
