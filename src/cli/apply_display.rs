//! Apply's progress on standard output, as [`ApplyTranscript`] decides it: on a terminal with a spinner line that
//! shows the running part of a step and its time, updated in place; elsewhere with a line every 10 s of a step.

use std::io::{IsTerminal, Write};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use super::apply_transcript::{ApplyTranscript, SpinnerLine, clock};
use crate::engine::ApplyEvent;
use crate::graph::ResourceId;

/// The spinner line showing now, for what the signal thread prints meanwhile ([`above_spinner`]).
static SPINNER: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// How often, off a terminal, the time is looked at for a `Still creating...` line.
const TICK: Duration = Duration::from_millis(500);

/// Shows one apply as its events come; the spinner goes, and the ticker stops, when it is dropped.
pub struct ApplyDisplay {
    shown: Arc<Mutex<Shown>>,
    ticker: Option<(Sender<()>, JoinHandle<()>)>,
}

struct Shown {
    transcript: ApplyTranscript,
    /// On a terminal: the running step's spinner line, and its step.
    spinner: Option<(ResourceId, ProgressBar)>,
    on_terminal: bool,
}

impl ApplyDisplay {
    /// For standard output: a terminal, or not.
    pub fn new() -> ApplyDisplay {
        let on_terminal = std::io::stdout().is_terminal();
        let shown = Arc::new(Mutex::new(Shown {
            transcript: ApplyTranscript::new(on_terminal),
            spinner: None,
            on_terminal,
        }));
        let ticker = (!on_terminal).then(|| ticker(shown.clone()));
        ApplyDisplay { shown, ticker }
    }

    pub fn show(&self, event: ApplyEvent) {
        let mut shown = lock(&self.shown);
        let lines = shown.transcript.event(&event, Instant::now());
        shown.print(&lines);
        shown.follow_spinner();
    }
}

impl Drop for ApplyDisplay {
    /// An apply that failed ends with no event: its unfinished step's lines come, and the spinner goes, before
    /// the error is shown.
    fn drop(&mut self) {
        if let Some((stop, ticking)) = self.ticker.take() {
            drop(stop);
            let _ = ticking.join();
        }
        let mut shown = lock(&self.shown);
        let lines = shown.transcript.abandoned(Instant::now());
        shown.print(&lines);
        shown.follow_spinner();
    }
}

impl Shown {
    /// Prints `lines` above the spinner line, where there is one.
    fn print(&self, lines: &[String]) {
        match &self.spinner {
            Some((_, bar)) => lines.iter().for_each(|line| bar.println(line)),
            None => {
                let mut stdout = std::io::stdout().lock();
                for line in lines {
                    let _ = writeln!(stdout, "{line}");
                }
            }
        }
    }

    /// Starts, changes or ends the spinner line as the transcript says.
    fn follow_spinner(&mut self) {
        if !self.on_terminal {
            return;
        }
        let wanted = self.transcript.spinner_line();
        let same_step = matches!(
            (&self.spinner, &wanted),
            (Some((running, _)), Some(line)) if *running == line.resource
        );
        if !same_step && let Some((_, bar)) = self.spinner.take() {
            bar.finish_and_clear();
            *lock(&SPINNER) = None;
        }
        let Some(line) = wanted else {
            return;
        };
        match &self.spinner {
            Some((_, bar)) => bar.set_message(line.message),
            None => {
                let bar = spinner(&line);
                *lock(&SPINNER) = Some(bar.clone());
                self.spinner = Some((line.resource, bar));
            }
        }
    }
}

/// `⠙ [1m12s] docker_image.app: stage 2 of 5: installing 3 apt packages: build-essential, cmatrix, sl`, cut to
/// the terminal's width.
fn spinner(line: &SpinnerLine) -> ProgressBar {
    let style = ProgressStyle::with_template("{spinner} [{time}] {prefix}: {wide_msg}")
        .expect("the template is valid")
        .with_key(
            "time",
            |state: &ProgressState, out: &mut dyn std::fmt::Write| {
                let _ = out.write_str(&clock(state.elapsed()));
            },
        );
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stdout())
        .with_style(style)
        .with_elapsed(line.started.elapsed())
        .with_prefix(line.resource.to_string())
        .with_message(line.message.clone());
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// Off a terminal: looks at the time every [`TICK`] until told to stop, printing the lines due.
fn ticker(shown: Arc<Mutex<Shown>>) -> (Sender<()>, JoinHandle<()>) {
    let (stop, stopped) = mpsc::channel::<()>();
    let ticking = std::thread::spawn(move || {
        while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(TICK) {
            let mut shown = lock(&shown);
            let lines = shown.transcript.tick(Instant::now());
            shown.print(&lines);
        }
    });
    (stop, ticking)
}

/// Runs `print` with the spinner line out of its way, where one shows: the signal thread's notices.
pub fn above_spinner(print: impl FnOnce()) {
    let bar = lock(&SPINNER).clone();
    match bar {
        Some(bar) => bar.suspend(print),
        None => print(),
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
