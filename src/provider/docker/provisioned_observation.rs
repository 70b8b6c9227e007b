use std::collections::BTreeMap;

use super::{ContainerObservation, DockerProvider, labels};
use crate::graph::{ResourceGraph, ResourceId, ResourceKind, ResourceSpec};
use crate::provider::ProviderError as Error;
use crate::provision::{HealthReport, ServiceState};
use crate::state::{Health, ImageState, Observed, ProvisionedState, ResourceState};

/// What is inside a container: its image and what the image installed, as recorded when it was made, with each
/// service's health asked in one `docker exec` however many services there are (the report is returned: it
/// holds the restores recorded in the services' data too).
impl DockerProvider {
    pub(super) fn observe_inside(
        &self,
        container: &ContainerObservation,
        image_exists: bool,
        observed: &mut Observed,
    ) -> Result<Option<HealthReport>, Error> {
        if let Some(image) = recorded_image(container) {
            let id = ResourceId::new(ResourceKind::DockerImage, self.project.clone());
            // The declared image, when it is built already, is what the next container runs.
            if !image_exists {
                observed.insert(id, ResourceState::DockerImage(image));
            }
        }
        let mut inside = recorded_provisioning(container);
        if inside.is_empty() {
            return Ok(None);
        }
        let has_services = inside
            .values()
            .any(|state| matches!(state, ProvisionedState::Service(_)));
        let health = if has_services && container.is_running() {
            Some(self.health(&container.docker_id)?)
        } else {
            None
        };
        for (id, state) in &mut inside {
            if let (ProvisionedState::Service(service), Some(name)) = (
                state,
                id.kind.eq(&ResourceKind::Service).then_some(&id.name),
            ) {
                service.health = match health.as_ref().and_then(|h| h.services.get(name)) {
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
        Ok(health)
    }

    /// Every service's health, in one `docker exec`.
    pub(super) fn health(&self, docker_id: &str) -> Result<HealthReport, Error> {
        let output = self
            .docker
            .clone()
            .args([
                "exec",
                "--user",
                "0",
                docker_id,
                crate::provision::HEALTH_CHECK,
            ])
            .output()?;
        Ok(HealthReport::parse(&output))
    }
}

/// The declared image of a graph, if it has one.
pub(super) fn declared_image(graph: &ResourceGraph) -> Option<&crate::graph::ImageSpec> {
    graph
        .in_apply_order()
        .into_iter()
        .find_map(|resource| match &resource.spec {
            ResourceSpec::DockerImage(image) => Some(image.as_ref()),
            _ => None,
        })
}

fn recorded_image(container: &ContainerObservation) -> Option<ImageState> {
    let text = container.labels.get(labels::IMAGE)?;
    serde_json::from_str(text).ok()
}

fn recorded_provisioning(
    container: &ContainerObservation,
) -> BTreeMap<ResourceId, ProvisionedState> {
    container
        .labels
        .get(labels::PROVISIONED)
        .and_then(|text| serde_json::from_str::<BTreeMap<String, ProvisionedState>>(text).ok())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(id, state)| Some((ResourceId::parse(&id)?, state)))
        .collect()
}
