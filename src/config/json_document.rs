use std::collections::HashMap;

use jsonc_parser::ast;
use jsonc_parser::common::Ranged;
use jsonc_parser::errors::{ParseError, ParseErrorKind};
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions, parse_to_ast};
use miette::{SourceOffset, SourceSpan};

use super::ConfigDiagnostic;
use super::config_path::ConfigPath;
use super::jsonc_text::strict_json;
use super::source_map::SourceMap;

/// A `vm.json` parsed as JSONC (see [`strict_json`]): its value, the same text as strict JSON
/// (comments and trailing commas blanked, every byte in its place), where each part of it sits in
/// the text, and its repeated keys (valid JSON, but one of the two values would be silently lost).
pub(crate) struct JsonDocument {
    pub(crate) value: serde_json::Value,
    pub(crate) strict_text: String,
    pub(crate) source_map: SourceMap,
    pub(crate) duplicate_keys: Vec<ConfigDiagnostic>,
}

impl JsonDocument {
    /// Parses `text`, or says where and why it is not JSONC: every departure from it that the
    /// parser can step over, or else the one that stopped it.
    pub(crate) fn parse(text: &str) -> Result<Self, Vec<ConfigDiagnostic>> {
        // Lenient, so that the parse goes on past what JSON forbids; strict_json then names each.
        let lenient = ParseOptions::default();
        let collect = CollectOptions {
            comments: CommentCollectionStrategy::AsTokens,
            tokens: true,
        };
        let parsed = parse_to_ast(text, &collect, &lenient)
            .map_err(|error| vec![syntax_error(text, &error)])?;
        let strict_text = strict_json(text, parsed.tokens.as_deref().unwrap_or_default())?;
        let ast = parsed.value.ok_or_else(|| vec![empty_file()])?;
        // The AST gives the positions; serde_json gives the value, exactly as the types will read it.
        let value = serde_json::from_str(&strict_text)
            .map_err(|error| vec![serde_syntax_error(&strict_text, &error)])?;
        let mut duplicate_keys = Vec::new();
        find_duplicate_keys(&ConfigPath::default(), &ast, &mut duplicate_keys);
        Ok(JsonDocument {
            value,
            strict_text,
            source_map: SourceMap::new(&ast),
            duplicate_keys,
        })
    }
}

fn syntax_error(text: &str, error: &ParseError) -> ConfigDiagnostic {
    let range = error.range();
    let (label, help) = match error.kind() {
        ParseErrorKind::UnterminatedCommentBlock => (
            "this comment is never closed",
            "close the comment with `*/`",
        ),
        ParseErrorKind::ExpectedStringObjectProperty | ParseErrorKind::UnexpectedWord => (
            "expected a key in double quotes",
            "JSON keys are strings in double quotes, e.g. \"memory\": 4096",
        ),
        ParseErrorKind::ExpectedComma => (
            "expected a comma before this",
            "separate the items of an object or array with commas",
        ),
        ParseErrorKind::UnterminatedObject => {
            ("this `{` is never closed", "close the object with `}`")
        }
        ParseErrorKind::UnterminatedArray => {
            ("this `[` is never closed", "close the array with `]`")
        }
        _ => (
            "here",
            "vm.json must be valid JSON (RFC 8259), with comments and trailing commas allowed",
        ),
    };
    // Underline what is wrong, or only its first character when it spans lines (an unterminated
    // object would underline the rest of the file).
    let multiline = text
        .get(range.start..range.end)
        .is_none_or(|wrong| wrong.contains('\n'));
    let unterminated = matches!(
        error.kind(),
        ParseErrorKind::UnterminatedObject
            | ParseErrorKind::UnterminatedArray
            | ParseErrorKind::UnterminatedCommentBlock
    );
    let length = if unterminated || multiline || range.end <= range.start {
        1
    } else {
        range.end - range.start
    };
    // At the end of the file there is no character to underline: the label marks the end itself.
    let length = length.min(text.len().saturating_sub(range.start));
    ConfigDiagnostic::new(
        "syntax",
        format!(
            "invalid JSON: {}",
            lowercase_first(&error.kind().to_string())
        ),
        SourceSpan::from((range.start, length)),
        label,
        help.to_owned(),
    )
}

fn empty_file() -> ConfigDiagnostic {
    ConfigDiagnostic::new(
        "empty_file",
        "invalid JSON: the file is empty",
        SourceSpan::from((0, 0)),
        "expected an object",
        "`vm init` writes a starter vm.json".to_owned(),
    )
}

/// What the strict AST parser accepts and serde_json does not (e.g. an unpaired surrogate escape).
fn serde_syntax_error(text: &str, error: &serde_json::Error) -> ConfigDiagnostic {
    let offset = SourceOffset::from_location(text, error.line(), error.column());
    let length = 1.min(text.len().saturating_sub(offset.offset()));
    let message = error.to_string();
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_owned();
    ConfigDiagnostic::new(
        "syntax",
        format!("invalid JSON: {message}"),
        SourceSpan::new(offset, length),
        "here",
        "vm.json must be valid JSON (RFC 8259), with comments and trailing commas allowed"
            .to_owned(),
    )
}

fn find_duplicate_keys(path: &ConfigPath, value: &ast::Value, out: &mut Vec<ConfigDiagnostic>) {
    match value {
        ast::Value::Object(object) => {
            let mut seen = HashMap::new();
            for property in &object.properties {
                let name = property.name.as_str();
                let range = property.name.range();
                if let Some(first) = seen.insert(name, range) {
                    let shown = path.join(name);
                    out.push(
                        ConfigDiagnostic::new(
                            "duplicate_key",
                            format!("duplicate key `{shown}`"),
                            SourceSpan::from(range.start..range.end),
                            "repeated here",
                            "JSON keeps only the last of two equal keys: remove one of them"
                                .to_owned(),
                        )
                        .with_label(SourceSpan::from(first.start..first.end), "first here"),
                    );
                }
                find_duplicate_keys(&path.join(name), &property.value, out);
            }
        }
        ast::Value::Array(array) => {
            for (index, element) in array.elements.iter().enumerate() {
                find_duplicate_keys(&path.join(index.to_string()), element, out);
            }
        }
        _ => {}
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
