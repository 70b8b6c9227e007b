//! The command line of `vm usage blocks`.

use crate::token_limit::TokenLimit;

/// Usage by 5-hour billing window, as ccusage's `blocks`
///
/// A window starts on the UTC hour of its first response and lasts 5 hours; the active one shows
/// its burn rate and projection.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct BlocksArgs {
    /// Only the active block
    #[arg(long)]
    pub active: bool,

    /// Only the blocks of the last 3 days, and the active one
    #[arg(long)]
    pub recent: bool,

    /// Tokens a block may use, for the active block's projection: a number, or `max` (the most
    /// any finished block used)
    #[arg(long, value_name = "N|max")]
    pub token_limit: Option<TokenLimit>,

    /// Print JSON (ccusage's `blocks --json` shape) instead of a table
    #[arg(long)]
    pub json: bool,
}
