use super::{ContainerObservation, DockerProvider, create_command, memory_arguments, set_up_user};
use crate::graph::{ContainerSpec, Resource, ResourceId, ResourceKind, ResourceSpec};
use crate::plan::{Action, Change};
use crate::provider::ProviderError as Error;
use crate::state::{AttributeName, MachineState};

/// How long a machine's services have to stop cleanly before Docker kills them.
const STOP_GRACE_SECS: u32 = 30;

/// Changing containers: each acts on a Docker id found by labels, never on a name.
impl DockerProvider {
    /// Carries out one change to a container. Mounts are made with their container, so they need nothing here.
    pub(super) fn execute_change(
        &self,
        change: &Change,
        resource: Option<&Resource>,
    ) -> Result<(), Error> {
        if change.resource.kind != ResourceKind::DockerContainer {
            return Ok(());
        }
        let spec = match resource.map(|resource| &resource.spec) {
            Some(ResourceSpec::DockerContainer(spec)) => Some(spec.as_ref()),
            _ => None,
        };
        match (change.action, spec) {
            (Action::Create, Some(spec)) => {
                self.ensure_image(&spec.machine.image)?;
                self.create(&change.resource, spec)
            }
            (Action::Replace, Some(spec)) => {
                // The new image must be at hand before the old machine goes.
                self.ensure_image(&spec.machine.image)?;
                self.move_data_into_volumes(&change.resource, spec)?;
                self.remove(&change.resource)?;
                self.create(&change.resource, spec)
            }
            (Action::Update, Some(spec)) => self.update(change, spec),
            (Action::Delete, _) => self.remove(&change.resource),
            _ => Ok(()),
        }
    }

    /// The Docker id of the one container realizing `resource` for this checkout.
    pub(super) fn docker_id(&self, resource: &ResourceId) -> Result<String, Error> {
        self.container_of(resource)
            .map(|container| container.docker_id)
    }

    /// The one container realizing `resource` for this checkout.
    pub(super) fn container_of(
        &self,
        resource: &ResourceId,
    ) -> Result<ContainerObservation, Error> {
        self.observe_containers()?
            .into_iter()
            .find(|container| container.resource.as_ref() == Some(resource))
            .ok_or_else(|| Error::MachineNotRunning {
                name: resource.name.clone(),
            })
    }

    /// Makes sure `image` is on this machine, pulling it where it is not; fails before anything is removed.
    fn ensure_image(&self, image: &str) -> Result<(), Error> {
        match self.image_build(image) {
            Ok(_) => return Ok(()),
            // Only an answer of "no such image" means absent; a timeout or a missing docker is its own error.
            Err(Error::CommandFailed { .. }) => {}
            Err(other) => return Err(other),
        }
        self.docker
            .clone()
            .args(["pull", "--quiet", image])
            .output()
            .map(drop)
    }

    fn create(&self, id: &ResourceId, spec: &ContainerSpec) -> Result<(), Error> {
        // The machine is made under another name and renamed last: a container that already has its name
        // would stop it at the very end, so that is found out before anything is made.
        let holder = self
            .docker
            .clone()
            .args([
                "container",
                "inspect",
                "--format",
                "{{.Id}}",
                &spec.machine.name,
            ])
            .output();
        if let Ok(holder) = holder {
            return Err(Error::NameTaken {
                name: spec.machine.name.clone(),
                holder: holder.trim().chars().take(12).collect(),
            });
        }
        let docker_id = create_command(
            &self.docker,
            id,
            spec,
            &self.config_path,
            &self.extra_labels,
        )
        .output()?
        .trim()
        .to_owned();
        self.docker.clone().args(["start", &docker_id]).output()?;
        self.finish_set_up(&docker_id, spec, true)
    }

    /// Gives the machine its user, then (where it has another) its own name: the rename marks the set-up done.
    fn finish_set_up(
        &self,
        docker_id: &str,
        spec: &ContainerSpec,
        renamed: bool,
    ) -> Result<(), Error> {
        set_up_user(&self.docker, docker_id, &spec.machine)?;
        if renamed {
            self.docker
                .clone()
                .args(["rename", docker_id, &spec.machine.name])
                .output()?;
        }
        Ok(())
    }

    fn update(&self, change: &Change, spec: &ContainerSpec) -> Result<(), Error> {
        let docker_id = self.docker_id(&change.resource)?;
        if change.changes(&AttributeName::Memory) || change.changes(&AttributeName::Cpus) {
            self.docker
                .clone()
                .arg("update")
                .args(memory_arguments(spec.machine.memory_mib))
                .args([
                    "--cpus".to_owned(),
                    spec.machine.cpus.to_string(),
                    docker_id.clone(),
                ])
                .output()?;
        }
        let restarts = change.changes(&AttributeName::State);
        if restarts {
            let paused = change.before(&AttributeName::State)
                == Some(MachineState::Paused.to_string().as_str());
            let verb = if paused { "unpause" } else { "start" };
            self.docker.clone().args([verb, &docker_id]).output()?;
        }
        // A set-up cut short (the machine still has its unfinished name) or a machine renamed behind vm's back:
        // the set-up is idempotent, so it is done again, and the machine gets its own name back.
        let renamed = change.changes(&AttributeName::Name);
        if renamed || restarts {
            self.finish_set_up(&docker_id, spec, renamed)?;
        }
        Ok(())
    }

    /// Stops, then removes, the containers labelled as this resource of this checkout, by Docker id. The stop
    /// gives the machine's services `STOP_GRACE_SECS` to shut down cleanly (its entrypoint stops them on TERM).
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
                .args(["stop", "--time", &STOP_GRACE_SECS.to_string()])
                .args(&docker_ids)
                .output()?;
            self.docker
                .clone()
                .args(["rm", "--force"])
                .args(&docker_ids)
                .output()?;
        }
        Ok(())
    }
}
