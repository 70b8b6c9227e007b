//! The Vagrant provider's building blocks: the Vagrantfile vm renders, and what `vagrant status
//! --machine-readable` says about its machines. Pure code, no process is run here.

mod machine_state;
mod machine_status;

pub use machine_state::MachineState;
pub use machine_status::{MachineStatus, StatusError, parse_machine_status};
