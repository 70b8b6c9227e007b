//! What Claude Code passes on stdin to its `statusLine` command.

use std::io::{IsTerminal, Read};
use std::sync::mpsc;
use std::time::Duration;

/// The session and model of Claude Code's statusline JSON (`session_id`, `model.display_name`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClaudeStatusInput {
    pub session_id: Option<String>,
    pub model: Option<String>,
}

impl ClaudeStatusInput {
    /// The fields of Claude Code's JSON; nothing from text that is not such JSON.
    pub fn parse(text: &str) -> ClaudeStatusInput {
        let Ok(json) = serde_json::from_str::<serde_json::Value>(text) else {
            return ClaudeStatusInput::default();
        };
        let text_at = |pointer: &str| {
            json.pointer(pointer)
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        ClaudeStatusInput {
            session_id: text_at("/session_id"),
            model: text_at("/model/display_name").or_else(|| text_at("/model/id")),
        }
    }

    /// Starts reading stdin when it is not a terminal (a terminal would wait for the user).
    /// The reader runs beside the count; [`ClaudeStatusInput::wait`] takes what it read.
    pub fn read_stdin() -> Option<mpsc::Receiver<String>> {
        if std::io::stdin().is_terminal() {
            return None;
        }
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut text = String::new();
            if std::io::stdin().lock().read_to_string(&mut text).is_ok() {
                let _ = sender.send(text);
            }
        });
        Some(receiver)
    }

    /// What the reader got within `patience`: Claude Code writes its JSON and closes stdin at
    /// once; a pipe left open without data must not hold a prompt.
    pub fn wait(receiver: Option<mpsc::Receiver<String>>, patience: Duration) -> ClaudeStatusInput {
        receiver
            .and_then(|receiver| receiver.recv_timeout(patience).ok())
            .map(|text| ClaudeStatusInput::parse(&text))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claude_codes_json_names_the_session_and_the_model() {
        let json = r#"{"hook_event_name":"Status","session_id":"abc-123","transcript_path":"/t.jsonl","cwd":"/w",
                      "model":{"id":"claude-opus-4-1","display_name":"Opus"},"workspace":{"current_dir":"/w"}}"#;
        assert_eq!(
            ClaudeStatusInput::parse(json),
            ClaudeStatusInput {
                session_id: Some("abc-123".to_owned()),
                model: Some("Opus".to_owned()),
            }
        );
        let bare = ClaudeStatusInput::parse(r#"{"model":{"id":"claude-opus-4-1"}}"#);
        assert_eq!(bare.model.as_deref(), Some("claude-opus-4-1"));
        assert_eq!(
            ClaudeStatusInput::parse("not json"),
            ClaudeStatusInput::default()
        );
    }
}
