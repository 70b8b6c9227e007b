use std::path::PathBuf;

use crate::state::VolumeState;

/// A Docker volume at `target` in the machine: data that outlives every replacement of the machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolumeSpec {
    pub project: String,
    pub content: VolumeContent,
    pub name: String,
    pub target: String,
    /// `persist_databases`: destroy leaves the volume, and the next machine finds its data.
    pub kept_on_destroy: bool,
}

/// What a volume holds, which decides how it is filled and what destroy must do first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VolumeContent {
    /// A service's data.
    ServiceData { service: String },
    /// The project directory, on an engine that cannot see it: uploaded into the volume when it is made, by a
    /// container of `uploader_image` (the machine's), owned by the machine's user.
    Workspace {
        source: PathBuf,
        uploader_image: String,
        owner: super::Owner,
    },
    /// A tool's data directory (`~/.claude`), on an engine that cannot see `host_dir`, where `vm pull` brings it.
    ToolData {
        tool: String,
        host_dir: PathBuf,
        uploader_image: String,
        owner: super::Owner,
    },
}

impl VolumeSpec {
    pub fn desired_state(&self) -> VolumeState {
        let source = match &self.content {
            VolumeContent::ServiceData { .. } => None,
            VolumeContent::Workspace { source, .. } => Some(format!(
                "{} (uploaded when made, without what .gitignore and .vmignore exclude; then vm push and vm pull)",
                source.display()
            )),
            VolumeContent::ToolData { host_dir, .. } => Some(format!(
                "{} (vm pull brings it here; vm destroy pulls it first)",
                host_dir.display()
            )),
        };
        VolumeState {
            name: self.name.clone(),
            source,
        }
    }

    /// The service whose data it holds.
    pub fn service(&self) -> Option<&str> {
        match &self.content {
            VolumeContent::ServiceData { service } => Some(service),
            _ => None,
        }
    }
}
