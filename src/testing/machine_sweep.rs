//! Finding and removing the machines `vm test` made: containers by the `dev.vm.test` label, Vagrant machines by
//! the Vagrantfiles in the tests' directories. Nothing without that mark is ever touched.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::{RunId, TestContext, TestFailure, TestResult};
use crate::provider::docker::labels;

/// Removes the containers that match every one of `filters` (`docker ps --filter` terms), recorded in the test's log.
pub fn remove_labelled_containers(ctx: &mut TestContext, filters: &[String]) -> TestResult {
    let mut list = Command::new("docker");
    list.args(["ps", "--all", "--quiet", "--no-trunc"]);
    for filter in filters {
        list.args(["--filter", filter]);
    }
    let listed = ctx.run(&mut list)?;
    listed.ensure_success()?;
    let ids: Vec<&str> = listed.stdout.split_whitespace().collect();
    if ids.is_empty() {
        return Ok(());
    }
    ctx.run(Command::new("docker").args(["rm", "--force"]).args(&ids))?
        .ensure_success()
}

/// What `vm test --cleanup` found and removed.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CleanupReport {
    /// Containers, by Docker id (short).
    pub containers: Vec<String>,
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
    match labelled_containers() {
        Ok(containers) => {
            let doomed: Vec<String> = containers
                .into_iter()
                .filter(|(_, run)| is_leftover(run))
                .map(|(id, _)| id)
                .collect();
            if !doomed.is_empty() {
                match docker(Command::new("docker").args(["rm", "--force"]).args(&doomed)) {
                    Ok(_) => report
                        .containers
                        .extend(doomed.iter().map(|id| id[..id.len().min(12)].to_owned())),
                    Err(failure) => report.failures.push(failure),
                }
            }
        }
        Err(failure) => report.failures.push(failure),
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

/// Removes every container of `run` still there: the last word of a run, after each test removed its own.
pub fn remove_run_containers(run: RunId) -> Result<usize, TestFailure> {
    let ids = docker(Command::new("docker").args([
        "ps",
        "--all",
        "--quiet",
        "--no-trunc",
        "--filter",
        &format!("label={}={run}", labels::TEST_RUN),
    ]))
    .map_err(TestFailure::new)?;
    let ids: Vec<&str> = ids.split_whitespace().collect();
    if !ids.is_empty() {
        docker(Command::new("docker").args(["rm", "--force"]).args(&ids))
            .map_err(TestFailure::new)?;
    }
    Ok(ids.len())
}

/// Every container `vm test` made on this engine, with the run its label names.
fn labelled_containers() -> Result<Vec<(String, String)>, String> {
    let listed = docker(Command::new("docker").args([
        "ps",
        "--all",
        "--no-trunc",
        "--filter",
        &format!("label={}", labels::TEST_RUN),
        "--format",
        &format!("{{{{.ID}}}}\t{{{{.Label \"{}\"}}}}", labels::TEST_RUN),
    ]))?;
    Ok(listed
        .lines()
        .filter_map(|line| {
            let (id, run) = line.split_once('\t')?;
            Some((id.to_owned(), run.to_owned()))
        })
        .collect())
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
