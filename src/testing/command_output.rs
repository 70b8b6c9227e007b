use std::fmt;

use super::{TestFailure, TestResult};

/// A command a test ran, and what came of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandOutput {
    /// The command line, shell-quoted, for people to read and paste.
    pub command: String,
    /// `None` where a signal ended it.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl CommandOutput {
    /// Fails unless it exited 0.
    pub fn ensure_success(&self) -> TestResult {
        self.ensure_code(0)
    }

    /// Fails unless it exited with `code`, showing everything it said.
    pub fn ensure_code(&self, code: i32) -> TestResult {
        if self.code == Some(code) {
            return Ok(());
        }
        Err(TestFailure::new(format!(
            "expected exit code {code} from `{}`, got {}\n{}",
            self.command,
            self.exit_text(),
            self.said()
        )))
    }

    pub fn exit_text(&self) -> String {
        self.code.map_or_else(
            || "none (killed by a signal)".to_owned(),
            |code| code.to_string(),
        )
    }

    /// Its standard output and error, labelled, for a failure message.
    pub fn said(&self) -> String {
        format!(
            "--- stdout ---\n{}--- stderr ---\n{}",
            with_newline(&self.stdout),
            with_newline(&self.stderr)
        )
    }
}

impl fmt::Display for CommandOutput {
    /// As the artifacts record it: the command, its exit code, then what it said.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "$ {}\nexit code: {}\n{}",
            self.command,
            self.exit_text(),
            self.said()
        )
    }
}

fn with_newline(text: &str) -> String {
    if text.is_empty() || text.ends_with('\n') {
        text.to_owned()
    } else {
        format!("{text}\n")
    }
}
