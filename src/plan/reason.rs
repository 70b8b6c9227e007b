use std::fmt;

use serde::{Deserialize, Serialize};

use crate::graph::ResourceId;

/// Why a resource gets its action; one sentence each, shared by plan, apply and errors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// Nothing to do.
    UpToDate,
    /// It does not exist yet.
    Absent,
    /// Attributes that can change in place differ.
    Changed { groups: Vec<String> },
    /// A service of the machine does not answer: apply starts it.
    NotRunning,
    /// Attributes that change when the machine restarts with its new configuration differ.
    Reload { groups: Vec<String> },
    /// Attributes that cannot change in place differ.
    ForcesReplacement { groups: Vec<String> },
    /// A service of a machine that is made again: it starts anew, and apply waits for it.
    MachineReplaced,
    /// A service of a machine that is started: apply waits for it.
    MachineStarts,
    /// It exists but the configuration no longer declares it.
    NotDeclared,
    /// The machine now runs on another provider (`provider` changed in vm.json).
    ProviderSwitched { to: ResourceId },
    /// `vm destroy` was asked for.
    DestroyRequested,
    /// Host data is never deleted.
    DataKept,
    /// An image stays as the build cache of the next machine.
    CacheKept,
    /// `vm destroy --images` keeps an image that containers other than the machine, or images built on it, use
    /// (named here).
    ImageInUse { users: Vec<String> },
    /// A service's data volume outlives the machine: every replacement, and destroy with `persist_databases`.
    VolumeKept,
    /// A file of the project (its `.env`) is the project's, not the machine's.
    ProjectFileKept,
    /// A database that holds data is never restored over, whatever backup the project has now.
    RestoredDataKept,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::UpToDate => f.write_str("up to date"),
            Reason::Absent => f.write_str("does not exist"),
            Reason::Changed { groups } => write!(f, "{} changed", groups.join(", ")),
            Reason::NotRunning => f.write_str("start: not running"),
            Reason::Reload { groups } => write!(f, "reload: {} changed", groups.join(", ")),
            Reason::ForcesReplacement { groups } => {
                write!(f, "forces replacement: {} changed", groups.join(", "))
            }
            Reason::MachineReplaced => f.write_str("the machine is replaced"),
            Reason::MachineStarts => f.write_str("the machine starts"),
            Reason::NotDeclared => f.write_str("no longer in vm.json"),
            Reason::ProviderSwitched { to } => write!(
                f,
                "the machine moves to {to}; its host data directories are kept"
            ),
            Reason::DestroyRequested => f.write_str("destroy requested"),
            Reason::DataKept => f.write_str("host data is kept: vm destroy never deletes it"),
            Reason::ProjectFileKept => {
                f.write_str("a file of the project: vm writes it once and never deletes it")
            }
            Reason::RestoredDataKept => f.write_str(
                "vm restores a backup only into an empty database, never over data: the database keeps what it holds",
            ),
            Reason::VolumeKept => f.write_str(
                "database data is kept: vm destroy never deletes it; `docker volume rm` does",
            ),
            Reason::CacheKept => f.write_str(
                "kept as the build cache of the next machine; `vm destroy --images` or `vm prune` removes it",
            ),
            Reason::ImageInUse { users } => write!(
                f,
                "in use by {}: vm never removes an image in use",
                users.join(", ")
            ),
        }
    }
}
