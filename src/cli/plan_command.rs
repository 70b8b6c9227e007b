use std::path::Path;
use std::process::ExitCode;

use super::args::PlanArgs;
use super::render::{show_plan, show_warnings};
use crate::engine::{PlanOut, Project};
use crate::error::Error;
use crate::plan::{PlanKind, render_json};

/// Terraform's convention for `--detailed-exitcode`: 2 means there is something to apply.
const CHANGES_PENDING: u8 = 2;

pub fn plan(config: Option<&Path>, args: &PlanArgs) -> Result<ExitCode, Error> {
    let project = Project::open_to_observe(config)?;
    let kind = if args.destroy {
        PlanKind::Destroy
    } else {
        PlanKind::Apply
    };
    let out = match &args.out {
        Some(out) => Some(PlanOut::prepare(out, &project.loaded.path, kind)?),
        None => None,
    };
    let planned = project.plan_read_only(kind)?;
    show_warnings(&planned.warnings);
    if args.json {
        print!("{}", render_json(&planned.plan, &planned.warnings));
    } else {
        show_plan(&planned.plan, kind, &project.host.home);
    }
    if let Some(out) = out {
        out.save(&planned)?;
        let saved_line = format!(
            "Saved the plan to {file}: \"vm apply {file}\" carries out exactly these actions.",
            file = out.path().display()
        );
        // With --json, standard output stays one JSON document.
        if args.json {
            eprintln!("{saved_line}");
        } else {
            println!("\n{saved_line}");
        }
    }
    Ok(if args.detailed_exitcode && planned.plan.has_changes() {
        ExitCode::from(CHANGES_PENDING)
    } else {
        ExitCode::SUCCESS
    })
}
