//! The labels `vm` puts on every container it makes: they are the state, so there is no state file to lose.

/// Marks a container as made by `vm`.
pub const MANAGED_BY: &str = "dev.vm.managed-by";
/// The project the container belongs to; observation queries by it.
pub const PROJECT: &str = "dev.vm.project";
/// The absolute path of the vm.json the container was made from: which checkout it belongs to.
pub const CONFIG: &str = "dev.vm.config";
/// The resource id the container realizes.
pub const RESOURCE: &str = "dev.vm.resource";
/// Which mount (by resource name) sits at which target in the container, as JSON: a moved mount is then seen as moved.
pub const MOUNTS: &str = "dev.vm.mounts";
/// The attributes the container was made with, as JSON: which environment keys are `vm`'s own, and the machine user's uid.
pub const SPEC: &str = "dev.vm.spec";
/// A hash of the attributes that force replacement, Compose-style: a fingerprint for people and tools to compare
/// machines by (`docker ps --filter label=dev.vm.spec-hash=...`); the planner itself compares attributes, to say which changed.
pub const SPEC_HASH: &str = "dev.vm.spec-hash";
/// The engine the container was made on (its endpoint, `ssh://dev@buildbox`): a machine records where it lives.
pub const ENGINE: &str = "dev.vm.engine";
/// The image the container was made from, as JSON (`ImageState`): which layers a new image rebuilds.
pub const IMAGE: &str = "dev.vm.image";
/// What the image installed, by resource id, as JSON: the services, languages, packages and shell inside.
pub const PROVISIONED: &str = "dev.vm.provisioned";
/// The project an image was built for. Not the containers' labels: a container inherits its image's labels, and one
/// made from it by another program (Vagrant's docker backend) must not pass for a container vm made.
pub const BUILT_FOR: &str = "dev.vm.built-for";
/// Marks every image vm builds, every layer of it included: its Dockerfile sets it right after `FROM`, so the
/// intermediate images a stopped or failed build leaves behind are told apart as vm's too (`vm prune`). Not
/// [`MANAGED_BY`]: a container inherits its image's labels, and one made from vm's image by another program must
/// not pass for a container vm made.
pub const BUILT_BY: &str = "dev.vm.built-by";
/// Marks a machine made by `vm test`, with the run that made it: `vm test --cleanup` finds its leftovers by it, and
/// no other command sets it.
pub const TEST_RUN: &str = "dev.vm.test";
/// Set by `vm test` on the `vm` commands it runs, so the machines they make carry [`TEST_RUN`] with this value too.
pub const TEST_RUN_VARIABLE: &str = "VM_TEST_RUN";
