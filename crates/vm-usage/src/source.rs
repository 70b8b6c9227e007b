//! A Claude data directory to read: one VM's, or the host's own.

use std::path::PathBuf;

/// Where one machine's Claude Code transcripts are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The VM's name (its directory under `vms/`), or [`Source::HOST`].
    pub name: String,
    /// The `projects` directory inside the machine's Claude directory.
    pub projects_dir: PathBuf,
}

impl Source {
    /// Name shown for the host's own `~/.claude/projects`; parentheses keep it apart from VM names.
    pub const HOST: &'static str = "(host)";
}
