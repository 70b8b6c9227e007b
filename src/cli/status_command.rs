use std::path::Path;
use std::process::ExitCode;

use super::render::show_warnings;
use crate::engine::Project;
use crate::error::Error;
use crate::image_cache::render_size;
use crate::plan::{Action, PlanKind};

/// Each declared resource, whether it exists, its size where vm knows it (the project's image), and what
/// `vm apply` would do to it.
pub fn status(config: Option<&Path>) -> Result<ExitCode, Error> {
    let project = Project::open_to_observe(config)?;
    let planned = project.plan_read_only(PlanKind::Apply)?;
    show_warnings(&planned.warnings);
    let sizes = project.image_sizes(&planned.observed)?;
    let rows: Vec<[String; 4]> = planned
        .plan
        .changes
        .iter()
        .map(|change| {
            let state = match planned.observed.get(&change.resource) {
                None => "absent".to_owned(),
                Some(state) => state.status_word(),
            };
            let size = sizes
                .get(&change.resource)
                .map(|bytes| render_size(*bytes))
                .unwrap_or_default();
            let next = match change.action {
                Action::NoOp => "up to date".to_owned(),
                action => action.future_tense().to_owned(),
            };
            [change.resource.to_string(), state, size, next]
        })
        .collect();
    print!("{}", status_table(&rows));
    show_workspace_differences(&project);
    Ok(ExitCode::SUCCESS)
}

/// On an engine that cannot see this directory: where it and the machine's workspace differ, changing nothing. A
/// machine that is not running has nothing to compare, and status says so rather than fail.
fn show_workspace_differences(project: &Project) {
    if project.folder_volumes().is_empty() {
        return;
    }
    println!();
    let pull = project
        .remote_machine("status")
        .and_then(|remote| remote.plan_transfer(crate::workspace_sync::Direction::Pull));
    match pull {
        Ok(transfer) => print!(
            "{}",
            crate::workspace_sync::render_differences(&transfer.differences())
        ),
        Err(error) => println!("The workspace could not be compared with the machine's: {error}"),
    }
}

/// RESOURCE, STATE, SIZE and NEXT APPLY, each column as wide as its widest cell.
fn status_table(rows: &[[String; 4]]) -> String {
    let header = ["RESOURCE", "STATE", "SIZE", "NEXT APPLY"].map(str::to_owned);
    let width = |column: usize| {
        rows.iter()
            .chain([&header])
            .map(|row| row[column].len())
            .max()
            .unwrap_or(0)
    };
    let (resource, state, size) = (width(0), width(1), width(2));
    [&header]
        .into_iter()
        .chain(rows)
        .map(|row| {
            format!(
                "{:resource$}  {:state$}  {:size$}  {}\n",
                row[0], row[1], row[2], row[3]
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_image_row_has_a_size_and_the_others_a_blank() {
        let rows = [
            ["docker_image.shop", "present", "304.2 MB", "up to date"],
            [
                "docker_container.shop-dev",
                "running",
                "",
                "will be updated in place",
            ],
        ]
        .map(|row| row.map(str::to_owned));
        assert_eq!(
            status_table(&rows),
            "RESOURCE                   STATE    SIZE      NEXT APPLY\n\
             docker_image.shop          present  304.2 MB  up to date\n\
             docker_container.shop-dev  running            will be updated in place\n"
        );
    }
}
