//! `vm usage statusline`: one line of figures for a prompt.

use std::fmt::Write;

use jiff::tz::TimeZone;
use serde::Serialize;

use crate::blocks_table::duration;
use crate::burn_rate::BurnRate;
use crate::claude_status_input::ClaudeStatusInput;
use crate::digits::dollars;
use crate::report::local_date;
use crate::usage_block::UsageBlock;
use crate::usage_data::UsageData;
use crate::usage_totals::UsageTotals;

/// The figures of the line.
#[derive(Debug, Clone)]
pub struct Statusline {
    /// Claude Code's model, else the last model of the active block.
    pub model: Option<String>,
    /// The session Claude Code named, and its usage (none when no transcript has it).
    pub session: Option<(String, Option<UsageTotals>)>,
    pub today: UsageTotals,
    pub active: Option<UsageBlock>,
    pub now_ms: i64,
}

impl Statusline {
    pub fn build(data: &UsageData, input: ClaudeStatusInput, zone: &TimeZone, now_ms: i64) -> Self {
        let summary = &data.summary;
        let today = local_date(now_ms, zone);
        let mut today_totals = UsageTotals::default();
        let mut session_totals: Option<UsageTotals> = None;
        for row in &summary.rows {
            if local_date(row.first_ms, zone) == today {
                today_totals.absorb(&row.totals);
            }
            if input
                .session_id
                .as_deref()
                .is_some_and(|id| data.files[row.file as usize].session == id)
            {
                session_totals.get_or_insert_default().absorb(&row.totals);
            }
        }
        let active = UsageBlock::all_of(summary, now_ms)
            .into_iter()
            .find(|block| block.is_active);
        let model = input.model.or_else(|| {
            active
                .as_ref()
                .and_then(|block| block.models.last().cloned())
        });
        Statusline {
            model,
            session: input.session_id.map(|id| (id, session_totals)),
            today: today_totals,
            active,
            now_ms,
        }
    }

    /// `🤖 Opus | 💰 $0.23 session / $1.23 today / $0.45 block (2h 45m left) | 🔥 $0.12/hr`,
    /// ccusage's shape; parts without data say so.
    pub fn render(&self) -> String {
        let mut line = format!("🤖 {} | 💰 ", self.model.as_deref().unwrap_or("no model"));
        if let Some((_, totals)) = &self.session {
            match totals {
                Some(totals) => write!(line, "{} session / ", dollars(totals.cost)),
                None => write!(line, "N/A session / "),
            }
            .unwrap();
        }
        write!(line, "{} today / ", dollars(self.today.cost)).unwrap();
        match &self.active {
            None => line.push_str("No active block"),
            Some(block) => {
                write!(
                    line,
                    "{} block ({} left)",
                    dollars(block.totals.cost),
                    duration(block.end_ms - self.now_ms)
                )
                .unwrap();
                if let Some(rate) = BurnRate::of(block) {
                    let per_hour = crate::cost::Cost(
                        (rate.cost_per_hour * crate::cost::Cost::PICO_PER_USD as f64).round()
                            as u128,
                    );
                    write!(line, " | 🔥 {}/hr", dollars(per_hour)).unwrap();
                }
            }
        }
        line.push('\n');
        line
    }

    /// The same figures as JSON, with ccusage's names where they mean the same.
    pub fn render_json(&self) -> String {
        let json = JsonStatusline {
            model: self.model.as_deref(),
            session_id: self.session.as_ref().map(|(id, _)| id.as_str()),
            session_cost_usd: self
                .session
                .as_ref()
                .and_then(|(_, totals)| totals.map(|totals| totals.cost.usd())),
            today_cost_usd: self.today.cost.usd(),
            active_block: self.active.as_ref().map(|block| JsonActiveBlock {
                start_time: crate::blocks_json::iso(block.start_ms),
                end_time: crate::blocks_json::iso(block.end_ms),
                cost_usd: block.totals.cost.usd(),
                total_tokens: block.totals.tokens.total(),
                remaining_minutes: ((block.end_ms - self.now_ms).max(0) / 60_000) as u64,
                burn_rate: BurnRate::of(block).map(|rate| JsonBurnRate {
                    tokens_per_minute: rate.tokens_per_minute,
                    cost_per_hour: rate.cost_per_hour,
                }),
            }),
        };
        let mut text = serde_json::to_string_pretty(&json).expect("a statusline serializes");
        text.push('\n');
        text
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonStatusline<'a> {
    model: Option<&'a str>,
    session_id: Option<&'a str>,
    #[serde(rename = "sessionCostUSD")]
    session_cost_usd: Option<f64>,
    #[serde(rename = "todayCostUSD")]
    today_cost_usd: f64,
    active_block: Option<JsonActiveBlock>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonActiveBlock {
    start_time: String,
    end_time: String,
    #[serde(rename = "costUSD")]
    cost_usd: f64,
    total_tokens: u64,
    remaining_minutes: u64,
    burn_rate: Option<JsonBurnRate>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonBurnRate {
    tokens_per_minute: f64,
    cost_per_hour: f64,
}
