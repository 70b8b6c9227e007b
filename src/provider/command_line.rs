use std::ffi::OsString;
use std::time::Duration;

use super::ProviderError as Error;

/// One external command as an argument vector: run through duct, never through a shell.
#[derive(Debug, Clone)]
pub struct CommandLine {
    program: OsString,
    args: Vec<OsString>,
}

impl CommandLine {
    pub fn new(program: impl Into<OsString>) -> CommandLine {
        CommandLine {
            program: program.into(),
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, arg: impl Into<OsString>) -> CommandLine {
        self.args.push(arg.into());
        self
    }

    pub fn args<I, A>(mut self, args: I) -> CommandLine
    where
        I: IntoIterator<Item = A>,
        A: Into<OsString>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Runs it, capturing output; a non-zero exit becomes an error showing the command, its code and its stderr.
    pub fn output(&self) -> Result<String, Error> {
        self.output_with_input(None)
    }

    /// As [`CommandLine::output`], feeding `input` to its standard input.
    pub fn output_with_input(&self, input: Option<&[u8]>) -> Result<String, Error> {
        let mut expression = duct::cmd(&self.program, &self.args)
            .stdout_capture()
            .stderr_capture()
            .unchecked();
        expression = match input {
            Some(bytes) => expression.stdin_bytes(bytes.to_vec()),
            None => expression.stdin_null(),
        };
        let not_run = |source| Error::CommandNotRun {
            program: self.program.to_string_lossy().into_owned(),
            source,
        };
        let handle = expression.start().map_err(not_run)?;
        let limit = time_limit();
        let Some(output) = handle.wait_timeout(limit).map_err(not_run)? else {
            let _ = handle.kill();
            return Err(Error::CommandTimedOut {
                command: self.to_string(),
                seconds: limit.as_secs(),
            });
        };
        if output.status.success() {
            return Ok(String::from_utf8_lossy(&output.stdout).into_owned());
        }
        Err(Error::CommandFailed {
            command: self.to_string(),
            code: output.status.code().map_or_else(
                || "none (killed by a signal)".to_owned(),
                |code| code.to_string(),
            ),
            stderr: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        })
    }

    /// Runs it attached to this terminal and returns its exit code.
    pub fn interactive(&self) -> Result<i32, Error> {
        let output = duct::cmd(&self.program, &self.args)
            .unchecked()
            .run()
            .map_err(|source| Error::CommandNotRun {
                program: self.program.to_string_lossy().into_owned(),
                source,
            })?;
        Ok(output.status.code().unwrap_or(128))
    }
}

/// How long one captured command may take: generous for a pull or a slow engine, finite for a hung one.
/// `VM_DOCKER_TIMEOUT` (seconds) changes it.
fn time_limit() -> Duration {
    const DEFAULT_SECONDS: u64 = 300;
    let seconds = std::env::var("VM_DOCKER_TIMEOUT")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(DEFAULT_SECONDS);
    Duration::from_secs(seconds)
}

impl std::fmt::Display for CommandLine {
    /// Shell-quoted, for people to read and paste; never executed as text.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let words = std::iter::once(&self.program).chain(&self.args);
        let quoted: Vec<String> = words
            .map(|word| quote(&elide(&word.to_string_lossy())))
            .collect();
        f.write_str(&quoted.join(" "))
    }
}

/// Longer words (a label holding a machine's whole spec) are cut: an error names the command, it need not recite it.
const LONGEST_SHOWN_WORD: usize = 120;

fn elide(word: &str) -> String {
    match word.char_indices().nth(LONGEST_SHOWN_WORD) {
        Some((cut, _)) => format!("{}…", &word[..cut]),
        None => word.to_owned(),
    }
}

fn quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=,@%+".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}
