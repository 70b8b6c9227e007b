//! The command line of `vm usage statusline`.

/// One line for a shell prompt or Claude Code's `statusLine` command
///
/// The model, the cost of the session (with Claude Code's JSON on stdin), of today and of the
/// active 5-hour block, its time left and burn rate.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct StatuslineArgs {
    /// Print the figures as JSON instead of a line
    #[arg(long)]
    pub json: bool,
}
