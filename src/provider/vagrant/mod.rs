//! The Vagrant provider's building blocks: the Vagrantfile vm renders, and what `vagrant status
//! --machine-readable` says about its machines. Pure code, no process is run here.

mod environment_script;
mod machine_state;
mod machine_status;
mod ruby_literal;
mod vagrantfile;
mod vagrantfile_spec;

pub use machine_state::MachineState;
pub use machine_status::{MachineStatus, StatusError, parse_machine_status};
pub use vagrantfile::render_vagrantfile;
pub use vagrantfile_spec::{ForwardedPort, SyncedFolder, VagrantBackend, VagrantfileSpec};
