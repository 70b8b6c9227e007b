use std::collections::BTreeSet;

use super::{Action, AttributeChange, Change, ChangeRules, Mutability, Plan, Reason};
use crate::graph::{ResourceGraph, ResourceId, ResourceKind, ResourceSpec};
use crate::state::{AttributeName, Fields, Observed, ResourceState};

/// The actions that take what exists to what is declared. Pure: no I/O, no errors; `rules` are the providers'
/// answers to which changes a resource takes in place.
pub fn plan(desired: &ResourceGraph, observed: &Observed, rules: &dyn ChangeRules) -> Plan {
    let mut changes = delete_undeclared(desired, observed, Reason::NotDeclared);
    for resource in desired.in_apply_order() {
        let after = resource.desired_state().fields();
        let change = match observed.get(&resource.id) {
            None => Change {
                resource: resource.id.clone(),
                action: Action::Create,
                reason: Reason::Absent,
                attributes: attribute_changes(&Fields::new(), &after, |_| Mutability::InPlace),
            },
            Some(before) if resource.id.kind == ResourceKind::DatabaseRestore => {
                restore_kept(&resource.id, before, &after)
            }
            Some(before) => compare(&resource.id, before, &after, rules),
        };
        changes.push(change);
    }
    services_follow_their_machine(desired, &mut changes);
    Plan { changes }
}

/// The services of a machine that is made again or started are made again or started with it: apply waits for
/// each to answer, with its database and user, before it says the machine is ready.
fn services_follow_their_machine(desired: &ResourceGraph, changes: &mut [Change]) {
    let Some(machine) = changes
        .iter()
        .find(|change| change.resource.kind.is_machine())
    else {
        return;
    };
    let follows = match machine.action {
        Action::Replace => Some((Action::Replace, Reason::MachineReplaced)),
        Action::Update if machine.changes(&crate::state::AttributeName::State) => {
            Some((Action::Update, Reason::MachineStarts))
        }
        _ => None,
    };
    let Some((action, reason)) = follows else {
        return;
    };
    let machine = machine.resource.clone();
    for change in changes.iter_mut().filter(|change| {
        change.resource.kind == ResourceKind::Service
            && change.action == Action::NoOp
            && desired.dependencies(&change.resource).contains(&&machine)
    }) {
        change.action = action;
        change.reason = reason.clone();
    }
}

/// The actions that remove what exists, dependents first; host data is kept.
pub fn destroy_plan(desired: &ResourceGraph, observed: &Observed) -> Plan {
    let mut changes = delete_undeclared(desired, observed, Reason::DestroyRequested);
    for resource in desired.in_apply_order().into_iter().rev() {
        let Some(before) = observed.get(&resource.id) else {
            continue;
        };
        let change = match &resource.spec {
            // Only `persist_databases` keeps a service's data past destroy.
            ResourceSpec::Volume(volume) if !volume.kept_on_destroy => Change {
                resource: resource.id.clone(),
                action: Action::Delete,
                reason: Reason::DestroyRequested,
                attributes: attribute_changes(&before.fields(), &Fields::new(), |_| {
                    Mutability::InPlace
                }),
            },
            _ => removal(&resource.id, before, Reason::DestroyRequested),
        };
        changes.push(change);
    }
    Plan { changes }
}

/// `vm destroy --images`: the project's image, kept by a destroy as the next machine's build cache, is destroyed
/// too, unless something that outlives the destroy uses it: `users_of` names what uses the image of a name (the
/// containers made from it, the images built on it).
pub fn destroying_images(mut plan: Plan, users_of: impl Fn(&str) -> Vec<String>) -> Plan {
    for change in &mut plan.changes {
        if change.resource.kind != ResourceKind::DockerImage || change.action != Action::Keep {
            continue;
        }
        let Some(tag) = change
            .attributes
            .iter()
            .find(|attribute| attribute.name == AttributeName::Tag)
            .and_then(|attribute| attribute.before.clone())
        else {
            continue;
        };
        let users = users_of(&tag);
        if users.is_empty() {
            change.action = Action::Delete;
            change.reason = Reason::DestroyRequested;
            for attribute in &mut change.attributes {
                attribute.after = None;
            }
        } else {
            change.reason = Reason::ImageInUse { users };
        }
    }
    plan
}

/// Existing resources the graph does not declare, to delete: dependents (higher kinds) first.
/// Host data is kept even then.
fn delete_undeclared(desired: &ResourceGraph, observed: &Observed, reason: Reason) -> Vec<Change> {
    let mut found: Vec<(&ResourceId, &ResourceState)> = observed
        .iter()
        .filter(|(id, _)| !desired.contains(id))
        .collect();
    found.sort_by(|(a, _), (b, _)| b.kind.cmp(&a.kind).then(a.name.cmp(&b.name)));
    let declared_machine = desired
        .in_apply_order()
        .into_iter()
        .find(|resource| resource.id.kind.is_machine())
        .map(|resource| resource.id.clone());
    found
        .into_iter()
        .map(|(id, before)| {
            let reason = match &declared_machine {
                Some(machine) if id.kind.is_machine() && machine.kind != id.kind => {
                    Reason::ProviderSwitched {
                        to: machine.clone(),
                    }
                }
                _ => reason.clone(),
            };
            removal(id, before, reason)
        })
        .collect()
}

/// Why resources of a kind outlive their machine, for the kinds that do: the one list of what destroy keeps.
fn kept_because(kind: ResourceKind) -> Option<Reason> {
    match kind {
        ResourceKind::HostDir => Some(Reason::DataKept),
        ResourceKind::EnvFile => Some(Reason::ProjectFileKept),
        ResourceKind::DockerImage => Some(Reason::CacheKept),
        ResourceKind::Volume => Some(Reason::VolumeKept),
        _ => None,
    }
}

/// A restore that happened is never done again: another backup, or none, leaves the database's data as it is.
fn restore_kept(id: &ResourceId, before: &ResourceState, after: &Fields) -> Change {
    let before = before.fields();
    let (action, reason) = if before == *after {
        (Action::NoOp, Reason::UpToDate)
    } else {
        (Action::Keep, Reason::RestoredDataKept)
    };
    Change {
        resource: id.clone(),
        action,
        reason,
        attributes: attribute_changes(&before, after, |_| Mutability::InPlace),
    }
}

/// Deleting a resource, or keeping it where it outlives its machine. A restore no longer declared leaves its
/// data as it is, and goes with it when the machine is destroyed.
fn removal(id: &ResourceId, before: &ResourceState, reason: Reason) -> Change {
    let before = before.fields();
    let unchanged = |_: &_| Mutability::InPlace;
    let restore_kept = (id.kind == ResourceKind::DatabaseRestore
        && reason != Reason::DestroyRequested)
        .then_some(Reason::RestoredDataKept);
    if let Some(kept) = restore_kept.or_else(|| kept_because(id.kind)) {
        Change {
            resource: id.clone(),
            action: Action::Keep,
            reason: kept,
            attributes: attribute_changes(&before, &before, unchanged),
        }
    } else {
        Change {
            resource: id.clone(),
            action: Action::Delete,
            reason,
            attributes: attribute_changes(&before, &Fields::new(), unchanged),
        }
    }
}

fn compare(
    id: &ResourceId,
    before_state: &ResourceState,
    after: &Fields,
    rules: &dyn ChangeRules,
) -> Change {
    let before = before_state.fields();
    let mut mutabilities = Vec::new();
    let attributes = attribute_changes(&before, after, |name| {
        let mutability = rules.mutability(id, name, before_state);
        mutabilities.push((mutability, name.group().to_owned()));
        mutability
    });
    let groups = |wanted: &[Mutability]| -> Vec<String> {
        mutabilities
            .iter()
            .filter(|(mutability, _)| wanted.contains(mutability))
            .map(|(_, group)| group.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    let forcing = groups(&[Mutability::Replace]);
    let reloading = groups(&[Mutability::Reload]);
    let in_place = groups(&[Mutability::InPlace, Mutability::Reload]);
    let (action, reason) = if !forcing.is_empty() {
        (
            Action::Replace,
            Reason::ForcesReplacement { groups: forcing },
        )
    } else if !reloading.is_empty() {
        (Action::Update, Reason::Reload { groups: in_place })
    } else if in_place == ["health"] {
        (Action::Update, Reason::NotRunning)
    } else if !in_place.is_empty() {
        (Action::Update, Reason::Changed { groups: in_place })
    } else {
        (Action::NoOp, Reason::UpToDate)
    };
    Change {
        resource: id.clone(),
        action,
        reason,
        attributes,
    }
}

/// Every attribute of either side. `mutability` is asked only for attributes that differ while the resource exists.
fn attribute_changes(
    before: &Fields,
    after: &Fields,
    mut mutability: impl FnMut(&crate::state::AttributeName) -> Mutability,
) -> Vec<AttributeChange> {
    let both_exist = !before.is_empty() && !after.is_empty();
    let names: BTreeSet<_> = before.keys().chain(after.keys()).collect();
    names
        .into_iter()
        .map(|name| {
            let before = before.get(name).cloned();
            let after = after.get(name).cloned();
            let forces_replacement =
                both_exist && before != after && mutability(name) == Mutability::Replace;
            AttributeChange {
                name: name.clone(),
                forces_replacement,
                before,
                after,
            }
        })
        .collect()
}
