//! The active block's projection against `--token-limit`.

use crate::block_projection::BlockProjection;
use crate::token_limit::TokenLimit;
use crate::usage_block::UsageBlock;

/// ccusage's `tokenLimitStatus`: the limit, the projected tokens, their share of the limit, and
/// `ok`, `warning` (past 80%) or `exceeds`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TokenLimitStatus {
    pub limit: u64,
    pub projected_usage: u64,
    pub percent_used: f64,
    pub status: &'static str,
}

/// ccusage's threshold of a warning: 80% of the limit.
const WARNING_SHARE: f64 = 0.8;

impl TokenLimitStatus {
    /// The status of `projection` under `limit`, `Max` being the most tokens of a finished block
    /// of `blocks`; none when `max` finds no finished block.
    pub fn of(
        limit: TokenLimit,
        projection: &BlockProjection,
        blocks: &[UsageBlock],
    ) -> Option<TokenLimitStatus> {
        let limit = match limit {
            TokenLimit::Tokens(tokens) => tokens,
            TokenLimit::Max => blocks
                .iter()
                .filter(|block| !block.is_gap && !block.is_active)
                .map(|block| block.totals.tokens.total())
                .max()
                .filter(|&max| max > 0)?,
        };
        let projected = projection.total_tokens;
        let status = if projected as f64 > limit as f64 {
            "exceeds"
        } else if projected as f64 > limit as f64 * WARNING_SHARE {
            "warning"
        } else {
            "ok"
        };
        Some(TokenLimitStatus {
            limit,
            projected_usage: projected,
            percent_used: projected as f64 / limit as f64 * 100.0,
            status,
        })
    }
}
