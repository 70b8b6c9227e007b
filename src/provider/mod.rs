//! Providers: observe what exists and carry out one change, each for the resource kinds registered to it.

mod command_line;
pub mod docker;
pub mod docker_failure;
mod env_file;
mod host_ports;
mod host_provider;
pub mod inside_machine;
#[allow(clippy::module_inception)]
mod provider;
mod provider_error;
mod providers;
pub mod registry;
pub mod service_wait;
mod step_progress;
pub mod vagrant;

pub use command_line::{CommandLine, DOCKER_TIME_LIMIT, TimeLimit};
pub use docker::DockerProvider;
pub use host_ports::{port_holder, taken_ports};
pub use host_provider::HostProvider;
pub use provider::Provider;
pub use provider_error::ProviderError;
pub use providers::Providers;
pub use step_progress::{Activity, StagePlace, StepProgress};
