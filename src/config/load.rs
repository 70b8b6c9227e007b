use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{NamedSource, SourceOffset, SourceSpan};

use super::accepted_texts::AcceptedTexts;
use super::config_schema::ConfigSchema;
use super::json_document::JsonDocument;
use super::schema_check::SchemaCheck;
use super::schema_validator::SchemaValidator;
use super::semantic_check::semantic_check;
use super::{Config, ConfigDiagnostic, ConfigError, LoadedConfig};

/// Reads and validates the `vm.json` at `path`: JSON with comments and trailing commas (JSONC), then the JSON Schema, then the
/// checks the schema cannot express. Every problem of the file is reported at once, in file order.
pub fn load(path: &Path) -> Result<LoadedConfig, ConfigError> {
    load_checking(path, None)
}

/// As [`load`], skipping the schema check of a text `accepted` remembers, and remembering one that passes every check.
pub fn load_remembering(
    path: &Path,
    accepted: &AcceptedTexts,
) -> Result<LoadedConfig, ConfigError> {
    load_checking(path, Some(accepted))
}

fn load_checking(
    path: &Path,
    accepted: Option<&AcceptedTexts>,
) -> Result<LoadedConfig, ConfigError> {
    let read_error = |source| ConfigError::Read {
        path: path.to_owned(),
        source,
    };
    let bytes = read_file(path)?;
    let config = match String::from_utf8(bytes) {
        Ok(text) => parse(path, text.into(), accepted)?,
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(error.as_bytes());
            return Err(invalid(path, &text.into(), vec![not_utf8(offset)]));
        }
    };
    let path = absolute(path).map_err(read_error)?;
    Ok(LoadedConfig { config, path })
}

/// The bytes of the file at `path`, refusing what is not a regular file before reading it: a FIFO would block
/// the read until something wrote to it, a device might never end.
fn read_file(path: &Path) -> Result<Vec<u8>, ConfigError> {
    use std::io::Read;
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};

    let read_error = |source| ConfigError::Read {
        path: path.to_owned(),
        source,
    };
    // Non-blocking, so that opening a FIFO does not wait for a writer; a regular file reads as ever.
    let mut file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(nix::fcntl::OFlag::O_NONBLOCK.bits())
        .open(path)
        .map_err(read_error)?;
    let kind = file.metadata().map_err(read_error)?.file_type();
    let what = if kind.is_file() {
        None
    } else if kind.is_dir() {
        Some("a directory")
    } else if kind.is_fifo() {
        Some("a FIFO")
    } else if kind.is_socket() {
        Some("a socket")
    } else if kind.is_char_device() || kind.is_block_device() {
        Some("a device")
    } else {
        Some("not a regular file")
    };
    if let Some(what) = what {
        return Err(ConfigError::NotAFile {
            path: path.to_owned(),
            what,
        });
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(read_error)?;
    Ok(bytes)
}

/// The error of a file with `diagnostics`, in file order, each once.
fn invalid(path: &Path, text: &Arc<str>, mut diagnostics: Vec<ConfigDiagnostic>) -> ConfigError {
    diagnostics.sort_by(|a, b| (a.offset(), a.message()).cmp(&(b.offset(), b.message())));
    diagnostics.dedup_by(|a, b| (a.offset(), a.message()) == (b.offset(), b.message()));
    ConfigError::Invalid {
        path: path.to_owned(),
        source_code: NamedSource::new(path.display().to_string(), text.clone()),
        diagnostics,
    }
}

/// The first byte that is not UTF-8; the file is shown with it replaced.
fn not_utf8(offset: usize) -> ConfigDiagnostic {
    ConfigDiagnostic::new(
        "not_utf8",
        "vm.json must be UTF-8, and this byte is not",
        SourceSpan::from((offset, 1)),
        "not UTF-8",
        "save the file as UTF-8 (JSON text is UTF-8, RFC 8259)".to_owned(),
    )
}

/// A byte order mark: JSON text has none (RFC 8259), and serde would read it as a stray character.
fn byte_order_mark() -> ConfigDiagnostic {
    ConfigDiagnostic::new(
        "byte_order_mark",
        "vm.json starts with a byte order mark (U+FEFF)",
        SourceSpan::from((0, '\u{feff}'.len_utf8())),
        "byte order mark",
        "save the file as UTF-8 without a BOM; JSON text has none (RFC 8259)".to_owned(),
    )
}

fn parse(
    path: &Path,
    text: Arc<str>,
    accepted: Option<&AcceptedTexts>,
) -> Result<Config, ConfigError> {
    let invalid = |diagnostics: Vec<ConfigDiagnostic>| invalid(path, &text, diagnostics);
    if text.starts_with('\u{feff}') {
        return Err(invalid(vec![byte_order_mark()]));
    }

    let document = JsonDocument::parse(&text).map_err(invalid)?;
    let known = accepted.is_some_and(|accepted| accepted.contains(&text));
    let mut checker = None;
    let mut diagnostics = document.duplicate_keys.clone();
    if !known {
        let compiled = checker.insert(SchemaValidator::compile());
        diagnostics.extend(SchemaCheck::new(compiled, &document).run());
    }
    if !diagnostics.is_empty() {
        return Err(invalid(diagnostics));
    }

    let config: Config = serde_json::from_str(&document.strict_text).map_err(|error| {
        let checker = checker.get_or_insert_with(SchemaValidator::compile);
        invalid(vec![unreadable(
            &document.strict_text,
            &error,
            &document,
            &checker.schema,
        )])
    })?;
    let diagnostics = semantic_check(&config, &document.source_map);
    if !diagnostics.is_empty() {
        return Err(invalid(diagnostics));
    }
    if let Some(accepted) = accepted.filter(|_| !known) {
        accepted.remember(&text);
    }
    Ok(config)
}

/// A value the schema accepts and the types do not (e.g. `5000000000` for a `u32`): rare, and a
/// sign the schema could say more.
fn unreadable(
    text: &str,
    error: &serde_json::Error,
    document: &JsonDocument,
    schema: &ConfigSchema,
) -> ConfigDiagnostic {
    let offset = SourceOffset::from_location(text, error.line(), error.column()).offset();
    let message = error.to_string();
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .replace("expected u32", "expected an integer of at most 4294967295");
    match document.source_map.path_at(offset) {
        Some(path) => ConfigDiagnostic::new(
            "unreadable_value",
            format!("{} cannot be read: {message}", path.describe()),
            document.source_map.value(path),
            "this value",
            schema.help(path),
        ),
        None => ConfigDiagnostic::new(
            "unreadable_value",
            format!("cannot read this value: {message}"),
            SourceSpan::from((offset.saturating_sub(1), 1)),
            "here",
            None,
        ),
    }
}

/// `path` with its directory canonicalized, keeping the file's own name (so a symlinked vm.json
/// still belongs to the directory it is in).
pub fn absolute(path: &Path) -> io::Result<PathBuf> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file path"))?;
    Ok(fs::canonicalize(dir)?.join(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A remembered text skips the schema check, and only that: the proof is a text the schema refuses and the
    /// other checks take, which passes once remembered (vm only remembers texts that passed every check).
    #[test]
    fn a_remembered_text_skips_the_schema_check_and_only_that() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vm.json");
        let accepted = AcceptedTexts::in_dir(&dir.path().join("cache"));
        let remember = |text: &str| {
            fs::write(&path, text).unwrap();
            accepted.remember(text);
        };

        let memory_below_the_schemas_minimum =
            r#"{ "project": { "name": "x" }, "vm": { "memory": 256 } }"#;
        fs::write(&path, memory_below_the_schemas_minimum).unwrap();
        assert!(load_remembering(&path, &accepted).is_err());
        remember(memory_below_the_schemas_minimum);
        assert!(load_remembering(&path, &accepted).is_ok());
        assert!(load(&path).is_err(), "load remembers nothing");

        remember(r#"{ "project": { "name": "x" }, "apt_packages": ["Not A Package"] }"#);
        assert!(load_remembering(&path, &accepted).is_err());
        remember(r#"{ "project": { "name": "x" }, "vm": { "memory": "lots" } }"#);
        assert!(load_remembering(&path, &accepted).is_err());
    }
}
