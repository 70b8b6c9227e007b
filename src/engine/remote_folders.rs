//! A project whose engine cannot see this host's files: its workspace and synced data live in volumes there, and
//! move with `vm push`, `vm pull`, and the pull that `vm destroy` makes first.

use std::path::PathBuf;

use super::{Planned, Project, ProjectError, Warning};
use crate::error::Error;
use crate::graph::{ResourceKind, ResourceSpec, VolumeContent, VolumeSpec};
use crate::plan::Action;
use crate::provider::DockerProvider;
use crate::provider::docker::{RunningMachine, TransferLeftovers, WorkspaceTransfer};
use crate::workspace_sync::Direction;

impl Project {
    /// The volumes that stand in for host folders; none where the engine sees this host's files.
    pub fn folder_volumes(&self) -> Vec<&VolumeSpec> {
        self.graph
            .in_apply_order()
            .into_iter()
            .filter_map(|resource| match &resource.spec {
                ResourceSpec::Volume(volume)
                    if !matches!(volume.content, VolumeContent::ServiceData { .. }) =>
                {
                    Some(volume)
                }
                _ => None,
            })
            .collect()
    }

    /// The machine on an engine that cannot see this host's files, found running there once for `vm command`.
    pub fn remote_machine(&self, command: &'static str) -> Result<RemoteMachine<'_>, Error> {
        if self.folder_volumes().is_empty() {
            return Err(ProjectError::WorkspaceIsLocal {
                command,
                engine: self.host.engine.display(),
            }
            .into());
        }
        let docker = DockerProvider::new(self.name(), &self.loaded.path);
        let machine = self.machine().expect("compile always makes a machine");
        let running = docker.running_machine(machine)?;
        Ok(RemoteMachine {
            docker,
            running,
            folder_volumes: self.folder_volumes(),
        })
    }

    /// Before a destroy on an engine that cannot see this host: the synced tool data is pulled (a failed pull
    /// refuses the destroy), and the workspace volume is kept while it holds changes never pulled, named in a
    /// warning. Does nothing where no folder volume exists.
    pub fn keep_remote_data(&self, planned: &mut Planned) -> Result<(), Error> {
        let folder_volumes = self.folder_volumes();
        let deletes_folders = planned.plan.changes.iter().any(|change| {
            change.action == Action::Delete
                && change.resource.kind == ResourceKind::Volume
                && folder_volumes
                    .iter()
                    .any(|volume| crate::graph::volume_id_of(volume) == change.resource)
        });
        if !deletes_folders {
            return Ok(());
        }
        let has_tool_data = folder_volumes
            .iter()
            .any(|volume| matches!(volume.content, VolumeContent::ToolData { .. }));
        let remote = self.remote_machine("destroy");
        if has_tool_data {
            let pulled = match &remote {
                Ok(remote) => remote
                    .pull_tool_data()
                    .map(drop)
                    .map_err(|cause| cause.to_string()),
                Err(cause) => Err(cause.to_string()),
            };
            pulled.map_err(|cause| ProjectError::ToolDataNotPulled { cause })?;
        }
        let unpulled = match remote.and_then(|remote| remote.plan_transfer(Direction::Pull)) {
            Ok(transfer) => machine_side_changes(&transfer.plan),
            Err(cause) => {
                return Err(ProjectError::WorkspaceNotChecked {
                    cause: cause.to_string(),
                }
                .into());
            }
        };
        if unpulled.is_empty() {
            return Ok(());
        }
        let workspace = crate::graph::workspace_volume_id();
        planned
            .plan
            .changes
            .retain(|change| !(change.resource == workspace && change.action == Action::Delete));
        planned.warnings.push(Warning::WorkspaceKept {
            volume: crate::graph::workspace_volume_name(self.name()),
            files: unpulled,
        });
        Ok(())
    }
}

/// The machine of a project whose engine cannot see this host's files, running there, with the volumes that stand
/// in for its host folders.
pub struct RemoteMachine<'a> {
    docker: DockerProvider,
    running: RunningMachine<'a>,
    folder_volumes: Vec<&'a VolumeSpec>,
}

impl RemoteMachine<'_> {
    /// What `vm push` or `vm pull` would carry.
    pub fn plan_transfer(&self, direction: Direction) -> Result<WorkspaceTransfer, Error> {
        Ok(self
            .docker
            .plan_workspace_transfer(&self.running, direction)?)
    }

    pub fn carry_out(&self, transfer: &WorkspaceTransfer) -> Result<TransferLeftovers, Error> {
        Ok(self.docker.carry_out_transfer(transfer)?)
    }

    /// Brings the machine's synced tool data (`~/.claude`) into its host directories.
    pub fn pull_tool_data(&self) -> Result<Vec<PathBuf>, Error> {
        Ok(self
            .docker
            .pull_tool_data(&self.running, &self.folder_volumes)?)
    }
}

/// What a pull would bring or could not: the machine's changes since the last transfer.
fn machine_side_changes(pull: &crate::workspace_sync::SyncPlan) -> Vec<String> {
    let mut paths: Vec<String> = pull
        .add
        .iter()
        .chain(&pull.change)
        .chain(&pull.delete)
        .cloned()
        .chain(pull.conflicts.iter().map(|conflict| conflict.path.clone()))
        .collect();
    paths.sort();
    paths
}
