//! The one place where each resource kind is bound to its provider.

use std::path::Path;

use super::vagrant::VagrantProvider;
use super::{DockerProvider, HostProvider, Providers};
use crate::graph::{Owner, ResourceKind, VAGRANT_STATE_DIR};

/// The providers of the project `project`, made from the vm.json at `config_path`.
pub fn providers(project: &str, config_path: &Path, invoking_user: Owner) -> Providers {
    let project_dir = config_path.parent().unwrap_or(Path::new("."));
    Providers::default()
        .register(
            HostProvider { invoking_user },
            &[ResourceKind::HostDir, ResourceKind::EnvFile],
        )
        .register(
            DockerProvider::new(project, config_path),
            &[
                ResourceKind::Mount,
                ResourceKind::Volume,
                ResourceKind::DockerImage,
                ResourceKind::DockerContainer,
                ResourceKind::Language,
                ResourceKind::Service,
                ResourceKind::Packages,
                ResourceKind::Shell,
            ],
        )
        .register(
            VagrantProvider::new(project_dir.join(VAGRANT_STATE_DIR), config_path),
            &[ResourceKind::VagrantMachine, ResourceKind::SyncedFolder],
        )
}
