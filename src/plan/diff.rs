use std::collections::BTreeSet;

use super::{Action, AttributeChange, Change, Observed, Plan, Reason};
use crate::graph::{Attributes, ResourceGraph, ResourceId, attribute_group};

/// The actions that take what exists to what is declared. Pure: no I/O, no errors.
pub fn plan(desired: &ResourceGraph, observed: &Observed) -> Plan {
    let mut changes = delete_undeclared(desired, observed, Reason::NotDeclared);
    for resource in desired.in_apply_order() {
        let after = resource.attributes();
        let change = match observed.get(&resource.id) {
            None => Change {
                resource: resource.id.clone(),
                action: Action::Create,
                reason: Reason::Absent,
                attributes: attribute_changes(&resource.id, &Attributes::new(), &after),
            },
            Some(before) => compare(&resource.id, before, &after),
        };
        changes.push(change);
    }
    Plan { changes }
}

/// The actions that remove what exists, dependents first; host data is kept.
pub fn destroy_plan(desired: &ResourceGraph, observed: &Observed) -> Plan {
    let mut changes = delete_undeclared(desired, observed, Reason::DestroyRequested);
    for resource in desired.in_apply_order().into_iter().rev() {
        let Some(before) = observed.get(&resource.id) else {
            continue;
        };
        let (action, reason) = if resource.kept_on_destroy() {
            (Action::Keep, Reason::DataKept)
        } else {
            (Action::Delete, Reason::DestroyRequested)
        };
        let attributes = match action {
            Action::Keep => attribute_changes(&resource.id, before, before),
            _ => attribute_changes(&resource.id, before, &Attributes::new()),
        };
        changes.push(Change {
            resource: resource.id.clone(),
            action,
            reason,
            attributes,
        });
    }
    Plan { changes }
}

/// Existing resources the graph does not declare, to delete: dependents (higher kinds) first.
/// Host data is kept even then.
fn delete_undeclared(desired: &ResourceGraph, observed: &Observed, reason: Reason) -> Vec<Change> {
    let mut ids: Vec<&ResourceId> = observed
        .iter()
        .map(|(id, _)| id)
        .filter(|id| !desired.contains(id))
        .collect();
    ids.sort_by(|a, b| b.kind.cmp(&a.kind).then(a.name.cmp(&b.name)));
    ids.into_iter()
        .map(|id| {
            let before = observed.get(id).expect("listed");
            if id.kind.kept_on_destroy() {
                Change {
                    resource: id.clone(),
                    action: Action::Keep,
                    reason: Reason::DataKept,
                    attributes: attribute_changes(id, before, before),
                }
            } else {
                Change {
                    resource: id.clone(),
                    action: Action::Delete,
                    reason: reason.clone(),
                    attributes: attribute_changes(id, before, &Attributes::new()),
                }
            }
        })
        .collect()
}

fn compare(id: &ResourceId, before: &Attributes, after: &Attributes) -> Change {
    let attributes = attribute_changes(id, before, after);
    let changed_groups = |forcing: bool| -> Vec<String> {
        attributes
            .iter()
            .filter(|change| change.is_change() && change.forces_replacement == forcing)
            .map(|change| attribute_group(&change.name).to_owned())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    let forcing = changed_groups(true);
    let in_place = changed_groups(false);
    let (action, reason) = if !forcing.is_empty() {
        (
            Action::Replace,
            Reason::ForcesReplacement { groups: forcing },
        )
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

/// Every attribute of either side; a difference forces replacement where the kind cannot change it in place.
fn attribute_changes(
    id: &ResourceId,
    before: &Attributes,
    after: &Attributes,
) -> Vec<AttributeChange> {
    let both_exist = !before.is_empty() && !after.is_empty();
    let names: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    names
        .into_iter()
        .map(|name| {
            let before = before.get(name).cloned();
            let after = after.get(name).cloned();
            AttributeChange {
                name: name.clone(),
                forces_replacement: both_exist
                    && before != after
                    && !id
                        .kind
                        .updatable_in_place(attribute_group(name), before.as_deref()),
                before,
                after,
            }
        })
        .collect()
}
