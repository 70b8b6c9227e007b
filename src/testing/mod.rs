//! `vm test`: the tool's own acceptance suites, run on the user's machine through the same library the commands
//! use.
//!
//! A [`Suite`] is a list of [`TestCase`]s, each needing nothing, a Docker engine or Vagrant ([`Requirement`]).
//! [`run_tests`] runs them side by side, each in a [`TestContext`] of its own: a directory
//! `vm-test-<suite>-<name>-<pid>` holding its vm.json, HOME, every command it ran (`commands.log`) and its log
//! (`test.log`). Machines get names unique to the run and the `dev.vm.test` label with the [`RunId`], so each
//! test removes its own, and [`clean_up_leftovers`] those of runs that crashed. A [`RunReport`] renders the
//! results for people or as JSON.

mod artifacts_root;
mod command_output;
mod machine_sweep;
mod requirement;
mod run_id;
mod run_report;
mod runner;
mod suite;
pub mod suites;
mod test_case;
mod test_context;
mod test_failure;
mod test_project;
mod test_report;

pub use artifacts_root::{DEFAULT_ARTIFACTS_DIR, prepare_artifacts_root};
pub use command_output::CommandOutput;
pub use machine_sweep::{CleanupReport, clean_up_leftovers, is_leftover, remove_run_machines};
pub use requirement::{Availability, Requirement};
pub use run_id::RunId;
pub use run_report::{Counts, REPORT_FORMAT_VERSION, RunReport, closing_line, test_line};
pub use runner::{RunContext, RunEvent, RunOptions, run_tests, test_dir};
pub use suite::Suite;
pub use test_case::{TestBody, TestCase};
pub use test_context::TestContext;
pub use test_failure::{TestFailure, TestResult, ensure, ensure_contains, ensure_eq};
pub use test_project::{TestProject, bare_machines_have_an_image};
pub use test_report::{Outcome, TestReport};
