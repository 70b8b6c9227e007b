use std::fmt;

use miette::{Diagnostic, LabeledSpan, ReportHandler, Severity, SourceCode};

/// How every error of vm reads: miette's own report (graphical on a terminal and in logs alike), with two changes.
///
/// - Related errors (every problem of one `vm.json`) read like rustc's or Terraform's: the header, then each error
///   as a report of its own, with its span and help. miette would put an empty `Error:` line above each one.
/// - No error code is shown. vm documents none, so a line such as `vm::no_config` above the message gives nothing
///   to look up and only repeats the message in a worse form.
pub struct ErrorReportHandler {
    inner: Box<dyn ReportHandler>,
}

impl ErrorReportHandler {
    /// Renders through `inner` (e.g. the handler `miette::MietteHandlerOpts` builds for this terminal).
    pub fn new(inner: Box<dyn ReportHandler>) -> ErrorReportHandler {
        ErrorReportHandler { inner }
    }

    /// The report of `diagnostic` as text.
    pub fn render(&self, diagnostic: &dyn Diagnostic) -> String {
        struct Rendered<'a>(&'a ErrorReportHandler, &'a dyn Diagnostic);
        impl fmt::Debug for Rendered<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.debug(self.1, f)
            }
        }
        format!("{:?}", Rendered(self, diagnostic))
    }

    fn render_tree(
        &self,
        diagnostic: &dyn Diagnostic,
        parent_source: Option<&dyn SourceCode>,
        f: &mut fmt::Formatter<'_>,
    ) -> fmt::Result {
        let source = diagnostic.source_code().or(parent_source);
        self.inner.debug(&Shown { diagnostic, source }, f)?;
        for related in diagnostic.related().into_iter().flatten() {
            writeln!(f)?;
            self.render_tree(related, source, f)?;
        }
        Ok(())
    }
}

impl ReportHandler for ErrorReportHandler {
    fn debug(&self, diagnostic: &dyn Diagnostic, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            return fmt::Debug::fmt(diagnostic, f);
        }
        self.render_tree(diagnostic, None, f)
    }
}

/// One diagnostic as it is shown: without its code and its related diagnostics (rendered after it), with the
/// source code of the diagnostic it belongs to when it has none of its own.
struct Shown<'a> {
    diagnostic: &'a dyn Diagnostic,
    source: Option<&'a dyn SourceCode>,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.diagnostic, f)
    }
}

impl std::error::Error for Shown<'_> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.diagnostic.source()
    }
}

impl Diagnostic for Shown<'_> {
    fn severity(&self) -> Option<Severity> {
        self.diagnostic.severity()
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic.help()
    }

    fn url<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic.url()
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.diagnostic.labels()
    }

    fn diagnostic_source(&self) -> Option<&dyn Diagnostic> {
        self.diagnostic.diagnostic_source()
    }
}
