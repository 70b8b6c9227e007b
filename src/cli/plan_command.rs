use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anstyle::Style;

use super::args::PlanArgs;
use super::warn_unapplied_settings;
use crate::error::Error;
use crate::plan::{self, Plan, PlanKind, SavedPlan, render_json, render_text_styled};
use crate::workspace::Workspace;

/// Terraform's convention for `--detailed-exitcode`: 2 means there is something to apply.
const CHANGES_PENDING: u8 = 2;

/// The names hints suggest for a plan file, Terraform's first.
const PLAN_FILE_NAMES: [&str; 2] = ["tfplan", "vm.tfplan"];

pub fn plan(config: Option<&Path>, args: &PlanArgs) -> Result<ExitCode, Error> {
    let workspace = Workspace::open(config)?;
    let kind = if args.destroy {
        PlanKind::Destroy
    } else {
        PlanKind::Apply
    };
    if kind == PlanKind::Apply {
        warn_unapplied_settings(&workspace.loaded.config);
    }
    if let Some(out) = &args.out {
        refuse_to_overwrite(out, &workspace.loaded.path, kind)?;
    }
    // Read before observing: should vm.json change in between, the saved hash is the older one and apply refuses.
    let config_bytes = match &args.out {
        Some(_) => Some(read_config(&workspace.loaded.path)?),
        None => None,
    };
    let observed = workspace.observe()?;
    let plan = match kind {
        PlanKind::Destroy => plan::destroy_plan(&workspace.graph, &observed),
        PlanKind::Apply => plan::plan(&workspace.graph, &observed),
    };
    if args.json {
        print!("{}", render_json(&plan));
    } else {
        show_plan(&plan, kind, &workspace.host.home);
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

/// Prints a plan for people; a destroy with nothing to do says so as Terraform does.
pub(super) fn show_plan(plan: &Plan, kind: PlanKind, home: &Path) {
    let text = if kind == PlanKind::Destroy && !plan.has_changes() {
        let bold = Style::new().bold();
        format!("{bold}No objects need to be destroyed.{bold:#}\n")
    } else {
        render_text_styled(plan, home)
    };
    let _ = write!(anstream::stdout(), "{text}");
}

/// `--out` replaces only a plan saved earlier: never the configuration the plan is made from, nor any other file.
fn refuse_to_overwrite(out: &Path, config: &Path, kind: PlanKind) -> Result<(), Error> {
    let replan = kind.plan_command();
    if same_file(out, config) {
        return Err(Error::PlanOutIsConfig {
            path: out.to_path_buf(),
            replan,
            suggestion: spare_plan_file(&[out, config]),
        });
    }
    // Absent (a dangling symbolic link included: the rename replaces the link, not what it names).
    if fs::metadata(out).is_err() {
        return Ok(());
    }
    read_saved_plan(out).map_err(|detail| Error::PlanOutNotAPlan {
        path: out.to_path_buf(),
        detail,
        replan,
        suggestion: spare_plan_file(&[out, config]),
    })?;
    Ok(())
}

/// The saved plan in `path`, or what keeps it from being one, in words.
fn read_saved_plan(path: &Path) -> Result<SavedPlan, String> {
    if path.is_dir() {
        return Err("it is a directory".to_owned());
    }
    let text = fs::read_to_string(path).map_err(|error| match error.kind() {
        io::ErrorKind::InvalidData => "it is not UTF-8 text".to_owned(),
        _ => format!("it cannot be read ({error})"),
    })?;
    SavedPlan::from_json(&text)
}

/// A plan file name for a hint: one `vm plan --out` would write (absent, or a saved plan), and none of `avoid`.
pub(super) fn spare_plan_file(avoid: &[&Path]) -> PathBuf {
    PLAN_FILE_NAMES
        .iter()
        .map(PathBuf::from)
        .find(|candidate| {
            !avoid.iter().any(|path| same_file(candidate, path))
                && (fs::metadata(candidate).is_err() || read_saved_plan(candidate).is_ok())
        })
        .unwrap_or_else(|| PathBuf::from("FILE"))
}

/// Whether two paths name the same file: the same absolute path, or the same file once links are resolved.
pub(super) fn same_file(one: &Path, other: &Path) -> bool {
    matches!(
        (std::path::absolute(one), std::path::absolute(other)),
        (Ok(one), Ok(other)) if one == other
    ) || matches!(
        (fs::canonicalize(one), fs::canonicalize(other)),
        (Ok(one), Ok(other)) if one == other
    )
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
