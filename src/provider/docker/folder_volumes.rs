//! The workspace and the synced data of a machine whose engine cannot see this host's files: volumes of that engine,
//! filled from here when they are made, and carried both ways afterwards by `vm push` and `vm pull`.

use std::path::{Path, PathBuf};

use super::DockerProvider;
use crate::graph::{Owner, VolumeContent, VolumeSpec};
use crate::provider::{ProviderError as Error, StepProgress};
use crate::workspace_sync::{Manifest, SyncError, pack, scan_local};

/// Where a volume is mounted while it is filled.
const FILL_DIR: &str = "/vm-fill";

/// The manifest of the workspace as both sides last agreed on it: after the upload, and after each push and pull.
pub fn workspace_base_path(project_dir: &Path) -> PathBuf {
    project_dir.join(".vm").join("sync").join("workspace.json")
}

impl DockerProvider {
    /// Makes a folder volume and fills it (the project's files for the workspace), owned by the machine's user. A
    /// volume that could not be filled is removed again: it must never pass for a filled one.
    pub(super) fn create_folder_volume(
        &self,
        volume: &VolumeSpec,
        progress: &mut dyn FnMut(StepProgress<'_>),
    ) -> Result<(), Error> {
        self.create_volume(volume)?;
        let filled = match &volume.content {
            VolumeContent::ServiceData { .. } => Ok(()),
            VolumeContent::Workspace {
                source,
                uploader_image,
                owner,
            } => self.upload_workspace(volume, source, uploader_image, *owner, progress),
            VolumeContent::ToolData {
                uploader_image,
                owner,
                ..
            } => self.fill_volume(&volume.name, uploader_image, *owner, None),
        };
        if filled.is_err() {
            let _ = self.remove_volume(volume);
        }
        filled
    }

    /// Uploads the project's files, as `.gitignore` and `.vmignore` leave them, and remembers what went in as the
    /// base of the next `vm push` and `vm pull`.
    fn upload_workspace(
        &self,
        volume: &VolumeSpec,
        source: &Path,
        image: &str,
        owner: Owner,
        progress: &mut dyn FnMut(StepProgress<'_>),
    ) -> Result<(), Error> {
        let scan = scan_local(source)?;
        progress(StepProgress::doing(format!(
            "uploading the workspace: {} into volume {}",
            scan.size, volume.name
        )));
        let state_dir = source.join(".vm");
        std::fs::create_dir_all(&state_dir).map_err(SyncError::io("create", &state_dir))?;
        let archive = tempfile::NamedTempFile::new_in(&state_dir)
            .map_err(SyncError::io("create a file in", &state_dir))?;
        let paths: Vec<String> = scan.manifest.files.keys().cloned().collect();
        let (_, packed) = pack(source, &paths, archive.as_file())?;
        self.fill_volume(&volume.name, image, owner, Some(archive.path()))?;
        save_workspace_base(source, &packed)
    }

    /// Unpacks `archive` into the volume (where there is one), then gives everything in it to `owner`, in a
    /// container of `image` that has no network and goes when it is done.
    fn fill_volume(
        &self,
        name: &str,
        image: &str,
        owner: Owner,
        archive: Option<&Path>,
    ) -> Result<(), Error> {
        // `$1` the volume's directory, `$2` whether an archive comes on standard input, `$3` the owner.
        const FILL: &str =
            r#"set -e; if [ "$2" = archive ]; then tar -x -f - -C "$1"; fi; chown -R "$3" "$1""#;
        let command = self
            .docker
            .clone()
            .args(["run", "--rm", "-i", "--network", "none", "--user", "root"])
            .arg("--mount")
            .arg(format!("type=volume,source={name},target={FILL_DIR}"))
            .args(["--entrypoint", "/bin/sh", image, "-c", FILL, "sh", FILL_DIR])
            .arg(if archive.is_some() { "archive" } else { "none" })
            .arg(owner.to_string());
        match archive {
            Some(path) => command.output_with_input_file(path),
            None => command.output(),
        }
        .map(drop)
    }
}

/// Remembers `agreed` as what both sides hold now.
pub fn save_workspace_base(project_dir: &Path, agreed: &Manifest) -> Result<(), Error> {
    let path = workspace_base_path(project_dir);
    let dir = path.parent().unwrap_or(project_dir);
    std::fs::create_dir_all(dir).map_err(SyncError::io("create", dir))?;
    Ok(agreed.save(&path)?)
}

/// The base manifest of a project's workspace: empty before the first upload.
pub fn workspace_base(project_dir: &Path) -> Result<Manifest, Error> {
    Ok(Manifest::load_or_empty(&workspace_base_path(project_dir))?)
}
