use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::args::PlanArgs;
use crate::error::Error;
use crate::plan::{self, PlanKind, SavedPlan, render_json, render_text_styled};
use crate::workspace::Workspace;

/// Terraform's convention for `--detailed-exitcode`: 2 means there is something to apply.
const CHANGES_PENDING: u8 = 2;

pub fn plan(config: Option<&Path>, args: &PlanArgs) -> Result<ExitCode, Error> {
    let workspace = Workspace::open(config)?;
    // Read before observing: should vm.json change in between, the saved hash is the older one and apply refuses.
    let config_bytes = match &args.out {
        Some(_) => Some(read_config(&workspace.loaded.path)?),
        None => None,
    };
    let observed = workspace.observe()?;
    let (kind, plan) = if args.destroy {
        (
            PlanKind::Destroy,
            plan::destroy_plan(&workspace.graph, &observed),
        )
    } else {
        (PlanKind::Apply, plan::plan(&workspace.graph, &observed))
    };
    if args.json {
        print!("{}", render_json(&plan));
    } else {
        let _ = write!(
            anstream::stdout(),
            "{}",
            render_text_styled(&plan, &workspace.host.home)
        );
    }
    if let (Some(out), Some(config_bytes)) = (&args.out, config_bytes) {
        let saved = SavedPlan::new(
            kind,
            workspace.loaded.path.clone(),
            &config_bytes,
            &observed,
            plan.clone(),
        );
        let text = saved.to_json().map_err(|error| Error::Io {
            action: "save a plan made from",
            path: workspace.loaded.path.clone(),
            source: io::Error::new(io::ErrorKind::InvalidData, error),
        })?;
        write_private(out, &text)?;
        let saved_line = format!(
            "Saved the plan to {file}: \"vm apply {file}\" carries out exactly these actions.",
            file = out.display()
        );
        // With --json, standard output stays one JSON document.
        if args.json {
            eprintln!("{saved_line}");
        } else {
            println!("\n{saved_line}");
        }
    }
    Ok(if args.detailed_exitcode && plan.has_changes() {
        ExitCode::from(CHANGES_PENDING)
    } else {
        ExitCode::SUCCESS
    })
}

pub(super) fn read_config(path: &Path) -> Result<Vec<u8>, Error> {
    fs::read(path).map_err(|source| Error::Io {
        action: "read",
        path: path.to_path_buf(),
        source,
    })
}

/// Writes `text` to `path` with mode 0600 whatever the umask or an earlier file's mode: a new file beside it,
/// renamed over it, so a reader never sees half a plan.
fn write_private(path: &Path, text: &str) -> Result<(), Error> {
    let io_error = |action, source| Error::Io {
        action,
        path: path.to_path_buf(),
        source,
    };
    let file_name = path.file_name().ok_or_else(|| {
        io_error(
            "write a plan to",
            io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"),
        )
    })?;
    let mut temporary_name = std::ffi::OsString::from(".");
    temporary_name.push(file_name);
    temporary_name.push(format!(".{}.tmp", std::process::id()));
    let temporary: PathBuf = path.with_file_name(temporary_name);
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&temporary)
        .map_err(|source| io_error("write a plan to", source))?;
    let written = (|| {
        file.set_permissions(fs::Permissions::from_mode(0o600))?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        fs::rename(&temporary, path)
    })();
    written.map_err(|source| {
        let _ = fs::remove_file(&temporary);
        io_error("write a plan to", source)
    })
}
