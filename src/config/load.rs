use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{NamedSource, SourceOffset, SourceSpan};

use super::config_schema::ConfigSchema;
use super::json_document::JsonDocument;
use super::schema_check::SchemaCheck;
use super::semantic_check::semantic_check;
use super::{Config, ConfigDiagnostic, ConfigError, LoadedConfig};

/// Reads and validates the `vm.json` at `path`: JSON with comments and trailing commas (JSONC), then the JSON Schema, then the
/// checks the schema cannot express. Every problem of the file is reported at once, in file order.
pub fn load(path: &Path) -> Result<LoadedConfig, ConfigError> {
    let read_error = |source| ConfigError::Read {
        path: path.to_owned(),
        source,
    };
    let text = fs::read_to_string(path).map_err(read_error)?;
    let config = parse(path, text.into())?;
    let path = absolute(path).map_err(read_error)?;
    Ok(LoadedConfig { config, path })
}

fn parse(path: &Path, text: Arc<str>) -> Result<Config, ConfigError> {
    let invalid = |mut diagnostics: Vec<ConfigDiagnostic>| {
        diagnostics.sort_by(|a, b| (a.offset(), a.message()).cmp(&(b.offset(), b.message())));
        diagnostics.dedup_by(|a, b| (a.offset(), a.message()) == (b.offset(), b.message()));
        ConfigError::Invalid {
            path: path.to_owned(),
            source_code: NamedSource::new(path.display().to_string(), text.clone()),
            diagnostics,
        }
    };

    let document = JsonDocument::parse(&text).map_err(invalid)?;
    let schema = ConfigSchema::new(super::schema());
    let mut diagnostics = document.duplicate_keys.clone();
    diagnostics.extend(SchemaCheck::new(&schema, &document).run());
    if !diagnostics.is_empty() {
        return Err(invalid(diagnostics));
    }

    let config: Config = serde_json::from_str(&document.strict_text).map_err(|error| {
        invalid(vec![unreadable(
            &document.strict_text,
            &error,
            &document,
            &schema,
        )])
    })?;
    let diagnostics = semantic_check(&config, &document.source_map);
    if !diagnostics.is_empty() {
        return Err(invalid(diagnostics));
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
            format!("{} cannot be read: {message}", path.describe()),
            document.source_map.value(path),
            "this value",
            schema.help(path),
        ),
        None => ConfigDiagnostic::new(
            format!("cannot read this value: {message}"),
            SourceSpan::from((offset.saturating_sub(1), 1)),
            "here",
            None,
        ),
    }
}

/// `path` with its directory canonicalized, keeping the file's own name (so a symlinked vm.json
/// still belongs to the directory it is in).
fn absolute(path: &Path) -> io::Result<PathBuf> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file path"))?;
    Ok(fs::canonicalize(dir)?.join(name))
}
