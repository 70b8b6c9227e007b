use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::described_objects::DescribedObjects;
use super::engine_reads::{self, ListedContainer};
use super::first_round::take_started_round;
use super::remembered_machine::RememberedMachine;
use super::{ContainerObservation, labels};
use crate::docker_engine::EngineApi;
use crate::graph::{Resource, ResourceGraph, ResourceId, ResourceKind, ResourceSpec};
use crate::plan::{Action, Change, Mutability};
use crate::provider::{
    CommandLine, DOCKER_TIME_LIMIT, Provider, ProviderError as Error, StepProgress,
};
use crate::state::{AttributeName, MachineState, MountState, Observed, ResourceState};

/// One project's containers through the `docker` CLI. `VM_DOCKER` names another program (a fault-injecting stand-in in tests).
/// It acts on containers by Docker id, found by their labels: a container that merely has the machine's name is never touched.
#[derive(Debug, Clone)]
pub struct DockerProvider {
    pub(super) docker: CommandLine,
    /// Where observation may read the engine's API itself, as `docker` would (see [`EngineApi`]).
    pub(super) engine_api: Option<EngineApi>,
    pub(super) project: String,
    /// The vm.json this provider works for: containers record it, so each knows the checkout it belongs to.
    pub(super) config_path: PathBuf,
    /// Put on every container and image it makes besides vm's own labels (`vm test` marks its machines so).
    pub(super) extra_labels: Vec<(String, String)>,
}

impl DockerProvider {
    /// `docker`, or the program `VM_DOCKER` names.
    pub fn docker_command() -> CommandLine {
        let program = std::env::var_os("VM_DOCKER").unwrap_or_else(|| OsString::from("docker"));
        CommandLine::new(program)
    }

    pub fn new(project: &str, config_path: &Path) -> DockerProvider {
        DockerProvider {
            docker: DockerProvider::docker_command(),
            engine_api: EngineApi::of_this_process(DOCKER_TIME_LIMIT.duration()),
            project: project.to_owned(),
            config_path: config_path.to_owned(),
            extra_labels: Vec::new(),
        }
    }

    /// The same provider, putting `labels` on the containers it makes.
    pub fn with_labels(mut self, labels: Vec<(String, String)>) -> DockerProvider {
        self.extra_labels = labels;
        self
    }

    /// The containers that are this checkout's business (see [`DockerProvider::belongs_here`]), listed once and
    /// inspected.
    pub fn observe_containers(&self) -> Result<Vec<ContainerObservation>, Error> {
        let listed = self.list_containers()?;
        self.inspect(&listed)
    }

    /// Every container vm made on this engine, listed once, kept where it may be this checkout's.
    fn list_containers(&self) -> Result<Vec<ListedContainer>, Error> {
        Ok(self.mine(self.list_vm_containers()?))
    }

    /// Every container vm made on this engine: its id, project and vm.json. One `docker ps`, or its request.
    pub(super) fn list_vm_containers(&self) -> Result<Vec<ListedContainer>, Error> {
        if let Some(listed) = engine_reads::through_api(
            self.engine_api.as_ref(),
            "the list of vm's containers",
            engine_reads::list_vm_containers,
        ) {
            return listed;
        }
        let list = self
            .docker
            .clone()
            .args(["ps", "--all", "--no-trunc", "--filter"])
            .arg(format!("label={}=vm", labels::MANAGED_BY))
            .arg("--format")
            .arg(ListedContainer::list_format())
            .output()?;
        Ok(ListedContainer::from_lines(&list))
    }

    /// The containers of `listed` that may be this checkout's.
    fn mine(&self, listed: Vec<ListedContainer>) -> Vec<ListedContainer> {
        let config_path = self.config_path.to_string_lossy();
        listed
            .into_iter()
            .filter(|listed| listed.project == self.project || listed.config_path == config_path)
            .collect()
    }

    fn inspect(&self, listed: &[ListedContainer]) -> Result<Vec<ContainerObservation>, Error> {
        self.inspect_unless_described(listed, &BTreeMap::new())
    }

    /// The containers `listed`, those not in `described` read in one `docker inspect`.
    fn inspect_unless_described(
        &self,
        listed: &[ListedContainer],
        described: &BTreeMap<String, Value>,
    ) -> Result<Vec<ContainerObservation>, Error> {
        let undescribed: Vec<&str> = listed
            .iter()
            .map(|listed| listed.docker_id.as_str())
            .filter(|docker_id| !described.contains_key(*docker_id))
            .collect();
        let through_api = engine_reads::through_api(
            self.engine_api.as_ref().filter(|_| !undescribed.is_empty()),
            "the inspect of vm's containers",
            |api| engine_reads::inspect_containers(api, &undescribed),
        )
        .transpose()?;
        let inspect = self
            .docker
            .clone()
            .arg("inspect")
            .args(undescribed.iter().copied());
        let unexpected = |detail: String| Error::UnexpectedOutput {
            command: inspect.to_string(),
            detail,
        };
        let mut inspected: Vec<Value> = if undescribed.is_empty() {
            Vec::new()
        } else if let Some(inspected) = through_api {
            inspected
        } else {
            serde_json::from_str(&inspect.output()?)
                .map_err(|error| unexpected(error.to_string()))?
        };
        if inspected.len() != undescribed.len() {
            return Err(unexpected(format!(
                "`docker ps` listed {} containers, `docker inspect` described {}",
                undescribed.len(),
                inspected.len()
            )));
        }
        inspected.extend(
            listed
                .iter()
                .filter_map(|listed| described.get(&listed.docker_id))
                .cloned(),
        );
        let mut observations = Vec::new();
        for observation in inspected.iter().map(ContainerObservation::from_inspect) {
            if observation.resource.is_none() || observation.docker_id.is_empty() {
                return Err(unexpected(
                    "a container vm made has lost its labels".to_owned(),
                ));
            }
            if self.belongs_here(&observation)? {
                observations.push(observation);
            }
        }
        refuse_duplicates(&observations)?;
        Ok(observations)
    }

    /// A container is this checkout's when it was made for this project from this vm.json, or from a vm.json that
    /// no longer names this project (the checkout moved; nothing or another project is there now). A container of
    /// this project whose vm.json still names it is another checkout's: a conflict, never replaced. A container
    /// made from this vm.json for another project is left alone: this file may have been renamed, or replaced.
    fn belongs_here(&self, observation: &ContainerObservation) -> Result<bool, Error> {
        if observation.project.as_deref() != Some(self.project.as_str()) {
            return Ok(false);
        }
        let Some(recorded) = &observation.config_path else {
            // Made before vm recorded its vm.json: the project name is all there is to go by.
            return Ok(true);
        };
        if *recorded == self.config_path || !names_project(recorded, &self.project) {
            return Ok(true);
        }
        Err(Error::ProjectConflict {
            container: observation.state.name.clone(),
            project: self.project.clone(),
            other_dir: recorded.parent().unwrap_or(recorded).to_path_buf(),
        })
    }

    /// The directory of the project's vm.json.
    pub(super) fn project_dir(&self) -> &Path {
        self.config_path.parent().unwrap_or(Path::new("."))
    }

    /// Containers and the mounts they carry, keyed by resource id, in one round trip where the project is as the last
    /// observation found it (see [`RememberedMachine`]): `docker ps` of vm's containers, one `docker inspect` of the
    /// machine, the declared images and volumes, and the read inside the machine, all at once, started as early as
    /// the command could. A container the list names that was not described is inspected after, as is what the
    /// graph declares that was not asked, and a read the machine needs that was not made ahead is made then.
    fn observe_all(&self, graph: &ResourceGraph) -> Result<Observed, Error> {
        let declared_image = super::provisioned_observation::declared_image(graph);
        let declared_images: BTreeSet<&str> = graph
            .in_apply_order()
            .into_iter()
            .filter_map(|resource| match &resource.spec {
                ResourceSpec::DockerContainer(spec) => Some(spec.machine.image.as_str()),
                ResourceSpec::DockerImage(image) => Some(image.tag.as_str()),
                _ => None,
            })
            .collect();
        let images: Vec<&str> = declared_images.iter().copied().collect();
        let volumes = super::volumes::declared_volumes(graph);
        let volume_names: Vec<&str> = volumes
            .iter()
            .map(|(_, volume)| volume.name.as_str())
            .collect();
        let round = take_started_round(&self.config_path).unwrap_or_else(|| {
            self.first_round(RememberedMachine {
                images: images.iter().map(|&image| image.to_owned()).collect(),
                volumes: volume_names.iter().map(|&name| name.to_owned()).collect(),
                ..RememberedMachine::recall(&self.config_path).unwrap_or_default()
            })
        });
        let listed = self.mine(round.listed?);
        let unasked = |declared: &[&str], asked: &[String]| -> Vec<String> {
            declared
                .iter()
                .filter(|name| !asked.iter().any(|asked| asked == *name))
                .map(|&name| name.to_owned())
                .collect()
        };
        let unasked_images = unasked(&images, &round.asked.images);
        let unasked_volumes = unasked(&volume_names, &round.asked.volumes);
        let described = match round.described {
            Some(described) if unasked_images.is_empty() && unasked_volumes.is_empty() => {
                Some(described)
            }
            Some(mut described) => {
                self.describe(&[], &unasked_images, &unasked_volumes)
                    .map(|more| {
                        described.extend(more);
                        described
                    })
            }
            None => None,
        };
        let described = match described {
            Some(described) => described,
            None => self.describe_one_kind_at_a_time(&images, &volume_names)?,
        };
        let read_ahead = round.read_ahead;
        let containers = self.inspect_unless_described(&listed, &described.containers);
        let mut observed = Observed::default();
        for stranger in listed
            .iter()
            .filter(|listed| listed.project != self.project)
        {
            observed.note(format!(
                "a container made from this vm.json for project `{}` is left alone: if you renamed the project, \
                 remove it with `docker rm -f {}` (its host data is kept)",
                stranger.project,
                &stranger.docker_id[..stranger.docker_id.len().min(12)]
            ));
        }
        let builds = &described.images;
        let image_exists =
            declared_image.is_some_and(|image| builds.contains_key(image.tag.as_str()));
        if let Some(image) = declared_image.filter(|_| image_exists) {
            observed.insert(
                ResourceId::new(ResourceKind::DockerImage, self.project.clone()),
                ResourceState::DockerImage(image.desired_state()),
            );
        }
        let containers = containers?;
        self.remember(&containers, &images, &volume_names);
        let mut read_ahead = read_ahead;
        for mut container in containers {
            if let Some(build) = builds.get(container.image_name.as_str()) {
                container.note_current_image(build);
            }
            let Some(id) = container.resource.clone() else {
                continue;
            };
            if let Some(Resource {
                spec: ResourceSpec::DockerContainer(spec),
                ..
            }) = graph.get(&id)
            {
                // Found through the engine this plan resolved, the one the spec names.
                container.state.engine = spec.engine.display();
            }
            if graph.contains(&id) {
                for (mount_id, mount) in observed_mounts(graph, &id, &container) {
                    observed.insert(mount_id, ResourceState::Mount(mount));
                }
            }
            let health =
                self.observe_inside(&container, image_exists, read_ahead.take(), &mut observed)?;
            super::database_restore::observe_restores(graph, health.as_ref(), &mut observed);
            observed.insert_identity(id.clone(), container.docker_id);
            observed.insert(
                id,
                ResourceState::DockerContainer(Box::new(container.state)),
            );
        }
        for (id, volume) in volumes {
            let project = described.volumes.get(&volume.name);
            if project.is_some_and(|project| project.as_deref() == Some(self.project.as_str())) {
                observed.insert(id.clone(), ResourceState::Volume(volume.desired_state()));
            }
        }
        Ok(observed)
    }

    /// Images and volumes asked for each kind on its own, where one `docker inspect` of them all could not be read.
    fn describe_one_kind_at_a_time(
        &self,
        images: &[&str],
        volumes: &[&str],
    ) -> Result<DescribedObjects, Error> {
        let images: BTreeSet<&str> = images.iter().copied().collect();
        let (builds, listed_volumes) = std::thread::scope(|scope| {
            let builds = scope.spawn(|| self.current_builds(&images));
            let listed_volumes = self.project_volumes(volumes);
            (
                builds
                    .join()
                    .expect("asking docker for image builds does not panic"),
                listed_volumes,
            )
        });
        Ok(DescribedObjects {
            containers: BTreeMap::new(),
            images: builds
                .into_iter()
                .map(|(image, build)| (image.to_owned(), build))
                .collect(),
            volumes: listed_volumes?
                .into_iter()
                .map(|name| (name, Some(self.project.clone())))
                .collect(),
        })
    }

    /// What the next observation asks at once: the one machine of this project found now (none where there are
    /// several: a conflict to resolve first), read inside as now, and the images and volumes declared now.
    fn remember(&self, containers: &[ContainerObservation], images: &[&str], volumes: &[&str]) {
        let (docker_id, inside) = match containers {
            [container] => (
                Some(container.docker_id.clone()),
                super::provisioned_observation::inside_read(
                    container,
                    &super::provisioned_observation::recorded_provisioning(container),
                ),
            ),
            [] => (None, None),
            _ => return,
        };
        RememberedMachine {
            docker_id,
            inside,
            images: images.iter().map(|&image| image.to_owned()).collect(),
            volumes: volumes.iter().map(|&name| name.to_owned()).collect(),
        }
        .remember(&self.config_path);
    }

    /// The build each image name stands for now. An image that is gone cannot say, and its containers still run,
    /// so it is left out rather than reported.
    fn current_builds<'a>(&self, images: &BTreeSet<&'a str>) -> BTreeMap<&'a str, String> {
        images
            .iter()
            .filter_map(|&image| Some((image, self.image_build(image).ok()?)))
            .collect()
    }

    /// The build (image id) an image name stands for on this engine; an error where there is no such image.
    pub(super) fn image_build(&self, image: &str) -> Result<String, Error> {
        let id = self
            .docker
            .clone()
            .args(["image", "inspect", "--format", "{{.Id}}", image])
            .output()?;
        Ok(id.trim().to_owned())
    }
}

impl Provider for DockerProvider {
    fn observe(&self, graph: &ResourceGraph) -> Result<Observed, Error> {
        let declares_containers = graph
            .in_apply_order()
            .iter()
            .any(|resource| matches!(resource.spec, ResourceSpec::DockerContainer(_)));
        match self.observe_all(graph) {
            // Without docker there are no containers to find, which is all a project of another provider needs to know.
            Err(Error::CommandNotRun { .. }) if !declares_containers => Ok(Observed::default()),
            observed => observed,
        }
    }

    /// A running container takes new limits, a new name and a start; a dead one only a replacement; its mounts,
    /// image and everything else are fixed when it is made.
    fn preflight(&self, graph: &ResourceGraph, observed: &Observed) -> Vec<Error> {
        self.taken_host_ports(graph, observed)
    }

    fn mutability(&self, attribute: &AttributeName, before: &ResourceState) -> Mutability {
        // A new image is built beside the old one; what is inside changes with the machine made from it.
        if matches!(
            before,
            ResourceState::DockerImage(_)
                | ResourceState::Provisioned(_)
                | ResourceState::Volume(_)
        ) {
            return Mutability::InPlace;
        }
        let broken = matches!(before.machine_state(), Some(MachineState::Broken(_)));
        match (attribute, before) {
            (AttributeName::State, ResourceState::DockerContainer(_)) if broken => {
                Mutability::Replace
            }
            (name, ResourceState::DockerContainer(_)) if updatable_in_place(name) => {
                Mutability::InPlace
            }
            _ => Mutability::Replace,
        }
    }

    fn execute(
        &self,
        change: &Change,
        resource: Option<&Resource>,
        progress: &mut dyn FnMut(StepProgress<'_>),
    ) -> Result<(), Error> {
        let builds = matches!(
            change.action,
            Action::Create | Action::Update | Action::Replace
        );
        match resource.map(|resource| &resource.spec) {
            Some(ResourceSpec::DatabaseRestore(restore)) if change.action == Action::Create => {
                self.restore_database(restore, progress)
            }
            // A restore's data goes with the machine, or stays in its volume: nothing of its own to remove.
            _ if change.resource.kind == ResourceKind::DatabaseRestore => Ok(()),
            Some(ResourceSpec::DockerImage(image)) if builds => self.build_image(image, progress),
            // The image the machine ran, which may be an older build than the declared one.
            _ if change.resource.kind == ResourceKind::DockerImage
                && change.action == Action::Delete =>
            {
                match change.before(&AttributeName::Tag) {
                    Some(tag) => self.remove_image(tag),
                    None => Ok(()),
                }
            }
            Some(ResourceSpec::Volume(volume)) if builds => {
                self.create_folder_volume(volume, progress)
            }
            Some(ResourceSpec::Volume(volume)) if change.action == Action::Delete => {
                self.remove_volume(volume)
            }
            Some(ResourceSpec::Provisioned(spec)) if builds => match &spec.wait {
                Some(wait) => self.converge_service(change, wait, progress),
                None => self.change_in_place(change, Some(spec), progress),
            },
            None if change.resource.kind == ResourceKind::Packages => {
                self.change_in_place(change, None, progress)
            }
            _ => self.execute_change(change, resource),
        }
    }

    fn run_in_machine(
        &self,
        machine: &Resource,
        command: &[String],
        tty: bool,
    ) -> Result<i32, Error> {
        let ResourceSpec::DockerContainer(spec) = &machine.spec else {
            return Err(Error::MachineNotRunning {
                name: machine.id.name.clone(),
            });
        };
        let container = self
            .observe_containers()?
            .into_iter()
            .find(|container| {
                container.is_running() && container.resource.as_ref() == Some(&machine.id)
            })
            .ok_or_else(|| Error::MachineNotRunning {
                name: spec.machine.name.clone(),
            })?;
        // Until its set-up is done the machine has another name, and its user may not own the synced data yet.
        if container.state.name != spec.machine.name {
            return Err(Error::MachineNotReady {
                name: spec.machine.name.clone(),
            });
        }
        super::exec_in_container(
            &self.docker,
            &container.docker_id,
            &spec.machine.user,
            &spec.machine.workdir,
            tty,
            command,
        )
    }
}

/// The attributes a container changes without being made again, whatever state it is in.
pub(super) fn updatable_in_place(attribute: &AttributeName) -> bool {
    matches!(
        attribute,
        AttributeName::Name | AttributeName::Memory | AttributeName::Cpus | AttributeName::State
    )
}

/// The declared mounts a container carries, found at the targets it recorded for them, so a moved mount shows as moved.
fn observed_mounts(
    graph: &ResourceGraph,
    container_id: &ResourceId,
    container: &ContainerObservation,
) -> Vec<(ResourceId, MountState)> {
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
            let source = container.state.mounts.get(target)?;
            let found = MountState {
                source: source.clone(),
                target: target.clone(),
            };
            Some((mount_id.clone(), found))
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

/// Whether the vm.json at `path` still names `project`. A file that cannot be read (another user's checkout)
/// counts as naming it: taking someone's machine on a guess is worse than a conflict the user can resolve.
fn names_project(path: &Path, project: &str) -> bool {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str::<Value>(&text).map_or(true, |config| {
            config["project"]["name"].as_str() == Some(project)
        }),
        Err(error) => error.kind() != std::io::ErrorKind::NotFound,
    }
}
