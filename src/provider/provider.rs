use std::fmt::Debug;

use super::{ProviderError, StepProgress};
use crate::graph::{Resource, ResourceGraph};
use crate::plan::{Change, Mutability};
use crate::state::{AttributeName, Observed, ResourceState};

/// The one boundary between the engine and the world: a provider observes, judges and changes the resources of the
/// kinds registered to it (see [`super::registry`]).
pub trait Provider: Debug + Send + Sync {
    /// What exists now of this provider's kinds for the project, found in one batch. A provider also reports what
    /// it made for the project that the graph no longer declares, so the plan can remove it.
    fn observe(&self, graph: &ResourceGraph) -> Result<Observed, ProviderError>;

    /// What would stop an apply of what was observed halfway, found before anything changes (a host port taken):
    /// every such problem. Apply refuses on them; read-only commands report them as warnings.
    fn preflight(&self, _graph: &ResourceGraph, _observed: &Observed) -> Vec<ProviderError> {
        Vec::new()
    }

    /// What a change to `attribute` takes, given the resource as it is now.
    fn mutability(&self, attribute: &AttributeName, before: &ResourceState) -> Mutability;

    /// Carries out one planned change; `resource` is its declaration, absent for what is no longer declared.
    /// Long steps tell `progress` what they are doing, and hand it their tools' output, line by line, as it comes.
    fn execute(
        &self,
        change: &Change,
        resource: Option<&Resource>,
        progress: &mut dyn FnMut(StepProgress<'_>),
    ) -> Result<(), ProviderError>;

    /// Checks the declared resources with the provider's own tools, where it has any, before anything is observed.
    fn validate(&self, _graph: &ResourceGraph) -> Result<(), ProviderError> {
        Ok(())
    }

    /// Runs a command in a machine of this provider, as its user, in the workspace; its exit code.
    fn run_in_machine(
        &self,
        machine: &Resource,
        _command: &[String],
        _tty: bool,
    ) -> Result<i32, ProviderError> {
        Err(ProviderError::MachineNotRunning {
            name: machine.id.name.clone(),
        })
    }
}
