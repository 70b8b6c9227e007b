//! One row of the usage summary.

use crate::byte_cursor::ByteCursor;
use crate::byte_sink::ByteSink;
use crate::cost::Cost;
use crate::tokens::Tokens;
use crate::usage_totals::UsageTotals;

/// The responses of one file and one model dated within one slot of time, summed, with the
/// first and last of their times (Unix milliseconds).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SummaryRow {
    /// Position of the file in the summary's list.
    pub file: u32,
    /// Index into the summary's models.
    pub model: u32,
    pub slot: i64,
    pub first_ms: i64,
    pub last_ms: i64,
    pub totals: UsageTotals,
}

impl SummaryRow {
    pub fn encode(&self, sink: &mut ByteSink) {
        sink.u32(self.file);
        sink.u32(self.model);
        sink.i64(self.slot);
        sink.i64(self.first_ms);
        sink.i64(self.last_ms);
        self.totals.tokens.encode(sink);
        sink.u128(self.totals.cost.0);
        sink.u64(self.totals.responses);
        sink.u64(self.totals.unpriced_responses);
    }

    pub fn decode(cursor: &mut ByteCursor) -> Option<SummaryRow> {
        Some(SummaryRow {
            file: cursor.u32()?,
            model: cursor.u32()?,
            slot: cursor.i64()?,
            first_ms: cursor.i64()?,
            last_ms: cursor.i64()?,
            totals: UsageTotals {
                tokens: Tokens::decode(cursor)?,
                cost: Cost(cursor.u128()?),
                responses: cursor.u64()?,
                unpriced_responses: cursor.u64()?,
            },
        })
    }

    /// Bytes of one encoded row.
    pub const SIZE: usize = 4 + 4 + 3 * 8 + 5 * 8 + 16 + 2 * 8;
}
