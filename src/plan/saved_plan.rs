//! A plan saved by `vm plan --out FILE` for `vm apply FILE`: the plan, and what it was made from, so
//! that apply can refuse it once vm.json or the machine has changed. Pure: reading and writing the file is the CLI's.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{Plan, PlanKind};
use crate::state::{Observed, ObservedRecord};

/// The version of the plan file's shape; a file of any other version is refused, never guessed at.
pub const SAVED_PLAN_FORMAT_VERSION: u32 = 1;

/// The content of a plan file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedPlan {
    pub format_version: u32,
    pub kind: PlanKind,
    /// The `vm` that made it; for people reading the file, not checked.
    pub vm_version: String,
    /// The absolute path of the vm.json the plan was made from.
    pub config_path: PathBuf,
    /// `sha256:` and the hex SHA-256 of that vm.json's bytes.
    pub config_sha256: String,
    /// [`Observed::fingerprint`] of what existed when the plan was made.
    pub observed_fingerprint: String,
    /// What existed then, attribute by attribute, so that a refusal can say what changed; absent from plans
    /// saved by an earlier vm, which are refused without the detail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<ObservedRecord>,
    pub plan: Plan,
}

/// Why a saved plan cannot be applied now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Staleness {
    ConfigMissing,
    ConfigChanged,
    /// What changed, a line per resource (empty when the saved plan does not say what it was made against).
    MachineChanged(Vec<String>),
    PlanChanged,
}

impl Staleness {
    pub fn describe(&self, config_path: &std::path::Path) -> String {
        match self {
            Staleness::ConfigMissing => format!("{} no longer exists", config_path.display()),
            Staleness::ConfigChanged => {
                format!("{} changed since the plan was saved", config_path.display())
            }
            Staleness::MachineChanged(changes) if changes.is_empty() => {
                "the machine changed since the plan was saved".to_owned()
            }
            Staleness::MachineChanged(changes) => format!(
                "the machine changed since the plan was saved: {}",
                changes.join("; ")
            ),
            Staleness::PlanChanged => {
                "vm would now plan different actions than the saved ones".to_owned()
            }
        }
    }
}

impl SavedPlan {
    pub fn new(
        kind: PlanKind,
        config_path: PathBuf,
        config_bytes: &[u8],
        observed: &Observed,
        plan: Plan,
    ) -> SavedPlan {
        SavedPlan {
            format_version: SAVED_PLAN_FORMAT_VERSION,
            kind,
            vm_version: env!("CARGO_PKG_VERSION").to_owned(),
            config_path,
            config_sha256: config_hash(config_bytes),
            observed_fingerprint: observed.fingerprint(),
            observed: Some(observed.record()),
            plan,
        }
    }

    /// The file's text; fails only where the path of vm.json is not UTF-8.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        let mut text = serde_json::to_string_pretty(self)?;
        text.push('\n');
        Ok(text)
    }

    /// Reads a plan file's text; the error says what is wrong with it, in words.
    pub fn from_json(text: &str) -> Result<SavedPlan, String> {
        let document: Value =
            serde_json::from_str(text).map_err(|error| format!("it is not JSON ({error})"))?;
        match document.get("format_version") {
            None => return Err("it has no format_version".to_owned()),
            Some(version) if version.as_u64() != Some(u64::from(SAVED_PLAN_FORMAT_VERSION)) => {
                return Err(format!(
                    "its format_version is {version}, and this vm reads format_version {SAVED_PLAN_FORMAT_VERSION}"
                ));
            }
            Some(_) => {}
        }
        serde_json::from_value(document).map_err(|error| format!("it is incomplete ({error})"))
    }

    /// Whether vm.json still has the bytes the plan was made from; checked before it is even read as a configuration.
    pub fn check_config(&self, config_bytes: &[u8]) -> Result<(), Staleness> {
        if config_hash(config_bytes) == self.config_sha256 {
            Ok(())
        } else {
            Err(Staleness::ConfigChanged)
        }
    }

    /// Whether what exists now is what existed when the plan was made.
    pub fn check_observed(&self, observed: &Observed) -> Result<(), Staleness> {
        if observed.fingerprint() == self.observed_fingerprint {
            return Ok(());
        }
        let changes = match &self.observed {
            Some(then) => observed.record().changes_since(then),
            None => Vec::new(),
        };
        Err(Staleness::MachineChanged(changes))
    }

    /// Whether the plan made now is the saved one, change for change.
    pub fn check_plan(&self, now: &Plan) -> Result<(), Staleness> {
        if *now == self.plan {
            Ok(())
        } else {
            Err(Staleness::PlanChanged)
        }
    }
}

/// `sha256:` and the hex SHA-256 of a vm.json's bytes.
pub fn config_hash(bytes: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Owner, ResourceId, ResourceKind};
    use crate::plan::{Action, AttributeChange, Change, Reason};
    use crate::state::{AttributeName, HostDirState, ResourceState};

    fn claude_data(mode: u32) -> ResourceState {
        ResourceState::HostDir(HostDirState {
            path: "/home/dev/.claude/vms/demo".into(),
            mode,
            owner: Owner {
                uid: 1000,
                gid: 1000,
            },
        })
    }

    fn sample() -> SavedPlan {
        let plan = Plan {
            changes: vec![
                Change {
                    resource: ResourceId::new(ResourceKind::HostDir, "claude_data"),
                    action: Action::Update,
                    reason: Reason::Changed {
                        groups: vec!["mode".to_owned()],
                    },
                    attributes: vec![AttributeChange {
                        name: AttributeName::Mode,
                        before: Some("0755".to_owned()),
                        after: Some("0700".to_owned()),
                        forces_replacement: false,
                    }],
                },
                Change {
                    resource: ResourceId::new(ResourceKind::DockerContainer, "demo-dev"),
                    action: Action::Create,
                    reason: Reason::Absent,
                    attributes: vec![AttributeChange {
                        name: AttributeName::Image,
                        before: None,
                        after: Some("vm-base:latest".to_owned()),
                        forces_replacement: false,
                    }],
                },
            ],
        };
        let mut observed = Observed::default();
        observed.insert(
            ResourceId::new(ResourceKind::HostDir, "claude_data"),
            claude_data(0o755),
        );
        SavedPlan::new(
            PlanKind::Apply,
            PathBuf::from("/project/vm.json"),
            b"{}",
            &observed,
            plan,
        )
    }

    #[test]
    fn a_saved_plan_reads_back_equal() {
        let saved = sample();
        let text = saved.to_json().unwrap();
        assert_eq!(SavedPlan::from_json(&text).unwrap(), saved);
        let document: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(document["format_version"], 1);
        assert_eq!(document["kind"], "apply");
        assert_eq!(
            document["plan"]["changes"][1]["resource"],
            "docker_container.demo-dev"
        );
    }

    #[test]
    fn files_that_are_not_plans_of_this_version_are_refused_in_words() {
        assert!(
            SavedPlan::from_json("garbage")
                .unwrap_err()
                .starts_with("it is not JSON")
        );
        assert_eq!(
            SavedPlan::from_json("{}").unwrap_err(),
            "it has no format_version"
        );
        assert_eq!(
            SavedPlan::from_json(r#"{"format_version": 2}"#).unwrap_err(),
            "its format_version is 2, and this vm reads format_version 1"
        );
        assert!(
            SavedPlan::from_json(r#"{"format_version": 1}"#)
                .unwrap_err()
                .starts_with("it is incomplete")
        );
        let mut document: Value = serde_json::to_value(sample()).unwrap();
        document["plan"]["changes"][0]["resource"] = "nonsense".into();
        assert!(
            SavedPlan::from_json(&document.to_string())
                .unwrap_err()
                .contains("`nonsense` is not a resource id")
        );
    }

    #[test]
    fn a_changed_vm_json_or_machine_makes_the_plan_stale() {
        let saved = sample();
        let mut observed = Observed::default();
        observed.insert(
            ResourceId::new(ResourceKind::HostDir, "claude_data"),
            claude_data(0o755),
        );
        assert_eq!(saved.check_config(b"{}"), Ok(()));
        assert_eq!(saved.check_config(b"{ }"), Err(Staleness::ConfigChanged));
        assert_eq!(saved.check_observed(&observed), Ok(()));
        assert_eq!(
            saved.check_observed(&Observed::default()),
            Err(Staleness::MachineChanged(vec![
                "host_dir.claude_data: no longer exists".to_owned()
            ]))
        );
        let mut changed = Observed::default();
        changed.insert(
            ResourceId::new(ResourceKind::HostDir, "claude_data"),
            claude_data(0o700),
        );
        assert_eq!(
            saved.check_observed(&changed),
            Err(Staleness::MachineChanged(vec![
                "host_dir.claude_data: mode 0755 → 0700".to_owned()
            ]))
        );
        // A plan saved by an earlier vm does not say what it was made against: refused all the same.
        let earlier = SavedPlan {
            observed: None,
            ..saved.clone()
        };
        assert_eq!(
            earlier.check_observed(&changed),
            Err(Staleness::MachineChanged(Vec::new()))
        );
        assert_eq!(saved.check_plan(&saved.plan), Ok(()));
        assert_eq!(
            saved.check_plan(&Plan { changes: vec![] }),
            Err(Staleness::PlanChanged)
        );
    }
}
