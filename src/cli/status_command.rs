use std::path::Path;
use std::process::ExitCode;

use super::render::show_warnings;
use crate::engine::Project;
use crate::error::Error;
use crate::plan::{Action, PlanKind};

/// Each declared resource, whether it exists, and what `vm apply` would do to it.
pub fn status(config: Option<&Path>) -> Result<ExitCode, Error> {
    let project = Project::open_to_observe(config)?;
    let planned = project.plan_read_only(PlanKind::Apply)?;
    show_warnings(&planned.warnings);
    let rows: Vec<(String, String, String)> = planned
        .plan
        .changes
        .iter()
        .map(|change| {
            let state = match planned.observed.get(&change.resource) {
                None => "absent".to_owned(),
                Some(state) => state.status_word(),
            };
            let next = match change.action {
                Action::NoOp => "up to date".to_owned(),
                action => action.future_tense().to_owned(),
            };
            (change.resource.to_string(), state, next)
        })
        .collect();
    let width = rows
        .iter()
        .map(|row| row.0.len())
        .max()
        .unwrap_or(0)
        .max("RESOURCE".len());
    let state_width = rows
        .iter()
        .map(|row| row.1.len())
        .max()
        .unwrap_or(0)
        .max("STATE".len());
    println!(
        "{:width$}  {:state_width$}  NEXT APPLY",
        "RESOURCE", "STATE"
    );
    for (resource, state, next) in rows {
        println!("{resource:width$}  {state:state_width$}  {next}");
    }
    Ok(ExitCode::SUCCESS)
}
