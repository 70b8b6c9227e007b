use serde::{Deserialize, Serialize};

use super::{Action, Reason};
use crate::graph::ResourceId;
use crate::state::AttributeName;

/// The planned action on one resource, attribute by attribute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub resource: ResourceId,
    pub action: Action,
    pub reason: Reason,
    pub attributes: Vec<AttributeChange>,
}

/// One attribute before and after; `None` where it is absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeChange {
    pub name: AttributeName,
    pub before: Option<String>,
    pub after: Option<String>,
    pub forces_replacement: bool,
}

impl Change {
    /// Whether the attribute `name` differs.
    pub fn changes(&self, name: &AttributeName) -> bool {
        self.attributes
            .iter()
            .any(|attribute| attribute.name == *name && attribute.is_change())
    }

    /// The value `name` has now, where it changes.
    pub fn before(&self, name: &AttributeName) -> Option<&str> {
        self.attributes
            .iter()
            .find(|attribute| attribute.name == *name && attribute.is_change())
            .and_then(|attribute| attribute.before.as_deref())
    }
}

impl AttributeChange {
    pub fn is_change(&self) -> bool {
        self.before != self.after
    }
}
