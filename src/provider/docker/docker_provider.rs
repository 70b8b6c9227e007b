use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{ContainerObservation, create_command, labels, memory_arguments, remap_user};
use crate::error::Error;
use crate::graph::{
    Attributes, ContainerSpec, Resource, ResourceGraph, ResourceId, ResourceKind, ResourceSpec,
    attribute_group,
};
use crate::plan::{Action, Change, Observed};
use crate::provider::CommandLine;

/// One project's containers through the `docker` CLI. `VM_DOCKER` names another program (a fault-injecting stand-in in tests).
/// It acts on containers by Docker id, found by their labels: a container that merely has the machine's name is never touched.
#[derive(Debug, Clone)]
pub struct DockerProvider {
    docker: CommandLine,
    project: String,
    project_dir: PathBuf,
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

    /// Carries out one change to a container. Mounts are made with their container, so they need nothing here.
    pub fn execute(&self, change: &Change, resource: Option<&Resource>) -> Result<(), Error> {
        if change.resource.kind != ResourceKind::DockerContainer {
            return Ok(());
        }
        let spec = match resource.map(|resource| &resource.spec) {
            Some(ResourceSpec::DockerContainer(spec)) => Some(spec.as_ref()),
            _ => None,
        };
        match (change.action, spec) {
            (Action::Create, Some(spec)) => {
                self.ensure_image(&spec.image)?;
                self.create(&change.resource, spec)
            }
            (Action::Replace, Some(spec)) => {
                // The new image must be at hand before the old machine goes.
                self.ensure_image(&spec.image)?;
                self.remove(&change.resource)?;
                self.create(&change.resource, spec)
            }
            (Action::Update, Some(spec)) => self.update(change, spec),
            (Action::Delete, _) => self.remove(&change.resource),
            _ => Ok(()),
        }
    }

    /// The Docker id of the one container realizing `resource` for this checkout.
    fn docker_id(&self, resource: &ResourceId) -> Result<String, Error> {
        self.observe_containers()?
            .into_iter()
            .find(|container| container.resource.as_ref() == Some(resource))
            .map(|container| container.docker_id)
            .ok_or_else(|| Error::MachineNotRunning {
                name: resource.name.clone(),
            })
    }

    /// Makes sure `image` is on this machine, pulling it where it is not; fails before anything is removed.
    fn ensure_image(&self, image: &str) -> Result<(), Error> {
        let present = self
            .docker
            .clone()
            .args(["image", "inspect", "--format", "{{.Id}}", image])
            .output();
        if present.is_ok() {
            return Ok(());
        }
        self.docker
            .clone()
            .args(["pull", "--quiet", image])
            .output()
            .map(drop)
    }

    fn create(&self, id: &ResourceId, spec: &ContainerSpec) -> Result<(), Error> {
        let docker_id = create_command(&self.docker, id, spec)
            .output()?
            .trim()
            .to_owned();
        self.docker.clone().args(["start", &docker_id]).output()?;
        self.set_up_user(&docker_id, spec)
    }

    fn update(&self, change: &Change, spec: &ContainerSpec) -> Result<(), Error> {
        let before = |group: &str| {
            change
                .attributes
                .iter()
                .find(|attribute| {
                    attribute.is_change() && attribute_group(&attribute.name) == group
                })
                .map(|attribute| attribute.before.clone().unwrap_or_default())
        };
        let docker_id = self.docker_id(&change.resource)?;
        if before("name").is_some() {
            self.docker
                .clone()
                .args(["rename", &docker_id, &spec.name])
                .output()?;
        }
        if before("memory").is_some() || before("cpus").is_some() {
            self.docker
                .clone()
                .arg("update")
                .args(memory_arguments(spec.memory_mib))
                .args([
                    "--cpus".to_owned(),
                    spec.cpus.to_string(),
                    docker_id.clone(),
                ])
                .output()?;
        }
        if let Some(state) = before("state") {
            let verb = if state == "paused" {
                "unpause"
            } else {
                "start"
            };
            self.docker.clone().args([verb, &docker_id]).output()?;
            // A start that failed before left the user set-up undone; it is idempotent, so finish it now.
            self.set_up_user(&docker_id, spec)?;
        }
        Ok(())
    }

    /// Removes the containers labelled as this resource of this checkout, by Docker id.
    fn remove(&self, id: &ResourceId) -> Result<(), Error> {
        let docker_ids: Vec<String> = self
            .observe_containers()?
            .into_iter()
            .filter(|container| container.resource.as_ref() == Some(id))
            .map(|container| container.docker_id)
            .collect();
        if !docker_ids.is_empty() {
            self.docker
                .clone()
                .args(["rm", "--force"])
                .args(&docker_ids)
                .output()?;
        }
        Ok(())
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

    /// Gives the machine's user the data owner's uid and gid (as the Dev Containers CLI's `updateRemoteUserUID` does),
    /// editing the image's own account files, so any image with a passwd file works.
    fn set_up_user(&self, docker_id: &str, spec: &ContainerSpec) -> Result<(), Error> {
        let as_root = |args: &[&str]| {
            self.docker
                .clone()
                .args(["exec", "--user", "0", docker_id])
                .args(args.iter().copied())
        };
        let passwd = as_root(&["cat", "/etc/passwd"]).output()?;
        let group = as_root(&["cat", "/etc/group"]).output()?;
        let Some((passwd, group)) =
            remap_user(&passwd, &group, &spec.user, spec.user_owner, &spec.home)
        else {
            return Ok(());
        };
        let write = |path: &str, text: &str| {
            self.docker
                .clone()
                .args([
                    "exec",
                    "--interactive",
                    "--user",
                    "0",
                    docker_id,
                    "tee",
                    path,
                ])
                .output_with_input(Some(text.as_bytes()))
        };
        write("/etc/passwd", &passwd)?;
        write("/etc/group", &group)?;
        let owner = spec.user_owner.to_string();
        as_root(&["mkdir", "-p", &spec.home]).output()?;
        // The home's own files change owner; mounted host directories (the project, synced data) are never walked.
        let mut find: Vec<&str> = vec!["find", &spec.home, "-xdev"];
        for mount in &spec.mounts {
            find.extend(["-path", &mount.target, "-prune", "-o"]);
        }
        find.extend(["-exec", "chown", &owner, "{}", "+"]);
        as_root(&find).output()?;
        Ok(())
    }

    /// Runs a command in the machine as its user, in the workspace, attached to this terminal.
    pub fn exec(
        &self,
        docker_id: &str,
        spec: &ContainerSpec,
        tty: bool,
        command: &[String],
    ) -> Result<i32, Error> {
        let mut line = self.docker.clone().args(["exec", "--interactive"]);
        if tty {
            line = line.arg("--tty");
        }
        line.args(["--user", &spec.user, "--workdir", &spec.workdir, docker_id])
            .args(command)
            .interactive()
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
