//! `vm usage blocks --json`: ccusage's `blocks --json` shape.

use serde::Serialize;

use crate::block_projection::BlockProjection;
use crate::blocks_report::BlocksReport;
use crate::burn_rate::BurnRate;
use crate::token_limit_status::TokenLimitStatus;
use crate::usage_block::UsageBlock;

/// The blocks as pretty-printed JSON, ending with a newline: `{"blocks": [...]}` with ccusage's
/// field names and meanings (times in UTC, `costUSD` of the priced responses).
pub fn render_blocks_json(report: &BlocksReport) -> String {
    let blocks: Vec<JsonBlock> = report
        .shown
        .iter()
        .map(|block| JsonBlock::of(block, report))
        .collect();
    let mut text = serde_json::to_string_pretty(&JsonBlocks { blocks }).expect("blocks serialize");
    text.push('\n');
    text
}

/// A Unix-millisecond time as JavaScript's `toISOString()` writes it.
pub fn iso(unix_ms: i64) -> String {
    jiff::Timestamp::from_millisecond(unix_ms)
        .expect("times of parsed timestamps are in range")
        .strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

#[derive(Serialize)]
struct JsonBlocks<'a> {
    blocks: Vec<JsonBlock<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonBlock<'a> {
    id: String,
    start_time: String,
    end_time: String,
    actual_end_time: Option<String>,
    is_active: bool,
    is_gap: bool,
    entries: u64,
    token_counts: JsonTokenCounts,
    total_tokens: u64,
    #[serde(rename = "costUSD")]
    cost_usd: f64,
    models: &'a [String],
    burn_rate: Option<JsonBurnRate>,
    projection: Option<JsonProjection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    token_limit_status: Option<JsonTokenLimitStatus>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonTokenCounts {
    input_tokens: u64,
    output_tokens: u64,
    cache_creation_input_tokens: u64,
    cache_read_input_tokens: u64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonBurnRate {
    tokens_per_minute: f64,
    tokens_per_minute_for_indicator: f64,
    cost_per_hour: f64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonProjection {
    total_tokens: u64,
    total_cost: f64,
    remaining_minutes: u64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonTokenLimitStatus {
    limit: u64,
    projected_usage: u64,
    percent_used: f64,
    status: &'static str,
}

impl<'a> JsonBlock<'a> {
    fn of(block: &'a UsageBlock, report: &BlocksReport) -> JsonBlock<'a> {
        let tokens = &block.totals.tokens;
        // as ccusage: rates and projections only for the active block
        let burn_rate = block.is_active.then(|| BurnRate::of(block)).flatten();
        let projection = BlockProjection::of(block, report.now_ms);
        let token_limit_status = projection.as_ref().and_then(|projection| {
            TokenLimitStatus::of(report.token_limit?, projection, &report.all)
        });
        JsonBlock {
            id: if block.is_gap {
                format!("gap-{}", iso(block.start_ms))
            } else {
                iso(block.start_ms)
            },
            start_time: iso(block.start_ms),
            end_time: iso(block.end_ms),
            actual_end_time: (!block.is_gap).then(|| iso(block.last_ms)),
            is_active: block.is_active,
            is_gap: block.is_gap,
            entries: block.totals.responses,
            token_counts: JsonTokenCounts {
                input_tokens: tokens.input,
                output_tokens: tokens.output,
                cache_creation_input_tokens: tokens.cache_write,
                cache_read_input_tokens: tokens.cache_read,
            },
            total_tokens: tokens.total(),
            cost_usd: block.totals.cost.usd(),
            models: &block.models,
            burn_rate: burn_rate.map(|rate| JsonBurnRate {
                tokens_per_minute: rate.tokens_per_minute,
                tokens_per_minute_for_indicator: rate.tokens_per_minute_for_indicator,
                cost_per_hour: rate.cost_per_hour,
            }),
            projection: projection.map(|projection| JsonProjection {
                total_tokens: projection.total_tokens,
                total_cost: projection.total_cost,
                remaining_minutes: projection.remaining_minutes,
            }),
            token_limit_status: token_limit_status.map(|status| JsonTokenLimitStatus {
                limit: status.limit,
                projected_usage: status.projected_usage,
                percent_used: status.percent_used,
                status: status.status,
            }),
        }
    }
}
