use std::fmt;

use serde::{Serialize, Serializer};
use serde_json::json;

use crate::config::Config;
use crate::graph::{ResourceGraph, ResourceId, ResourceKind, ResourceSpec, UnappliedSettings};
use crate::plan::PlanKind;
use crate::state::Observed;

/// Something a command reports on standard error beside its result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// Settings vm.json sets that take no effect, for one reason: not carried out yet, or the other provider's.
    Unapplied(UnappliedSettings),
    /// Something the providers found and left alone.
    Observation(String),
    /// Services whose data a destroy removes with the machine, by name: a Vagrant VM keeps it inside.
    DataGoesWithMachine(Vec<String>),
    /// Services whose data volumes a destroy deletes (`persist_databases` off), with the volumes' names.
    DataVolumesDeleted {
        services: Vec<String>,
        volumes: Vec<String>,
    },
    /// Something vm.json asks for that this machine will not have (a device, a backup), and why.
    NotProvided(String),
    /// The workspace volume destroy keeps, because the machine changed these files since the last transfer.
    WorkspaceKept { volume: String, files: Vec<String> },
    /// What `vm apply` would refuse on now (a host port taken): read-only commands say it and succeed.
    WouldStopAnApply(String),
}

impl Warning {
    /// A problem a provider found before an apply (see [`crate::provider::Provider::preflight`]), in its words.
    pub fn would_stop_an_apply(problem: &crate::provider::ProviderError) -> Warning {
        Warning::WouldStopAnApply(problem.to_string())
    }

    /// The warnings of a configuration: named by validate, and by every plan that would apply it.
    pub fn of_config(config: &Config) -> Vec<Warning> {
        crate::graph::unapplied_settings(config)
            .into_iter()
            .map(Warning::Unapplied)
            .collect()
    }

    /// What the configuration asks for that its machine will not have, as compile found it (a device the host
    /// lacks, a backup pattern that matches nothing).
    pub fn of_graph(graph: &ResourceGraph) -> impl Iterator<Item = Warning> + '_ {
        graph.notes().iter().cloned().map(Warning::NotProvided)
    }

    /// The warnings of a plan: the configuration's where it is applied, then what observing found.
    pub fn of_plan(
        config: &Config,
        graph: &ResourceGraph,
        kind: PlanKind,
        observed: &Observed,
    ) -> Vec<Warning> {
        let mut warnings = match kind {
            PlanKind::Apply => Warning::of_config(config)
                .into_iter()
                .chain(Warning::of_graph(graph))
                .collect(),
            PlanKind::Destroy => {
                let mut warnings = Vec::new();
                let services = data_going_with_the_machine(graph, observed);
                if !services.is_empty() {
                    warnings.push(Warning::DataGoesWithMachine(services));
                }
                let (services, volumes) = volumes_deleted(graph, observed);
                if !volumes.is_empty() {
                    warnings.push(Warning::DataVolumesDeleted { services, volumes });
                }
                warnings
            }
        };
        warnings.extend(
            observed
                .notes()
                .iter()
                .map(|note| Warning::Observation(note.clone())),
        );
        warnings
    }
}

/// The services whose data volumes destroy deletes, and those volumes, in the graph's order.
fn volumes_deleted(graph: &ResourceGraph, observed: &Observed) -> (Vec<String>, Vec<String>) {
    graph
        .in_apply_order()
        .into_iter()
        .filter(|resource| observed.get(&resource.id).is_some())
        .filter_map(|resource| match &resource.spec {
            ResourceSpec::Volume(volume) if !volume.kept_on_destroy => {
                Some((volume.service()?.to_owned(), volume.name.clone()))
            }
            _ => None,
        })
        .unzip()
}

/// The services of the machine that keep data, and have no volume to keep it in (a Vagrant VM).
fn data_going_with_the_machine(graph: &ResourceGraph, observed: &Observed) -> Vec<String> {
    graph
        .in_apply_order()
        .into_iter()
        .filter(|resource| resource.id.kind == ResourceKind::Service)
        .filter(|resource| observed.get(&resource.id).is_some())
        .filter(|resource| {
            crate::catalog::entry(&resource.id.name).is_some_and(|row| row.data_dir.is_some())
        })
        .filter(|resource| {
            !graph.contains(&ResourceId::new(
                ResourceKind::Volume,
                format!("{}_data", resource.id.name),
            ))
        })
        .map(|resource| resource.id.name.clone())
        .collect()
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::Unapplied(settings) => settings.fmt(f),
            Warning::Observation(note) | Warning::NotProvided(note) => f.write_str(note),
            Warning::WouldStopAnApply(problem) => {
                write!(f, "{problem}: `vm apply` refuses to start until it is free")
            }
            Warning::DataGoesWithMachine(services) => write!(
                f,
                "the data of {} goes with the machine: a Vagrant VM keeps it inside",
                services.join(", ")
            ),
            Warning::DataVolumesDeleted { services, volumes } => write!(
                f,
                "destroy deletes the data of {} with its volumes {}; \"persist_databases\": true keeps them",
                services.join(", "),
                volumes.join(", ")
            ),
            Warning::WorkspaceKept { volume, files } => write!(
                f,
                "destroy keeps volume {volume}: the machine changed {} since the last transfer ({}); `vm pull` brings \
                 them here, then `vm destroy` removes it",
                if files.len() == 1 {
                    "1 file".to_owned()
                } else {
                    format!("{} files", files.len())
                },
                files
                    .iter()
                    .take(10)
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

impl Serialize for Warning {
    /// As `vm plan --json` lists it: a kind, the keys where there are some, and the words shown on standard error.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value = match self {
            Warning::Unapplied(settings) => json!({
                "kind": settings.reason,
                "keys": settings.keys,
                "message": self.to_string(),
            }),
            Warning::Observation(note) => json!({ "kind": "observation", "message": note }),
            Warning::NotProvided(note) => json!({ "kind": "not_provided", "message": note }),
            Warning::WouldStopAnApply(_) => json!({
                "kind": "would_stop_an_apply",
                "message": self.to_string(),
            }),
            Warning::DataGoesWithMachine(services) => json!({
                "kind": "data_goes_with_machine",
                "services": services,
                "message": self.to_string(),
            }),
            Warning::DataVolumesDeleted { services, volumes } => json!({
                "kind": "data_volumes_deleted",
                "services": services,
                "volumes": volumes,
                "message": self.to_string(),
            }),
            Warning::WorkspaceKept { volume, files } => json!({
                "kind": "workspace_kept",
                "volume": volume,
                "files": files,
                "message": self.to_string(),
            }),
        };
        value.serialize(serializer)
    }
}
