//! `vm usage blocks`: the 5-hour blocks of the selected machines.

use jiff::tz::TimeZone;

use crate::blocks_args::BlocksArgs;
use crate::date_range::DateRange;
use crate::report::local_date;
use crate::scan_stats::ScanStats;
use crate::token_limit::TokenLimit;
use crate::usage_block::UsageBlock;
use crate::usage_data::UsageData;

/// The blocks to show, and what their rendering needs.
#[derive(Debug, Clone)]
pub struct BlocksReport {
    /// Every block, gaps included: `--token-limit max` looks at all of them.
    pub all: Vec<UsageBlock>,
    /// The blocks `--active`, `--recent`, `--since` and `--until` leave.
    pub shown: Vec<UsageBlock>,
    pub now_ms: i64,
    /// Zone of the times in the table (JSON is in UTC).
    pub time_zone: TimeZone,
    pub sources: Vec<String>,
    pub token_limit: Option<TokenLimit>,
    pub stats: ScanStats,
}

/// How far back `--recent` looks, as ccusage's default.
const RECENT_MS: i64 = 3 * 86_400_000;

impl BlocksReport {
    /// `range` keeps the blocks that start on its days, in `time_zone`, as ccusage's `--since`/`--until` do.
    pub fn build(
        data: UsageData,
        args: &BlocksArgs,
        range: DateRange,
        time_zone: TimeZone,
        now_ms: i64,
    ) -> Self {
        let all = UsageBlock::all_of(&data.summary, now_ms);
        let starts_in_range = |block: &&UsageBlock| {
            !range.is_bounded() || range.contains(local_date(block.start_ms, &time_zone))
        };
        let shown = all
            .iter()
            .filter(starts_in_range)
            .filter(|block| !args.active || block.is_active)
            .filter(|block| !args.recent || block.is_active || block.start_ms >= now_ms - RECENT_MS)
            .cloned()
            .collect();
        let shown = without_outer_gaps(shown);
        BlocksReport {
            all,
            shown,
            now_ms,
            time_zone,
            sources: data.sources.into_iter().map(|source| source.name).collect(),
            token_limit: args.token_limit,
            stats: data.stats,
        }
    }
}

/// A gap says how long nothing happened between two blocks shown: one before the first or after the
/// last (the range cut its neighbour off) says nothing.
fn without_outer_gaps(mut blocks: Vec<UsageBlock>) -> Vec<UsageBlock> {
    while blocks.last().is_some_and(|block| block.is_gap) {
        blocks.pop();
    }
    let leading = blocks.iter().take_while(|block| block.is_gap).count();
    blocks.drain(..leading);
    blocks
}
