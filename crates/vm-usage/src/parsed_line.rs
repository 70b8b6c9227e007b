//! Classifying one transcript line: blank, malformed, without usage, or one response's usage.

use std::borrow::Cow;
use std::sync::LazyLock;

use memchr::memmem::Finder;
use serde::de::IgnoredAny;

use crate::line_entry::LineEntry;
use crate::response_key::ResponseKey;
use crate::tokens::Tokens;

/// What one line of a transcript holds.
#[derive(Debug, PartialEq, Eq)]
pub enum ParsedLine<'a> {
    /// Only whitespace: not counted.
    Blank,
    /// Not valid JSON: a truncated write or garbage.
    Malformed,
    /// Valid JSON without token usage (user prompts, tool results, summaries, `<synthetic>` ...).
    NoUsage,
    /// Token usage of one API response.
    Usage(UsageLine<'a>),
}

/// The usage fields of one line.
#[derive(Debug, PartialEq, Eq)]
pub struct UsageLine<'a> {
    /// `None` when the line lacks `message.id` or `requestId`: like ccusage, such lines are not
    /// matched with copies, each counts.
    pub key: Option<ResponseKey>,
    pub timestamp_ms: i64,
    pub model: Cow<'a, str>,
    pub tokens: Tokens,
}

/// Model name of the placeholder messages Claude Code writes itself; they carry no usage.
const SYNTHETIC_MODEL: &str = "<synthetic>";
/// Name given to usage lines that name no model.
pub const UNKNOWN_MODEL: &str = "unknown";

/// Every line with usage has this key; inside a JSON string it would be escaped (`\"usage\"`),
/// so lines without it are only validated, never parsed into fields.
static USAGE_KEY: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"\"usage\""));

impl<'a> ParsedLine<'a> {
    /// Classifies one line (without its newline).
    pub fn parse(line: &'a [u8]) -> ParsedLine<'a> {
        let line = line.trim_ascii();
        if line.is_empty() {
            return ParsedLine::Blank;
        }
        if USAGE_KEY.find(line).is_some()
            && let Ok(entry) = serde_json::from_slice::<LineEntry<'a>>(line)
        {
            return usage_of(entry).map_or(ParsedLine::NoUsage, ParsedLine::Usage);
        }
        // Either no usage, or fields of unexpected types: valid JSON is not malformed.
        match serde_json::from_slice::<IgnoredAny>(line) {
            Ok(_) => ParsedLine::NoUsage,
            Err(_) => ParsedLine::Malformed,
        }
    }
}

fn usage_of(entry: LineEntry<'_>) -> Option<UsageLine<'_>> {
    let message = entry.message?;
    let usage = message.usage?;
    let (input, output) = (usage.input_tokens?, usage.output_tokens?);
    let model = message.model.unwrap_or(Cow::Borrowed(UNKNOWN_MODEL));
    if model == SYNTHETIC_MODEL {
        return None;
    }
    let timestamp_ms = entry
        .timestamp?
        .parse::<jiff::Timestamp>()
        .ok()?
        .as_millisecond();
    let cache_write = usage.cache_creation_input_tokens.unwrap_or(0);
    let cache_write_1h = usage
        .cache_creation
        .and_then(|split| split.ephemeral_1h_input_tokens)
        .unwrap_or(0)
        .min(cache_write);
    let tokens = Tokens {
        input,
        output,
        cache_write,
        cache_write_1h,
        cache_read: usage.cache_read_input_tokens.unwrap_or(0),
    };
    let key = match (message.id, entry.request_id) {
        (Some(id), Some(request_id)) => Some(ResponseKey::new(&id, &request_id)),
        _ => None,
    };
    Some(UsageLine {
        key,
        timestamp_ms,
        model,
        tokens,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ASSISTANT: &str = r#"{"type":"assistant","timestamp":"2026-01-02T03:04:05.678Z","requestId":"req_1","message":{"model":"claude-sonnet-4-5-20250929","id":"msg_1","content":[{"type":"text","text":"hi \"usage\":{"}],"usage":{"input_tokens":10,"cache_creation_input_tokens":100,"cache_read_input_tokens":1000,"cache_creation":{"ephemeral_5m_input_tokens":40,"ephemeral_1h_input_tokens":60},"output_tokens":5}}}"#;

    #[test]
    fn assistant_line_with_split_cache_writes() {
        let ParsedLine::Usage(line) = ParsedLine::parse(ASSISTANT.as_bytes()) else {
            panic!("expected usage");
        };
        assert_eq!(line.model, "claude-sonnet-4-5-20250929");
        assert_eq!(line.timestamp_ms, 1_767_323_045_678);
        assert_eq!(line.key, Some(ResponseKey::new("msg_1", "req_1")));
        let expected = Tokens {
            input: 10,
            output: 5,
            cache_write: 100,
            cache_write_1h: 60,
            cache_read: 1000,
        };
        assert_eq!(line.tokens, expected);
    }

    #[test]
    fn kinds_of_lines() {
        let cases: &[(&str, &str)] = &[
            ("blank", "  \r"),
            (
                "user prompt",
                r#"{"type":"user","message":{"role":"user","content":"what is \"usage\"?"}}"#,
            ),
            ("summary", r#"{"type":"summary","summary":"x"}"#),
            ("truncated", &ASSISTANT[..200]),
            (
                "cut after usage",
                r#"{"type":"assistant","message":{"usage":{"#,
            ),
            ("garbage", "\u{0}\u{0}{\"type\":\"ass\u{fffd}"),
            (
                "usage of odd types",
                r#"{"message":{"usage":{"input_tokens":"many"}}}"#,
            ),
            (
                "no timestamp",
                r#"{"message":{"usage":{"input_tokens":1,"output_tokens":1}}}"#,
            ),
            (
                "synthetic",
                r#"{"timestamp":"2026-01-02T03:04:05Z","message":{"id":"x","model":"<synthetic>","usage":{"input_tokens":0,"output_tokens":0}}}"#,
            ),
        ];
        let kinds: Vec<(&str, ParsedLine)> = cases
            .iter()
            .map(|(name, line)| (*name, ParsedLine::parse(line.as_bytes())))
            .collect();
        let expected = vec![
            ("blank", ParsedLine::Blank),
            ("user prompt", ParsedLine::NoUsage),
            ("summary", ParsedLine::NoUsage),
            ("truncated", ParsedLine::Malformed),
            ("cut after usage", ParsedLine::Malformed),
            ("garbage", ParsedLine::Malformed),
            ("usage of odd types", ParsedLine::NoUsage),
            ("no timestamp", ParsedLine::NoUsage),
            ("synthetic", ParsedLine::NoUsage),
        ];
        assert_eq!(kinds, expected);
    }

    #[test]
    fn line_without_message_id_has_no_key() {
        let line = r#"{"timestamp":"2026-01-02T03:04:05Z","message":{"usage":{"input_tokens":1,"output_tokens":2}}}"#;
        let ParsedLine::Usage(usage) = ParsedLine::parse(line.as_bytes()) else {
            panic!()
        };
        assert_eq!((usage.key, usage.model.as_ref()), (None, UNKNOWN_MODEL));
    }

    #[test]
    fn line_without_request_id_has_no_key() {
        let line = r#"{"timestamp":"2026-01-02T03:04:05Z","message":{"id":"msg_1","usage":{"input_tokens":1,"output_tokens":2}}}"#;
        let ParsedLine::Usage(usage) = ParsedLine::parse(line.as_bytes()) else {
            panic!()
        };
        assert_eq!(usage.key, None);
    }
}
