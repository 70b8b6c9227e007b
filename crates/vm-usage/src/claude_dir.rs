//! The Claude directory that `vm usage` reads: a home's `.claude`, or one machine's data (`--dir`).

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use crate::usage_error::UsageError;

/// What a Claude directory holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaudeDir {
    /// A home's `.claude`: one directory per VM under `vms/`, the host's own data in `projects/`.
    Home(PathBuf),
    /// One machine's Claude data (`projects/` without `vms/`, like `~/.claude/vms/<vm>` or a copy
    /// of someone's `~/.claude`), named after its directory.
    Machine { name: String, dir: PathBuf },
}

impl ClaudeDir {
    /// The `.claude` of `home`, read as a home's even when missing (then it holds no VM).
    pub fn of_home(home: &Path) -> ClaudeDir {
        ClaudeDir::Home(home.join(".claude"))
    }

    /// The directory of `--dir`: a home's `.claude` when it holds `vms/` (whether or not it also
    /// holds `projects/`), else one machine's when it holds `projects/`; else an error.
    pub fn open(dir: &Path) -> Result<ClaudeDir, UsageError> {
        let not_claude_dir = |reason| UsageError::NotClaudeDir {
            dir: dir.to_owned(),
            reason,
        };
        match fs::metadata(dir) {
            Ok(metadata) if metadata.is_dir() => {}
            Ok(_) => return Err(not_claude_dir("not a directory")),
            Err(error) if error.kind() == ErrorKind::NotFound => {
                return Err(not_claude_dir("no such directory"));
            }
            Err(source) => {
                return Err(UsageError::ReadDir {
                    path: dir.to_owned(),
                    source,
                });
            }
        }
        if is_dir(&dir.join("vms"))? {
            Ok(ClaudeDir::Home(dir.to_owned()))
        } else if is_dir(&dir.join("projects"))? {
            Ok(ClaudeDir::Machine {
                name: machine_name(dir),
                dir: dir.to_owned(),
            })
        } else {
            Err(not_claude_dir("neither vms/ nor projects/ in it"))
        }
    }

    /// The directory itself.
    pub fn path(&self) -> &Path {
        match self {
            ClaudeDir::Home(dir) | ClaudeDir::Machine { dir, .. } => dir,
        }
    }
}

/// Whether `path` is a directory (or a link to one); a missing path is not, an unreadable one is
/// an error.
fn is_dir(path: &Path) -> Result<bool, UsageError> {
    match fs::metadata(path) {
        Ok(metadata) => Ok(metadata.is_dir()),
        Err(error) if matches!(error.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
            Ok(false)
        }
        Err(source) => Err(UsageError::ReadDir {
            path: path.to_owned(),
            source,
        }),
    }
}

/// The file name of `dir` as given (`myapp` for `~/.claude/vms/myapp/`, not the target of a
/// link); for `.` or `..`, that of the directory they name.
fn machine_name(dir: &Path) -> String {
    let canonical;
    let name = match dir.file_name() {
        Some(name) => Some(name),
        None => {
            canonical = fs::canonicalize(dir).ok();
            canonical.as_deref().and_then(Path::file_name)
        }
    };
    name.map_or_else(
        || dir.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_with_vms_is_a_home_one_with_only_projects_a_machine() {
        let temp = tempfile::tempdir().unwrap();
        let home = temp.path().join("claude");
        fs::create_dir_all(home.join("vms")).unwrap();
        fs::create_dir_all(home.join("projects")).unwrap();
        assert_eq!(
            ClaudeDir::open(&home).unwrap(),
            ClaudeDir::Home(home.clone())
        );

        let machine = home.join("vms/myapp");
        fs::create_dir_all(machine.join("projects")).unwrap();
        let expected = ClaudeDir::Machine {
            name: "myapp".to_owned(),
            dir: machine.clone(),
        };
        assert_eq!(ClaudeDir::open(&machine).unwrap(), expected);
        let with_slash = PathBuf::from(format!("{}/", machine.display()));
        assert_eq!(
            ClaudeDir::open(&with_slash).unwrap(),
            ClaudeDir::Machine {
                name: "myapp".to_owned(),
                dir: with_slash,
            }
        );
        let dot_dot = machine.join("projects/..");
        assert_eq!(
            ClaudeDir::open(&dot_dot).unwrap(),
            ClaudeDir::Machine {
                name: "myapp".to_owned(),
                dir: dot_dot,
            }
        );
    }

    #[test]
    fn a_directory_without_either_is_an_error() {
        let temp = tempfile::tempdir().unwrap();
        let reason = |dir: &Path| match ClaudeDir::open(dir) {
            Err(UsageError::NotClaudeDir { reason, .. }) => reason,
            other => panic!("{other:?}"),
        };
        assert_eq!(reason(temp.path()), "neither vms/ nor projects/ in it");
        assert_eq!(reason(&temp.path().join("missing")), "no such directory");
        let file = temp.path().join("file");
        fs::write(&file, "").unwrap();
        assert_eq!(reason(&file), "not a directory");
        // `vms` and `projects` that are files hold nothing
        fs::write(temp.path().join("vms"), "").unwrap();
        fs::write(temp.path().join("projects"), "").unwrap();
        assert_eq!(reason(temp.path()), "neither vms/ nor projects/ in it");
    }
}
