//! The Docker provider: the machine as a labelled container, driven through the `docker` CLI.

mod build_stages;
mod build_trace;
mod container_changes;
mod container_exec;
mod container_observation;
mod create_command;
mod database_restore;
mod described_objects;
mod docker_provider;
mod engine_reads;
mod first_round;
mod folder_volumes;
mod image_store;
mod in_place_changes;
pub mod labels;
mod machine_user;
mod port_check;
mod provisioned_changes;
mod provisioned_observation;
mod remembered_machine;
pub use remembered_machine::has_remembered_machine;
mod user_set_up;
mod volumes;
mod workspace_transfer;

pub use container_exec::exec_in_container;
pub use container_observation::ContainerObservation;
pub use create_command::{create_command, memory_arguments, spec_hash, unfinished_name};
pub use docker_provider::DockerProvider;
use docker_provider::updatable_in_place;
pub use first_round::start_first_round;
pub use folder_volumes::workspace_base_path;
pub use image_store::{ImageStore, Removal};
pub use machine_user::remap_user;
pub use user_set_up::set_up_user;
pub use workspace_transfer::{RunningMachine, TransferLeftovers, WorkspaceTransfer};
