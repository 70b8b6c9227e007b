use std::path::PathBuf;
use std::time::Duration;

/// How one test ended.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum Outcome {
    Passed,
    Failed {
        message: String,
    },
    /// Never run: what it needs is missing here.
    Skipped {
        reason: String,
    },
}

/// One test's result, with where to look for more.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TestReport {
    /// `suite::name`.
    pub test: String,
    #[serde(flatten)]
    pub outcome: Outcome,
    #[serde(rename = "seconds", serialize_with = "as_seconds")]
    pub elapsed: Duration,
    /// Its directory: vm.json, `commands.log`, `test.log`; absent for a test that was skipped.
    pub artifacts: Option<PathBuf>,
    /// The end of its log, shown with a failure.
    #[serde(skip)]
    pub log_tail: String,
}

fn as_seconds<S: serde::Serializer>(elapsed: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64((elapsed.as_secs_f64() * 1000.0).round() / 1000.0)
}
