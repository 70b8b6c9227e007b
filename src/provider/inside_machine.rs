//! What is inside a machine, observed the same way on every provider: what vm recorded it installed, with each
//! service's health asked in one call however many services there are.

use std::collections::BTreeMap;

use super::ProviderError as Error;
use crate::graph::{ResourceId, ResourceKind};
use crate::provision::{HealthReport, ServiceState};
use crate::state::{Health, Observed, ProvisionedState, ResourceState};

/// Puts into `observed` the `recorded` services, languages, packages and shell of a machine (by resource id), each
/// service with its health from one `health_check` call, asked only where the machine runs and has services; the
/// services of a machine that does not run are stopped.
pub fn observe_inside(
    recorded: &BTreeMap<String, ProvisionedState>,
    running: bool,
    health_check: impl FnOnce() -> Result<HealthReport, Error>,
    observed: &mut Observed,
) -> Result<(), Error> {
    let mut inside: Vec<(ResourceId, ProvisionedState)> = recorded
        .iter()
        .filter_map(|(id, state)| Some((ResourceId::parse(id)?, state.clone())))
        .collect();
    let has_services = inside
        .iter()
        .any(|(_, state)| matches!(state, ProvisionedState::Service(_)));
    let report = if has_services && running {
        Some(health_check()?)
    } else {
        None
    };
    for (id, state) in &mut inside {
        if let ProvisionedState::Service(service) = state
            && id.kind == ResourceKind::Service
        {
            service.health = match report.as_ref().and_then(|r| r.services.get(&id.name)) {
                Some(ServiceState::Running) => Health::Running,
                Some(ServiceState::Starting) => Health::Starting,
                Some(ServiceState::Missing) => Health::Missing,
                Some(ServiceState::Stopped) | None => Health::Stopped,
            };
        }
    }
    for (id, state) in inside {
        observed.insert(id, ResourceState::Provisioned(state));
    }
    Ok(())
}
