use crate::graph::ResourceId;
use crate::state::{AttributeName, ResourceState};

/// What changing one attribute of an existing resource takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mutability {
    /// Changed while it runs (`docker update`, `chmod`).
    InPlace,
    /// Changed in place, by restarting the machine with its new configuration (`vagrant reload`).
    Reload,
    /// Only a new resource has it: the old one is removed, a new one made.
    Replace,
}

/// Which attribute changes a resource takes in place: each provider's answer for its own kinds.
pub trait ChangeRules {
    fn mutability(
        &self,
        resource: &ResourceId,
        attribute: &AttributeName,
        before: &ResourceState,
    ) -> Mutability;
}
