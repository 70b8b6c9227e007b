//! The one place where each resource kind is bound to its provider.

use std::path::Path;

use super::docker::labels;
use super::vagrant::VagrantProvider;
use super::{DockerProvider, HostProvider, Providers};
use crate::config::ProviderKind;
use crate::graph::{Owner, ResourceKind, VAGRANT_STATE_DIR};

/// What is inside the machine: seen and waited for by the provider that runs the project's machine.
const INSIDE_THE_MACHINE: [ResourceKind; 4] = [
    ResourceKind::Language,
    ResourceKind::Service,
    ResourceKind::Packages,
    ResourceKind::Shell,
];

/// The providers of the project `project`, made from the vm.json at `config_path`, whose machine runs on
/// `machine_provider`. Under `vm test` (which sets `VM_TEST_RUN` for the commands it runs) its machines carry the
/// test run's label.
pub fn providers(
    project: &str,
    config_path: &Path,
    machine_provider: ProviderKind,
    invoking_user: Owner,
) -> Providers {
    let test_run = std::env::var(labels::TEST_RUN_VARIABLE).ok();
    let extra_labels = test_run
        .map(|run| vec![(labels::TEST_RUN.to_owned(), run)])
        .unwrap_or_default();
    labelled_providers(
        project,
        config_path,
        machine_provider,
        invoking_user,
        extra_labels,
    )
}

/// [`providers`], with `extra_labels` on every container and image made.
pub fn labelled_providers(
    project: &str,
    config_path: &Path,
    machine_provider: ProviderKind,
    invoking_user: Owner,
    extra_labels: Vec<(String, String)>,
) -> Providers {
    let project_dir = config_path.parent().unwrap_or(Path::new("."));
    // Volumes and images are Docker's whichever provider runs them (Vagrant's docker backend does); a machine of
    // either provider stays bound to its own, so switching provider removes the old one.
    let mut docker_kinds = vec![
        ResourceKind::Mount,
        ResourceKind::Volume,
        ResourceKind::DockerImage,
        ResourceKind::DockerContainer,
        // Restores go into a Docker machine's databases only (on Vagrant the plan says why not).
        ResourceKind::DatabaseRestore,
    ];
    let mut vagrant_kinds = vec![ResourceKind::VagrantMachine, ResourceKind::SyncedFolder];
    match machine_provider {
        ProviderKind::Docker => docker_kinds.extend(INSIDE_THE_MACHINE),
        ProviderKind::Vagrant => vagrant_kinds.extend(INSIDE_THE_MACHINE),
    }
    Providers::default()
        .register(
            HostProvider { invoking_user },
            &[ResourceKind::HostDir, ResourceKind::EnvFile],
        )
        .register(
            DockerProvider::new(project, config_path).with_labels(extra_labels),
            &docker_kinds,
        )
        .register(
            VagrantProvider::new(project_dir.join(VAGRANT_STATE_DIR), config_path),
            &vagrant_kinds,
        )
}
