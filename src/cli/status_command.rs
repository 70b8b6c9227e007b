use std::path::Path;
use std::process::ExitCode;

use crate::error::Error;
use crate::plan::{self, Action};
use crate::workspace::Workspace;

/// Each declared resource, whether it exists, and what `vm apply` would do to it.
pub fn status(config: Option<&Path>) -> Result<ExitCode, Error> {
    let workspace = Workspace::open(config)?;
    let observed = workspace.observe()?;
    let plan = plan::plan(&workspace.graph, &observed);
    let rows: Vec<(String, String, String)> = plan
        .changes
        .iter()
        .map(|change| {
            let state = match observed.get(&change.resource) {
                None => "absent".to_owned(),
                Some(attributes) => attributes
                    .get("state")
                    .cloned()
                    .unwrap_or_else(|| "present".to_owned()),
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
