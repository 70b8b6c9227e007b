use std::collections::BTreeMap;

use super::{ContainerObservation, DockerProvider, labels};
use crate::graph::{ResourceGraph, ResourceId, ResourceKind, ResourceSpec};
use crate::provider::{ProviderError as Error, inside_machine};
use crate::provision::HealthReport;
use crate::state::{
    ImageState, Observed, PackageList, ProvisionedState, ResourceState, ShellSettings,
};

/// What is inside a container: its image and what the image installed, as recorded when it was made, with each
/// service's health and the package lists it has now asked in one `docker exec` however many there are.
impl DockerProvider {
    pub(super) fn observe_inside(
        &self,
        container: &ContainerObservation,
        image_exists: bool,
        observed: &mut Observed,
    ) -> Result<(), Error> {
        if let Some(image) = recorded_image(container) {
            let id = ResourceId::new(ResourceKind::DockerImage, self.project.clone());
            // The declared image, when it is built already, is what the next container runs.
            if !image_exists {
                observed.insert(id, ResourceState::DockerImage(image));
            }
        }
        let mut inside = recorded_provisioning(container);
        if inside.is_empty() {
            return Ok(());
        }
        // One `docker exec` answers for every service and every package list; a stopped machine cannot be asked,
        // and what it recorded when it was made stands.
        let health = if container.is_running() {
            Some(self.health(&container.docker_id)?)
        } else {
            None
        };
        let shell = health.as_ref().and_then(|health| {
            serde_json::from_str::<ShellSettings>(health.shell.as_deref()?).ok()
        });
        if let Some(shell) = shell {
            for state in inside.values_mut() {
                if let ProvisionedState::Shell(recorded) = state {
                    *recorded = shell.clone();
                }
            }
        }
        if let Some(lists) = health.as_ref().and_then(|health| health.packages.as_ref()) {
            inside.retain(|id, _| id.kind != ResourceKind::Packages);
            for (list, packages) in lists {
                inside.insert(
                    ResourceId::new(ResourceKind::Packages, list.clone()),
                    ProvisionedState::Packages(PackageList {
                        packages: packages.clone(),
                    }),
                );
            }
        }
        inside_machine::observe_inside(inside, health.as_ref(), observed);
        Ok(())
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
        .and_then(|text| serde_json::from_str(text).ok())
        .map(|recorded| inside_machine::recorded_states(&recorded))
        .unwrap_or_default()
}
