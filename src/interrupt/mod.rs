//! Ctrl-C and SIGTERM: what vm does when it is told to stop, and the child processes it must not leave behind.
//!
//! Every external command runs in a process group of its own, registered in [`ChildGroups`], so the terminal's
//! Ctrl-C reaches vm alone and vm decides: [`Interrupt`] counts the signals and acts on them by the
//! [`InterruptPolicy`] of the moment (exit at once while nothing is half-made, finish the step while a change is
//! being made, pass the signal on while a command runs in the machine).

mod child_groups;
#[allow(clippy::module_inception)]
mod interrupt;
mod interrupt_notice;
mod interrupt_policy;

pub use child_groups::{ChildGroups, RunningChild};
pub use interrupt::{EXIT_CODE, Forwarder, Forwarding, Interrupt, PolicyGuard};
pub use interrupt_notice::InterruptNotice;
pub use interrupt_policy::InterruptPolicy;
