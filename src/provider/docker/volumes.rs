use super::{DockerProvider, labels};
use crate::graph::{ResourceGraph, ResourceSpec, VolumeSpec};
use crate::provider::ProviderError as Error;
use crate::state::{Observed, ResourceState};

/// The project's data volumes: listed in one `docker volume ls`, and only where the graph declares any.
impl DockerProvider {
    pub(super) fn observe_volumes(
        &self,
        graph: &ResourceGraph,
        observed: &mut Observed,
    ) -> Result<(), Error> {
        let declared: Vec<(&crate::graph::ResourceId, &VolumeSpec)> = graph
            .in_apply_order()
            .into_iter()
            .filter_map(|resource| match &resource.spec {
                ResourceSpec::Volume(volume) => Some((&resource.id, volume)),
                _ => None,
            })
            .collect();
        if declared.is_empty() {
            return Ok(());
        }
        let listed = self
            .docker
            .clone()
            .args(["volume", "ls", "--filter"])
            .arg(format!("label={}={}", labels::PROJECT, self.project))
            .args(["--format", "{{.Name}}"])
            .output()?;
        for (id, volume) in declared {
            if listed.lines().any(|name| name == volume.name) {
                observed.insert(id.clone(), ResourceState::Volume(volume.desired_state()));
            }
        }
        Ok(())
    }

    pub(super) fn create_volume(&self, volume: &VolumeSpec) -> Result<(), Error> {
        self.docker
            .clone()
            .args(["volume", "create", "--label"])
            .arg(format!("{}=vm", labels::MANAGED_BY))
            .arg("--label")
            .arg(format!("{}={}", labels::PROJECT, self.project))
            .arg(&volume.name)
            .output()
            .map(drop)
    }
}
