use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::state::{ProvisionedState, VagrantMachineState};

/// What vm last applied to a Vagrant machine, kept beside its Vagrantfile: Vagrant itself forgets a configuration
/// once the machine is up, and silently ignores changes that need a reload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedMachine {
    /// The machine's name in the Vagrantfile.
    pub name: String,
    pub state: VagrantMachineState,
    /// Synced folder resource names → their paths in the machine, so a moved folder shows as moved.
    pub folders: BTreeMap<String, String>,
    /// What vm installed inside, by resource id (services, languages, packages, the shell); their health is
    /// observed, not recorded.
    #[serde(default)]
    pub provisioned: BTreeMap<String, ProvisionedState>,
    /// `sha256:` of the Vagrantfile as vm wrote it; another hash means someone edited it.
    pub vagrantfile_sha256: String,
}

/// The file beside the Vagrantfile.
pub const APPLIED_FILE: &str = "vm-applied.json";

impl AppliedMachine {
    /// The record in `state_dir`; none where there is none, or it cannot be read (then the machine is replaced,
    /// which loses nothing: the synced data lives on the host).
    pub fn read(state_dir: &Path) -> Option<AppliedMachine> {
        let text = std::fs::read_to_string(state_dir.join(APPLIED_FILE)).ok()?;
        serde_json::from_str(&text).ok()
    }

    pub fn write(&self, state_dir: &Path) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(self).expect("a record is valid JSON");
        std::fs::write(state_dir.join(APPLIED_FILE), text + "\n")
    }
}

pub fn vagrantfile_hash(text: &str) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(text.as_bytes())))
}
