//! `vm test` through the binary: its listing, the framework suite with no Docker at all, skips, `--cleanup`, and
//! runs by two users at once and by `sudo` beside a plain user.

use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::common::{docker, docker_engine, stderr, stdout};

fn vm() -> Command {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("vm"));
    command
        .env("NO_COLOR", "1")
        .env_remove("SUDO_UID")
        .env_remove("SUDO_GID")
        .stdin(Stdio::null());
    command
}

/// `(0.42s)` → `(#s)`: times vary, the words do not.
fn mask_times(text: &str) -> String {
    text.lines()
        .map(|line| match line.rsplit_once(" (") {
            Some((head, tail)) if tail.ends_with("s)") => format!("{head} (#s)"),
            _ => line.to_owned(),
        })
        .map(|line| line + "\n")
        .collect()
}

fn scratch_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("vm-test-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap()
}

#[test]
fn list_names_each_suite_what_it_tests_and_what_it_needs() {
    let output = vm().args(["test", "--list"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "SUITE      NEEDS                     TESTS\n\
         framework  nothing                   the harness itself: assertions, isolation, artifacts, cleanup, skips, reporting, a failing test\n\
         cli        a Docker engine           every command and flag of the vm binary: help, exit codes, --json, --detailed-exitcode, bad input\n\
         minimal    a Docker engine           a minimal vm.json applies, the machine runs, a command runs in it, destroy removes it\n\
         services   a Docker engine           postgresql, mysql and redis come up healthy and answer on their ports from the host\n\
         languages  a Docker engine           node and python run a one-liner; npm and pip packages are present; one more is installed in place\n\
         lifecycle  a Docker engine, vagrant  create, no-op re-apply, change and converge, drift, destroy, re-create keeping Claude data, claude_sync per provider\n"
    );
}

#[test]
fn the_framework_suite_passes_with_no_docker_at_all_and_a_docker_suite_is_skipped_with_its_reason()
{
    let scratch = scratch_dir();
    // A PATH with a shell (a framework test runs one) and no docker or vagrant.
    let no_programs = scratch.path().join("path-without-docker");
    std::fs::create_dir(&no_programs).unwrap();
    std::os::unix::fs::symlink("/bin/sh", no_programs.join("sh")).unwrap();
    let artifacts = scratch.path().join("artifacts");
    let output = vm()
        .args([
            "test",
            "--suite",
            "framework",
            "--suite",
            "minimal",
            "--jobs",
            "1",
            "--artifacts",
        ])
        .arg(&artifacts)
        .env("PATH", &no_programs)
        .current_dir(scratch.path())
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    assert_eq!(
        mask_times(&stdout(&output)),
        format!(
            "running 10 tests, 1 at a time; artifacts in {}\n\
             passed  framework::assertions_show_what_differs (#s)\n\
             passed  framework::a_failing_test_is_reported_as_failed (#s)\n\
             passed  framework::each_test_has_its_own_directory (#s)\n\
             passed  framework::cleanup_runs_however_a_test_ends (#s)\n\
             passed  framework::a_missing_requirement_is_a_skip_not_a_pass (#s)\n\
             passed  framework::the_report_reads_as_documented (#s)\n\
             passed  framework::jobs_run_tests_side_by_side (#s)\n\
             passed  framework::only_finished_runs_of_the_same_user_are_leftovers (#s)\n\
             passed  framework::names_are_unique_valid_project_names (#s)\n\
             skipped minimal::apply_run_destroy: no Docker engine answers (No such file or directory (os error 2))\n\
             \n\
             9 passed, 0 failed, 1 skipped\n",
            artifacts.display()
        )
    );
    let pid_dirs = std::fs::read_dir(&artifacts).unwrap().count();
    assert_eq!(
        pid_dirs, 9,
        "one directory per test that ran, none for the skipped one"
    );
    assert!(
        !scratch.path().join(".test_artifacts").exists(),
        "--artifacts replaces ./.test_artifacts"
    );
}

#[test]
fn json_reports_every_test_with_its_result_and_a_failure_exits_1() {
    let scratch = scratch_dir();
    let output = vm()
        .args(["test", "--suite", "framework", "--json"])
        .current_dir(scratch.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        (
            &report["format_version"],
            &report["passed"],
            &report["failed"],
            &report["skipped"]
        ),
        (
            &serde_json::json!(1),
            &serde_json::json!(9),
            &serde_json::json!(0),
            &serde_json::json!(0)
        )
    );
    let first = &report["tests"][0];
    assert_eq!(first["test"], "framework::assertions_show_what_differs");
    assert_eq!(first["result"], "passed");
    let artifacts = first["artifacts"].as_str().unwrap();
    assert!(
        artifacts.starts_with(
            &scratch
                .path()
                .canonicalize()
                .unwrap()
                .join(".test_artifacts/vm-test-framework-")
                .to_string_lossy()
                .into_owned()
        ),
        "{artifacts}"
    );
    for file in ["test.log", "commands.log", "test-run"] {
        assert!(
            Path::new(artifacts).join(file).is_file(),
            "{file} missing in {artifacts}"
        );
    }
}

/// A container labelled as `vm test`'s, not started: `docker ps --all` lists it all the same.
fn labelled_container(label: &str) -> String {
    let output = docker(&[
        "create",
        "--label",
        &format!("dev.vm.test={label}"),
        "vm-busybox:latest",
        "true",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output).trim().to_owned()
}

fn exists(container: &str) -> bool {
    docker(&["container", "inspect", container])
        .status
        .success()
}

#[test]
fn cleanup_removes_only_the_leftovers_of_finished_runs_of_the_same_user() {
    if !docker_engine() {
        return;
    }
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let started = stat
        .rsplit_once(')')
        .unwrap()
        .1
        .split_whitespace()
        .nth(19)
        .unwrap()
        .to_owned();
    let uid = nix::unistd::Uid::current().as_raw();
    let finished = labelled_container(&format!("{uid}.{}.1", u32::MAX - 1));
    let still_running = labelled_container(&format!("{uid}.{}.{started}", std::process::id()));
    let another_users = labelled_container(&format!("{}.{}.1", uid + 4242, u32::MAX - 1));
    let not_a_run = labelled_container("hand-made");
    let scratch = scratch_dir();
    let output = vm()
        .args(["test", "--cleanup", "--artifacts"])
        .arg(scratch.path())
        .output()
        .unwrap();
    let kept = [&still_running, &another_users, &not_a_run].map(|container| exists(container));
    let removed = !exists(&finished);
    docker(&[
        "rm",
        "--force",
        &finished,
        &still_running,
        &another_users,
        &not_a_run,
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains(&format!("removed container {}\n", &finished[..12])),
        "{}",
        stdout(&output)
    );
    assert!(removed, "the finished run's container is still there");
    assert_eq!(
        kept,
        [true, true, true],
        "kept: a live run's, another user's, one that names no run"
    );
}

/// Runs `vm test` on the framework, cli and minimal suites in `dir`, as `uid` (through setpriv, with the Docker
/// group), or as root acting for `uid` through sudo's variables.
fn spawn_vm_test(dir: &Path, uid: u32, through_sudo: bool) -> std::process::Child {
    let docker_group = std::fs::metadata("/var/run/docker.sock").unwrap().gid();
    let vm_binary = assert_cmd::cargo::cargo_bin("vm");
    let mut command = if through_sudo {
        let mut command = Command::new(&vm_binary);
        command
            .env("SUDO_UID", uid.to_string())
            .env("SUDO_GID", uid.to_string())
            .env("HOME", dir.join("root-home"));
        command
    } else {
        let mut command = Command::new("setpriv");
        command
            .args([
                format!("--reuid={uid}"),
                format!("--regid={uid}"),
                format!("--groups={docker_group}"),
            ])
            .arg(&vm_binary)
            .env_remove("SUDO_UID")
            .env_remove("SUDO_GID")
            .env("HOME", dir.join("home"));
        command
    };
    command
        .args([
            "test",
            "--suite",
            "framework",
            "--suite",
            "cli",
            "--suite",
            "minimal",
        ])
        .current_dir(dir.join("project"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn assert_passed(who: &str, output: &Output) {
    let text = stdout(output);
    assert!(
        output.status.success() && text.ends_with(" passed, 0 failed, 0 skipped\n"),
        "{who}: exit {:?}\n{text}{}",
        output.status.code(),
        stderr(output)
    );
}

#[test]
fn two_users_at_once_and_sudo_beside_a_plain_user_do_not_collide() {
    if !docker_engine() || !nix::unistd::Uid::effective().is_root() {
        return;
    }
    let scratch = scratch_dir();
    std::fs::set_permissions(
        scratch.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let (alice, bob) = (4610, 4620);
    for (name, uid) in [("alice", alice), ("bob", bob)] {
        for sub in ["", "/project", "/home", "/root-home"] {
            let dir = scratch.path().join(format!("{name}{sub}"));
            std::fs::create_dir_all(&dir).unwrap();
            std::os::unix::fs::chown(&dir, Some(uid), Some(uid)).unwrap();
        }
    }
    let alice_dir = scratch.path().join("alice");
    let runs = [
        ("alice", spawn_vm_test(&alice_dir, alice, false)),
        (
            "bob",
            spawn_vm_test(&scratch.path().join("bob"), bob, false),
        ),
        ("sudo beside alice", spawn_vm_test(&alice_dir, alice, true)),
    ];
    let outputs: Vec<(&str, Output)> = runs
        .into_iter()
        .map(|(who, child)| (who, child.wait_with_output().unwrap()))
        .collect();
    for (who, output) in &outputs {
        assert_passed(who, output);
    }
    let shared = alice_dir.join("project/.test_artifacts");
    assert_eq!(
        std::fs::metadata(&shared).unwrap().uid(),
        alice,
        "the artifacts directory is alice's, whoever made it"
    );
    let mut owners: Vec<u32> = std::fs::read_dir(&shared)
        .unwrap()
        .map(|entry| entry.unwrap().metadata().unwrap().uid())
        .collect();
    owners.sort();
    owners.dedup();
    assert_eq!(
        owners,
        [0, alice],
        "alice's and sudo's tests, side by side in one directory"
    );
    let left = docker(&[
        "ps",
        "--all",
        "--filter",
        "label=dev.vm.test",
        "--format",
        "{{.Label \"dev.vm.test\"}}",
    ]);
    let theirs: Vec<String> = stdout(&left)
        .lines()
        .filter(|run| run.starts_with(&format!("{alice}.")) || run.starts_with(&format!("{bob}.")))
        .map(str::to_owned)
        .collect();
    assert!(theirs.is_empty(), "machines left behind: {theirs:?}");
    // Nothing of theirs outside their own directories: no shared fixed path, wherever this checkout is (under
    // /tmp too, where the scratch directory then is).
    let scratch_path = scratch.path().canonicalize().unwrap();
    let mut find = Command::new("find");
    find.args(["/tmp", "/var/tmp", "/dev/shm"])
        .arg(scratch_path.parent().unwrap())
        .arg("-xdev");
    for own in ["alice", "bob"] {
        find.arg("-path")
            .arg(scratch_path.join(own))
            .args(["-prune", "-o"]);
    }
    let outside = find
        .args([
            "(",
            "-uid",
            &alice.to_string(),
            "-o",
            "-uid",
            &bob.to_string(),
            ")",
            "-print",
        ])
        .output()
        .unwrap();
    assert_eq!(
        stdout(&outside),
        "",
        "nothing of theirs outside their own directories"
    );
}

/// `vm test` started inside a user's project (a valid vm.json, an invalid one, a subdirectory of a project) runs
/// each suite's commands against their own files only: the cli suite passes, and the user's vm.json is untouched.
#[test]
fn vm_test_inside_a_users_project_runs_against_its_own_files_only() {
    if !docker_engine() {
        return;
    }
    let scratch = scratch_dir();
    let valid = r#"{ "project": { "name": "users-own-project" } }"#;
    let invalid = r#"{ "project": { "name": "users-own-project" }, "vm": { "memory": 100 } }"#;
    let places = [
        ("valid", valid, ""),
        ("invalid", invalid, ""),
        ("subdirectory", valid, "src/deep"),
    ];
    for (name, config, below) in places {
        let project = scratch.path().join(name);
        let start = project.join(below);
        std::fs::create_dir_all(&start).unwrap();
        std::fs::write(project.join("vm.json"), config).unwrap();
        let output = vm()
            .args(["test", "--suite", "cli"])
            .current_dir(&start)
            .env("HOME", scratch.path().join("home"))
            .output()
            .unwrap();
        let text = stdout(&output);
        assert!(
            output.status.success() && text.ends_with(" passed, 0 failed, 0 skipped\n"),
            "{name}: exit {:?}\n{text}{}",
            output.status.code(),
            stderr(&output)
        );
        assert!(
            text.contains("passed  cli::bad_input_gets_a_diagnostic_and_exit_1"),
            "{name}: {text}"
        );
        assert_eq!(
            std::fs::read_to_string(project.join("vm.json")).unwrap(),
            config
        );
    }
    let users = docker(&[
        "ps",
        "--all",
        "--quiet",
        "--filter",
        "label=dev.vm.project=users-own-project",
    ]);
    assert_eq!(stdout(&users), "", "no machine of the user's project");
}
