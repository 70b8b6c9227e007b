//! Where an active block is heading.

use crate::burn_rate::BurnRate;
use crate::usage_block::UsageBlock;

/// ccusage's projection of an active block: its totals if it keeps its burn rate to its end.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BlockProjection {
    pub total_tokens: u64,
    /// Rounded to cents, as ccusage does.
    pub total_cost: f64,
    pub remaining_minutes: u64,
}

impl BlockProjection {
    /// The projection of `block` at `now_ms`; none unless the block is active and has a rate.
    pub fn of(block: &UsageBlock, now_ms: i64) -> Option<BlockProjection> {
        if !block.is_active {
            return None;
        }
        let rate = BurnRate::of(block)?;
        let remaining = ((block.end_ms - now_ms) as f64 / 60_000.0).max(0.0);
        let tokens = block.totals.tokens.total() as f64 + rate.tokens_per_minute * remaining;
        let cost = block.totals.cost.usd() + rate.cost_per_hour / 60.0 * remaining;
        Some(BlockProjection {
            total_tokens: tokens.round() as u64,
            total_cost: (cost * 100.0).round() / 100.0,
            remaining_minutes: remaining.round() as u64,
        })
    }
}
