use std::ffi::OsString;
use std::time::Duration;

use super::ProviderError as Error;
use crate::interrupt::{ChildGroups, Interrupt};
use crate::shell_word::for_display;

/// One external command as an argument vector: run through duct, never through a shell.
#[derive(Debug, Clone)]
pub struct CommandLine {
    program: OsString,
    args: Vec<OsString>,
    environment: Vec<(OsString, OsString)>,
    time_limit: TimeLimit,
    signals: SignalHandling,
}

/// What an interrupt does to a command: see [`CommandLine::stoppable`] and [`CommandLine::even_when_interrupted`].
#[derive(Debug, Clone, Copy, Default)]
struct SignalHandling {
    stoppable: bool,
    after_interrupt: bool,
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
    pub fn duration(self) -> Duration {
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
            signals: SignalHandling::default(),
        }
    }

    /// The first interrupt stops it (with SIGTERM), where other commands are left to finish: for a long step that
    /// stops cleanly, an image build.
    pub fn stoppable(mut self) -> CommandLine {
        self.signals.stoppable = true;
        self
    }

    /// It runs even after an interrupt, which refuses every other new command: for cleaning up after a stopped
    /// step, and for passing a signal on.
    pub fn even_when_interrupted(mut self) -> CommandLine {
        self.signals.after_interrupt = true;
        self
    }

    /// After an interrupt, a new command is not started: the step stops there, as at a failed command.
    fn refused(&self, command: &str) -> Option<Error> {
        (Interrupt::requested() && !self.signals.after_interrupt).then(|| Error::Interrupted {
            command: command.to_owned(),
        })
    }

    /// Whether a command that failed was stopped by an interrupt rather than failing by itself.
    fn stopped_by_interrupt(&self) -> bool {
        Interrupt::forced() || (self.signals.stoppable && Interrupt::requested())
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

    /// As [`CommandLine::output_bytes`], feeding `input` to its standard input.
    pub fn output_bytes_with_input(&self, input: &[u8]) -> Result<Vec<u8>, Error> {
        self.captured(
            self.expression().stdin_bytes(input.to_vec()),
            self.to_string(),
        )
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

    /// As [`CommandLine::output`], for a command whose failure may still say something (`docker inspect` of
    /// several objects prints those it found, and names the missing ones on standard error): its standard output,
    /// with its standard error where it failed.
    pub fn output_and_failure(&self) -> Result<(String, Option<String>), Error> {
        let command = self.to_string();
        let output = self.finished(self.expression().stdin_null(), &command)?;
        let failure = (!output.status.success())
            .then(|| String::from_utf8_lossy(&output.stderr).trim().to_owned());
        Ok((text(output.stdout), failure))
    }

    /// Runs `expression` (this command, or a pipe from it), shown as `command` where it fails.
    fn captured(&self, expression: duct::Expression, command: String) -> Result<Vec<u8>, Error> {
        let output = self.finished(expression, &command)?;
        if output.status.success() {
            return Ok(output.stdout);
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

    /// Runs `expression` to its end within the time limit, succeeding or not; an interrupt that stopped it is an error.
    fn finished(
        &self,
        expression: duct::Expression,
        command: &str,
    ) -> Result<std::process::Output, Error> {
        let command = command.to_owned();
        let expression = in_own_group(expression.stdout_capture().stderr_capture().unchecked());
        let not_run = |source| Error::CommandNotRun {
            program: self.program.to_string_lossy().into_owned(),
            source,
        };
        let (handle, running) = ChildGroups::spawn(
            true,
            self.signals.stoppable,
            || self.refused(&command),
            || expression.start().map_err(not_run),
            duct::Handle::pids,
        )?;
        let limit = self.time_limit.duration();
        let Some(output) = handle.wait_timeout(limit).map_err(not_run)? else {
            ChildGroups::kill(&running);
            let _ = handle.kill();
            return Err(Error::CommandTimedOut {
                command,
                seconds: limit.as_secs(),
            });
        };
        drop(running);
        if !output.status.success() && self.stopped_by_interrupt() {
            return Err(Error::Interrupted { command });
        }
        Ok(output.clone())
    }

    /// Runs it, handing each line of its output (standard output and error together) to `progress` as it comes;
    /// a failure shows the end of that output.
    pub fn output_with_progress(&self, progress: &mut dyn FnMut(&str)) -> Result<String, Error> {
        use std::io::BufRead;
        let not_run = |source| Error::CommandNotRun {
            program: self.program.to_string_lossy().into_owned(),
            source,
        };
        let expression = in_own_group(
            self.expression()
                .stdin_null()
                .stderr_to_stdout()
                .unchecked(),
        );
        let (reader, running) = ChildGroups::spawn(
            true,
            self.signals.stoppable,
            || self.refused(&self.to_string()),
            || expression.reader().map_err(not_run),
            duct::ReaderHandle::pids,
        )?;
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
                    ChildGroups::kill_groups(&reader.pids());
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
        drop(running);
        if !status.is_some_and(|status| status.success()) && self.stopped_by_interrupt() {
            return Err(Error::Interrupted {
                command: self.to_string(),
            });
        }
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

    /// Runs it attached to this terminal and returns its exit code (128 + the signal that ended it, as shells
    /// say). It stays in vm's process group, the terminal's foreground one, so that it can read the terminal.
    pub fn interactive(&self) -> Result<i32, Error> {
        use std::os::unix::process::ExitStatusExt;
        let not_run = |source| Error::CommandNotRun {
            program: self.program.to_string_lossy().into_owned(),
            source,
        };
        let expression = self.expression().unchecked();
        let (handle, running) = ChildGroups::spawn(
            false,
            false,
            || self.refused(&self.to_string()),
            || expression.start().map_err(not_run),
            duct::Handle::pids,
        )?;
        let status = handle.wait().map_err(not_run)?.status;
        drop(running);
        Ok(status
            .code()
            .unwrap_or_else(|| 128 + status.signal().unwrap_or(0)))
    }
}

/// Runs each command of `expression` in a process group of its own: Ctrl-C on the terminal reaches vm alone, and
/// stopping a command stops whatever it started.
fn in_own_group(expression: duct::Expression) -> duct::Expression {
    expression.before_spawn(|command| {
        use std::os::unix::process::CommandExt;
        command.process_group(0);
        Ok(())
    })
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
