//! The engine a project's machine was made on, remembered in the project's `.vm/`: an engine cannot say what
//! another engine holds, so only this record tells a plan on another engine that the machine lives elsewhere.

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

/// Records that the machine now lives on `engine`.
pub fn record_engine(project_dir: &Path, engine: &DockerEngine) -> std::io::Result<()> {
    let path = record_path(project_dir);
    let dir = path.parent().unwrap_or(project_dir);
    std::fs::create_dir_all(dir)?;
    let record = Record {
        context: engine.context.clone(),
        endpoint: engine.endpoint.clone(),
    };
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    serde_json::to_writer_pretty(&mut file, &record)?;
    file.persist(&path).map_err(|error| error.error)?;
    Ok(())
}

/// Forgets the engine: the machine is gone from it.
pub fn forget_engine(project_dir: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(record_path(project_dir)) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

/// The engine the machine lives on, where that is not `current`: a plan there would make a second machine.
pub fn machine_elsewhere(project_dir: &Path, current: &DockerEngine) -> Option<DockerEngine> {
    recorded_engine(project_dir).filter(|recorded| recorded.endpoint != current.endpoint)
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
        assert_eq!(machine_elsewhere(dir.path(), &local), None);
        record_engine(dir.path(), &remote).unwrap();
        assert_eq!(machine_elsewhere(dir.path(), &local), Some(remote.clone()));
        assert_eq!(machine_elsewhere(dir.path(), &remote), None);
        // Another name for the same endpoint is the same engine.
        let renamed = DockerEngine {
            context: "bb".into(),
            ..remote
        };
        assert_eq!(machine_elsewhere(dir.path(), &renamed), None);
        forget_engine(dir.path()).unwrap();
        forget_engine(dir.path()).unwrap();
        assert_eq!(machine_elsewhere(dir.path(), &local), None);
    }
}
