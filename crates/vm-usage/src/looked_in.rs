//! Where a report looked for machines, for the reader of an empty report.

use std::path::PathBuf;

/// The directories that `vm usage` read machines from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LookedIn {
    /// `<claude dir>/vms`, holding one directory per VM (missing when no VM synced data yet).
    pub vms_dir: PathBuf,
    /// `<claude dir>/projects`, the host's own transcripts, with `--host`.
    pub host_dir: Option<PathBuf>,
    /// Whether `host_dir` held no transcript; the host is then not among the report's machines.
    pub host_without_data: bool,
}
