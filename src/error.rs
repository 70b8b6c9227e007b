use crate::cli::CliError;
use crate::config::ConfigError;
use crate::engine::ProjectError;
use crate::plan::PlanFileError;
use crate::provider::ProviderError;
use crate::provision::ProvisionError;

/// Every way `vm` fails, grouped by the stage that fails; rendered once, by miette, at the application's edge.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Error {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(#[from] ConfigError),

    #[error(transparent)]
    #[diagnostic(transparent)]
    Project(#[from] ProjectError),

    #[error(transparent)]
    #[diagnostic(transparent)]
    Compile(#[from] ProvisionError),

    #[error(transparent)]
    #[diagnostic(transparent)]
    Provider(#[from] ProviderError),

    #[error(transparent)]
    #[diagnostic(transparent)]
    PlanFile(#[from] PlanFileError),

    #[error(transparent)]
    #[diagnostic(transparent)]
    Cli(#[from] CliError),
}
