//! Token counts of one API response, or a sum of them.

use std::ops::AddAssign;

use crate::byte_cursor::ByteCursor;
use crate::byte_sink::ByteSink;

/// Token counts as Claude's API reports them in `message.usage`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Tokens {
    /// `input_tokens`: uncached prompt tokens.
    pub input: u64,
    /// `output_tokens`.
    pub output: u64,
    /// `cache_creation_input_tokens`: every cache write, whatever its lifetime.
    pub cache_write: u64,
    /// The part of `cache_write` written with a 1-hour lifetime
    /// (`cache_creation.ephemeral_1h_input_tokens`); the rest is billed at the 5-minute rate.
    pub cache_write_1h: u64,
    /// `cache_read_input_tokens`.
    pub cache_read: u64,
}

impl Tokens {
    /// Input, output, cache write and cache read together (saturating, as every sum of tokens:
    /// a corrupt count near 2⁶⁴ must neither wrap nor panic).
    pub fn total(&self) -> u64 {
        self.input
            .saturating_add(self.output)
            .saturating_add(self.cache_write)
            .saturating_add(self.cache_read)
    }

    /// Cache writes billed at the 5-minute rate.
    pub fn cache_write_5m(&self) -> u64 {
        self.cache_write.saturating_sub(self.cache_write_1h)
    }

    /// Writes the five counts, for the usage index.
    pub fn encode(&self, sink: &mut ByteSink) {
        for count in [
            self.input,
            self.output,
            self.cache_write,
            self.cache_write_1h,
            self.cache_read,
        ] {
            sink.u64(count);
        }
    }

    pub fn decode(cursor: &mut ByteCursor) -> Option<Tokens> {
        Some(Tokens {
            input: cursor.u64()?,
            output: cursor.u64()?,
            cache_write: cursor.u64()?,
            cache_write_1h: cursor.u64()?,
            cache_read: cursor.u64()?,
        })
    }

    /// The counts of the kinds of token that have a price each: input, output, 5-minute write,
    /// 1-hour write, cache read.
    pub fn by_kind(&self) -> [u64; 5] {
        [
            self.input,
            self.output,
            self.cache_write_5m(),
            self.cache_write_1h,
            self.cache_read,
        ]
    }
}

/// Saturating: a sum stops at `u64::MAX` (as ccusage's does) rather than wrap or panic.
impl AddAssign for Tokens {
    fn add_assign(&mut self, other: Tokens) {
        self.input = self.input.saturating_add(other.input);
        self.output = self.output.saturating_add(other.output);
        self.cache_write = self.cache_write.saturating_add(other.cache_write);
        self.cache_write_1h = self.cache_write_1h.saturating_add(other.cache_write_1h);
        self.cache_read = self.cache_read.saturating_add(other.cache_read);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_of_cache_writes() {
        let t = Tokens {
            input: 1,
            output: 2,
            cache_write: 10,
            cache_write_1h: 4,
            cache_read: 100,
        };
        assert_eq!(t.cache_write_5m(), 6);
        assert_eq!(t.total(), 113);
        assert_eq!(t.by_kind(), [1, 2, 6, 4, 100]);
    }

    #[test]
    fn sums_saturate() {
        let mut t = Tokens {
            input: u64::MAX - 1,
            output: 1,
            ..Tokens::default()
        };
        t += Tokens {
            input: 5,
            output: 2,
            cache_write: 7,
            cache_write_1h: 3,
            cache_read: 4,
        };
        assert_eq!((t.input, t.output, t.cache_write_5m()), (u64::MAX, 3, 4));
        assert_eq!(t.total(), u64::MAX);
    }
}
