use std::collections::BTreeMap;

use crate::graph::{Attributes, ResourceId};

/// What exists now, per resource id, as the providers found it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Observed {
    resources: BTreeMap<ResourceId, Attributes>,
}

impl Observed {
    pub fn insert(&mut self, id: ResourceId, attributes: Attributes) {
        self.resources.insert(id, attributes);
    }

    pub fn get(&self, id: &ResourceId) -> Option<&Attributes> {
        self.resources.get(id)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&ResourceId, &Attributes)> {
        self.resources.iter()
    }

    pub fn extend(&mut self, other: Observed) {
        self.resources.extend(other.resources);
    }
}
