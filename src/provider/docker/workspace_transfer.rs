//! `vm push` and `vm pull` for a machine whose workspace lives in a volume of its engine, and the pull of its
//! synced tool data: each planned against the manifest both sides last agreed on, then carried out by tar streams
//! through `docker exec`.

use std::path::{Path, PathBuf};

use super::DockerProvider;
use super::folder_volumes::{save_workspace_base, workspace_base};
use crate::graph::{ContainerSpec, Resource, ResourceSpec, VolumeContent};
use crate::provider::ProviderError as Error;
use crate::workspace_sync::{
    Direction, Manifest, SyncError, SyncPlan, UnpackTargets, next_base, pack, parse_remote_listing,
    plan_transfer, remote_listing_command, remove_local_paths, scan_local, unpack_into,
};

/// A push or a pull, planned: what it would do, and the manifests it was planned from.
#[derive(Debug)]
pub struct WorkspaceTransfer {
    pub plan: SyncPlan,
    base: Manifest,
    local: Manifest,
    remote: Manifest,
    container: String,
    user: String,
    workspace: String,
    project_dir: PathBuf,
}

/// What a carried-out transfer left as it was, because it changed while the transfer ran.
#[derive(Debug, Default)]
pub struct TransferLeftovers {
    pub changed_since_plan: Vec<String>,
    pub saved_beside: Vec<String>,
}

impl WorkspaceTransfer {
    /// Where the two sides differ, whichever way the transfer goes (`vm status`).
    pub fn differences(&self) -> crate::workspace_sync::Differences {
        crate::workspace_sync::differences(&self.base, &self.local, &self.remote)
    }
}

/// The machine, found running: a command that reads it several times (a pull's files and its tool data, a destroy's
/// checks) looks for it once.
#[derive(Debug)]
pub struct RunningMachine<'a> {
    spec: &'a ContainerSpec,
    container: String,
}

impl DockerProvider {
    /// Plans a push or a pull between the project directory and the machine's workspace.
    pub fn plan_workspace_transfer(
        &self,
        machine: &RunningMachine,
        direction: Direction,
    ) -> Result<WorkspaceTransfer, Error> {
        let RunningMachine { spec, container } = machine;
        let project_dir = self.project_dir().to_path_buf();
        let scan = scan_local(&project_dir)?;
        let listing = self
            .docker
            .clone()
            .args(["exec", "--user", &spec.machine.user, container])
            .args(remote_listing_command(
                &spec.machine.workdir,
                &scan.ignored_dirs,
            ))
            .output_bytes()?;
        let remote = scan
            .ignore_rules
            .retain_synced(parse_remote_listing(&listing)?);
        let base = workspace_base(&project_dir)?;
        let plan = plan_transfer(direction, &base, &scan.manifest, &remote);
        Ok(WorkspaceTransfer {
            plan,
            base,
            local: scan.manifest,
            remote,
            container: container.clone(),
            user: spec.machine.user.clone(),
            workspace: spec.machine.workdir.clone(),
            project_dir,
        })
    }

    /// Carries out a planned transfer, then remembers what both sides now agree on.
    pub fn carry_out_transfer(
        &self,
        transfer: &WorkspaceTransfer,
    ) -> Result<TransferLeftovers, Error> {
        let leftovers = match transfer.plan.direction {
            Direction::Push => self.push(transfer)?,
            Direction::Pull => self.pull(transfer)?,
        };
        // What was left as it was is not agreed on: the next transfer sees it again.
        let mut carried = transfer.plan.clone();
        carried.leave_out(&leftovers.changed_since_plan);
        let agreed = next_base(&carried, &transfer.base, &transfer.local, &transfer.remote);
        save_workspace_base(&transfer.project_dir, &agreed)?;
        Ok(leftovers)
    }

    fn push(&self, transfer: &WorkspaceTransfer) -> Result<TransferLeftovers, Error> {
        let plan = &transfer.plan;
        let copies = plan.paths_to_copy();
        if !copies.is_empty() {
            let state_dir = transfer.project_dir.join(".vm");
            std::fs::create_dir_all(&state_dir).map_err(SyncError::io("create", &state_dir))?;
            let archive = tempfile::NamedTempFile::new_in(&state_dir)
                .map_err(SyncError::io("create a file in", &state_dir))?;
            pack(&transfer.project_dir, &copies, archive.as_file())?;
            self.in_workspace(transfer, &["tar", "-x", "-f", "-"])
                .output_with_input_file(archive.path())?;
        }
        if !plan.delete.is_empty() {
            self.in_workspace(transfer, &["xargs", "-0", "rm", "-f", "--"])
                .output_with_input(Some(&nul_separated(&plan.delete)))?;
        }
        Ok(TransferLeftovers::default())
    }

    fn pull(&self, transfer: &WorkspaceTransfer) -> Result<TransferLeftovers, Error> {
        let plan = &transfer.plan;
        let mut wanted = plan.paths_to_copy();
        wanted.extend(plan.conflicts_with_a_machine_version());
        let mut leftovers = TransferLeftovers::default();
        if !wanted.is_empty() {
            let archive = self
                .in_workspace(transfer, &["tar", "-c", "-f", "-", "--null", "-T", "-"])
                .output_bytes_with_input(&nul_separated(&wanted))?;
            let unpacked = unpack_into(
                &transfer.project_dir,
                &archive[..],
                &UnpackTargets::for_pull(plan, &transfer.local),
            )?;
            leftovers.changed_since_plan = unpacked.changed_since_plan;
            // Gone from the machine while the pull ran: not here either, so not agreed on.
            leftovers.changed_since_plan.extend(unpacked.missing);
            leftovers.saved_beside = unpacked.saved_beside;
        }
        leftovers.changed_since_plan.extend(remove_local_paths(
            &transfer.project_dir,
            &plan.delete,
            &transfer.local,
        )?);
        Ok(leftovers)
    }

    /// `docker exec -i` of `command` in the workspace, as the machine's user.
    fn in_workspace(
        &self,
        transfer: &WorkspaceTransfer,
        command: &[&str],
    ) -> crate::provider::CommandLine {
        self.docker
            .clone()
            .args(["exec", "-i", "--user", &transfer.user, "--workdir"])
            .arg(&transfer.workspace)
            .arg(&transfer.container)
            .args(command)
    }

    /// Brings each synced tool's data (`~/.claude`) from the machine into its host directory, where `vm usage`
    /// reads it; the machine's copy is the one that counts. Returns the host directories written.
    pub fn pull_tool_data(
        &self,
        machine: &RunningMachine,
        volumes: &[&crate::graph::VolumeSpec],
    ) -> Result<Vec<PathBuf>, Error> {
        let RunningMachine { spec, container } = machine;
        let mut pulled = Vec::new();
        for volume in volumes {
            let VolumeContent::ToolData { host_dir, .. } = &volume.content else {
                continue;
            };
            let archive = self
                .docker
                .clone()
                .args(["exec", "--user", &spec.machine.user, container])
                .args(["tar", "-c", "-f", "-", "-C", &volume.target, "."])
                .output_bytes()?;
            unpack_tool_data(host_dir, &archive)?;
            pulled.push(host_dir.clone());
        }
        Ok(pulled)
    }

    /// The machine, where its container runs.
    pub fn running_machine<'a>(&self, machine: &'a Resource) -> Result<RunningMachine<'a>, Error> {
        let ResourceSpec::DockerContainer(spec) = &machine.spec else {
            return Err(Error::MachineNotRunning {
                name: machine.id.name.clone(),
            });
        };
        let container = self
            .container_of(&machine.id)
            .ok()
            .filter(|container| container.is_running())
            .ok_or_else(|| Error::MachineNotRunning {
                name: spec.machine.name.clone(),
            })?;
        Ok(RunningMachine {
            spec,
            container: container.docker_id,
        })
    }
}

/// Unpacks a tool's data into its host directory; tar refuses entries that would land outside it.
fn unpack_tool_data(host_dir: &Path, archive: &[u8]) -> Result<(), Error> {
    std::fs::create_dir_all(host_dir).map_err(SyncError::io("create", host_dir))?;
    let mut archive = tar::Archive::new(archive);
    archive.set_preserve_permissions(true);
    archive.set_overwrite(true);
    archive
        .unpack(host_dir)
        .map_err(SyncError::io("unpack the machine's data into", host_dir))?;
    Ok(())
}

/// Paths for `xargs -0` and `tar --null -T -`.
fn nul_separated(paths: &[String]) -> Vec<u8> {
    paths
        .iter()
        .flat_map(|path| path.bytes().chain(std::iter::once(0)))
        .collect()
}
