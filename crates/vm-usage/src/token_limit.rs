//! `--token-limit N|max` of `vm usage blocks`.

use std::str::FromStr;

/// The token budget of a block against which the active block's projection is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenLimit {
    Tokens(u64),
    /// The most tokens any finished block used (as ccusage's `max`).
    Max,
}

impl FromStr for TokenLimit {
    type Err = String;

    fn from_str(text: &str) -> Result<TokenLimit, String> {
        if text == "max" {
            return Ok(TokenLimit::Max);
        }
        text.parse()
            .map(TokenLimit::Tokens)
            .map_err(|_| format!("`{text}` is neither a number of tokens nor `max`"))
    }
}
