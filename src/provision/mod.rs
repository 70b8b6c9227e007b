//! Provisioning: what goes inside a machine, as scripts and a Dockerfile generated from plain data.
//!
//! `provision(&ProvisionSpec)` gives a `Provisioning`: one script per stage (trust, apt, languages, services, npm,
//! pip, cargo, shell) in that fixed order, the script that starts the services, the one that checks them all at once,
//! and the container's entrypoint. `BuildContext` lays them out for `docker build` (one layer per stage, tagged by
//! `ImageTag`); `Provisioning::vagrant_script` is the same work as one script for Vagrant's shell provisioner.
//! Everything here is pure and deterministic: the same spec gives the same bytes.

mod build_context;
mod health_report;
mod image_tag;
mod machine_records;
mod package_scripts;
mod profile;
mod prompt;
mod provision_error;
mod provision_spec;
mod provisioning;
mod resolved;
mod restore_script;
mod service_scripts;
mod shell_words;
mod stage;
mod stage_description;
mod stage_scripts;
mod trust_script;

pub use build_context::{BuildContext, BuildStage, ContextFile};
pub use health_report::{HealthReport, ServiceState};
pub use image_tag::ImageTag;
pub use machine_records::MachineRecords;
pub use package_scripts::{FETCHED, PACKAGE_RECORDS, PackageChange, RECORDS_DIR, SHELL_RECORD};
pub use provision_error::ProvisionError;
pub use provision_spec::{LanguageSpec, PromptSpec, ProvisionSpec, ServiceSpec};
pub use provisioning::{LanguageSummary, Provisioning, ServiceSummary, provision};
pub use restore_script::{BackupFormat, restorable, restore_script};
pub use service_scripts::{HEALTH_CHECK, START_SERVICES};
pub use shell_words::quote;
pub use stage::{Stage, StageScript};
pub use stage_scripts::write_file;

#[cfg(test)]
mod health_check_tests;
#[cfg(test)]
mod nvm_tests;
#[cfg(test)]
mod restore_tests;
#[cfg(test)]
mod tests;
