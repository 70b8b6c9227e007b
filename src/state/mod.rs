//! What exists, or should exist, per resource: typed attributes by kind, and what the providers observed.
//! The planner compares two of these; rendering them as text is the plan's last step.

mod attribute_name;
mod container_state;
mod database_restore_state;
mod env_file_state;
mod host_dir_state;
mod image_state;
mod machine_state;
mod memory;
mod mount_state;
mod observed;
mod provisioned_state;
mod resource_state;
mod vagrant_machine_state;
mod volume_state;

pub use attribute_name::AttributeName;
pub use container_state::{ContainerState, HostBinding, MachineUser};
pub use database_restore_state::{DatabaseRestoreState, RestoreOutcome};
pub use env_file_state::EnvFileState;
pub use host_dir_state::HostDirState;
pub use image_state::ImageState;
pub use machine_state::MachineState;
pub use memory::{Cpus, Memory, Swap};
pub use mount_state::MountState;
pub use observed::{Observed, ObservedRecord};
pub use provisioned_state::{
    Health, LanguageStatus, PackageList, ProvisionedState, ServiceStatus, ShellSettings,
};
pub use resource_state::{Fields, ResourceState};
pub use vagrant_machine_state::VagrantMachineState;
pub use volume_state::VolumeState;
