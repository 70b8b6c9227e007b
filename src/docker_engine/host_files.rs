//! Whether an engine sees this host's files: asked of the engine itself, once per endpoint. A URL does not say:
//! a unix socket may lead into another mount namespace, and a tcp engine may share the disk.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::DockerEngine;
use crate::provider::CommandLine;

/// A tiny image of vm's own, only ever created from, never run: a container of it carries the probe's bind mount.
const PROBE_IMAGE: &str = "vm-engine-probe:1";
/// Where the probe's directory appears in its container.
const PROBE_TARGET: &str = "/vm-engine-probe";
const MARKER: &str = "marker";

/// The answers so far, by endpoint, in the invoking user's cache directory.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Answers {
    version: u32,
    engines: BTreeMap<String, Answer>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Answer {
    sees_host_files: bool,
    /// What the engine has, as `docker info` says: a machine on another host asks for no more than that host has.
    #[serde(default)]
    capacity: Option<EngineCapacity>,
}

/// An engine's CPUs and memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngineCapacity {
    pub cpus: u32,
    pub memory_mib: u32,
}

/// What the engine was found to be: whether it sees this host's files, and its size where `docker info` told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EngineFacts {
    pub sees_host_files: bool,
    pub capacity: Option<EngineCapacity>,
}

/// vm's cache directory of the user whose home is `home`: `$XDG_CACHE_HOME/vm`, else `~/.cache/vm`.
pub fn vm_cache_dir(home: &Path) -> PathBuf {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute())
        .unwrap_or_else(|| home.join(".cache"));
    cache.join("vm")
}

/// The cache of answers: `engines.json` in [`vm_cache_dir`].
pub fn answers_file(home: &Path) -> PathBuf {
    vm_cache_dir(home).join("engines.json")
}

/// Whether `engine` sees `project_dir` as this host does: the remembered answer, else the engine's own, found by
/// bind-mounting a marker in `project_dir` into a container it never starts (and removing the marker after). `None` where the engine could
/// not be asked (it is down): the caller goes on as for a local engine, and observing it fails in its own words.
pub fn engine_facts(
    docker: Option<&CommandLine>,
    engine: &DockerEngine,
    project_dir: &Path,
    answers_file: &Path,
) -> Option<EngineFacts> {
    let mut answers = read_answers(answers_file);
    if let Some(answer) = answers.engines.get(&engine.endpoint) {
        return Some(EngineFacts {
            sees_host_files: answer.sees_host_files,
            capacity: answer.capacity,
        });
    }
    let docker = docker?;
    let sees = probe(docker, project_dir)?;
    let capacity = capacity_of(docker);
    answers.version = 1;
    answers.engines.insert(
        engine.endpoint.clone(),
        Answer {
            sees_host_files: sees,
            capacity,
        },
    );
    // A cache that cannot be written only costs the next command another probe.
    let _ = write_answers(answers_file, &answers);
    Some(EngineFacts {
        sees_host_files: sees,
        capacity,
    })
}

/// The engine's CPUs and memory, from `docker info`.
fn capacity_of(docker: &CommandLine) -> Option<EngineCapacity> {
    let info = docker
        .clone()
        .args(["info", "--format", "{{.NCPU}} {{.MemTotal}}"])
        .output()
        .ok()?;
    parse_capacity(&info)
}

/// `2 25165824000` (CPUs, bytes) as a capacity.
fn parse_capacity(text: &str) -> Option<EngineCapacity> {
    let mut fields = text.split_whitespace();
    let cpus = fields.next()?.parse().ok()?;
    let bytes: u64 = fields.next()?.parse().ok()?;
    Some(EngineCapacity {
        cpus,
        memory_mib: u32::try_from(bytes / (1024 * 1024)).ok()?,
    })
}

fn read_answers(path: &Path) -> Answers {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

fn write_answers(path: &Path, answers: &Answers) -> std::io::Result<()> {
    crate::atomic_file::replace_file(path, &serde_json::to_vec_pretty(answers)?)
}

/// A marker with a token of its own in a fresh directory of the project, bind-mounted into a created container:
/// the engine sees this host's files when the container holds the same token. The directory goes with the probe.
fn probe(docker: &CommandLine, project_dir: &Path) -> Option<bool> {
    let dir = tempfile::Builder::new()
        .prefix(".vm-engine-probe-")
        .tempdir_in(project_dir)
        .ok()?;
    let token = token(dir.path());
    std::fs::write(dir.path().join(MARKER), &token).ok()?;
    ensure_probe_image(docker)?;
    let source = dir.path().to_str()?;
    let created = docker
        .clone()
        .args(["create", "--network", "none", "--mount"])
        .arg(format!(
            "type=bind,source={source},target={PROBE_TARGET},readonly"
        ))
        .arg(PROBE_IMAGE)
        .output();
    let container = match created {
        Ok(id) => id.trim().to_owned(),
        // The engine has no such path at all: it cannot see this host's files.
        Err(crate::provider::ProviderError::CommandFailed { stderr, .. })
            if stderr.contains("bind source path does not exist") =>
        {
            return Some(false);
        }
        Err(_) => return None,
    };
    let copied = docker
        .clone()
        .args(["cp", &format!("{container}:{PROBE_TARGET}/{MARKER}"), "-"])
        .output_bytes();
    let _ = docker
        .clone()
        .even_when_interrupted()
        .args(["rm", "--force", &container])
        .output();
    Some(copied.ok().and_then(|tar| marker_in(&tar)) == Some(token))
}

/// The probe image, imported from an empty tree where the engine lacks it: no registry is needed.
fn ensure_probe_image(docker: &CommandLine) -> Option<()> {
    let has_it = docker
        .clone()
        .args(["image", "inspect", "--format", "{{.Id}}", PROBE_IMAGE])
        .output()
        .is_ok();
    if has_it {
        return Some(());
    }
    let mut empty = tar::Builder::new(Vec::new());
    empty.finish().ok()?;
    let tree = empty.into_inner().ok()?;
    docker
        .clone()
        .args([
            "import",
            "--change",
            "CMD [\"/vm-engine-probe\"]",
            "-",
            PROBE_IMAGE,
        ])
        .output_with_input(Some(&tree))
        .ok()
        .map(|_| ())
}

/// The text of the one file in the tar stream `docker cp` gives.
fn marker_in(tar: &[u8]) -> Option<String> {
    let mut archive = tar::Archive::new(tar);
    let mut entry = archive.entries().ok()?.next()?.ok()?;
    let mut text = String::new();
    entry.read_to_string(&mut text).ok()?;
    Some(text)
}

/// Unique to this probe: where and when it ran, and by whom.
fn token(dir: &Path) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let seed = format!(
        "{}:{}:{}",
        dir.display(),
        std::process::id(),
        now.as_nanos()
    );
    hex::encode(Sha256::digest(seed.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_remembered_per_endpoint() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("vm/engines.json");
        let remote = DockerEngine {
            context: "buildbox".into(),
            endpoint: "ssh://dev@buildbox".into(),
        };
        let mut answers = Answers::default();
        answers.engines.insert(
            remote.endpoint.clone(),
            Answer {
                sees_host_files: false,
                capacity: Some(EngineCapacity {
                    cpus: 16,
                    memory_mib: 65536,
                }),
            },
        );
        write_answers(&file, &answers).unwrap();
        // A program that does not exist: a remembered answer asks no engine.
        let nowhere = CommandLine::new("/nonexistent/docker");
        assert_eq!(
            engine_facts(Some(&nowhere), &remote, dir.path(), &file),
            Some(EngineFacts {
                sees_host_files: false,
                capacity: Some(EngineCapacity {
                    cpus: 16,
                    memory_mib: 65536
                })
            })
        );
        let local = DockerEngine {
            context: "default".into(),
            endpoint: super::super::LOCAL_SOCKET.into(),
        };
        // Not remembered, and the engine cannot be asked: no answer, and none remembered.
        assert_eq!(
            engine_facts(Some(&nowhere), &local, dir.path(), &file),
            None
        );
        assert!(!read_answers(&file).engines.contains_key(&local.endpoint));
    }

    #[test]
    fn docker_info_gives_cpus_and_memory() {
        assert_eq!(
            parse_capacity("2 25165824000\n"),
            Some(EngineCapacity {
                cpus: 2,
                memory_mib: 24000
            })
        );
        assert_eq!(parse_capacity("<no value>"), None);
    }

    #[test]
    fn the_marker_is_read_from_the_copy_stream() {
        let mut builder = tar::Builder::new(Vec::new());
        let mut header = tar::Header::new_gnu();
        header.set_size(3);
        header.set_mode(0o644);
        header.set_cksum();
        builder
            .append_data(&mut header, "marker", &b"abc"[..])
            .unwrap();
        let tar = builder.into_inner().unwrap();
        assert_eq!(marker_in(&tar).as_deref(), Some("abc"));
        assert_eq!(marker_in(b""), None);
    }
}
