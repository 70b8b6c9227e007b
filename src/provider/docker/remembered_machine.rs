use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What the last observation of a project asked and found: its machine's Docker id, what had to be read inside
/// it, and the images and volumes its graph declared. The next plan asks for all of them while `docker ps` lists
/// vm's containers, as soon as vm.json is found, instead of after: a no-op plan waits for one round trip, and not
/// for vm's own checks. The list and the graph still decide: an answer about a container the list does not name, a
/// read the machine no longer needs, an image or volume no longer declared is not used, and what was not asked is
/// asked then. Kept in the user's cache; a lost or stale one costs a round trip.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct RememberedMachine {
    pub docker_id: Option<String>,
    pub inside: Option<InsideRead>,
    pub images: Vec<String>,
    pub volumes: Vec<String>,
}

/// How a plan reads what is inside a machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum InsideRead {
    /// `vm-health` in one `docker exec`: the services' health, and the records.
    Health,
    /// The records copied out (`docker cp`), which runs nothing in the machine.
    Records,
}

/// Whether a machine was seen for the project of `config_path` when it was last planned or applied.
pub fn has_remembered_machine(config_path: &Path) -> bool {
    RememberedMachine::recall(config_path).is_some_and(|machine| machine.docker_id.is_some())
}

impl RememberedMachine {
    /// The machine remembered for the project of `config_path`, if any.
    pub fn recall(config_path: &Path) -> Option<RememberedMachine> {
        let text = std::fs::read_to_string(file_for(config_path)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Remembers `self` for the project of `config_path`, where it is news; a cache that cannot be written only
    /// costs the next plan a round trip.
    pub fn remember(&self, config_path: &Path) {
        if RememberedMachine::recall(config_path).as_ref() == Some(self) {
            return;
        }
        if let Ok(text) = serde_json::to_vec(self) {
            let _ = crate::atomic_file::replace_file(&file_for(config_path), &text);
        }
    }
}

/// One file per project, named by its vm.json's path, so projects never write over each other's.
fn file_for(config_path: &Path) -> PathBuf {
    let home = crate::host_user::home_of(crate::host_user::invoking_user());
    let key = hex::encode(Sha256::digest(config_path.as_os_str().as_encoded_bytes()));
    crate::docker_engine::vm_cache_dir(&home)
        .join("machines")
        .join(format!("{}.json", &key[..32]))
}
