//! A project whose engine cannot see this host's files: its workspace and synced data live in volumes there, and
//! move with `vm push`, `vm pull`, and the pull that `vm destroy` makes first.

use std::path::PathBuf;

use super::{Planned, Project, ProjectError, Warning};
use crate::error::Error;
use crate::graph::{ResourceKind, ResourceSpec, VolumeContent, VolumeSpec};
use crate::plan::Action;
use crate::provider::DockerProvider;
use crate::provider::docker::{TransferLeftovers, WorkspaceTransfer};
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

    fn remote_docker(&self, command: &'static str) -> Result<DockerProvider, Error> {
        if self.folder_volumes().is_empty() {
            return Err(ProjectError::WorkspaceIsLocal {
                command,
                engine: self.host.engine.display(),
            }
            .into());
        }
        Ok(DockerProvider::new(self.name(), &self.loaded.path))
    }

    /// What `vm push` or `vm pull` would carry.
    pub fn plan_workspace_transfer(
        &self,
        direction: Direction,
    ) -> Result<WorkspaceTransfer, Error> {
        let machine = self.machine().expect("compile always makes a machine");
        Ok(self
            .remote_docker(command_of(direction))?
            .plan_workspace_transfer(machine, direction)?)
    }

    pub fn carry_out_transfer(
        &self,
        transfer: &WorkspaceTransfer,
    ) -> Result<TransferLeftovers, Error> {
        Ok(self
            .remote_docker(command_of(transfer.plan.direction))?
            .carry_out_transfer(transfer)?)
    }

    /// Brings the machine's synced tool data (`~/.claude`) into its host directories.
    pub fn pull_tool_data(&self) -> Result<Vec<PathBuf>, Error> {
        let machine = self.machine().expect("compile always makes a machine");
        let volumes = self.folder_volumes();
        Ok(self
            .remote_docker("pull")?
            .pull_tool_data(machine, &volumes)?)
    }

    /// Before a destroy on an engine that cannot see this host: the synced tool data is pulled (a failed pull
    /// refuses the destroy), and the workspace volume is kept while it holds changes never pulled, named in a
    /// warning. Does nothing where no folder volume exists.
    pub fn keep_remote_data(&self, planned: &mut Planned) -> Result<(), Error> {
        let deletes_folders = planned.plan.changes.iter().any(|change| {
            change.action == Action::Delete
                && change.resource.kind == ResourceKind::Volume
                && self
                    .folder_volumes()
                    .iter()
                    .any(|volume| crate::graph::volume_id_of(volume) == change.resource)
        });
        if !deletes_folders {
            return Ok(());
        }
        let has_tool_data = self
            .folder_volumes()
            .iter()
            .any(|volume| matches!(volume.content, VolumeContent::ToolData { .. }));
        if has_tool_data {
            self.pull_tool_data()
                .map_err(|cause| ProjectError::ToolDataNotPulled {
                    cause: cause.to_string(),
                })?;
        }
        let unpulled = match self.plan_workspace_transfer(Direction::Pull) {
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
        let workspace = crate::graph::ResourceId::new(ResourceKind::Volume, "workspace");
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

fn command_of(direction: Direction) -> &'static str {
    match direction {
        Direction::Push => "push",
        Direction::Pull => "pull",
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
