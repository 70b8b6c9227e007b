//! One 5-hour billing window, as ccusage cuts them.

use crate::usage_summary::UsageSummary;
use crate::usage_totals::UsageTotals;

/// A block of activity, or the gap between two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageBlock {
    /// A block: the UTC hour of its first response; a gap: 5 hours after the last response
    /// before it.
    pub start_ms: i64,
    /// A block: its start and 5 hours; a gap: the first response after it.
    pub end_ms: i64,
    /// The times of its first and last responses (a gap: its start and end).
    pub first_ms: i64,
    pub last_ms: i64,
    pub is_gap: bool,
    /// Whether the block is still open at the time it was built for: less than 5 hours since
    /// its last response, and before its end.
    pub is_active: bool,
    pub totals: UsageTotals,
    /// Its models, in the order of their first response.
    pub models: Vec<String>,
}

impl UsageBlock {
    pub const LENGTH_MS: i64 = 5 * UsageSummary::HOUR_MS;

    /// The blocks of `summary` at `now_ms`, with a gap between two blocks more than 5 hours
    /// apart. As in ccusage, responses are taken in time order: a block starts at the UTC hour
    /// of the first response not in a block, and takes every response until one comes more
    /// than 5 hours after the block's start or after the response before it. Summary rows are
    /// never split: each lies within a quarter hour of a block (or on a quarter's first
    /// instant, which the block that ends then still takes).
    pub fn all_of(summary: &UsageSummary, now_ms: i64) -> Vec<UsageBlock> {
        let mut blocks: Vec<UsageBlock> = Vec::new();
        let mut open: Option<(UsageBlock, Vec<(i64, u32)>)> = None;
        let rows = &summary.rows;
        let mut at = 0;
        while at < rows.len() {
            // one slot of time: the rows that share it
            let slot = rows[at].slot;
            let end = at + rows[at..].iter().take_while(|row| row.slot == slot).count();
            let slot_rows = &rows[at..end];
            at = end;
            let first = slot_rows
                .iter()
                .map(|row| row.first_ms)
                .min()
                .expect("a row");
            let last = slot_rows
                .iter()
                .map(|row| row.last_ms)
                .max()
                .expect("a row");
            let continues = open.as_ref().is_some_and(|(block, _)| {
                first - block.start_ms <= Self::LENGTH_MS
                    && first - block.last_ms <= Self::LENGTH_MS
            });
            if !continues {
                if let Some((block, models)) = open.take() {
                    let gap_start = block.last_ms + Self::LENGTH_MS;
                    blocks.push(block.closed(models, summary, now_ms));
                    if first > gap_start {
                        blocks.push(UsageBlock::gap(gap_start, first));
                    }
                }
                let start = first.div_euclid(UsageSummary::HOUR_MS) * UsageSummary::HOUR_MS;
                open = Some((UsageBlock::starting(start, first), Vec::new()));
            }
            let (block, models) = open.as_mut().expect("a block is open");
            block.last_ms = block.last_ms.max(last);
            for row in slot_rows {
                block.totals.absorb(&row.totals);
                models.push((row.first_ms, row.model));
            }
        }
        if let Some((block, models)) = open {
            blocks.push(block.closed(models, summary, now_ms));
        }
        blocks
    }

    fn starting(start_ms: i64, first_ms: i64) -> UsageBlock {
        UsageBlock {
            start_ms,
            end_ms: start_ms + Self::LENGTH_MS,
            first_ms,
            last_ms: first_ms,
            is_gap: false,
            is_active: false,
            totals: UsageTotals::default(),
            models: Vec::new(),
        }
    }

    fn gap(start_ms: i64, end_ms: i64) -> UsageBlock {
        UsageBlock {
            start_ms,
            end_ms,
            first_ms: start_ms,
            last_ms: end_ms,
            is_gap: true,
            is_active: false,
            totals: UsageTotals::default(),
            models: Vec::new(),
        }
    }

    /// The block with its models named, in order of first use, and whether it is active.
    fn closed(
        mut self,
        mut models: Vec<(i64, u32)>,
        summary: &UsageSummary,
        now_ms: i64,
    ) -> UsageBlock {
        models.sort();
        for (_, model) in models {
            let name = &summary.models[model as usize];
            if !self.models.contains(name) {
                self.models.push(name.clone());
            }
        }
        self.is_active = now_ms - self.last_ms < Self::LENGTH_MS && now_ms < self.end_ms;
        self
    }
}
