//! How fast an active block spends.

use crate::usage_block::UsageBlock;

/// ccusage's burn rate of a block: its tokens and cost over the minutes between its first and
/// last response.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BurnRate {
    /// All tokens (cache included) a minute.
    pub tokens_per_minute: f64,
    /// Input and output tokens a minute (ccusage's indicator ignores cache tokens).
    pub tokens_per_minute_for_indicator: f64,
    pub cost_per_hour: f64,
}

impl BurnRate {
    /// The rate of `block`; none for a gap, or a block whose responses share one instant.
    pub fn of(block: &UsageBlock) -> Option<BurnRate> {
        let minutes = (block.last_ms - block.first_ms) as f64 / 60_000.0;
        if block.is_gap || minutes <= 0.0 {
            return None;
        }
        let tokens = &block.totals.tokens;
        Some(BurnRate {
            tokens_per_minute: tokens.total() as f64 / minutes,
            tokens_per_minute_for_indicator: tokens.input.saturating_add(tokens.output) as f64
                / minutes,
            cost_per_hour: block.totals.cost.usd() / minutes * 60.0,
        })
    }
}
