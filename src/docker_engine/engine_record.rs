//! The engine a project's machine was made on, where it is not the local one, remembered in the project's `.vm/`:
//! an engine cannot say what another engine holds, so only this record tells a plan on another engine that the
//! machine lives elsewhere. A machine on the local engine needs no record (a local project's directory stays as
//! it always was): a plan on another engine without a record asks the local engine instead.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::DockerEngine;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Record {
    context: String,
    endpoint: String,
}

fn record_path(project_dir: &Path) -> PathBuf {
    project_dir.join(".vm").join("engine.json")
}

/// The engine the machine was last made on, where one was recorded and still has it.
pub fn recorded_engine(project_dir: &Path) -> Option<DockerEngine> {
    let text = std::fs::read_to_string(record_path(project_dir)).ok()?;
    let record: Record = serde_json::from_str(&text).ok()?;
    Some(DockerEngine {
        context: record.context,
        endpoint: record.endpoint,
    })
}

/// Records that the machine now lives on `engine`; the local engine is the one without a record.
pub fn record_engine(project_dir: &Path, engine: &DockerEngine) -> std::io::Result<()> {
    if *engine == DockerEngine::default() {
        return forget_engine(project_dir);
    }
    let record = Record {
        context: engine.context.clone(),
        endpoint: engine.endpoint.clone(),
    };
    crate::atomic_file::replace_file(
        &record_path(project_dir),
        &serde_json::to_vec_pretty(&record)?,
    )
}

/// Forgets the engine: the machine is gone from it.
pub fn forget_engine(project_dir: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(record_path(project_dir)) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

/// The engine the machine lives on, where that is not `current`: a plan there would make a second machine.
/// `local_has_machine` says whether the local engine holds one, asked only where there is no record and `current`
/// is not the local engine.
pub fn machine_elsewhere(
    project_dir: &Path,
    current: &DockerEngine,
    local_has_machine: impl FnOnce() -> bool,
) -> Option<DockerEngine> {
    match recorded_engine(project_dir) {
        Some(recorded) => Some(recorded).filter(|recorded| recorded.endpoint != current.endpoint),
        None if *current != DockerEngine::default() && local_has_machine() => {
            Some(DockerEngine::default())
        }
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_engine_other_than_the_current_one_is_elsewhere() {
        let dir = tempfile::tempdir().unwrap();
        let local = DockerEngine {
            context: "default".into(),
            endpoint: "unix:///var/run/docker.sock".into(),
        };
        let remote = DockerEngine {
            context: "buildbox".into(),
            endpoint: "ssh://dev@buildbox".into(),
        };
        let never = || panic!("a record, or the local engine itself, needs no question");
        assert_eq!(machine_elsewhere(dir.path(), &local, never), None);
        // The local engine gets no record: its projects' directories stay as they were.
        record_engine(dir.path(), &local).unwrap();
        assert!(!dir.path().join(".vm").exists());
        // Without a record, a plan on another engine asks the local one.
        assert_eq!(
            machine_elsewhere(dir.path(), &remote, || true),
            Some(local.clone())
        );
        assert_eq!(machine_elsewhere(dir.path(), &remote, || false), None);
        record_engine(dir.path(), &remote).unwrap();
        assert_eq!(
            machine_elsewhere(dir.path(), &local, never),
            Some(remote.clone())
        );
        assert_eq!(machine_elsewhere(dir.path(), &remote, never), None);
        // Another name for the same endpoint is the same engine.
        let renamed = DockerEngine {
            context: "bb".into(),
            ..remote
        };
        assert_eq!(machine_elsewhere(dir.path(), &renamed, never), None);
        forget_engine(dir.path()).unwrap();
        forget_engine(dir.path()).unwrap();
        assert_eq!(machine_elsewhere(dir.path(), &local, never), None);
    }
}
