//! One API response as read from a transcript line.

use crate::tokens::Tokens;

/// One API response: when, which model, which file, how many tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsageRecord {
    /// Earliest timestamp among the lines that carry this response, in Unix milliseconds:
    /// the response is counted on that day.
    pub first_ms: i64,
    /// Timestamp of the line whose usage is kept.
    pub line_ms: i64,
    /// Index into the scan's model names.
    pub model: u32,
    /// Index into the list of scanned files, of the line whose usage is kept.
    pub file: u32,
    pub tokens: Tokens,
}

impl UsageRecord {
    /// Combines two lines of the same response. Claude Code may write a response's usage while it
    /// streams, so copies can differ in `output_tokens`: the most complete copy (most output
    /// tokens) wins, ties go to the earliest line, then the lowest file index. The result does
    /// not depend on the order in which copies are met, so a parallel scan is deterministic.
    pub fn merge(self, other: UsageRecord) -> UsageRecord {
        let first_ms = self.first_ms.min(other.first_ms);
        let rank = |r: &UsageRecord| {
            (
                std::cmp::Reverse(r.tokens.output),
                r.line_ms,
                r.file,
                r.tokens,
                r.model,
            )
        };
        let kept = if rank(&other) < rank(&self) {
            other
        } else {
            self
        };
        UsageRecord { first_ms, ..kept }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(ms: i64, file: u32, output: u64) -> UsageRecord {
        UsageRecord {
            first_ms: ms,
            line_ms: ms,
            model: 0,
            file,
            tokens: Tokens {
                output,
                ..Tokens::default()
            },
        }
    }

    #[test]
    fn the_most_complete_copy_wins_and_keeps_the_first_timestamp() {
        let merged = record(10, 0, 3).merge(record(20, 0, 159));
        assert_eq!(merged.tokens.output, 159);
        assert_eq!(merged.first_ms, 10);
        assert_eq!(merged.line_ms, 20);
    }

    #[test]
    fn merging_is_order_independent() {
        let (a, b, c) = (record(1, 2, 5), record(10, 1, 9), record(5, 0, 9));
        let left = a.merge(b).merge(c);
        let right = a.merge(b.merge(c));
        let reversed = c.merge(b).merge(a);
        assert_eq!(left, right);
        assert_eq!(left, reversed);
        assert_eq!((left.first_ms, left.line_ms, left.file), (1, 5, 0));
    }
}
