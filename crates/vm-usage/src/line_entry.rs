//! The few fields of a transcript line that usage needs, borrowed from the line.

use std::borrow::Cow;

use serde::Deserialize;

/// One JSONL line of a Claude Code transcript; every other field is skipped unparsed.
#[derive(Debug, Deserialize)]
pub struct LineEntry<'a> {
    #[serde(borrow, default)]
    pub timestamp: Option<Cow<'a, str>>,
    #[serde(rename = "requestId", borrow, default)]
    pub request_id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub message: Option<MessageEntry<'a>>,
}

/// The `message` of a line.
#[derive(Debug, Deserialize)]
pub struct MessageEntry<'a> {
    #[serde(borrow, default)]
    pub id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub model: Option<Cow<'a, str>>,
    #[serde(default)]
    pub usage: Option<UsageEntry>,
}

/// `message.usage`.
#[derive(Debug, Deserialize)]
pub struct UsageEntry {
    pub input_tokens: Option<u64>,
    pub output_tokens: Option<u64>,
    #[serde(default)]
    pub cache_creation_input_tokens: Option<u64>,
    #[serde(default)]
    pub cache_read_input_tokens: Option<u64>,
    #[serde(default)]
    pub cache_creation: Option<CacheCreationEntry>,
}

/// `message.usage.cache_creation`: the cache writes split by lifetime.
#[derive(Debug, Deserialize)]
pub struct CacheCreationEntry {
    #[serde(default)]
    pub ephemeral_5m_input_tokens: Option<u64>,
    #[serde(default)]
    pub ephemeral_1h_input_tokens: Option<u64>,
}
