//! `vm usage blocks`: the 5-hour blocks of the selected machines.

use jiff::tz::TimeZone;

use crate::blocks_args::BlocksArgs;
use crate::scan_stats::ScanStats;
use crate::token_limit::TokenLimit;
use crate::usage_block::UsageBlock;
use crate::usage_data::UsageData;

/// The blocks to show, and what their rendering needs.
#[derive(Debug, Clone)]
pub struct BlocksReport {
    /// Every block, gaps included: `--token-limit max` looks at all of them.
    pub all: Vec<UsageBlock>,
    /// The blocks `--active` and `--recent` leave.
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
    pub fn build(data: UsageData, args: &BlocksArgs, time_zone: TimeZone, now_ms: i64) -> Self {
        let all = UsageBlock::all_of(&data.summary, now_ms);
        let shown = all
            .iter()
            .filter(|block| !args.active || block.is_active)
            .filter(|block| !args.recent || block.is_active || block.start_ms >= now_ms - RECENT_MS)
            .cloned()
            .collect();
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
