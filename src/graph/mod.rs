//! The resource graph: what a configuration needs to exist, and in which order.

mod backup_file;
mod compile;
mod container_spec;
mod database_restore;
mod host_context;
mod host_dir_spec;
mod image_spec;
mod machine_capacity;
mod machine_spec;
mod mount_spec;
mod provisioned_spec;
mod provisioning_spec;
mod resource;
mod resource_graph;
mod resource_id;
mod unapplied_settings;
mod vagrant_machine_spec;
mod volume_spec;

pub use compile::{
    HOST_DIR_MODE, VAGRANT_STATE_DIR, compile, container_name, volume_id as volume_id_of,
    workspace_volume_id, workspace_volume_name,
};
pub use container_spec::ContainerSpec;
pub use database_restore::DatabaseRestoreSpec;
pub use host_context::{CONVENTIONAL_MACHINE_OWNER, HostContext, Owner, present_devices};
pub use host_dir_spec::HostDirSpec;
pub use image_spec::ImageSpec;
pub use machine_capacity::{Asked, MachineCapacity};
pub use machine_spec::{MachineSpec, PublishedPort};
pub use mount_spec::MountSpec;
pub use provisioned_spec::{InPlaceChange, ProvisionedSpec, ServiceWait};
pub use provisioning_spec::provisioning_spec;
pub use resource::{Resource, ResourceSpec};
pub use resource_graph::ResourceGraph;
pub use resource_id::{ResourceId, ResourceKind};
pub use unapplied_settings::{
    UnappliedReason, UnappliedSettings, runs_on_a_vagrant_vm, unapplied_settings,
};
pub use vagrant_machine_spec::{DEFAULT_BOX, VagrantMachineSpec};
pub use volume_spec::{VolumeContent, VolumeSpec};
