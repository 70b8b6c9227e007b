use miette::Diagnostic;

use crate::cli::CliError;
use crate::config::ConfigError;
use crate::engine::{ApplyInterrupted, ProjectError};
use crate::graph::ResourceId;
use crate::plan::Action;
use crate::plan::PlanFileError;
use crate::provider::ProviderError;
use crate::provision::ProvisionError;

/// Every way `vm` fails, grouped by the stage that fails; rendered once, by miette, at the application's edge.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Config(#[from] ConfigError),

    #[error(transparent)]
    Project(#[from] ProjectError),

    #[error(transparent)]
    Compile(#[from] ProvisionError),

    #[error(transparent)]
    Provider(#[from] ProviderError),

    #[error(transparent)]
    PlanFile(#[from] PlanFileError),

    #[error(transparent)]
    Cli(#[from] CliError),

    #[error(transparent)]
    Interrupted(#[from] ApplyInterrupted),

    /// One change of an apply failed: which resource, doing what; the cause's help and labels are its own, and
    /// the log of what its tools printed, where they printed anything, is named after them.
    #[error("{resource}: {} failed: {cause}", action.progressive().to_lowercase())]
    Change {
        resource: ResourceId,
        action: Action,
        cause: Box<ProviderError>,
        log: Option<std::path::PathBuf>,
    },
}

impl Error {
    /// The diagnostic whose help, labels and source code this error shows: its stage's own.
    fn shown(&self) -> &dyn Diagnostic {
        match self {
            Error::Config(error) => error,
            Error::Project(error) => error,
            Error::Compile(error) => error,
            Error::Provider(error) => error,
            Error::Change { cause, .. } => cause.as_ref(),
            Error::PlanFile(error) => error,
            Error::Cli(error) => error,
            Error::Interrupted(error) => error,
        }
    }

    /// The process's exit code: 130 where a signal stopped vm, as a shell reports a command Ctrl-C ended; else 1.
    pub fn exit_code(&self) -> u8 {
        let cause = match self {
            Error::Interrupted(_) => return crate::interrupt::EXIT_CODE,
            Error::Provider(cause) => cause,
            Error::Change { cause, .. } => cause.as_ref(),
            _ => return 1,
        };
        match cause {
            ProviderError::Interrupted { .. } => crate::interrupt::EXIT_CODE,
            _ => 1,
        }
    }
}

/// Each stage's diagnostic as it is; a failed change says which resource in its message and keeps its cause's help.
impl Diagnostic for Error {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.shown().code()
    }

    fn severity(&self) -> Option<miette::Severity> {
        self.shown().severity()
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        let help = self.shown().help();
        let Error::Change { log: Some(log), .. } = self else {
            return help;
        };
        let whole = format!("the whole output of this step is in {}", log.display());
        Some(Box::new(match help {
            Some(help) => format!("{help}\n\n{whole}"),
            None => whole,
        }))
    }

    fn url<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.shown().url()
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.shown().source_code()
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.shown().labels()
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        self.shown().related()
    }

    fn diagnostic_source(&self) -> Option<&dyn Diagnostic> {
        self.shown().diagnostic_source()
    }
}
