//! The one place where each resource kind is bound to its provider.

use std::path::Path;

use super::docker::labels;
use super::vagrant::VagrantProvider;
use super::{DockerProvider, HostProvider, Providers};
use crate::graph::{Owner, ResourceKind, VAGRANT_STATE_DIR};

/// The providers of the project `project`, made from the vm.json at `config_path`. Under `vm test` (which sets
/// `VM_TEST_RUN` for the commands it runs) its machines carry the test run's label.
pub fn providers(project: &str, config_path: &Path, invoking_user: Owner) -> Providers {
    let test_run = std::env::var(labels::TEST_RUN_VARIABLE).ok();
    let extra_labels = test_run
        .map(|run| vec![(labels::TEST_RUN.to_owned(), run)])
        .unwrap_or_default();
    labelled_providers(project, config_path, invoking_user, extra_labels)
}

/// [`providers`], with `extra_labels` on every container and image made.
pub fn labelled_providers(
    project: &str,
    config_path: &Path,
    invoking_user: Owner,
    extra_labels: Vec<(String, String)>,
) -> Providers {
    let project_dir = config_path.parent().unwrap_or(Path::new("."));
    Providers::default()
        .register(
            HostProvider { invoking_user },
            &[ResourceKind::HostDir, ResourceKind::EnvFile],
        )
        .register(
            DockerProvider::new(project, config_path).with_labels(extra_labels),
            &[
                ResourceKind::Mount,
                ResourceKind::Volume,
                ResourceKind::DockerImage,
                ResourceKind::DockerContainer,
                ResourceKind::Language,
                ResourceKind::Service,
                ResourceKind::Packages,
                ResourceKind::Shell,
                ResourceKind::DatabaseRestore,
            ],
        )
        .register(
            VagrantProvider::new(project_dir.join(VAGRANT_STATE_DIR), config_path),
            &[ResourceKind::VagrantMachine, ResourceKind::SyncedFolder],
        )
}
