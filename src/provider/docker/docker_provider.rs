use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{ContainerObservation, labels};
use crate::error::Error;
use crate::graph::{Attributes, Resource, ResourceGraph, ResourceId, ResourceSpec};
use crate::plan::Observed;
use crate::provider::CommandLine;

/// One project's containers through the `docker` CLI. `VM_DOCKER` names another program (a fault-injecting stand-in in tests).
/// It acts on containers by Docker id, found by their labels: a container that merely has the machine's name is never touched.
#[derive(Debug, Clone)]
pub struct DockerProvider {
    pub(super) docker: CommandLine,
    pub(super) project: String,
    pub(super) project_dir: PathBuf,
}

impl DockerProvider {
    pub fn new(project: &str, project_dir: &Path) -> DockerProvider {
        let program = std::env::var_os("VM_DOCKER").unwrap_or_else(|| OsString::from("docker"));
        DockerProvider {
            docker: CommandLine::new(program),
            project: project.to_owned(),
            project_dir: project_dir.to_owned(),
        }
    }

    /// The containers that are this checkout's business, found in one `docker ps` and read in one `docker inspect`:
    /// those labelled with the project, and those made from this directory under an earlier project name (to remove).
    /// A container of the same project made for another checkout is a conflict, never something to replace.
    pub fn observe_containers(&self) -> Result<Vec<ContainerObservation>, Error> {
        let list = self
            .docker
            .clone()
            .args(["ps", "--all", "--no-trunc", "--filter"])
            .arg(format!("label={}=vm", labels::MANAGED_BY))
            .arg("--format")
            .arg(format!(
                "{{{{.ID}}}}\t{{{{.Label \"{}\"}}}}\t{{{{.Label \"{}\"}}}}",
                labels::PROJECT,
                labels::PROJECT_DIR
            ))
            .output()?;
        // Only this checkout's business is inspected, however many other projects' machines there are.
        let project_dir = self.project_dir.to_string_lossy();
        let ids: Vec<&str> = list
            .lines()
            .filter_map(|line| {
                let mut fields = line.splitn(3, '\t');
                let (id, project, dir) =
                    (fields.next()?, fields.next()?, fields.next().unwrap_or(""));
                (project == self.project || dir == project_dir).then_some(id)
            })
            .collect();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let inspect = self.docker.clone().arg("inspect").args(&ids);
        let text = inspect.output()?;
        let containers: Vec<Value> =
            serde_json::from_str(&text).map_err(|error| Error::UnexpectedOutput {
                command: inspect.to_string(),
                detail: error.to_string(),
            })?;
        let mut observations = Vec::new();
        for observation in containers.iter().map(ContainerObservation::from_inspect) {
            let same_project = observation.project.as_deref() == Some(self.project.as_str());
            let same_dir = observation.project_dir.as_deref() == Some(self.project_dir.as_path());
            match (same_project, &observation.project_dir) {
                (true, Some(other_dir)) if !same_dir => {
                    return Err(Error::ProjectConflict {
                        container: observation
                            .attributes
                            .get("name")
                            .cloned()
                            .unwrap_or_default(),
                        project: self.project.clone(),
                        other_dir: other_dir.clone(),
                    });
                }
                _ if same_project || same_dir => observations.push(observation),
                _ => {}
            }
        }
        refuse_duplicates(&observations)?;
        Ok(observations)
    }

    /// Containers and the mounts they carry, keyed by resource id.
    pub fn observe(&self, graph: &ResourceGraph) -> Result<Observed, Error> {
        let declared_images: BTreeSet<&str> = graph
            .in_apply_order()
            .into_iter()
            .filter_map(|resource| match &resource.spec {
                ResourceSpec::DockerContainer(spec) => Some(spec.image.as_str()),
                _ => None,
            })
            .collect();
        // The image builds are asked for while the containers are: a no-op plan waits for one round trip less.
        let (containers, builds) = std::thread::scope(|scope| {
            let builds = scope.spawn(|| self.current_builds(&declared_images));
            let containers = self.observe_containers();
            let builds = builds
                .join()
                .expect("asking docker for image builds does not panic");
            (containers, builds)
        });
        let mut observed = Observed::default();
        for mut container in containers? {
            if let Some(build) = container
                .attributes
                .get("image")
                .and_then(|image| builds.get(image.as_str()))
            {
                container.note_current_image(build);
            }
            let Some(id) = container.resource.clone() else {
                continue;
            };
            if graph.contains(&id) {
                for (mount_id, attributes) in observed_mounts(graph, &id, &container) {
                    observed.insert(mount_id, attributes);
                }
            }
            observed.insert(id, container.attributes);
        }
        Ok(observed)
    }

    /// The build each image name stands for now. An image that is gone cannot say, and its containers still run,
    /// so it is left out rather than reported.
    fn current_builds<'a>(&self, images: &BTreeSet<&'a str>) -> BTreeMap<&'a str, String> {
        images
            .iter()
            .filter_map(|&image| {
                let id = self
                    .docker
                    .clone()
                    .args(["image", "inspect", "--format", "{{.Id}}", image])
                    .output()
                    .ok()?;
                Some((image, id.trim().to_owned()))
            })
            .collect()
    }
}

/// The declared mounts a container carries, found at the targets it recorded for them, so a moved mount shows as moved.
fn observed_mounts(
    graph: &ResourceGraph,
    container_id: &ResourceId,
    container: &ContainerObservation,
) -> Vec<(ResourceId, Attributes)> {
    graph
        .dependencies(container_id)
        .into_iter()
        .filter_map(|mount_id| match graph.get(mount_id) {
            Some(Resource {
                spec: ResourceSpec::Mount(mount),
                ..
            }) => Some((mount_id, mount)),
            _ => None,
        })
        .filter_map(|(mount_id, mount)| {
            let target = container
                .mount_targets
                .get(&mount.name)
                .unwrap_or(&mount.target);
            let source = container.attributes.get(&format!("mounts.{target}"))?;
            Some((
                mount_id.clone(),
                Attributes::from([
                    ("source".to_owned(), source.clone()),
                    ("target".to_owned(), target.clone()),
                ]),
            ))
        })
        .collect()
}

/// Two containers labelled as one resource cannot both be the machine; choosing one silently would replace it on every apply.
fn refuse_duplicates(observations: &[ContainerObservation]) -> Result<(), Error> {
    let mut by_resource: BTreeMap<&ResourceId, Vec<&str>> = BTreeMap::new();
    for observation in observations {
        if let Some(resource) = &observation.resource {
            by_resource
                .entry(resource)
                .or_default()
                .push(&observation.docker_id);
        }
    }
    match by_resource.into_iter().find(|(_, ids)| ids.len() > 1) {
        Some((resource, ids)) => Err(Error::DuplicateMachines {
            resource: resource.to_string(),
            docker_ids: ids
                .iter()
                .map(|id| id[..id.len().min(12)].to_owned())
                .collect(),
        }),
        None => Ok(()),
    }
}
