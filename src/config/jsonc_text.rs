use jsonc_parser::common::Ranged;
use jsonc_parser::tokens::{Token, TokenAndRange};
use miette::SourceSpan;

use super::ConfigDiagnostic;

/// `vm.json` is read as JSONC, as `devcontainer.json`, `tsconfig.json` and VS Code's settings are:
/// JSON with `//` and `/* */` comments and trailing commas. Given the tokens of `text` (comments
/// among them) from a lenient parse, this returns `text` as strict JSON, every comment and trailing
/// comma blanked out byte for byte so that each value keeps its offset, line and column; or every
/// other departure from JSON in the file (single quotes, unquoted keys, hexadecimal numbers, a
/// missing comma, ...), each at its place, so that a file with three is told about all three.
pub(crate) fn strict_json(
    text: &str,
    tokens: &[TokenAndRange<'_>],
) -> Result<String, Vec<ConfigDiagnostic>> {
    let mut strict = text.as_bytes().to_vec();
    let mut diagnostics = Vec::new();
    let code: Vec<&TokenAndRange<'_>> = tokens.iter().filter(|t| !is_comment(&t.token)).collect();
    for token in tokens.iter().filter(|t| is_comment(&t.token)) {
        blank(&mut strict, token);
    }
    for (index, token) in code.iter().enumerate() {
        let next = code.get(index + 1).map(|next| &next.token);
        let raw = &text[token.range.start..token.range.end];
        match &token.token {
            Token::Comma if matches!(next, Some(Token::CloseBrace | Token::CloseBracket)) => {
                blank(&mut strict, token);
            }
            Token::String(_) if raw.starts_with('\'') => diagnostics.push(violation(
                token,
                "invalid JSON: a string in single quotes",
                "single-quoted",
                "JSON strings are written in double quotes, e.g. \"myapp\"",
            )),
            Token::String(_) => {
                if let Err(error) = serde_json::from_str::<String>(raw) {
                    diagnostics.push(violation(
                        token,
                        &format!("invalid JSON: {}", without_position(&error)),
                        "in this string",
                        "JSON strings escape only \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX, and hold no control characters",
                    ));
                }
            }
            Token::Word(word) if next == Some(&Token::Colon) => diagnostics.push(violation(
                token,
                &format!("invalid JSON: the key `{word}` is not in double quotes"),
                "expected a key in double quotes",
                "JSON keys are strings in double quotes, e.g. \"memory\": 4096",
            )),
            Token::Word(word) => diagnostics.push(violation(
                token,
                &format!("invalid JSON: `{word}` is not a value"),
                "not a JSON value",
                "a value is a string in double quotes, a number, true, false, null, an object or an array",
            )),
            Token::Number(number) if serde_json::from_str::<serde_json::Number>(number).is_err() => {
                diagnostics.push(violation(
                    token,
                    &format!("invalid JSON: `{number}` is not a JSON number"),
                    "not a JSON number",
                    number_help(number),
                ));
            }
            _ => {}
        }
        if let Some(next) = code.get(index + 1)
            && ends_value(&token.token)
            && starts_value(&next.token)
        {
            diagnostics.push(violation(
                next,
                "invalid JSON: expected a comma",
                "expected a comma before this",
                "separate the items of an object or array with commas",
            ));
        }
    }
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    Ok(String::from_utf8(strict).expect("only ASCII spaces replaced whole tokens"))
}

fn is_comment(token: &Token<'_>) -> bool {
    matches!(token, Token::CommentLine(_) | Token::CommentBlock(_))
}

/// Replaces a token by spaces, keeping its line breaks so that later lines keep their numbers.
fn blank(text: &mut [u8], token: &TokenAndRange<'_>) {
    for byte in &mut text[token.range.start..token.range.end] {
        if *byte != b'\n' && *byte != b'\r' {
            *byte = b' ';
        }
    }
}

/// A string, word, number, boolean or null: a whole value in one token.
fn is_scalar(token: &Token<'_>) -> bool {
    matches!(
        token,
        Token::String(_) | Token::Word(_) | Token::Number(_) | Token::Boolean(_) | Token::Null
    )
}

fn ends_value(token: &Token<'_>) -> bool {
    is_scalar(token) || matches!(token, Token::CloseBrace | Token::CloseBracket)
}

fn starts_value(token: &Token<'_>) -> bool {
    is_scalar(token) || matches!(token, Token::OpenBrace | Token::OpenBracket)
}

fn number_help(number: &str) -> &'static str {
    let unsigned = number.trim_start_matches(['-', '+']);
    if number.starts_with('+') {
        "JSON numbers have no leading `+`: remove it"
    } else if unsigned.starts_with("0x") || unsigned.starts_with("0X") {
        "JSON numbers are decimal, e.g. 255 for 0xFF"
    } else if unsigned.starts_with('.') || unsigned.ends_with('.') {
        "JSON numbers have digits on both sides of the point, e.g. 0.5"
    } else if unsigned.starts_with('0') && unsigned.len() > 1 {
        "JSON numbers have no leading zeros: remove them"
    } else {
        "JSON numbers are finite decimal numbers, e.g. 4096 or 0.5"
    }
}

fn violation(
    token: &TokenAndRange<'_>,
    message: &str,
    label: &str,
    help: &str,
) -> ConfigDiagnostic {
    let range = token.range();
    ConfigDiagnostic::new(
        "syntax",
        message,
        SourceSpan::from(range.start..range.end),
        label,
        help.to_owned(),
    )
}

fn without_position(error: &serde_json::Error) -> String {
    let message = error.to_string();
    message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_owned()
}
