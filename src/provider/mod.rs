//! Providers: observe what exists and carry out one change, each for the resource kinds it owns.

mod command_line;
pub mod docker;
mod host_provider;
mod providers;
pub mod vagrant;

pub use command_line::CommandLine;
pub use docker::DockerProvider;
pub use host_provider::HostProvider;
pub use providers::Providers;
