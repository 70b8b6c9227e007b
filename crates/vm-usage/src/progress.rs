//! A progress bar on stderr, shown only when reading takes more than a moment.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long reading runs before the bar appears.
const DELAY: Duration = Duration::from_millis(300);

/// Bytes read out of the total; drawn on stderr after [`DELAY`], and only on a terminal.
pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    shown: AtomicBool,
    enabled: bool,
}

impl Progress {
    /// A bar for `total_bytes`; `enabled: false` never draws.
    pub fn new(total_bytes: u64, enabled: bool) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::hidden());
        let style = ProgressStyle::with_template(
            "reading {bar:30} {decimal_bytes}/{decimal_total_bytes} ({decimal_bytes_per_sec}, {eta} left)",
        )
        .expect("valid progress template");
        bar.set_style(style);
        Progress {
            bar,
            started: Instant::now(),
            shown: AtomicBool::new(false),
            enabled,
        }
    }

    /// Counts `bytes` more as read.
    pub fn advance(&self, bytes: u64) {
        self.bar.inc(bytes);
        let due =
            self.enabled && !self.shown.load(Ordering::Relaxed) && self.started.elapsed() >= DELAY;
        if due && !self.shown.swap(true, Ordering::Relaxed) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
