//! The apply's log: everything the tools print while apply runs them (Docker's build, Vagrant's steps), which the
//! screen does not show, in the project's `.vm/logs/`. It is written as it comes (`tail -f` follows it) and kept
//! only where a step failed, for the error to name; an apply that ends otherwise removes it.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::graph::ResourceId;
use crate::plan::{Action, PlanKind};
use crate::provider::Activity;

/// The failed applies' logs kept at most, the newest: older ones are removed as a new one starts.
const LOGS_KEPT: usize = 10;

/// One apply's log, opened at the first line a tool prints.
#[derive(Debug)]
pub struct ApplyLog {
    project_dir: PathBuf,
    kind: PlanKind,
    file: Option<(PathBuf, File)>,
    /// Where the log could not be opened, apply goes on without it.
    unwritable: bool,
    /// Lines that say which step and which part of it the next output belongs to: written with that output, so a
    /// step that prints nothing leaves nothing.
    headings: Vec<String>,
    step_printed: bool,
    kept: bool,
}

impl ApplyLog {
    /// The log of an apply (or destroy, by `kind`) of the project in `project_dir`.
    pub fn new(project_dir: &Path, kind: PlanKind) -> ApplyLog {
        ApplyLog {
            project_dir: project_dir.to_path_buf(),
            kind,
            file: None,
            unwritable: false,
            headings: Vec::new(),
            step_printed: false,
            kept: false,
        }
    }

    /// What follows is the output of `resource`'s change.
    pub fn step(&mut self, resource: &ResourceId, action: Action) {
        self.headings = vec![format!(
            "--- {resource}: {} ({})",
            action.progressive(),
            now()
        )];
        self.step_printed = false;
    }

    /// What follows is the output of `activity`, a part of the step.
    pub fn activity(&mut self, activity: &Activity) {
        self.headings.push(format!("--- {activity}"));
    }

    /// One line a tool printed.
    pub fn output(&mut self, line: &str) {
        if !self.opened() {
            return;
        }
        let mut text = String::new();
        for heading in std::mem::take(&mut self.headings) {
            text.push_str(&heading);
            text.push('\n');
        }
        text.push_str(line);
        text.push('\n');
        if let Some((_, file)) = self.file.as_mut()
            && file.write_all(text.as_bytes()).is_ok()
        {
            self.step_printed = true;
        }
    }

    /// The log, kept, where the step that failed printed into it: the error names it.
    pub fn keep_for_failed_step(&mut self) -> Option<PathBuf> {
        if !self.step_printed {
            return None;
        }
        self.kept = true;
        self.file.as_ref().map(|(path, _)| path.clone())
    }

    /// Whether the log is open, opening it at the first call.
    fn opened(&mut self) -> bool {
        if self.file.is_none() && !self.unwritable {
            self.file = self.open();
            self.unwritable = self.file.is_none();
        }
        self.file.is_some()
    }

    /// A new file in `.vm/logs/`, named after the command and the time, the oldest logs past the limit removed.
    fn open(&self) -> Option<(PathBuf, File)> {
        let dir = super::project_lock::state_dir_of(&self.project_dir)
            .ok()?
            .join("logs");
        match fs::create_dir(&dir) {
            Err(error) if error.kind() != std::io::ErrorKind::AlreadyExists => return None,
            _ => {}
        }
        remove_oldest(&dir, LOGS_KEPT - 1);
        let command = self.kind.command();
        // Another vm may have taken the same microsecond: the next one is another name.
        (0..100).find_map(|_| {
            let path = dir.join(format!("{command}-{}.log", stamp(SystemTime::now())));
            let file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .ok()?;
            Some((path, file))
        })
    }
}

impl Drop for ApplyLog {
    /// Removes the log no error named, and `.vm/logs/` and `.vm/` where nothing else is left in them.
    fn drop(&mut self) {
        if let Some((path, _)) = self.file.take()
            && !self.kept
        {
            let _ = fs::remove_file(&path);
            if let Some(dir) = path.parent() {
                let _ = fs::remove_dir(dir);
            }
            super::project_lock::remove_empty_state_dir(&self.project_dir);
        }
    }
}

fn now() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// `2026-01-02T03-04-05.123456Z`: UTC, without the colons some file systems and tools take badly; names sort as
/// their times do.
fn stamp(time: SystemTime) -> String {
    humantime::format_rfc3339_micros(time)
        .to_string()
        .replace(':', "-")
}

/// Leaves the newest `keep` logs of `dir`, by the time in their names.
fn remove_oldest(dir: &Path, keep: usize) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut logs: Vec<(String, PathBuf)> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let (_, time) = name.strip_suffix(".log")?.split_once('-')?;
            Some((time.to_owned(), entry.path()))
        })
        .collect();
    logs.sort();
    let excess = logs.len().saturating_sub(keep);
    for (_, path) in &logs[..excess] {
        let _ = fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::ResourceKind;
    use crate::provider::StagePlace;

    fn image() -> ResourceId {
        ResourceId::new(ResourceKind::DockerImage, "app")
    }

    fn logs(dir: &Path) -> Vec<PathBuf> {
        fs::read_dir(dir.join(".vm/logs"))
            .map(|entries| entries.flatten().map(|entry| entry.path()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_failed_step_keeps_the_log_of_what_its_tools_printed() {
        let project = tempfile::tempdir().unwrap();
        let mut log = ApplyLog::new(project.path(), PlanKind::Apply);
        log.step(&image(), Action::Create);
        log.activity(&Activity {
            what: "installing 1 apt package: sl".to_owned(),
            stage: Some(StagePlace {
                number: 2,
                count: 3,
            }),
        });
        log.output("Step 7/14 : RUN [\"/bin/bash\", \"/usr/local/lib/vm/provision/10-apt.sh\"]");
        let path = log.keep_for_failed_step().unwrap();
        drop(log);
        assert_eq!(logs(project.path()), std::slice::from_ref(&path));
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("apply-") && name.ends_with("Z.log"),
            "{name}"
        );
        assert!(!name.contains(':'), "{name}");
        let text = fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[0].starts_with("--- docker_image.app: Creating ("),
            "{text}"
        );
        assert_eq!(
            lines[1..],
            [
                "--- stage 2 of 3: installing 1 apt package: sl",
                "Step 7/14 : RUN [\"/bin/bash\", \"/usr/local/lib/vm/provision/10-apt.sh\"]"
            ]
        );
        assert_eq!(
            fs::read_to_string(project.path().join(".vm/.gitignore")).unwrap(),
            "*\n"
        );
    }

    #[test]
    fn an_apply_that_no_error_names_leaves_no_log() {
        let project = tempfile::tempdir().unwrap();
        let mut log = ApplyLog::new(project.path(), PlanKind::Apply);
        log.step(&image(), Action::Create);
        log.output("Step 1/2 : FROM vm-base:latest");
        log.step(
            &ResourceId::new(ResourceKind::DockerContainer, "app-dev"),
            Action::Create,
        );
        assert_eq!(
            log.keep_for_failed_step(),
            None,
            "the failed step printed nothing"
        );
        drop(log);
        assert!(!project.path().join(".vm").exists());
    }

    #[test]
    fn a_step_that_prints_nothing_makes_no_log_and_no_project_directory_is_made() {
        let project = tempfile::tempdir().unwrap();
        let mut log = ApplyLog::new(project.path(), PlanKind::Destroy);
        log.step(&image(), Action::Delete);
        assert_eq!(log.keep_for_failed_step(), None);
        drop(log);
        assert!(!project.path().join(".vm").exists());
        let missing = project.path().join("gone");
        let mut log = ApplyLog::new(&missing, PlanKind::Apply);
        log.step(&image(), Action::Create);
        log.output("Step 1/2 : FROM vm-base:latest");
        assert_eq!(log.keep_for_failed_step(), None);
        assert!(!missing.exists());
    }

    #[test]
    fn only_the_newest_logs_are_kept() {
        let project = tempfile::tempdir().unwrap();
        for apply in 0..LOGS_KEPT + 2 {
            let mut log = ApplyLog::new(project.path(), PlanKind::Apply);
            log.step(&image(), Action::Create);
            log.output(&format!("apply {apply:02}"));
            log.keep_for_failed_step().unwrap();
        }
        let mut left: Vec<String> = logs(project.path())
            .iter()
            .map(|path| {
                let text = fs::read_to_string(path).unwrap();
                text.lines().last().unwrap().to_owned()
            })
            .collect();
        left.sort();
        let newest: Vec<String> = (2..LOGS_KEPT + 2)
            .map(|apply| format!("apply {apply:02}"))
            .collect();
        assert_eq!(left, newest);
    }
}
