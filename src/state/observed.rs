use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use super::{Fields, ResourceState};
use crate::graph::{ResourceId, ResourceKind};

/// What exists now, per resource id, as the providers found it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Observed {
    resources: BTreeMap<ResourceId, ResourceState>,
    /// What makes each object itself beyond its attributes (a container's Docker id): not planned on, but
    /// part of the fingerprint, so a saved plan never applies to a machine made again since.
    identities: BTreeMap<ResourceId, String>,
    /// What a person should know about what was found but is not planned on (not part of the fingerprint).
    notes: Vec<String>,
}

impl Observed {
    pub fn insert(&mut self, id: ResourceId, state: ResourceState) {
        self.resources.insert(id, state);
    }

    pub fn insert_identity(&mut self, id: ResourceId, identity: String) {
        self.identities.insert(id, identity);
    }

    /// What makes `id` itself (a container's Docker id), where the provider said.
    pub fn identity(&self, id: &ResourceId) -> Option<&str> {
        self.identities.get(id).map(String::as_str)
    }

    pub fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    pub fn extend_notes(&mut self, notes: impl IntoIterator<Item = String>) {
        self.notes.extend(notes);
    }

    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    pub fn get(&self, id: &ResourceId) -> Option<&ResourceState> {
        self.resources.get(id)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&ResourceId, &ResourceState)> {
        self.resources.iter()
    }

    /// Keeps the resources (and their identities) of the kinds `keep` says; notes stay.
    pub fn retain_kinds(&mut self, keep: impl Fn(ResourceKind) -> bool) {
        self.resources.retain(|id, _| keep(id.kind));
        self.identities.retain(|id, _| keep(id.kind));
    }

    pub fn extend(&mut self, other: Observed) {
        self.resources.extend(other.resources);
        self.identities.extend(other.identities);
        self.notes.extend(other.notes);
    }

    /// `sha256:` and the hex SHA-256 of every resource id, attribute and identity, in sorted order, as JSON:
    /// equal exactly when the two observations are equal.
    pub fn fingerprint(&self) -> String {
        let canonical: Vec<(String, Fields)> = self
            .resources
            .iter()
            .map(|(id, state)| (id.to_string(), state.fields()))
            .collect();
        let identities: Vec<(String, &String)> = self
            .identities
            .iter()
            .map(|(id, identity)| (id.to_string(), identity))
            .collect();
        let bytes = serde_json::to_vec(&(canonical, identities)).expect("text maps serialize");
        format!("sha256:{}", hex::encode(Sha256::digest(&bytes)))
    }

    /// Every resource's attributes and identity as text: what a saved plan keeps, to say later what changed.
    pub fn record(&self) -> ObservedRecord {
        ObservedRecord {
            resources: self
                .resources
                .iter()
                .map(|(id, state)| {
                    let fields = state
                        .fields()
                        .into_iter()
                        .map(|(name, value)| (name.to_string(), value))
                        .collect();
                    (id.to_string(), fields)
                })
                .collect(),
            identities: self
                .identities
                .iter()
                .map(|(id, identity)| (id.to_string(), identity.clone()))
                .collect(),
        }
    }
}

/// What was observed, as text (see [`Observed::record`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ObservedRecord {
    /// Each resource's attributes, by resource id.
    pub resources: BTreeMap<String, BTreeMap<String, String>>,
    /// What makes each object itself (a container's Docker id), by resource id.
    #[serde(default)]
    pub identities: BTreeMap<String, String>,
}

impl ObservedRecord {
    /// What changed since `earlier`, a line per resource, in id order:
    /// `docker_container.app-dev: state running → exited`, `...: no longer exists`, `...: exists now`.
    pub fn changes_since(&self, earlier: &ObservedRecord) -> Vec<String> {
        let ids: std::collections::BTreeSet<&String> = earlier
            .resources
            .keys()
            .chain(self.resources.keys())
            .chain(earlier.identities.keys())
            .chain(self.identities.keys())
            .collect();
        ids.into_iter()
            .filter_map(|id| {
                let (before, now) = (earlier.resources.get(id), self.resources.get(id));
                let what = match (before, now) {
                    (Some(_), None) => "no longer exists".to_owned(),
                    (None, Some(_)) => "exists now".to_owned(),
                    (before, now) => {
                        let empty = BTreeMap::new();
                        let (before, now) = (before.unwrap_or(&empty), now.unwrap_or(&empty));
                        let names: std::collections::BTreeSet<&String> =
                            before.keys().chain(now.keys()).collect();
                        let mut changes: Vec<String> = names
                            .into_iter()
                            .filter(|name| before.get(*name) != now.get(*name))
                            .map(|name| {
                                let shown = |value: Option<&String>| {
                                    value.map_or_else(|| "(none)".to_owned(), Clone::clone)
                                };
                                format!(
                                    "{name} {} → {}",
                                    shown(before.get(name)),
                                    shown(now.get(name))
                                )
                            })
                            .collect();
                        if earlier.identities.get(id) != self.identities.get(id) {
                            changes.push("made again".to_owned());
                        }
                        if changes.is_empty() {
                            return None;
                        }
                        changes.join(", ")
                    }
                };
                Some(format!("{id}: {what}"))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Owner, ResourceKind};
    use crate::state::HostDirState;

    fn observed(mode: u32) -> Observed {
        let mut observed = Observed::default();
        let state = HostDirState {
            path: "/home/dev/.claude/vms/app".into(),
            mode,
            owner: Owner {
                uid: 1000,
                gid: 1000,
            },
        };
        observed.insert(
            ResourceId::new(ResourceKind::HostDir, "data"),
            ResourceState::HostDir(state),
        );
        observed
    }

    #[test]
    fn the_fingerprint_changes_exactly_when_the_observation_does() {
        assert_eq!(observed(0o700).fingerprint(), observed(0o700).fingerprint());
        assert_ne!(observed(0o700).fingerprint(), observed(0o755).fingerprint());
        assert_ne!(
            observed(0o700).fingerprint(),
            Observed::default().fingerprint()
        );
        assert!(Observed::default().fingerprint().starts_with("sha256:"));
        let mut remade = observed(0o700);
        remade.insert_identity(
            ResourceId::new(ResourceKind::HostDir, "data"),
            "another".to_owned(),
        );
        assert_ne!(remade.fingerprint(), observed(0o700).fingerprint());
    }
}
