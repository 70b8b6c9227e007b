//! Plan files on disk: `vm plan --out FILE` writes one, `vm apply FILE` reads it.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::Planned;
use crate::plan::{PlanFileError, PlanKind, SavedPlan};

/// The names hints suggest for a plan file, Terraform's first.
const PLAN_FILE_NAMES: [&str; 2] = ["tfplan", "vm.tfplan"];

/// Where `vm plan --out` will save a plan, checked before anything is observed, with the bytes of vm.json read
/// then: should vm.json change before the plan is made, the saved hash is the older one and apply refuses.
#[derive(Debug)]
pub struct PlanOut {
    path: PathBuf,
    config_path: PathBuf,
    config_bytes: Vec<u8>,
}

impl PlanOut {
    /// `--out` replaces only a plan saved earlier: never the configuration the plan is made from, nor any other file.
    pub fn prepare(out: &Path, config: &Path, kind: PlanKind) -> Result<PlanOut, PlanFileError> {
        let replan = kind.plan_command();
        if same_file(out, config) {
            return Err(PlanFileError::PlanOutIsConfig {
                path: out.to_path_buf(),
                replan,
                suggestion: spare_plan_file(&[out, config]),
            });
        }
        // Absent (a dangling symbolic link included: the rename replaces the link, not what it names).
        if fs::metadata(out).is_ok() {
            read_saved_plan(out).map_err(|detail| PlanFileError::PlanOutNotAPlan {
                path: out.to_path_buf(),
                detail,
                replan,
                suggestion: spare_plan_file(&[out, config]),
            })?;
        }
        Ok(PlanOut {
            path: out.to_path_buf(),
            config_path: config.to_path_buf(),
            config_bytes: read_config(config)?,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `planned` with what it was made from.
    pub fn save(&self, planned: &Planned) -> Result<(), PlanFileError> {
        let saved = SavedPlan::new(
            planned.kind,
            self.config_path.clone(),
            &self.config_bytes,
            &planned.observed,
            planned.plan.clone(),
        );
        let text = saved.to_json().map_err(|error| PlanFileError::Io {
            action: "save a plan made from",
            path: self.config_path.clone(),
            source: io::Error::new(io::ErrorKind::InvalidData, error),
        })?;
        write_private(&self.path, &text)
    }
}

/// The saved plan in `path`, or what keeps it from being one, in words.
pub fn read_saved_plan(path: &Path) -> Result<SavedPlan, String> {
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
pub fn spare_plan_file(avoid: &[&Path]) -> PathBuf {
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

pub(super) fn read_config(path: &Path) -> Result<Vec<u8>, PlanFileError> {
    fs::read(path).map_err(|source| PlanFileError::Io {
        action: "read",
        path: path.to_path_buf(),
        source,
    })
}

/// Writes `text` to `path` with mode 0600 whatever the umask or an earlier file's mode: a new file beside it,
/// renamed over it, so a reader never sees half a plan.
fn write_private(path: &Path, text: &str) -> Result<(), PlanFileError> {
    let io_error = |action, source| PlanFileError::Io {
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
