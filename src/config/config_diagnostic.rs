use miette::{Diagnostic, LabeledSpan, SourceSpan};
use thiserror::Error;

/// One problem in `vm.json`: a message, labels under the offending text and a help line.
///
/// It carries no source code of its own: it is rendered as one of [`super::ConfigError::Invalid`]'s
/// related diagnostics, whose source (the file) it shares.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("{message}")]
pub struct ConfigDiagnostic {
    /// What kind of problem it is, e.g. `unknown_key`: stable, for tests and tools (a report shows no code).
    code: &'static str,
    message: String,
    #[label(collection)]
    labels: Vec<LabeledSpan>,
    #[help]
    help: Option<String>,
}

impl ConfigDiagnostic {
    /// A diagnostic whose primary label, `label`, sits under `span`.
    pub(crate) fn new(
        code: &'static str,
        message: impl Into<String>,
        span: SourceSpan,
        label: impl Into<String>,
        help: impl Into<Option<String>>,
    ) -> Self {
        ConfigDiagnostic {
            code,
            message: message.into(),
            labels: vec![LabeledSpan::new_primary_with_span(Some(label.into()), span)],
            help: help.into(),
        }
    }

    /// Adds a secondary label, e.g. under the first of two clashing values.
    pub(crate) fn with_label(mut self, span: SourceSpan, label: impl Into<String>) -> Self {
        self.labels
            .push(LabeledSpan::new_with_span(Some(label.into()), span));
        self
    }

    pub fn code(&self) -> &'static str {
        self.code
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn help(&self) -> Option<&str> {
        self.help.as_deref()
    }

    /// Byte offset of the primary label in the file; diagnostics are reported in this order.
    pub fn offset(&self) -> usize {
        self.labels.first().map_or(0, LabeledSpan::offset)
    }
}
