use std::fmt::Write;

use super::{Outcome, TestReport};

/// The version of `vm test --json`'s document; raised when a field changes meaning or goes away.
pub const REPORT_FORMAT_VERSION: u32 = 1;

/// Every test of a run, in the order they were given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunReport {
    pub run_id: String,
    pub tests: Vec<TestReport>,
}

/// How many tests ended each way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
}

impl RunReport {
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for report in &self.tests {
            match report.outcome {
                Outcome::Passed => counts.passed += 1,
                Outcome::Failed { .. } => counts.failed += 1,
                Outcome::Skipped { .. } => counts.skipped += 1,
            }
        }
        counts
    }

    /// A run passes when nothing failed; skipped tests neither pass nor fail it.
    pub fn passed(&self) -> bool {
        self.counts().failed == 0
    }

    /// What follows the tests' lines: each failure with its message, artifacts and the end of its log, then the
    /// closing count.
    pub fn render_summary(&self) -> String {
        let mut text = String::new();
        let failures: Vec<&TestReport> = self
            .tests
            .iter()
            .filter(|report| matches!(report.outcome, Outcome::Failed { .. }))
            .collect();
        if !failures.is_empty() {
            text.push_str("\nfailures:\n");
        }
        for report in failures {
            let Outcome::Failed { message } = &report.outcome else {
                continue;
            };
            let _ = writeln!(text, "\n---- {} ----\n{message}", report.test);
            if let Some(dir) = &report.artifacts {
                let _ = writeln!(text, "artifacts: {}", dir.display());
                let _ = writeln!(
                    text,
                    "end of its log ({}):\n{}",
                    dir.join("test.log").display(),
                    report.log_tail
                );
            }
        }
        let _ = writeln!(text, "\n{}", closing_line(self.counts()));
        text
    }

    /// The whole report for people: one line per test, then [`RunReport::render_summary`].
    pub fn render_text(&self) -> String {
        let mut text: String = self
            .tests
            .iter()
            .map(|report| format!("{}\n", test_line(report)))
            .collect();
        text.push_str(&self.render_summary());
        text
    }

    /// The versioned JSON document of `vm test --json`.
    pub fn render_json(&self) -> String {
        let counts = self.counts();
        let document = serde_json::json!({
            "format_version": REPORT_FORMAT_VERSION,
            "run": self.run_id,
            "passed": counts.passed,
            "failed": counts.failed,
            "skipped": counts.skipped,
            "tests": self.tests,
        });
        serde_json::to_string_pretty(&document).expect("a report is valid JSON") + "\n"
    }
}

/// One test's line: its result, its name, and its time or why it was skipped.
pub fn test_line(report: &TestReport) -> String {
    let seconds = report.elapsed.as_secs_f64();
    match &report.outcome {
        Outcome::Passed => format!("passed  {} ({seconds:.2}s)", report.test),
        Outcome::Failed { .. } => format!("FAILED  {} ({seconds:.2}s)", report.test),
        Outcome::Skipped { reason } => format!("skipped {}: {reason}", report.test),
    }
}

/// `N passed, N failed, N skipped`: the last line of every run.
pub fn closing_line(counts: Counts) -> String {
    format!(
        "{} passed, {} failed, {} skipped",
        counts.passed, counts.failed, counts.skipped
    )
}
