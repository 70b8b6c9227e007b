//! Two vm commands on one project, as real processes: the second names the first (its pid and command), and with
//! `--lock-timeout` waits for it and then succeeds.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Project, assert_success, docker_engine, stderr};

const MINIMAL: &str = r#"{ "project": { "name": "NAME" } }"#;

fn slow_docker() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fault-injection/docker-that-answers-ps-slowly")
        .to_str()
        .unwrap()
        .to_owned()
}

/// `vm apply --yes` in `project`, whose `docker ps` takes `seconds`: it holds the project's lock meanwhile.
fn slow_apply(project: &Project, seconds: &str) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("vm"))
        .args(["apply", "--yes"])
        .current_dir(project.dir())
        .env("HOME", project.home())
        .env_remove("SUDO_UID")
        .env_remove("SUDO_GID")
        .env("NO_COLOR", "1")
        .env("VM_DOCKER", slow_docker())
        .env("VM_SLOW_PS_SECONDS", seconds)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The lock record, once the holder has written it.
fn wait_for_record(project: &Project) -> serde_json::Value {
    let record = project.dir().join(vm::engine::LOCK_RECORD);
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(text) = std::fs::read_to_string(&record)
            && let Ok(value) = serde_json::from_str(&text)
        {
            return value;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("no lock record at {} after 30 s", record.display());
}

/// Standard error with the holder's varying details masked.
fn masked(project: &Project, text: &str, record: &serde_json::Value) -> String {
    let dir = project.dir().canonicalize().unwrap();
    text.replace(&dir.display().to_string(), "[DIR]")
        .replace(&format!("pid {}", record["pid"]), "pid [PID]")
        .replace(
            &format!(
                "{}@{}",
                record["user"].as_str().unwrap(),
                record["host"].as_str().unwrap()
            ),
            "[USER]@[HOST]",
        )
        .replace(record["started"].as_str().unwrap(), "[TIME]")
}

#[test]
fn a_second_apply_names_the_first_and_with_a_lock_timeout_waits_for_it() {
    if !docker_engine() {
        return;
    }
    let project = Project::new("lock-two", MINIMAL);
    let first = slow_apply(&project, "4");
    let record = wait_for_record(&project);
    assert_eq!(record["pid"], first.id(), "{record}");
    assert_eq!(record["command"], "vm apply --yes", "{record}");

    let refused = project.run(&["apply", "--yes"]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    insta::assert_snapshot!(
        "second_apply_refused",
        masked(&project, &stderr(&refused), &record)
    );

    let waited = project.run(&["--lock-timeout", "2m", "apply", "--yes"]);
    assert_success(&waited);
    let first_output = first.wait_with_output().unwrap();
    assert_success(&first_output);
    let waiting_line = masked(&project, &stderr(&waited), &record);
    assert!(
        waiting_line.starts_with(
            "Waiting up to 2m for the lock on [DIR], held by `vm apply --yes` (pid [PID], [USER]@[HOST], since [TIME])...\n"
        ),
        "{waiting_line}"
    );
    // The first made the machine; the second, once it had the lock, found nothing to do.
    assert!(
        String::from_utf8_lossy(&waited.stdout).contains("No changes."),
        "{}",
        String::from_utf8_lossy(&waited.stdout)
    );
    assert!(
        !project.dir().join(".vm").exists(),
        "the record goes with the lock"
    );
}

#[test]
fn a_lock_timeout_that_runs_out_says_how_long_it_waited() {
    let project = Project::new("lock-timeout", MINIMAL);
    let held = std::fs::File::open(project.dir()).unwrap();
    held.lock().unwrap();
    let started = Instant::now();
    let output = project.run(&["--lock-timeout", "1s", "destroy", "--yes"]);
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(output.status.code(), Some(1));
    // No record: this test holds the lock as no vm command does.
    let dir = project.dir().canonicalize().unwrap();
    assert_eq!(
        stderr(&output).replace(&dir.display().to_string(), "[DIR]"),
        "Waiting up to 1s for the lock on [DIR]...\n  × after waiting 1s, another vm command is working on [DIR]\n  help: wait for it to finish, or let vm wait for it: `vm --lock-timeout 2m ...`; vm holds a lock on the project directory while it changes the machine\n\n"
    );
    held.unlock().unwrap();
}

#[test]
fn a_record_left_by_a_process_that_died_is_ignored_and_replaced() {
    let project = Project::new("lock-stale", MINIMAL);
    let mut gone = Command::new("true").spawn().unwrap();
    let dead_pid = gone.id();
    gone.wait().unwrap();
    std::fs::create_dir(project.dir().join(".vm")).unwrap();
    let stale = format!(
        r#"{{ "pid": {dead_pid}, "command": "vm apply --yes", "user": "gone", "host": "away", "started": "2020-01-01T00:00:00Z" }}"#
    );
    std::fs::write(project.dir().join(vm::engine::LOCK_RECORD), &stale).unwrap();

    // Held by something that records nothing: the stale record is not shown as the holder.
    let held = std::fs::File::open(project.dir()).unwrap();
    held.lock().unwrap();
    let output = project.run(&["destroy", "--yes"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        !stderr(&output).contains("gone@away"),
        "{}",
        stderr(&output)
    );
    held.unlock().unwrap();

    // A dead holder never blocks: its record is replaced, then removed with the lock.
    let lock = vm::engine::ProjectLock::acquire(&project.dir(), Duration::ZERO, &mut |_, _| {
        panic!("nothing holds the lock")
    })
    .unwrap();
    let record: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(project.dir().join(vm::engine::LOCK_RECORD)).unwrap(),
    )
    .unwrap();
    assert_eq!(record["pid"], std::process::id());
    drop(lock);
    assert!(!project.dir().join(vm::engine::LOCK_RECORD).exists());
    // `.vm/` goes with the record when nothing else is in it.
    assert!(!project.dir().join(".vm").exists());
}
