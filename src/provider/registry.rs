//! The one place where each resource kind is bound to its provider.

use std::path::Path;

use super::{DockerProvider, HostProvider, Providers};
use crate::graph::{Owner, ResourceKind};

/// The providers of the project `project`, made from the vm.json at `config_path`.
pub fn providers(project: &str, config_path: &Path, invoking_user: Owner) -> Providers {
    Providers::default()
        .register(HostProvider { invoking_user }, &[ResourceKind::HostDir])
        .register(
            DockerProvider::new(project, config_path),
            &[ResourceKind::Mount, ResourceKind::DockerContainer],
        )
}
