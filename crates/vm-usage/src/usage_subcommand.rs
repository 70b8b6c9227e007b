//! The reports of `vm usage` besides its table of totals.

use crate::blocks_args::BlocksArgs;
use crate::statusline_args::StatuslineArgs;

/// `vm usage blocks` and `vm usage statusline`; the machine flags of `vm usage` (`--vm`,
/// `--dir`, `--host`, `--timezone`, ...) come before the subcommand.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum UsageSubcommand {
    Blocks(BlocksArgs),
    Statusline(StatuslineArgs),
}
