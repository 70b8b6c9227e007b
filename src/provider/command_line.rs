use std::ffi::OsString;
use std::time::Duration;

use super::ProviderError as Error;
use crate::shell_word::for_display;

/// One external command as an argument vector: run through duct, never through a shell.
#[derive(Debug, Clone)]
pub struct CommandLine {
    program: OsString,
    args: Vec<OsString>,
    environment: Vec<(OsString, OsString)>,
    time_limit: TimeLimit,
}

/// How long a captured command may take: a default in seconds, and the variable that changes it.
#[derive(Debug, Clone, Copy)]
pub struct TimeLimit {
    pub variable: &'static str,
    pub default_seconds: u64,
}

/// Generous for a pull or a slow engine, finite for a hung one.
pub const DOCKER_TIME_LIMIT: TimeLimit = TimeLimit {
    variable: "VM_DOCKER_TIMEOUT",
    default_seconds: 300,
};

impl TimeLimit {
    fn duration(self) -> Duration {
        let seconds = std::env::var(self.variable)
            .ok()
            .and_then(|value| value.parse().ok())
            .unwrap_or(self.default_seconds);
        Duration::from_secs(seconds)
    }
}

impl CommandLine {
    /// A command under Docker's time limit, `VM_DOCKER_TIMEOUT`; see [`CommandLine::time_limit`].
    pub fn new(program: impl Into<OsString>) -> CommandLine {
        CommandLine {
            program: program.into(),
            args: Vec::new(),
            environment: Vec::new(),
            time_limit: DOCKER_TIME_LIMIT,
        }
    }

    pub fn time_limit(mut self, limit: TimeLimit) -> CommandLine {
        self.time_limit = limit;
        self
    }

    /// Sets a variable in the command's environment (and only there).
    pub fn env(mut self, name: impl Into<OsString>, value: impl Into<OsString>) -> CommandLine {
        self.environment.push((name.into(), value.into()));
        self
    }

    fn expression(&self) -> duct::Expression {
        self.environment.iter().fold(
            duct::cmd(&self.program, &self.args),
            |expression, (name, value)| expression.env(name, value),
        )
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
        let expression = self.expression();
        let expression = match input {
            Some(bytes) => expression.stdin_bytes(bytes.to_vec()),
            None => expression.stdin_null(),
        };
        self.captured(expression, self.to_string()).map(text)
    }

    /// As [`CommandLine::output`], its standard input read from the file at `path`: streamed, never held whole.
    pub fn output_with_input_file(&self, path: &std::path::Path) -> Result<String, Error> {
        self.captured(self.expression().stdin_path(path), self.to_string())
            .map(text)
    }

    /// As [`CommandLine::output`], for output that is not text (a tar stream).
    pub fn output_bytes(&self) -> Result<Vec<u8>, Error> {
        self.captured(self.expression().stdin_null(), self.to_string())
    }

    /// Runs it with its standard output piped into `next` (as `a | b`), both under this command's time limit;
    /// `next`'s output is the result, and a failure of either is the error.
    pub fn piped_into(&self, next: &CommandLine) -> Result<String, Error> {
        self.captured(
            self.expression().pipe(next.expression()).stdin_null(),
            format!("{self} | {next}"),
        )
        .map(text)
    }

    /// Runs `expression` (this command, or a pipe from it), shown as `command` where it fails.
    fn captured(&self, expression: duct::Expression, command: String) -> Result<Vec<u8>, Error> {
        let expression = expression.stdout_capture().stderr_capture().unchecked();
        let not_run = |source| Error::CommandNotRun {
            program: self.program.to_string_lossy().into_owned(),
            source,
        };
        let handle = expression.start().map_err(not_run)?;
        let limit = self.time_limit.duration();
        let Some(output) = handle.wait_timeout(limit).map_err(not_run)? else {
            let _ = handle.kill();
            return Err(Error::CommandTimedOut {
                command,
                seconds: limit.as_secs(),
            });
        };
        if output.status.success() {
            return Ok(output.stdout.clone());
        }
        Err(Error::CommandFailed {
            command,
            code: output.status.code().map_or_else(
                || "none (killed by a signal)".to_owned(),
                |code| code.to_string(),
            ),
            stderr: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        })
    }

    /// Runs it, handing each line of its output (standard output and error together) to `progress` as it comes;
    /// a failure shows the end of that output.
    pub fn output_with_progress(&self, progress: &mut dyn FnMut(&str)) -> Result<String, Error> {
        use std::io::BufRead;
        let not_run = |source| Error::CommandNotRun {
            program: self.program.to_string_lossy().into_owned(),
            source,
        };
        let reader = self
            .expression()
            .stdin_null()
            .stderr_to_stdout()
            .unchecked()
            .reader()
            .map_err(not_run)?;
        let reader = std::sync::Arc::new(reader);
        let limit = self.time_limit.duration();
        let (finished, finish) = std::sync::mpsc::channel::<()>();
        let timed_out = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let watchdog = {
            let reader = reader.clone();
            let timed_out = timed_out.clone();
            std::thread::spawn(move || {
                if finish.recv_timeout(limit).is_err() {
                    timed_out.store(true, std::sync::atomic::Ordering::SeqCst);
                    let _ = reader.kill();
                }
            })
        };
        let mut output = String::new();
        for line in std::io::BufReader::new(&*reader).lines() {
            let Ok(line) = line else { break };
            progress(&line);
            output.push_str(&line);
            output.push('\n');
        }
        let _ = finished.send(());
        let _ = watchdog.join();
        if timed_out.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(Error::CommandTimedOut {
                command: self.to_string(),
                seconds: limit.as_secs(),
            });
        }
        let status = reader
            .try_wait()
            .map_err(not_run)?
            .map(|output| output.status);
        match status {
            Some(status) if status.success() => Ok(output),
            status => Err(Error::CommandFailed {
                command: self.to_string(),
                code: status.and_then(|status| status.code()).map_or_else(
                    || "none (killed by a signal)".to_owned(),
                    |code| code.to_string(),
                ),
                stderr: last_lines(&output, 20),
            }),
        }
    }

    /// Runs it attached to this terminal and returns its exit code.
    pub fn interactive(&self) -> Result<i32, Error> {
        let output =
            self.expression()
                .unchecked()
                .run()
                .map_err(|source| Error::CommandNotRun {
                    program: self.program.to_string_lossy().into_owned(),
                    source,
                })?;
        Ok(output.status.code().unwrap_or(128))
    }
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The last `count` lines of `text`: the end of a long output is where a failure says why.
fn last_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.trim_end().lines().collect();
    lines[lines.len().saturating_sub(count)..].join("\n")
}

impl std::fmt::Display for CommandLine {
    /// Shell-quoted for display ([`for_display`]), for people to read and paste; never executed as text.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let words = std::iter::once(&self.program).chain(&self.args);
        let quoted: Vec<String> = words
            .map(|word| for_display(&elide(&word.to_string_lossy())))
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
