use super::DockerProvider;
use crate::graph::{ResourceGraph, ResourceSpec};
use crate::provider::ProviderError as Error;
use crate::provider::host_ports::{port_holder, taken_ports};
use crate::state::{Observed, ResourceState};

/// Host ports the machine would publish that something else holds: found at plan time, not at `docker start`.
impl DockerProvider {
    pub(super) fn taken_host_ports(
        &self,
        graph: &ResourceGraph,
        observed: &Observed,
    ) -> Vec<Error> {
        let mut taken = Vec::new();
        for resource in graph.in_apply_order() {
            let ResourceSpec::DockerContainer(spec) = &resource.spec else {
                continue;
            };
            let published_now = match observed.get(&resource.id) {
                Some(ResourceState::DockerContainer(container)) => container.ports.clone(),
                _ => Default::default(),
            };
            taken.extend(taken_ports(&spec.machine.ports, &published_now, &|port| {
                port_holder(&self.docker, port)
            }));
        }
        taken
    }
}
