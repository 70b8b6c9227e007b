use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use super::{CommandOutput, RunContext, TestFailure, TestResult};
use crate::provider::docker::labels;

/// Something to undo when the test ends, however it ends.
type Cleanup = Box<dyn FnOnce(&mut TestContext) -> TestResult + Send>;

/// What one test works in: its own directory (its project, its HOME, its logs), the run it belongs to, and what
/// to clean up after it.
pub struct TestContext {
    /// `vm-test-<suite>-<name>-<pid>`: the test's project directory and its artifacts.
    pub dir: PathBuf,
    pub run: Arc<RunContext>,
    /// `suite-name`, for names that must be unique on the Docker engine.
    slug: String,
    log: File,
    commands: File,
    cleanups: Vec<(String, Cleanup)>,
    /// The projects whose machines are already set to be removed at the end.
    cleaned_projects: std::collections::BTreeSet<String>,
}

impl TestContext {
    /// Makes `dir` afresh (an earlier run with the same pid may have left one) with its log files.
    pub fn create(dir: PathBuf, slug: &str, run: Arc<RunContext>) -> std::io::Result<TestContext> {
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(dir.join("home"))?;
        std::fs::write(dir.join("test-run"), format!("{}\n", run.run_id))?;
        Ok(TestContext {
            log: File::create(dir.join("test.log"))?,
            commands: File::create(dir.join("commands.log"))?,
            dir,
            run,
            slug: slug.to_owned(),
            cleanups: Vec::new(),
            cleaned_projects: Default::default(),
        })
    }

    /// The HOME of the test's `vm` commands and machines: their synced data lands here, never in the user's own.
    pub fn home(&self) -> PathBuf {
        self.dir.join("home")
    }

    /// A line of the test's log, written at once so that a crash keeps it.
    pub fn log(&mut self, line: impl AsRef<str>) {
        let _ = writeln!(self.log, "{}", line.as_ref());
    }

    /// A name unique to this test of this run, usable as a `project.name` (so as a container name): a pid alone
    /// could match a machine left by an earlier run.
    pub fn unique_name(&self, suffix: &str) -> String {
        let slug = if suffix.is_empty() {
            self.slug.clone()
        } else {
            format!("{}-{suffix}", self.slug)
        };
        let name = format!(
            "vt{}-{}-{slug}",
            self.run.run_id.nonce(),
            self.run.run_id.pid
        );
        if name.len() <= 50 {
            return name;
        }
        use sha2::Digest;
        let hash = hex::encode(&sha2::Sha256::digest(name.as_bytes())[..3]);
        format!("{}-{hash}", name[..43].trim_end_matches('-'))
    }

    /// Runs `command` without input, capturing what it says; recorded in `commands.log` and the log whatever it did.
    pub fn run(&mut self, command: &mut Command) -> Result<CommandOutput, TestFailure> {
        let line = command_line(command);
        let output = command
            .stdin(Stdio::null())
            .output()
            .map_err(|error| TestFailure::new(format!("could not run `{line}`: {error}")))?;
        let output = CommandOutput {
            command: line,
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        let _ = writeln!(self.commands, "{output}");
        self.log(output.to_string());
        Ok(output)
    }

    /// The `vm` binary with `args`, as a user would run it in the test's directory: HOME is the test's, acting for
    /// this process's own user (not through `sudo`'s variables, which would send it to the user's real home), and
    /// the machines it makes carry this run's label.
    pub fn vm(&mut self, args: &[&str]) -> Result<CommandOutput, TestFailure> {
        self.vm_in(&self.dir.clone(), args)
    }

    /// [`TestContext::vm`] in `dir`.
    pub fn vm_in(&mut self, dir: &Path, args: &[&str]) -> Result<CommandOutput, TestFailure> {
        let mut command = Command::new(&self.run.vm_binary);
        command
            .args(args)
            .current_dir(dir)
            .env("HOME", self.home())
            .env(labels::TEST_RUN_VARIABLE, self.run.run_id.to_string())
            // Its own files only, wherever `vm test` was started (inside a project, too).
            .env(crate::config::CEILING_VARIABLE, &self.dir)
            .env("NO_COLOR", "1")
            .env_remove("SUDO_UID")
            .env_remove("SUDO_GID")
            .env_remove("SUDO_USER");
        // Vagrant keeps its machine index in its home: the same one as the machines this process made.
        if let Some(vagrant_home) = vagrant_home() {
            command.env("VAGRANT_HOME", vagrant_home);
        }
        self.run(&mut command)
    }

    /// Registers `cleanup` to run when the test ends, passed, failed or panicked; the last registered runs first.
    pub fn on_cleanup(
        &mut self,
        what: impl Into<String>,
        cleanup: impl FnOnce(&mut TestContext) -> TestResult + Send + 'static,
    ) {
        self.cleanups.push((what.into(), Box::new(cleanup)));
    }

    /// Whether `project` is new to [`TestContext::remove_machines_when_done`]; remembered from now on.
    pub(super) fn note_cleanup_of(&mut self, project: &str) -> bool {
        self.cleaned_projects.insert(project.to_owned())
    }

    /// Runs every cleanup, each even when one before it failed; the failures, in words.
    pub fn clean_up(&mut self) -> Result<(), TestFailure> {
        let mut failures = Vec::new();
        while let Some((what, cleanup)) = self.cleanups.pop() {
            self.log(format!("cleanup: {what}"));
            if let Err(failure) = cleanup(self) {
                failures.push(format!("cleanup `{what}` failed: {failure}"));
            }
        }
        if failures.is_empty() {
            Ok(())
        } else {
            Err(TestFailure::new(failures.join("\n")))
        }
    }
}

/// Where this process's Vagrant keeps its state: `VAGRANT_HOME`, else `~/.vagrant.d`.
fn vagrant_home() -> Option<PathBuf> {
    std::env::var_os("VAGRANT_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".vagrant.d")))
}

/// A command as a shell would read it back.
fn command_line(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|word| crate::shell_word::for_display(&word.to_string_lossy()))
        .collect::<Vec<_>>()
        .join(" ")
}
