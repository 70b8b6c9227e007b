//! `vm usage` through the real binary: the default directory, `--this` (with `-c FILE`), and errors.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

fn assistant(id: &str, input: u64) -> String {
    format!(
        r#"{{"type":"assistant","timestamp":"2026-01-05T10:00:00.000Z","requestId":"r-{id}","message":{{"id":"{id}","model":"claude-sonnet-4-5-20250929","usage":{{"input_tokens":{input},"output_tokens":0}}}}}}"#
    )
}

/// `HOME/.claude/vms/{alpha,beta}` with one response each, and a project `alpha` with a vm.json.
fn home_with_two_vms() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    for (vm, input) in [("alpha", 1_000), ("beta", 2_000)] {
        let dir = home
            .path()
            .join(".claude/vms")
            .join(vm)
            .join("projects/-home-dev-app");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("s.jsonl"), assistant(vm, input) + "\n").unwrap();
    }
    let project = home.path().join("alpha");
    fs::create_dir_all(&project).unwrap();
    fs::write(
        project.join("vm.json"),
        r#"{ "project": { "name": "alpha" } }"#,
    )
    .unwrap();
    home
}

fn vm(home: &Path, dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    // not under sudo: the home is $HOME
    Command::cargo_bin("vm")
        .unwrap()
        .env("HOME", home)
        .env_remove("SUDO_UID")
        .env_remove("SUDO_GID")
        .current_dir(dir)
        .arg("usage")
        .args(args)
        .assert()
}

#[test]
fn reads_every_vm_under_the_home_claude_directory() {
    let home = home_with_two_vms();
    let output = vm(home.path(), home.path(), &["--timezone", "UTC"])
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(output).unwrap(),
        "\
Claude usage by VM, 2 VMs, time zone UTC

VM     Input  Output  Cache write  Cache read  Total tokens  Cost (USD)
alpha  1,000       0            0           0         1,000       $0.00
beta   2,000       0            0           0         2,000       $0.01
-----------------------------------------------------------------------
Total  3,000       0            0           0         3,000       $0.01
"
    );
}

#[test]
fn this_means_the_vm_of_the_project_here() {
    let home = home_with_two_vms();
    let output = vm(
        home.path(),
        &home.path().join("alpha"),
        &["--this", "--json"],
    )
    .success()
    .get_output()
    .stdout
    .clone();
    let report: serde_json::Value = serde_json::from_slice(&output).unwrap();
    assert_eq!(report["machines"], serde_json::json!(["alpha"]));
    assert_eq!(report["totals"]["inputTokens"], 1_000);
}

#[test]
fn errors_exit_one_with_a_diagnostic() {
    let home = home_with_two_vms();
    let assert = vm(home.path(), home.path(), &["--vm", "gamma"]).code(1);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("no Claude data for VM `gamma`"), "{stderr}");
    assert!(
        stderr.contains("VMs with Claude data: alpha, beta"),
        "{stderr}"
    );
    let outside = vm(home.path(), home.path(), &["--this"]).code(1);
    let stderr = String::from_utf8(outside.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("--this needs a vm.json: run vm usage inside a project, or pass -c FILE"),
        "{stderr}"
    );
}

#[test]
fn this_with_a_config_file_means_its_vm() {
    let home = home_with_two_vms();
    let config = home.path().join("alpha/vm.json");
    let output = vm(
        home.path(),
        home.path(),
        &["-c", config.to_str().unwrap(), "--this", "--json"],
    )
    .success()
    .get_output()
    .stdout
    .clone();
    let report: serde_json::Value = serde_json::from_slice(&output).unwrap();
    assert_eq!(report["machines"], serde_json::json!(["alpha"]));
}

#[test]
fn a_home_without_synced_vms_has_no_usage() {
    let home = tempfile::tempdir().unwrap();
    let assert = vm(home.path(), home.path(), &["--timezone", "UTC"]).success();
    let output = assert.get_output();
    assert_eq!(
        String::from_utf8(output.stdout.clone()).unwrap(),
        format!(
            "\
Claude usage by VM, no machines, time zone UTC

No Claude usage found.
Looked in {}/.claude/vms (VMs with \"claude_sync\": true).
",
            home.path().display()
        )
    );
    assert_eq!(String::from_utf8(output.stderr.clone()).unwrap(), "");
}

#[test]
fn statusline_reads_claude_codes_json_and_never_waits_on_an_open_stdin() {
    let home = home_with_two_vms();
    // both VMs' transcripts are session `s`; their responses are of 2026-01-05, not today
    let output = Command::cargo_bin("vm")
        .unwrap()
        .env("HOME", home.path())
        .env_remove("SUDO_UID")
        .current_dir(home.path())
        .args(["usage", "--timezone", "UTC", "statusline"])
        .write_stdin(r#"{"session_id": "s", "model": {"display_name": "Sonnet"}}"#)
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "🤖 Sonnet | 💰 $0.01 session / $0.00 today / No active block\n"
    );
    assert_eq!(String::from_utf8(output.stderr).unwrap(), "");

    // a pipe that stays open without data: the line comes anyway, without a session
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("vm"))
        .env("HOME", home.path())
        .env_remove("SUDO_UID")
        .current_dir(home.path())
        .args(["usage", "--timezone", "UTC", "statusline"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let _open = child.stdin.take();
    let started = std::time::Instant::now();
    let output = child.wait_with_output().unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "🤖 no model | 💰 $0.00 today / No active block\n"
    );
}
