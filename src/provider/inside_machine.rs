//! What is inside a machine, observed the same way on every provider: what vm recorded it installed, with each
//! service's health from one `vm-health` run however many services there are.

use std::collections::BTreeMap;

use crate::graph::{ResourceId, ResourceKind};
use crate::provision::{HealthReport, ServiceState};
use crate::state::{Health, Observed, ProvisionedState, ResourceState};

/// What a machine recorded as installed (by resource id as text), by resource id; a record that names no resource
/// is not one of vm's.
pub fn recorded_states(
    recorded: &BTreeMap<String, ProvisionedState>,
) -> BTreeMap<ResourceId, ProvisionedState> {
    recorded
        .iter()
        .filter_map(|(id, state)| Some((ResourceId::parse(id)?, state.clone())))
        .collect()
}

/// Puts into `observed` what is `inside` a machine, each service with its health from `report`, the one
/// `vm-health` run of the machine; without one (the machine does not run) its services are stopped.
pub fn observe_inside(
    inside: BTreeMap<ResourceId, ProvisionedState>,
    report: Option<&HealthReport>,
    observed: &mut Observed,
) {
    for (id, mut state) in inside {
        if let ProvisionedState::Service(service) = &mut state
            && id.kind == ResourceKind::Service
        {
            service.health = match report.and_then(|report| report.services.get(&id.name)) {
                Some(ServiceState::Running) => Health::Running,
                Some(ServiceState::Starting) => Health::Starting,
                Some(ServiceState::Missing) => Health::Missing,
                Some(ServiceState::Stopped) | None => Health::Stopped,
            };
        }
        observed.insert(id, ResourceState::Provisioned(state));
    }
}
