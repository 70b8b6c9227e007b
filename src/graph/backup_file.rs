//! Which backup `project.backup_pattern` names: found on the host when the configuration is compiled, so the
//! plan shows the very file apply restores.

use std::path::{Component, Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use glob::{MatchOptions, Pattern};

/// The directory a pattern without a directory of its own is looked for in, besides the project's top: where
/// the original tool kept its backups.
pub const BACKUPS_DIR: &str = "backups";

/// A backup file of the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFile {
    pub path: PathBuf,
    /// Its path relative to the project directory, `/`-separated: what the plan shows.
    pub relative: String,
    pub size_bytes: u64,
    pub modified: SystemTime,
}

/// A pattern that could reach outside the project, or is no glob.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackupPatternError {
    #[error("it must be relative to the project directory, without `..`")]
    OutsideProject,
    #[error("it is not a glob: {0}")]
    NotAGlob(String),
    #[error("it matches {0}, which leads outside the project directory")]
    LeadsOutside(String),
    #[error("{path} cannot be read: {error}")]
    Unreadable { path: String, error: String },
}

/// The newest file (by modification time, then the greater name) that `pattern` matches in `project_dir`: a
/// pattern with a directory (`db/*.sql`, `**/*.sql.gz`) is a path relative to the project, one without
/// (`*backup*.sql.gz`) is looked for in `backups/` and at the project's top. `None` when nothing matches.
pub fn newest_backup(
    project_dir: &Path,
    pattern: &str,
) -> Result<Option<BackupFile>, BackupPatternError> {
    let relative = Path::new(pattern);
    if pattern.is_empty()
        || relative
            .components()
            .any(|part| !matches!(part, Component::Normal(_) | Component::CurDir))
    {
        return Err(BackupPatternError::OutsideProject);
    }
    Pattern::new(pattern).map_err(|error| BackupPatternError::NotAGlob(error.to_string()))?;
    let patterns = if pattern.contains('/') {
        vec![pattern.to_owned()]
    } else {
        vec![format!("{BACKUPS_DIR}/{pattern}"), pattern.to_owned()]
    };
    let options = MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: true,
    };
    let project = match project_dir.canonicalize() {
        Ok(project) => project,
        // No project directory, no backups in it (only a host made up for a test has none).
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(unreadable(project_dir, &error)),
    };
    let mut newest: Option<BackupFile> = None;
    for pattern in patterns {
        let escaped = Pattern::escape(&project.to_string_lossy());
        let matches = glob::glob_with(&format!("{escaped}/{pattern}"), options)
            .map_err(|error| BackupPatternError::NotAGlob(error.to_string()))?;
        for path in matches {
            let path = path.map_err(|error| unreadable(error.path(), error.error()))?;
            let relative = path
                .strip_prefix(&project)
                .unwrap_or(&path)
                .to_string_lossy()
                .into_owned();
            let real = path
                .canonicalize()
                .map_err(|error| unreadable(&path, &error))?;
            if !real.starts_with(&project) {
                return Err(BackupPatternError::LeadsOutside(relative));
            }
            let metadata = real.metadata().map_err(|error| unreadable(&path, &error))?;
            if !metadata.is_file() {
                continue;
            }
            let file = BackupFile {
                modified: metadata.modified().unwrap_or(UNIX_EPOCH),
                size_bytes: metadata.len(),
                relative,
                path,
            };
            let newer = newest.as_ref().is_none_or(|best| {
                (file.modified, &file.relative) > (best.modified, &best.relative)
            });
            if newer {
                newest = Some(file);
            }
        }
    }
    Ok(newest)
}

fn unreadable(path: &Path, error: &std::io::Error) -> BackupPatternError {
    BackupPatternError::Unreadable {
        path: path.display().to_string(),
        error: error.to_string(),
    }
}

/// `time` as `YYYY-MM-DD hh:mm:ss UTC`.
pub fn utc_text(time: SystemTime) -> String {
    let seconds = time
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use std::fs::{self, File};
    use std::time::Duration;

    use super::*;

    /// A file at `relative` in `dir`, modified `seconds` after the epoch.
    fn backup(dir: &Path, relative: &str, seconds: u64, contents: &str) {
        let path = dir.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, contents).unwrap();
        File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(UNIX_EPOCH + Duration::from_secs(seconds))
            .unwrap();
    }

    fn chosen(dir: &Path, pattern: &str) -> Option<String> {
        newest_backup(dir, pattern)
            .unwrap()
            .map(|file| file.relative)
    }

    #[test]
    fn the_newest_match_is_chosen_and_a_tie_goes_to_the_greater_name() {
        let project = tempfile::tempdir().unwrap();
        backup(project.path(), "backups/db-backup-1.sql.gz", 100, "a");
        backup(project.path(), "backups/db-backup-2.sql.gz", 300, "bb");
        backup(project.path(), "backups/other.sql.gz", 900, "c");
        backup(project.path(), "top-backup.sql.gz", 200, "d");
        let file = newest_backup(project.path(), "*backup*.sql.gz")
            .unwrap()
            .unwrap();
        assert_eq!(file.relative, "backups/db-backup-2.sql.gz");
        assert_eq!(file.size_bytes, 2);
        assert_eq!(utc_text(file.modified), "1970-01-01 00:05:00 UTC");
        backup(project.path(), "top-backup.sql.gz", 300, "d");
        assert_eq!(
            chosen(project.path(), "*backup*.sql.gz").as_deref(),
            Some("top-backup.sql.gz")
        );
    }

    #[test]
    fn a_pattern_with_a_directory_is_relative_to_the_project() {
        let project = tempfile::tempdir().unwrap();
        backup(project.path(), "db/dumps/a.sql", 100, "a");
        backup(project.path(), "backups/b.sql", 200, "b");
        assert_eq!(
            chosen(project.path(), "db/*/*.sql").as_deref(),
            Some("db/dumps/a.sql")
        );
        assert_eq!(
            chosen(project.path(), "**/*.sql").as_deref(),
            Some("backups/b.sql")
        );
    }

    #[test]
    fn no_match_is_none_and_directories_do_not_count() {
        let project = tempfile::tempdir().unwrap();
        fs::create_dir_all(project.path().join("backups/x.sql")).unwrap();
        assert_eq!(chosen(project.path(), "*.sql"), None);
        assert_eq!(chosen(project.path(), "*.sql.gz"), None);
    }

    #[test]
    fn a_pattern_or_a_link_outside_the_project_is_refused() {
        let project = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        for pattern in ["/etc/*.sql", "../*.sql", "backups/../../x.sql", ""] {
            assert_eq!(
                newest_backup(project.path(), pattern),
                Err(BackupPatternError::OutsideProject),
                "{pattern}"
            );
        }
        assert!(matches!(
            newest_backup(project.path(), "[.sql"),
            Err(BackupPatternError::NotAGlob(_))
        ));
        backup(elsewhere.path(), "secret.sql", 100, "x");
        fs::create_dir_all(project.path().join("backups")).unwrap();
        std::os::unix::fs::symlink(
            elsewhere.path().join("secret.sql"),
            project.path().join("backups/linked.sql"),
        )
        .unwrap();
        assert_eq!(
            newest_backup(project.path(), "*.sql"),
            Err(BackupPatternError::LeadsOutside(
                "backups/linked.sql".to_owned()
            ))
        );
    }

    #[test]
    fn times_read_as_utc_dates() {
        assert_eq!(utc_text(UNIX_EPOCH), "1970-01-01 00:00:00 UTC");
        assert_eq!(
            utc_text(UNIX_EPOCH + Duration::from_secs(1_709_210_096)),
            "2024-02-29 12:34:56 UTC"
        );
    }
}
