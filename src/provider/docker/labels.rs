//! The labels `vm` puts on every container it makes: they are the state, so there is no state file to lose.

/// Marks a container as made by `vm`.
pub const MANAGED_BY: &str = "dev.vm.managed-by";
/// The project the container belongs to; observation queries by it.
pub const PROJECT: &str = "dev.vm.project";
/// The resource id the container realizes.
pub const RESOURCE: &str = "dev.vm.resource";
/// The attributes the container was made with, as JSON: which environment keys are `vm`'s own, and the machine user's uid.
pub const SPEC: &str = "dev.vm.spec";
/// A hash of the spec above, Compose-style: equal hashes, equal machines.
pub const SPEC_HASH: &str = "dev.vm.spec-hash";
