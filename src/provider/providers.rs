use super::{DockerProvider, HostProvider};
use crate::error::Error;
use crate::graph::{Resource, ResourceGraph, ResourceKind};
use crate::plan::{Change, Observed};

/// Every provider a project uses; each resource kind has exactly one.
#[derive(Debug, Clone)]
pub struct Providers {
    pub host: HostProvider,
    pub docker: DockerProvider,
}

impl Providers {
    /// What exists now for every resource of the graph, and anything else labelled with the project.
    pub fn observe(&self, graph: &ResourceGraph) -> Result<Observed, Error> {
        if graph
            .in_apply_order()
            .iter()
            .any(|resource| resource.id.kind == ResourceKind::VagrantMachine)
        {
            return Err(Error::ProviderUnavailable {
                provider: "vagrant",
            });
        }
        let mut observed = self.host.observe(graph)?;
        observed.extend(self.docker.observe(graph)?);
        Ok(observed)
    }

    pub fn execute(&self, change: &Change, resource: Option<&Resource>) -> Result<(), Error> {
        match change.resource.kind {
            ResourceKind::HostDir => self.host.execute(change, resource),
            ResourceKind::Mount | ResourceKind::DockerContainer => {
                self.docker.execute(change, resource)
            }
            ResourceKind::VagrantMachine => Err(Error::ProviderUnavailable {
                provider: "vagrant",
            }),
        }
    }
}
