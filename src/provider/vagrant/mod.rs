//! The Vagrant provider: the machine as a Vagrant VM (or a container of Vagrant's docker backend), from a
//! Vagrantfile vm renders into the project's `.vm/vagrant/`, observed with `vagrant status --machine-readable`.

mod applied_machine;
mod environment_script;
mod machine_state;
mod machine_status;
mod provisioned;
mod ruby_literal;
mod vagrant_provider;
mod vagrantfile;
mod vagrantfile_spec;

pub use machine_state::MachineState;
pub use machine_status::{MachineStatus, StatusError, parse_machine_status};
pub use vagrant_provider::{VagrantProvider, machine_vagrantfile};
pub use vagrantfile::render_vagrantfile;
pub use vagrantfile_spec::{ForwardedPort, SyncedFolder, VagrantBackend, VagrantfileSpec};
