use serde::{Deserialize, Serialize};

use super::{Action, Reason};
use crate::graph::ResourceId;

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
    pub name: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub forces_replacement: bool,
}

impl AttributeChange {
    pub fn is_change(&self) -> bool {
        self.before != self.after
    }
}
