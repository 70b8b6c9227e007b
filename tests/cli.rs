//! The command line without a machine: exit codes, refusals, and that bad input changes nothing.

mod common;

use common::{Project, docker_engine, stderr, stdout};

#[test]
fn validate_accepts_a_good_file_and_exits_zero() {
    let project = Project::new("cli-valid", r#"{ "project": { "name": "NAME" } }"#);
    let output = project.run(&["validate"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!(
            "{} is valid.\n",
            project
                .dir()
                .join("vm.json")
                .canonicalize()
                .unwrap()
                .display()
        )
    );
}

#[test]
fn an_invalid_file_exits_one_and_creates_nothing() {
    let project = Project::new(
        "cli-invalid",
        r#"{ "project": { "name": "NAME" }, "claude_sync": "yes", "vm": { "memory": 100 } }"#,
    );
    for command in [&["validate"][..], &["plan"], &["apply", "--yes"]] {
        let output = project.run(command);
        assert_eq!(output.status.code(), Some(1), "{command:?}");
        let message = stderr(&output);
        assert!(message.contains("vm.json"), "{message}");
        assert!(message.contains("memory"), "{message}");
        assert!(message.contains("claude_sync"), "{message}");
    }
    assert!(
        !project.home().join(".claude").exists(),
        "nothing was created"
    );
}

#[test]
fn without_a_config_commands_say_where_they_looked() {
    let project = Project::new("cli-none", "{}");
    std::fs::remove_file(project.dir().join("vm.json")).unwrap();
    let output = project.run(&["plan"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no vm.json in"),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("vm init"), "{}", stderr(&output));
}

#[test]
fn the_config_is_found_in_a_parent_directory() {
    let project = Project::new("cli-parent", r#"{ "project": { "name": "NAME" } }"#);
    let nested = project.dir().join("src/deep");
    std::fs::create_dir_all(&nested).unwrap();
    let output = project
        .vm()
        .current_dir(&nested)
        .arg("validate")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn init_writes_a_valid_starter_named_after_the_directory_and_never_overwrites() {
    let project = Project::new("cli-init", "{}");
    std::fs::remove_file(project.dir().join("vm.json")).unwrap();
    let output = project.run(&["init"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let written = std::fs::read_to_string(project.dir().join("vm.json")).unwrap();
    assert!(
        written.contains("\"$schema\": \"./vm.schema.json\""),
        "{written}"
    );
    assert_eq!(
        std::fs::read_to_string(project.dir().join("vm.schema.json")).unwrap(),
        std::fs::read_to_string("schema/vm.schema.json").unwrap(),
        "the schema the starter points at is written beside it"
    );
    assert!(written.contains("\"name\": \"project\""), "{written}");
    assert_eq!(project.run(&["validate"]).status.code(), Some(0));

    std::fs::write(project.dir().join("vm.json"), "mine").unwrap();
    let again = project.run(&["init"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        std::fs::read_to_string(project.dir().join("vm.json")).unwrap(),
        "mine"
    );
}

#[test]
fn schema_prints_the_committed_schema() {
    let project = Project::new("cli-schema", "{}");
    let output = project.run(&["schema"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        std::fs::read_to_string("schema/vm.schema.json").unwrap()
    );
}

#[test]
fn a_vagrant_machine_is_validated_but_not_yet_planned_against_the_world() {
    let project = Project::new(
        "cli-vagrant",
        r#"{ "provider": "vagrant", "project": { "name": "NAME" } }"#,
    );
    assert_eq!(project.run(&["validate"]).status.code(), Some(0));
    let plan = project.run(&["plan"]);
    assert_eq!(plan.status.code(), Some(1));
    assert!(
        stderr(&plan).contains("vm cannot observe or change vagrant machines yet"),
        "{}",
        stderr(&plan)
    );
}

#[test]
fn apply_and_destroy_without_a_terminal_or_yes_refuse_and_change_nothing() {
    if !docker_engine() {
        return;
    }
    let project = Project::new(
        "cli-confirm",
        r#"{ "project": { "name": "NAME" }, "claude_sync": true }"#,
    );
    let apply = project.run(&["apply"]);
    assert_eq!(apply.status.code(), Some(1));
    assert!(
        stdout(&apply).contains("Plan: 4 to add"),
        "the plan is shown first"
    );
    assert!(stderr(&apply).contains("--yes"), "{}", stderr(&apply));
    assert!(!project.claude_dir().exists());
    let left = common::docker(&[
        "ps",
        "--all",
        "--quiet",
        "--filter",
        &format!("name=^{}$", project.container()),
    ]);
    assert_eq!(stdout(&left).trim(), "");

    assert_eq!(
        project.run(&["apply", "--auto-approve"]).status.code(),
        Some(0)
    );
    let destroy = project.run(&["destroy"]);
    assert_eq!(destroy.status.code(), Some(1));
    let running = common::docker(&[
        "inspect",
        "--format",
        "{{.State.Status}}",
        &project.container(),
    ]);
    assert_eq!(stdout(&running).trim(), "running");
}

#[test]
fn plan_json_is_versioned_and_detailed_exitcode_signals_changes() {
    if !docker_engine() {
        return;
    }
    let project = Project::new("cli-json", r#"{ "project": { "name": "NAME" } }"#);
    let output = project.run(&["plan", "--json", "--detailed-exitcode"]);
    assert_eq!(output.status.code(), Some(2));
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["format_version"], 1);
    assert_eq!(document["has_changes"], true);
    assert_eq!(document["summary"]["add"], 2);
    assert_eq!(
        document["changes"][1]["resource"],
        format!("docker_container.{}", project.container())
    );
    assert_eq!(document["changes"][1]["action"], "create");
    assert_eq!(
        document["changes"][1]["reason"]["message"],
        "does not exist"
    );
}

#[test]
fn exec_on_a_machine_that_is_not_running_says_how_to_start_it() {
    if !docker_engine() {
        return;
    }
    let project = Project::new("cli-exec", r#"{ "project": { "name": "NAME" } }"#);
    let output = project.run(&["exec", "--", "true"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("is not running"),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("vm apply"), "{}", stderr(&output));
}

#[test]
fn a_symlink_where_the_data_dir_belongs_is_refused_and_its_target_untouched() {
    let project = Project::new(
        "cli-symlink",
        r#"{ "project": { "name": "NAME" }, "claude_sync": true }"#,
    );
    let elsewhere = project.root.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::set_permissions(
        &elsewhere,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    std::fs::create_dir_all(project.claude_dir().parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(&elsewhere, project.claude_dir()).unwrap();
    for command in [&["plan"][..], &["apply", "--yes"]] {
        let output = project.run(command);
        assert_eq!(output.status.code(), Some(1), "{command:?}");
        assert!(
            stderr(&output).contains("exists and is not a directory"),
            "{}",
            stderr(&output)
        );
    }
    assert_eq!(common::mode_of(&elsewhere), 0o755);
}

#[test_case::test_case(&["--help"] ; "vm")]
#[test_case::test_case(&["plan", "--help"] ; "plan")]
#[test_case::test_case(&["apply", "--help"] ; "apply")]
#[test_case::test_case(&["destroy", "--help"] ; "destroy")]
fn help_texts(args: &[&str]) {
    let project = Project::new("cli-help", "{}");
    let output = project.run(args);
    assert_eq!(output.status.code(), Some(0));
    let command = if args.len() == 1 { "vm" } else { args[0] };
    insta::assert_snapshot!(format!("help_{command}"), stdout(&output));
}

#[test]
fn ssh_without_a_terminal_says_to_use_exec() {
    let project = Project::new("cli-ssh", r#"{ "project": { "name": "NAME" } }"#);
    let output = project.run(&["ssh"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("vm ssh needs a terminal, and standard input is not one"),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("vm exec -- COMMAND ARGS..."),
        "{}",
        stderr(&output)
    );
}

#[test]
fn apply_and_destroy_are_refused_while_another_vm_command_holds_the_project() {
    let project = Project::new("cli-lock", r#"{ "project": { "name": "NAME" } }"#);
    let config = std::fs::File::open(project.dir().join("vm.json")).unwrap();
    config.lock().unwrap();
    for command in [&["apply", "--yes"][..], &["destroy", "--yes"]] {
        let output = project.run(command);
        assert_eq!(output.status.code(), Some(1), "{command:?}");
        assert!(
            stderr(&output).contains("another vm command is working on"),
            "{}",
            stderr(&output)
        );
    }
    config.unlock().unwrap();
}

#[test]
fn a_hostname_longer_than_linux_allows_is_refused_by_validate() {
    let hostname = format!("{}.{}", "a".repeat(40), "b".repeat(29));
    assert_eq!(hostname.len(), 70);
    let project = Project::new(
        "cli-hostname",
        &format!(r#"{{ "project": {{ "name": "NAME", "hostname": "{hostname}" }} }}"#),
    );
    let output = project.run(&["validate"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("`project.hostname` must have at most 64 characters"),
        "{message}"
    );
    assert!(message.contains("70 characters"), "{message}");
}

#[test]
fn a_project_directory_whose_path_is_not_utf8_is_refused_before_anything_is_done() {
    use std::os::unix::ffi::OsStrExt;

    let project = Project::new("cli-not-utf8", "{}");
    let dir = project
        .root
        .path()
        .join(std::ffi::OsStr::from_bytes(b"proj\xffect"));
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("vm.json"),
        format!(
            r#"{{ "project": {{ "name": "{}" }}, "claude_sync": true }}"#,
            project.name
        ),
    )
    .unwrap();
    for command in [&["plan"][..], &["apply", "--yes"]] {
        let output = project
            .vm()
            .current_dir(&dir)
            .args(command)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{command:?}");
        let message = stderr(&output);
        assert!(message.contains("is not valid UTF-8"), "{message}");
        assert!(message.contains("proj\u{fffd}ect"), "{message}");
        assert!(message.contains("rename the directory"), "{message}");
    }
    assert!(!project.claude_dir().exists(), "nothing was created");
}
