use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{ContainerObservation, create_command, labels, memory_arguments, remap_user};
use crate::error::Error;
use crate::graph::{
    ContainerSpec, Resource, ResourceGraph, ResourceId, ResourceKind, ResourceSpec,
};
use crate::plan::{Action, Change, Observed};
use crate::provider::CommandLine;

/// One project's containers through the `docker` CLI. `VM_DOCKER` names another program (a fault-injecting stand-in in tests).
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

    /// Docker ids of the project's containers, optionally only those realizing `resource`.
    fn container_ids(&self, resource: Option<&ResourceId>) -> Result<Vec<String>, Error> {
        let mut list = self
            .docker
            .clone()
            .args(["ps", "--all", "--quiet", "--no-trunc", "--filter"])
            .arg(format!("label={}={}", labels::PROJECT, self.project));
        if let Some(resource) = resource {
            list = list
                .arg("--filter")
                .arg(format!("label={}={resource}", labels::RESOURCE));
        }
        Ok(list
            .output()?
            .split_whitespace()
            .map(str::to_owned)
            .collect())
    }

    /// The project's containers, found by label in one query and read in one `docker inspect`.
    /// A container made for another checkout with the same project name is a conflict, never something to replace.
    pub fn observe_containers(&self) -> Result<Vec<ContainerObservation>, Error> {
        let ids = self.container_ids(None)?;
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
        let observations: Vec<ContainerObservation> = containers
            .iter()
            .map(ContainerObservation::from_inspect)
            .collect();
        for observation in &observations {
            if let Some(other_dir) = observation
                .project_dir
                .as_ref()
                .filter(|dir| **dir != self.project_dir)
            {
                return Err(Error::ProjectConflict {
                    container: observation
                        .resource
                        .as_ref()
                        .map_or_else(String::new, |id| id.name.clone()),
                    project: self.project.clone(),
                    other_dir: other_dir.clone(),
                });
            }
        }
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
            (
                containers,
                builds
                    .join()
                    .expect("asking docker for image builds does not panic"),
            )
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
            if let Some(resource) = graph.get(&id) {
                for mount_id in graph.dependencies(&resource.id) {
                    let Some(Resource {
                        spec: ResourceSpec::Mount(mount),
                        ..
                    }) = graph.get(mount_id)
                    else {
                        continue;
                    };
                    if let Some(source) = container
                        .attributes
                        .get(&format!("mounts.{}", mount.target))
                    {
                        observed.insert(
                            mount_id.clone(),
                            crate::graph::Attributes::from([
                                ("source".to_owned(), source.clone()),
                                ("target".to_owned(), mount.target.clone()),
                            ]),
                        );
                    }
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
            (Action::Create, Some(spec)) => self.create(&change.resource, spec),
            (Action::Replace, Some(spec)) => {
                self.remove(&change.resource)?;
                self.create(&change.resource, spec)
            }
            (Action::Update, Some(spec)) => self.update(change, spec),
            (Action::Delete, _) => self.remove(&change.resource),
            _ => Ok(()),
        }
    }

    fn create(&self, id: &ResourceId, spec: &ContainerSpec) -> Result<(), Error> {
        create_command(&self.docker, id, spec).output()?;
        self.docker.clone().args(["start", &spec.name]).output()?;
        self.set_up_user(spec)
    }

    fn update(&self, change: &Change, spec: &ContainerSpec) -> Result<(), Error> {
        let changed = |group: &str| {
            change.attributes.iter().any(|attribute| {
                attribute.is_change() && crate::graph::attribute_group(&attribute.name) == group
            })
        };
        if changed("memory") || changed("cpus") {
            self.docker
                .clone()
                .arg("update")
                .args(memory_arguments(spec.memory_mib))
                .args([
                    "--cpus".to_owned(),
                    spec.cpus.to_string(),
                    spec.name.clone(),
                ])
                .output()?;
        }
        if changed("state") {
            self.docker.clone().args(["start", &spec.name]).output()?;
            // A start that failed before left the user set-up undone; it is idempotent, so finish it now.
            self.set_up_user(spec)?;
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

    /// Removes the containers labelled as this resource of this project, by Docker id: never a same-named stranger.
    fn remove(&self, id: &ResourceId) -> Result<(), Error> {
        self.docker
            .clone()
            .args(["rm", "--force", &id.name])
            .output()?;
        Ok(())
    }

    /// Gives the machine's user the data owner's uid and gid (as the Dev Containers CLI's `updateRemoteUserUID` does),
    /// editing the image's own account files, so any image with a passwd file works.
    fn set_up_user(&self, spec: &ContainerSpec) -> Result<(), Error> {
        let as_root = |args: &[&str]| {
            self.docker
                .clone()
                .args(["exec", "--user", "0", &spec.name])
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
                    &spec.name,
                    "tee",
                    path,
                ])
                .output_with_input(Some(text.as_bytes()))
        };
        write("/etc/passwd", &passwd)?;
        write("/etc/group", &group)?;
        let owner = spec.user_owner.to_string();
        as_root(&["mkdir", "-p", &spec.home]).output()?;
        as_root(&[
            "find", &spec.home, "-xdev", "-exec", "chown", &owner, "{}", "+",
        ])
        .output()?;
        Ok(())
    }

    /// Runs a command in the machine as its user, in the workspace, attached to this terminal.
    pub fn exec(&self, spec: &ContainerSpec, tty: bool, command: &[String]) -> Result<i32, Error> {
        let mut line = self.docker.clone().args(["exec", "--interactive"]);
        if tty {
            line = line.arg("--tty");
        }
        line.args(["--user", &spec.user, "--workdir", &spec.workdir, &spec.name])
            .args(command)
            .interactive()
    }
}
