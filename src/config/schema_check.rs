use jsonschema::error::{ValidationError, ValidationErrorKind};
use serde_json::Value;

use super::ConfigDiagnostic;
use super::config_path::ConfigPath;
use super::config_schema::ConfigSchema;
use super::did_you_mean::did_you_mean;
use super::json_document::JsonDocument;
use super::schema_validator::SchemaValidator;
use super::suggested_value::suggested_value;
use super::wording::{article, kind_of, list, plain};

/// The first layer of validation: the document against the JSON Schema, exactly as an editor
/// checks it, each violation explained at the offending value.
pub(crate) struct SchemaCheck<'a> {
    schema: &'a ConfigSchema,
    validator: &'a jsonschema::Validator,
    document: &'a JsonDocument,
}

impl<'a> SchemaCheck<'a> {
    pub(crate) fn new(checker: &'a SchemaValidator, document: &'a JsonDocument) -> Self {
        SchemaCheck {
            schema: &checker.schema,
            validator: &checker.validator,
            document,
        }
    }

    pub(crate) fn run(&self) -> Vec<ConfigDiagnostic> {
        let mut diagnostics = Vec::new();
        for error in self.validator.iter_errors(&self.document.value) {
            self.explain(&error, &mut diagnostics);
        }
        diagnostics
    }

    fn explain(&self, error: &ValidationError<'_>, out: &mut Vec<ConfigDiagnostic>) {
        let path = ConfigPath::from_pointer(error.instance_path().as_str());
        let value = error.instance();
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                out.extend(unexpected.iter().map(|key| self.unknown_key(&path, key)));
            }
            ValidationErrorKind::Required { property } => {
                let property = property
                    .as_str()
                    .map_or_else(|| property.to_string(), str::to_owned);
                out.push(self.missing(&path, &property));
            }
            ValidationErrorKind::Type { .. } => out.push(self.wrong_type(&path, value)),
            ValidationErrorKind::Minimum { limit } => {
                out.push(self.out_of_range(&path, value, format!("at least {limit}"), "too small"));
            }
            ValidationErrorKind::ExclusiveMinimum { limit } => {
                out.push(self.out_of_range(
                    &path,
                    value,
                    format!("more than {limit}"),
                    "too small",
                ));
            }
            ValidationErrorKind::Maximum { limit } => {
                out.push(self.out_of_range(&path, value, format!("at most {limit}"), "too large"));
            }
            ValidationErrorKind::ExclusiveMaximum { limit } => {
                out.push(self.out_of_range(
                    &path,
                    value,
                    format!("less than {limit}"),
                    "too large",
                ));
            }
            ValidationErrorKind::MaxLength { limit } => {
                out.push(self.bad_length(&path, value, format!("at most {limit}")));
            }
            ValidationErrorKind::MinLength { limit } => {
                out.push(self.bad_length(&path, value, format!("at least {limit}")));
            }
            ValidationErrorKind::Pattern { pattern } => {
                out.push(self.bad_form(&path, value, pattern));
            }
            ValidationErrorKind::Enum { options } => {
                let allowed = options.as_array().cloned().unwrap_or_default();
                out.push(self.not_allowed(&path, value, &allowed));
            }
            ValidationErrorKind::Constant { expected_value } => {
                out.push(self.not_allowed(&path, value, &[Value::clone(expected_value)]));
            }
            ValidationErrorKind::AnyOf { context }
            | ValidationErrorKind::OneOfNotValid { context } => {
                self.explain_union(error, &path, context, out);
            }
            _ => out.push(self.other(&path, error)),
        }
    }

    /// A value that matches none of a union's branches: a list of allowed values, or the one
    /// branch meant (the others being of another type, e.g. the `null` of an optional service).
    fn explain_union(
        &self,
        error: &ValidationError<'_>,
        path: &ConfigPath,
        branches: &[Vec<ValidationError<'static>>],
        out: &mut Vec<ConfigDiagnostic>,
    ) {
        if let Some(allowed) = self.schema.allowed_values(path) {
            out.push(self.not_allowed(path, error.instance(), &allowed));
            return;
        }
        let meant: Vec<_> = branches
            .iter()
            .filter(|errors| {
                !matches!(errors.as_slice(), [only]
                    if matches!(only.kind(), ValidationErrorKind::Type { .. })
                        && only.instance_path() == error.instance_path())
            })
            .collect();
        match meant.as_slice() {
            [] => out.push(self.wrong_type(path, error.instance())),
            [errors] => errors.iter().for_each(|error| self.explain(error, out)),
            _ => out.push(self.other(path, error)),
        }
    }

    fn unknown_key(&self, object: &ConfigPath, key: &str) -> ConfigDiagnostic {
        let allowed = self.schema.keys(object);
        let message = if object.segments().is_empty() {
            format!("unknown key `{key}`")
        } else {
            format!("unknown key `{key}` in `{object}`")
        };
        let help = if let Some(meant) = did_you_mean(key, allowed.iter().map(String::as_str)) {
            format!("did you mean `{meant}`?")
        } else if let Some(home) = allowed.iter().find(|child| {
            self.schema
                .keys(&object.join(child.as_str()))
                .iter()
                .any(|k| k == key)
        }) {
            format!(
                "`{key}` is a key of `{}`: move it there",
                object.join(home.as_str())
            )
        } else {
            format!(
                "the keys allowed here are {}",
                list(allowed.iter().map(|k| format!("`{k}`")))
            )
        };
        ConfigDiagnostic::new(
            "unknown_key",
            message,
            self.document.source_map.key(&object.join(key)),
            "unknown key",
            help,
        )
    }

    fn missing(&self, object: &ConfigPath, property: &str) -> ConfigDiagnostic {
        let member = object.join(property);
        let label = if object.segments().is_empty() {
            format!("`{property}` is missing")
        } else {
            format!("`{object}` needs `{property}`")
        };
        let required: Vec<String> = self
            .schema
            .at(&member)
            .and_then(|node| node.get("required"))
            .and_then(Value::as_array)
            .map(|keys| {
                keys.iter()
                    .filter_map(Value::as_str)
                    .map(|key| format!("\"{key}\": …"))
                    .collect()
            })
            .unwrap_or_default();
        let skeleton = if required.is_empty() {
            format!("\"{property}\": …")
        } else {
            format!("\"{property}\": {{ {} }}", required.join(", "))
        };
        let help = match self.schema.description(&member) {
            Some(description) => format!("add `{skeleton}`: {description}"),
            None => format!("add `{skeleton}`"),
        };
        ConfigDiagnostic::new(
            "missing_key",
            format!("missing required key `{member}`"),
            self.document.source_map.head(object),
            label,
            help,
        )
    }

    fn wrong_type(&self, path: &ConfigPath, value: &Value) -> ConfigDiagnostic {
        let expected = self.schema.types(path);
        let expected = if expected.is_empty() {
            "of another type".to_owned()
        } else {
            expected
                .iter()
                .map(|kind| article(kind))
                .collect::<Vec<_>>()
                .join(" or ")
        };
        let unquoted = match value {
            Value::String(text) if expected.contains("integer") || expected.contains("number") => {
                text.trim()
                    .parse::<f64>()
                    .is_ok()
                    .then(|| text.trim().to_owned())
            }
            Value::String(text) if expected.contains("boolean") => {
                matches!(text.as_str(), "true" | "false").then(|| text.clone())
            }
            _ => None,
        };
        let help = match unquoted {
            Some(text) => Some(format!("remove the quotes: {text}")),
            None => self.schema.help(path),
        };
        ConfigDiagnostic::new(
            "wrong_type",
            format!("{} must be {expected}", path.describe()),
            self.span(path, value),
            format!("this is {}", kind_of(value)),
            help,
        )
    }

    fn out_of_range(
        &self,
        path: &ConfigPath,
        value: &Value,
        bound: String,
        label: &str,
    ) -> ConfigDiagnostic {
        ConfigDiagnostic::new(
            "out_of_range",
            format!("{} must be {bound}", path.describe()),
            self.span(path, value),
            format!("{value} is {label}"),
            self.schema.help(path),
        )
    }

    fn bad_length(&self, path: &ConfigPath, value: &Value, bound: String) -> ConfigDiagnostic {
        let length = value.as_str().map_or(0, |text| text.chars().count());
        ConfigDiagnostic::new(
            "bad_length",
            format!("{} must have {bound} characters", path.describe()),
            self.span(path, value),
            format!("{length} characters"),
            self.help_with_suggestion(path, value.as_str().unwrap_or_default()),
        )
    }

    /// What the value at `path` is for, and a valid value close to `text` where there is one.
    fn help_with_suggestion(&self, path: &ConfigPath, text: &str) -> Option<String> {
        let help = self.schema.help(path).unwrap_or_default();
        let help = match suggested_value(path, text) {
            Some(suggestion) => format!("{help} Try `{suggestion}`.")
                .trim_start()
                .to_owned(),
            None => help,
        };
        Some(help).filter(|help| !help.is_empty())
    }

    fn bad_form(&self, path: &ConfigPath, value: &Value, pattern: &str) -> ConfigDiagnostic {
        let text = value.as_str().unwrap_or_default();
        ConfigDiagnostic::new(
            "bad_form",
            format!("`{text}` is not a valid {}", path.describe()),
            self.span(path, value),
            format!("does not match `{pattern}`"),
            self.help_with_suggestion(path, text),
        )
    }

    fn not_allowed(&self, path: &ConfigPath, value: &Value, allowed: &[Value]) -> ConfigDiagnostic {
        let names: Vec<String> = allowed.iter().map(plain).collect();
        let list = list(names.iter().map(|name| format!("`{name}`")));
        let help = match did_you_mean(&plain(value), names.iter().map(String::as_str)) {
            Some(meant) => format!("did you mean `{meant}`? The allowed values are {list}"),
            None => format!("the allowed values are {list}"),
        };
        ConfigDiagnostic::new(
            "not_allowed",
            format!("{} cannot be `{}`", path.describe(), plain(value)),
            self.span(path, value),
            "not an allowed value",
            help,
        )
    }

    fn other(&self, path: &ConfigPath, error: &ValidationError<'_>) -> ConfigDiagnostic {
        ConfigDiagnostic::new(
            "schema",
            format!("{}: {error}", path.describe()),
            self.span(path, error.instance()),
            "here",
            self.schema.help(path),
        )
    }

    /// The value at `path`; only the head of an object or array, which may span many lines.
    fn span(&self, path: &ConfigPath, value: &Value) -> miette::SourceSpan {
        if value.is_object() || value.is_array() {
            self.document.source_map.head(path)
        } else {
            self.document.source_map.value(path)
        }
    }
}
