//! Token counts of one API response, or a sum of them.

use std::ops::AddAssign;

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
    /// Input, output, cache write and cache read together.
    pub fn total(&self) -> u64 {
        self.input + self.output + self.cache_write + self.cache_read
    }

    /// Cache writes billed at the 5-minute rate.
    pub fn cache_write_5m(&self) -> u64 {
        self.cache_write.saturating_sub(self.cache_write_1h)
    }

    /// Every token of the prompt: what decides Anthropic's long-context tier.
    pub fn prompt(&self) -> u64 {
        self.input + self.cache_write + self.cache_read
    }
}

impl AddAssign for Tokens {
    fn add_assign(&mut self, other: Tokens) {
        self.input += other.input;
        self.output += other.output;
        self.cache_write += other.cache_write;
        self.cache_write_1h += other.cache_write_1h;
        self.cache_read += other.cache_read;
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
        assert_eq!(t.prompt(), 111);
    }
}
