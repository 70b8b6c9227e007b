use std::collections::BTreeMap;

use super::remembered_machine::InsideRead;
use super::{ContainerObservation, DockerProvider, labels};
use crate::graph::{ResourceGraph, ResourceId, ResourceKind, ResourceSpec};
use crate::provider::{ProviderError as Error, inside_machine};
use crate::provision::{HealthReport, MachineRecords, RECORDS_DIR};
use crate::state::{
    ImageState, Observed, PackageList, ProvisionedState, ResourceState, ShellSettings,
};

/// What is inside a container: its image and what the image installed, as recorded when it was made, with each
/// service's health, the package lists and shell it has now, and the restores recorded in the services' data asked
/// in one `docker exec` however many there are (the report is returned, for the restores).
impl DockerProvider {
    /// `read_ahead`: what was read inside the remembered machine while it was being found, used where it is the
    /// read this container needs.
    pub(super) fn observe_inside(
        &self,
        container: &ContainerObservation,
        image_exists: bool,
        read_ahead: Option<ReadAhead>,
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
        let Some(read) = inside_read(container, &inside) else {
            return Ok(None);
        };
        let answer = match read_ahead {
            Some(ahead) if ahead.docker_id == container.docker_id && ahead.read == read => {
                ahead.answer?
            }
            _ => self.read_inside(read, &container.docker_id)?,
        };
        let (health, records) = match answer {
            InsideAnswer::Health(health) => {
                let records = health.records.clone();
                (Some(health), records)
            }
            InsideAnswer::Records(records) => (None, records),
        };
        if let Some(records) = records {
            apply_records(&mut inside, records);
        }
        inside_machine::observe_inside(inside, health.as_ref(), observed);
        Ok(health)
    }

    /// Reads what is inside the container `docker_id` the way `read` says.
    pub(super) fn read_inside(
        &self,
        read: InsideRead,
        docker_id: &str,
    ) -> Result<InsideAnswer, Error> {
        Ok(match read {
            InsideRead::Health => InsideAnswer::Health(self.health(docker_id)?),
            InsideRead::Records => InsideAnswer::Records(self.copy_records(docker_id)?),
        })
    }

    /// The records of a machine, running or not, copied out of it (`docker cp`, a tar stream of the directory).
    fn copy_records(&self, docker_id: &str) -> Result<Option<MachineRecords>, Error> {
        let parent = RECORDS_DIR
            .rsplit_once('/')
            .map_or("", |(parent, _)| parent);
        let archive = self
            .docker
            .clone()
            .args(["cp", &format!("{docker_id}:{RECORDS_DIR}"), "-"])
            .output_bytes()?;
        let unreadable = |error: std::io::Error| Error::UnexpectedOutput {
            command: format!("docker cp {docker_id}:{RECORDS_DIR} -"),
            detail: error.to_string(),
        };
        let mut files = Vec::new();
        let mut archive = tar::Archive::new(archive.as_slice());
        for entry in archive.entries().map_err(unreadable)? {
            let mut entry = entry.map_err(unreadable)?;
            if !entry.header().entry_type().is_file() {
                continue;
            }
            let path = format!("{parent}/{}", entry.path().map_err(unreadable)?.display());
            let mut contents = String::new();
            // A file that is not text is no record.
            if std::io::Read::read_to_string(&mut entry, &mut contents).is_ok() {
                files.push((path, contents));
            }
        }
        Ok(Some(MachineRecords::from_files(files.iter().map(
            |(path, contents)| (path.as_str(), contents.as_str()),
        ))))
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

/// How `container` is read inside, if at all: a machine with services is asked, in one `docker exec`, for their
/// health and for its records; one without (or stopped) has its records copied out, which runs nothing in it.
pub(super) fn inside_read(
    container: &ContainerObservation,
    inside: &BTreeMap<ResourceId, ProvisionedState>,
) -> Option<InsideRead> {
    if inside.is_empty() {
        return None;
    }
    let has_services = inside
        .values()
        .any(|state| matches!(state, ProvisionedState::Service(_)));
    if has_services && container.is_running() {
        Some(InsideRead::Health)
    } else if keeps_records(container) {
        Some(InsideRead::Records)
    } else {
        None
    }
}

/// What one read inside a machine found.
pub(super) enum InsideAnswer {
    Health(HealthReport),
    Records(Option<MachineRecords>),
}

/// A read inside a machine made before the machine was found: its answer, for the container it was made in.
pub(super) struct ReadAhead {
    pub docker_id: String,
    pub read: InsideRead,
    pub answer: Result<InsideAnswer, Error>,
}

/// What the machine records of itself replaces what its labels say was installed when it was made.
fn apply_records(inside: &mut BTreeMap<ResourceId, ProvisionedState>, records: MachineRecords) {
    let shell = records
        .shell
        .and_then(|settings| serde_json::from_str::<ShellSettings>(&settings).ok());
    if let Some(shell) = shell {
        for state in inside.values_mut() {
            if let ProvisionedState::Shell(recorded) = state {
                *recorded = shell.clone();
            }
        }
    }
    inside.retain(|id, _| id.kind != ResourceKind::Packages);
    for (list, packages) in records.packages {
        inside.insert(
            ResourceId::new(ResourceKind::Packages, list),
            ProvisionedState::Packages(PackageList { packages }),
        );
    }
}

/// Whether the machine's image comes from a vm that keeps records in the machine: one that names machine layers.
fn keeps_records(container: &ContainerObservation) -> bool {
    recorded_image(container).is_some_and(|image| !image.machine_layers.is_empty())
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

pub(super) fn recorded_provisioning(
    container: &ContainerObservation,
) -> BTreeMap<ResourceId, ProvisionedState> {
    container
        .labels
        .get(labels::PROVISIONED)
        .and_then(|text| serde_json::from_str(text).ok())
        .map(|recorded| inside_machine::recorded_states(&recorded))
        .unwrap_or_default()
}
