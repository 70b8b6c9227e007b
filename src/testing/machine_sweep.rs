//! Finding and removing the machines `vm test` made: containers and the project images built for them by the
//! `dev.vm.test` label, Vagrant machines by the Vagrantfiles in the tests' directories. Nothing without that mark
//! is ever touched.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::{RunId, TestContext, TestFailure, TestResult};
use crate::provider::docker::labels;

/// Removes the containers, then the images and the services' data volumes, of `project` made by `run`, recorded
/// in the test's log. Containers and volumes name their project in `dev.vm.project`, images in `dev.vm.built-for`.
pub fn remove_labelled(ctx: &mut TestContext, run: RunId, project: &str) -> TestResult {
    let run_filter = format!("label={}={run}", labels::TEST_RUN);
    for (list, project_label, remove) in [
        (
            &["ps", "--all", "--no-trunc"][..],
            labels::PROJECT,
            &["rm", "--force"][..],
        ),
        // Only the images themselves: --all would list the layers under them too.
        (
            &["images", "--filter=dangling=false", "--no-trunc"][..],
            labels::BUILT_FOR,
            &["rmi", "--force"][..],
        ),
        (
            &["volume", "ls"][..],
            labels::PROJECT,
            &["volume", "rm", "--force"][..],
        ),
    ] {
        let listed = ctx.run(
            Command::new("docker")
                .args(list)
                .args(["--quiet", "--filter", &run_filter, "--filter"])
                .arg(format!("label={project_label}={project}")),
        )?;
        listed.ensure_success()?;
        let ids = distinct(&listed.stdout);
        if !ids.is_empty() {
            ctx.run(Command::new("docker").args(remove).args(&ids))?
                .ensure_success()?;
        }
    }
    Ok(())
}

/// Each id once, in order: an image with two tags is listed twice.
fn distinct(listed: &str) -> Vec<&str> {
    let mut ids: Vec<&str> = Vec::new();
    for id in listed.split_whitespace() {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

/// What `vm test --cleanup` found and removed.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CleanupReport {
    /// Containers, by Docker id (short).
    pub containers: Vec<String>,
    /// Project images built for them, by image id (short).
    pub images: Vec<String>,
    /// Services' data volumes, by name.
    pub volumes: Vec<String>,
    /// Vagrant machines, by the directory of their Vagrantfile.
    pub vagrant_machines: Vec<PathBuf>,
    /// What could not be removed, in words.
    pub failures: Vec<String>,
}

/// Removes what runs of `vm test` acting for `uid` left behind and that are no longer going: containers labelled
/// with such a run, and the Vagrant machines in such runs' test directories under `artifacts_root`. A run still
/// going, and another user's runs, are left alone.
pub fn clean_up_leftovers(artifacts_root: &Path, uid: u32) -> CleanupReport {
    let mut report = CleanupReport::default();
    let is_leftover = |run: &str| is_leftover(run, uid);
    for test_dir in test_dirs(artifacts_root) {
        let run = std::fs::read_to_string(test_dir.join("test-run")).unwrap_or_default();
        let vagrant_dir = test_dir.join(crate::graph::VAGRANT_STATE_DIR);
        if is_leftover(&run) && vagrant_dir.join(".vagrant/machines").is_dir() {
            match destroy_vagrant_machine(&vagrant_dir) {
                Ok(()) => report.vagrant_machines.push(vagrant_dir),
                Err(failure) => report.failures.push(failure),
            }
        }
    }
    for (kind, removal) in [("ps", "rm"), ("images", "rmi"), ("volume", "volume rm")] {
        match labelled(kind) {
            Ok(found) => {
                let doomed: Vec<String> = found
                    .into_iter()
                    .filter(|(_, run)| is_leftover(run))
                    .map(|(id, _)| id)
                    .collect();
                if doomed.is_empty() {
                    continue;
                }
                let removed = docker(
                    Command::new("docker")
                        .args(removal.split(' '))
                        .arg("--force")
                        .args(&doomed),
                );
                let short = doomed.iter().map(|id| short_id(id));
                match (removed, kind) {
                    (Ok(_), "ps") => report.containers.extend(short),
                    (Ok(_), "volume") => report.volumes.extend(doomed.iter().cloned()),
                    (Ok(_), _) => report.images.extend(short),
                    (Err(failure), _) => report.failures.push(failure),
                }
            }
            Err(failure) => report.failures.push(failure),
        }
    }
    report
}

/// Whether a machine labelled with `run` is a leftover that `uid` may remove: the run is `uid`'s and is over. A
/// label that names no run is not vm test's to judge, so it is left alone too.
pub fn is_leftover(run: &str, uid: u32) -> bool {
    run.trim()
        .parse::<RunId>()
        .is_ok_and(|run| run.uid == uid && !run.is_alive())
}

/// Removes every container and image of `run` still there: the last word of a run, after each test removed its
/// own; how many there were.
pub fn remove_run_machines(run: RunId) -> Result<usize, TestFailure> {
    let mut removed = 0;
    for (kind, removal) in [("ps", "rm"), ("images", "rmi"), ("volume", "volume rm")] {
        let ids: Vec<String> = labelled(kind)
            .map_err(TestFailure::new)?
            .into_iter()
            .filter(|(_, label)| *label == run.to_string())
            .map(|(id, _)| id)
            .collect();
        if !ids.is_empty() {
            docker(
                Command::new("docker")
                    .args(removal.split(' '))
                    .arg("--force")
                    .args(&ids),
            )
            .map_err(TestFailure::new)?;
        }
        removed += ids.len();
    }
    Ok(removed)
}

/// Every container (`ps`), image (`images`) or volume (`volume`) that `vm test` made on this engine, with the run
/// its label names.
fn labelled(kind: &str) -> Result<Vec<(String, String)>, String> {
    let list: &[&str] = match kind {
        "ps" => &["ps", "--all", "--no-trunc"],
        "images" => &["images", "--filter=dangling=false", "--no-trunc"],
        _ => &["volume", "ls"],
    };
    let listed = docker(Command::new("docker").args(list).args([
        "--quiet",
        "--filter",
        &format!("label={}", labels::TEST_RUN),
    ]))?;
    let ids = distinct(&listed);
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let (inspect, format) = match kind {
        "ps" => ("container", "{{.Id}}\t{{index .Config.Labels \"LABEL\"}}"),
        "images" => ("image", "{{.Id}}\t{{index .Config.Labels \"LABEL\"}}"),
        _ => ("volume", "{{.Name}}\t{{index .Labels \"LABEL\"}}"),
    };
    let described = docker(
        Command::new("docker")
            .args([inspect, "inspect", "--format"])
            .arg(format.replace("LABEL", labels::TEST_RUN))
            .args(&ids),
    )?;
    Ok(described
        .lines()
        .filter_map(|line| {
            let (id, run) = line.split_once('\t')?;
            Some((id.to_owned(), run.to_owned()))
        })
        .collect())
}

fn short_id(id: &str) -> String {
    let id = id.strip_prefix("sha256:").unwrap_or(id);
    id[..id.len().min(12)].to_owned()
}

/// The `vm-test-*` directories under `root`.
fn test_dirs(root: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().starts_with("vm-test-"))
        .map(|entry| entry.path())
        .collect();
    dirs.sort();
    dirs
}

fn destroy_vagrant_machine(vagrant_dir: &Path) -> Result<(), String> {
    let output = Command::new("vagrant")
        .args(["destroy", "-f", "--no-tty"])
        .env("VAGRANT_CWD", vagrant_dir)
        .env("VAGRANT_CHECKPOINT_DISABLE", "1")
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("vagrant destroy in {}: {error}", vagrant_dir.display()))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "vagrant destroy in {} failed: {}",
            vagrant_dir.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// Runs a docker command; its standard output, or what went wrong.
fn docker(command: &mut Command) -> Result<String, String> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("docker: {error}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(format!(
            "{:?} failed: {}",
            command.get_args().collect::<Vec<_>>(),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}
