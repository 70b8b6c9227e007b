//! Where a report looked for machines, for the reader of an empty report.

use std::path::PathBuf;

use crate::claude_dir::ClaudeDir;

/// The directories that `vm usage` read machines from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookedIn {
    /// The Claude directory: a home's, whose `vms` holds one directory per VM (missing when no VM
    /// synced data yet), or one machine's.
    pub claude_dir: ClaudeDir,
    /// `<claude dir>/projects`, the host's own transcripts, with `--host`.
    pub host_dir: Option<PathBuf>,
    /// Whether `host_dir` held no transcript; the host is then not among the report's machines.
    pub host_without_data: bool,
}
