//! The command line without a machine: exit codes, refusals, and that bad input changes nothing.

/// The output's stderr holds `needle`; all of stderr is shown when it does not.
fn assert_stderr_contains(output: &std::process::Output, needle: &str) {
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(text.contains(needle), "no {needle:?} in:\n{text}");
}

use crate::common::{Project, assert_contains_all, docker_engine, run_on_terminal, stderr, stdout};

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
    assert_stderr_contains(&output, "no vm.json in");
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
    let found = project.dir().join("vm.json").canonicalize().unwrap();
    assert_eq!(stdout(&output), format!("{} is valid.\n", found.display()));
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
    assert_stderr_contains(&again, "already exists");
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
fn a_new_vagrant_machine_is_planned_without_running_vagrant_or_writing_anything() {
    let project = Project::new(
        "cli-vagrant",
        r#"{ "provider": "vagrant", "project": { "name": "NAME" } }"#,
    );
    let plan = project.run_with_env(
        &["plan", "--detailed-exitcode"],
        &[("VM_VAGRANT", "/nonexistent/vagrant")],
    );
    assert_eq!(plan.status.code(), Some(2), "{}", stderr(&plan));
    assert_contains_all(
        &stdout(&plan),
        &[
            "+ synced_folder.workspace {",
            &format!("+ vagrant_machine.{} {{", project.name),
            "+ backend ",
        ],
    );
    assert!(!project.dir().join(".vm").exists());
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
    let to_add = 4 + crate::common::bare_machine_extras();
    assert!(
        stdout(&apply).contains(&format!("Plan: {to_add} to add")),
        "the plan is shown first"
    );
    assert!(stderr(&apply).contains("--yes"), "{}", stderr(&apply));
    assert!(!project.claude_dir().exists());
    let left = crate::common::docker(&[
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
    let running = crate::common::docker(&[
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
    assert_eq!(
        document["summary"]["add"],
        2 + crate::common::bare_machine_extras()
    );
    let container = document["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|change| change["resource"] == format!("docker_container.{}", project.container()))
        .expect("the container is planned");
    assert_eq!(container["action"], "create");
    assert_eq!(container["reason"]["message"], "does not exist");
}

#[test]
fn exec_on_a_machine_that_is_not_running_says_how_to_start_it() {
    if !docker_engine() {
        return;
    }
    let project = Project::new("cli-exec", r#"{ "project": { "name": "NAME" } }"#);
    let output = project.run(&["exec", "--", "true"]);
    assert_eq!(output.status.code(), Some(1));
    assert_stderr_contains(&output, "is not running");
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
    assert_eq!(crate::common::mode_of(&elsewhere), 0o755);
}

#[test_case::test_case(&["--help"] ; "vm")]
#[test_case::test_case(&["init", "--help"] ; "init")]
#[test_case::test_case(&["schema", "--help"] ; "schema")]
#[test_case::test_case(&["plan", "--help"] ; "plan")]
#[test_case::test_case(&["apply", "--help"] ; "apply")]
#[test_case::test_case(&["destroy", "--help"] ; "destroy")]
#[test_case::test_case(&["prune", "--help"] ; "prune")]
#[test_case::test_case(&["status", "--help"] ; "status")]
#[test_case::test_case(&["exec", "--help"] ; "exec")]
#[test_case::test_case(&["forward", "--help"] ; "forward")]
#[test_case::test_case(&["test", "--help"] ; "test")]
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
    assert_stderr_contains(
        &output,
        "vm ssh needs a terminal, and standard input is not one",
    );
    assert_stderr_contains(&output, "vm exec -- COMMAND ARGS...");
}

#[test]
fn apply_and_destroy_are_refused_while_another_vm_command_holds_the_project() {
    let project = Project::new("cli-lock", r#"{ "project": { "name": "NAME" } }"#);
    // Another config of the same directory counts too: the lock is the project directory's.
    std::fs::write(
        project.dir().join("alt.json"),
        r#"{ "project": { "name": "other" } }"#,
    )
    .unwrap();
    let config = std::fs::File::open(project.dir()).unwrap();
    config.lock().unwrap();
    for command in [
        &["apply", "--yes"][..],
        &["destroy", "--yes"],
        &["-c", "alt.json", "apply", "--yes"],
    ] {
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

const UNAPPLIED: &str = r#"{ "project": { "name": "NAME", "backup_pattern": "*.sql" }, "services": { "redis": { "enabled": false } }, "vm": { "box": "bento/ubuntu-22.04", "gui": true } }"#;
const UNAPPLIED_WARNING: &str =
    "warning: Vagrant-only, ignored with the docker provider: vm.box, vm.gui
";
/// What a plan adds: the backup pattern has no database to restore into.
const NOT_PROVIDED: &str = "project.backup_pattern `*.sql`: there is no postgresql or mysql service enabled to restore a backup into, so nothing is restored";

fn assert_exit(output: &std::process::Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        stdout(output),
        stderr(output)
    );
}

#[test_case::test_case(&["--bogus"], "error: unexpected argument '--bogus' found\n\nUsage: vm [OPTIONS] <COMMAND>\n\nFor more information, try '--help'.\n" ; "unknown flag")]
#[test_case::test_case(&["plan", "--out"], "error: a value is required for '--out <FILE>' but none was supplied\n\nFor more information, try '--help'.\n" ; "missing value")]
#[test_case::test_case(&["usage", "--by", "bogus"], "error: invalid value 'bogus' for '--by <BY>'\n" ; "bad value")]
#[test_case::test_case(&["exec"], "error: the following required arguments were not provided:\n  <COMMAND>...\n" ; "missing argument")]
#[test_case::test_case(&[], "One declarative vm.json" ; "no command")]
fn usage_errors_exit_one_never_two(args: &[&str], message: &str) {
    let project = Project::new("cli-usage-error", r#"{ "project": { "name": "NAME" } }"#);
    let output = project.run(args);
    assert_exit(&output, 1);
    assert_eq!(stdout(&output), "");
    assert!(stderr(&output).starts_with(message), "{}", stderr(&output));
}

#[test]
fn help_and_version_exit_zero_on_stdout() {
    let project = Project::new("cli-help-exit", "{}");
    for args in [
        &["--help"][..],
        &["help"],
        &["help", "plan"],
        &["plan", "-h"],
    ] {
        let output = project.run(args);
        assert_exit(&output, 0);
        assert!(stdout(&output).contains("Usage: vm"), "{args:?}");
        assert_eq!(stderr(&output), "", "{args:?}");
    }
    let version = project.run(&["--version"]);
    assert_exit(&version, 0);
    assert!(
        stdout(&version).starts_with(&format!("vm {} (", env!("CARGO_PKG_VERSION"))),
        "{}",
        stdout(&version)
    );
}

#[test]
fn plan_out_never_overwrites_its_configuration() {
    let project = Project::new("cli-out-config", r#"{ "project": { "name": "NAME" } }"#);
    let config = project.dir().join("vm.json");
    let before = std::fs::read(&config).unwrap();
    std::os::unix::fs::symlink("vm.json", project.dir().join("link.json")).unwrap();
    std::fs::create_dir(project.dir().join("sub")).unwrap();
    let cases: [(&[&str], &str, &str); 4] = [
        (&["plan", "--out", "vm.json"], "vm.json", "vm plan"),
        (
            &["plan", "--destroy", "--out", "sub/../vm.json"],
            "sub/../vm.json",
            "vm plan --destroy",
        ),
        (&["plan", "--out", "link.json"], "link.json", "vm plan"),
        (
            &["-c", "link.json", "plan", "--json", "--out", "./vm.json"],
            "./vm.json",
            "vm plan",
        ),
    ];
    for (args, shown, replan) in cases {
        let output = project.run(args);
        assert_exit(&output, 1);
        assert_eq!(stdout(&output), "", "{args:?}");
        assert!(
            stderr(&output).contains(&format!(
                "{shown} is the configuration the plan is made from: vm plan --out will not overwrite it\n  help: nothing was written; save the plan to another file, e.g. `{replan} --out tfplan`\n"
            )),
            "{}",
            stderr(&output)
        );
        assert_eq!(std::fs::read(&config).unwrap(), before, "{args:?}");
    }

    // Another configuration file is protected just the same; the hint names neither it nor vm.json.
    std::fs::write(project.dir().join("tfplan"), "notes\n").unwrap();
    std::fs::copy(&config, project.dir().join("sub/dev.json")).unwrap();
    let output = project.run(&["-c", "sub/dev.json", "plan", "--out", "sub/dev.json"]);
    assert_exit(&output, 1);
    assert!(
        stderr(&output).contains(
            "sub/dev.json is the configuration the plan is made from: vm plan --out will not overwrite it\n  help: nothing was written; save the plan to another file, e.g. `vm plan --out vm.tfplan`\n"
        ),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read(project.dir().join("sub/dev.json")).unwrap(),
        before
    );
}

#[test]
fn plan_out_never_overwrites_a_file_that_is_not_a_saved_plan() {
    let project = Project::new("cli-out-other", r#"{ "project": { "name": "NAME" } }"#);
    std::fs::write(project.dir().join("notes.txt"), "mine\n").unwrap();
    std::fs::write(project.dir().join("old.json"), r#"{ "format_version": 0 }"#).unwrap();
    std::fs::write(project.dir().join("tfplan"), "not a plan\n").unwrap();
    std::fs::create_dir(project.dir().join("plans")).unwrap();
    let cases = [
        (
            "notes.txt",
            "it is not JSON (expected value at line 1 column 1)",
        ),
        (
            "old.json",
            "its format_version is 0, and this vm reads format_version 1",
        ),
        ("plans", "it is a directory"),
        ("vm.schema.json", "it has no format_version"),
    ];
    std::fs::write(
        project.dir().join("vm.schema.json"),
        project.run(&["schema"]).stdout,
    )
    .unwrap();
    for (file, detail) in cases {
        let before = std::fs::read(project.dir().join(file)).ok();
        let output = project.run(&["plan", "--out", file]);
        assert_exit(&output, 1);
        assert_eq!(stdout(&output), "");
        assert_eq!(
            stderr(&output),
            format!(
                "  × {file} exists and is not a saved plan, so vm plan --out will not overwrite it: {detail}\n  help: nothing was written; --out replaces only a plan saved earlier: move the file away, or save the plan to another file, e.g. `vm plan --out vm.tfplan`\n\n"
            )
        );
        assert_eq!(std::fs::read(project.dir().join(file)).ok(), before);
    }
    assert!(project.dir().join("plans").is_dir());
}

#[test]
fn init_honours_config_and_names_the_project_after_that_files_directory() {
    let project = Project::new("cli-init-c", "{}");
    std::fs::remove_file(project.dir().join("vm.json")).unwrap();
    let sub = project.dir().join("my app");
    std::fs::create_dir(&sub).unwrap();
    let output = project.run(&["-c", "my app/dev.json", "init"]);
    assert_exit(&output, 0);
    let dir = project.dir().canonicalize().unwrap();
    assert_eq!(
        stdout(&output),
        format!(
            "Wrote {dir}/my app/dev.json.\nWrote {dir}/my app/vm.schema.json for editors to validate and complete dev.json.\nNext: `vm -c 'my app/dev.json' plan` shows the machine it describes.\n",
            dir = dir.display()
        )
    );
    assert!(!project.dir().join("vm.json").exists());
    let written = std::fs::read_to_string(sub.join("dev.json")).unwrap();
    assert!(written.contains("\"name\": \"my-app\""), "{written}");
    assert_eq!(
        std::fs::read_to_string(sub.join("vm.schema.json")).unwrap(),
        std::fs::read_to_string("schema/vm.schema.json").unwrap()
    );
    assert_exit(&project.run(&["-c", "my app/dev.json", "validate"]), 0);

    std::fs::write(sub.join("dev.json"), "mine").unwrap();
    let again = project.run(&["-c", "my app/dev.json", "init"]);
    assert_exit(&again, 1);
    assert_eq!(stdout(&again), "");
    assert!(
        stderr(&again).contains(&format!(
            "× {}/my app/dev.json already exists\n",
            dir.display()
        )),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        std::fs::read_to_string(sub.join("dev.json")).unwrap(),
        "mine"
    );
}

#[test]
fn init_says_when_it_keeps_an_existing_schema() {
    let project = Project::new("cli-init-kept", "{}");
    std::fs::remove_file(project.dir().join("vm.json")).unwrap();
    std::fs::write(project.dir().join("vm.schema.json"), "{}").unwrap();
    let output = project.run(&["init"]);
    assert_exit(&output, 0);
    let dir = project.dir().canonicalize().unwrap();
    assert_eq!(
        stdout(&output),
        format!(
            "Wrote {dir}/vm.json.\nKept {dir}/vm.schema.json, which already exists: `vm schema > {dir}/vm.schema.json` replaces it with this vm's schema.\nNext: `vm plan` shows the machine it describes.\n",
            dir = dir.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(project.dir().join("vm.schema.json")).unwrap(),
        "{}"
    );
}

#[test]
fn validate_warns_once_about_settings_vm_does_not_apply_yet() {
    let project = Project::new("cli-unapplied", UNAPPLIED);
    let output = project.run(&["validate"]);
    assert_exit(&output, 0);
    assert!(stdout(&output).ends_with("vm.json is valid.\n"));
    assert_eq!(
        stderr(&output),
        format!("{UNAPPLIED_WARNING}warning: {NOT_PROVIDED}\n")
    );

    project.write_config(
        r#"{ "provider": "vagrant", "project": { "name": "NAME" }, "vm": { "image": "debian:12", "box": "debian/bookworm64" } }"#,
    );
    let vagrant = project.run(&["validate"]);
    assert_exit(&vagrant, 0);
    assert_eq!(
        stderr(&vagrant),
        "warning: Docker-only, ignored with the vagrant provider unless vagrant.provider is docker: vm.image\n"
    );

    project.write_config(r#"{ "project": { "name": "NAME" }, "claude_sync": true }"#);
    let quiet = project.run(&["validate"]);
    assert_exit(&quiet, 0);
    assert_eq!(stderr(&quiet), "");
}

#[test]
fn plan_and_apply_warn_about_settings_vm_does_not_apply_yet() {
    if !docker_engine() {
        return;
    }
    let project = Project::new("cli-unapplied-plan", UNAPPLIED);
    let plan = project.run(&["plan", "--detailed-exitcode"]);
    assert_exit(&plan, 2);
    let to_add = 2 + crate::common::bare_machine_extras();
    assert!(stdout(&plan).contains(&format!(
        "Plan: {to_add} to add, 0 to change, 0 to destroy.\n"
    )));
    let plan_warnings = format!("{UNAPPLIED_WARNING}warning: {NOT_PROVIDED}\n");
    assert_eq!(stderr(&plan), plan_warnings);

    let json = project.run(&["plan", "--json"]);
    assert_exit(&json, 0);
    let document: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(document["summary"]["add"], to_add);
    assert_eq!(stderr(&json), plan_warnings);
    assert_eq!(
        document["warnings"],
        serde_json::json!([
            {
                "kind": "vagrant_only",
                "keys": ["vm.box", "vm.gui"],
                "message": "Vagrant-only, ignored with the docker provider: vm.box, vm.gui"
            },
            { "kind": "not_provided", "message": NOT_PROVIDED }
        ])
    );
    let destroy_json = project.run(&["plan", "--destroy", "--json"]);
    assert_exit(&destroy_json, 0);
    let document: serde_json::Value = serde_json::from_slice(&destroy_json.stdout).unwrap();
    assert_eq!(document["warnings"], serde_json::json!([]));

    let apply = project.run(&["apply", "--yes"]);
    assert_exit(&apply, 0);
    assert_eq!(stderr(&apply), plan_warnings);
    let again = project.run(&["apply", "--yes"]);
    assert_exit(&again, 0);
    assert_eq!(stdout(&again), "No changes. The machine matches vm.json.\n");
    assert_eq!(stderr(&again), plan_warnings);

    // Removing the machine applies no settings, so there is nothing to warn about.
    let destroy = project.run(&["destroy", "--yes"]);
    assert_exit(&destroy, 0);
    assert_eq!(stderr(&destroy), "");
}

#[test]
fn destroy_with_nothing_to_destroy_says_so_as_terraform_does() {
    if !docker_engine() {
        return;
    }
    let project = Project::new(
        "cli-destroy-nothing",
        r#"{ "project": { "name": "NAME" }, "claude_sync": true }"#,
    );
    for args in [
        &["plan", "--destroy"][..],
        &["plan", "--destroy", "--detailed-exitcode"],
        &["destroy"],
        &["destroy", "--yes"],
    ] {
        let output = project.run(args);
        assert_exit(&output, 0);
        assert_eq!(
            stdout(&output),
            "No objects need to be destroyed.\n",
            "{args:?}"
        );
        assert_eq!(stderr(&output), "", "{args:?}");
    }
    // Kept host data is not something to destroy either.
    assert_exit(&project.run(&["apply", "--yes"]), 0);
    assert_exit(&project.run(&["destroy", "--yes"]), 0);
    assert!(project.claude_dir().is_dir());
    let output = project.run(&["destroy"]);
    assert_exit(&output, 0);
    assert_eq!(stdout(&output), "No objects need to be destroyed.\n");
}

#[test]
fn destroy_asks_as_terraform_does_and_apply_asks_as_before() {
    if !docker_engine() {
        return;
    }
    let project = Project::new("cli-destroy-ask", r#"{ "project": { "name": "NAME" } }"#);
    let Some((code, shown)) = run_on_terminal(&project, "apply", "no\n") else {
        return;
    };
    assert_eq!(code, 1, "{shown}");
    let to_add = 2 + crate::common::bare_machine_extras();
    assert!(
        shown.contains(&format!(
            "Plan: {to_add} to add, 0 to change, 0 to destroy.\n\nDo you want to perform these actions?\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: "
        )),
        "{shown}"
    );
    assert!(
        shown.contains("vm apply cancelled: nothing was changed"),
        "{shown}"
    );

    assert_exit(&project.run(&["apply", "--yes"]), 0);
    let (code, shown) = run_on_terminal(&project, "destroy", "no\n").unwrap();
    assert_eq!(code, 1, "{shown}");
    assert!(
        shown.contains(
            "Plan: 0 to add, 0 to change, 2 to destroy.\n\nDo you really want to destroy the machine?\n  vm will destroy it as shown above; host data directories are kept.\n  Only 'yes' will be accepted to confirm.\n\n  Enter a value: "
        ),
        "{shown}"
    );
    assert!(
        shown.contains("vm destroy cancelled: nothing was changed"),
        "{shown}"
    );
    let running = crate::common::docker(&[
        "inspect",
        "--format",
        "{{.State.Status}}",
        &project.container(),
    ]);
    assert_eq!(stdout(&running).trim(), "running");

    let (code, shown) = run_on_terminal(&project, "destroy", "yes\n").unwrap();
    assert_eq!(code, 0, "{shown}");
    assert!(
        shown.ends_with("\nDestroy complete! Resources: 2 destroyed.\n"),
        "{shown}"
    );
}

/// A vm.json the schema accepted is remembered by hash so that the next command skips the schema check; a changed
/// byte is checked again, and a text the schema refuses is never remembered.
#[test]
fn a_remembered_vm_json_never_hides_an_error_of_an_edited_one() {
    let project = Project::new("accepted", r#"{ "project": { "name": "NAME" } }"#);
    let remembered = project.home().join(".cache/vm/accepted-vm-json");
    let lines = || {
        std::fs::read_to_string(&remembered)
            .unwrap_or_default()
            .lines()
            .count()
    };
    let validate = |expected: i32| {
        let output = project.run_with_env(&["validate"], &[("XDG_CACHE_HOME", "")]);
        assert_eq!(output.status.code(), Some(expected), "{}", stderr(&output));
        output
    };
    validate(0);
    assert_eq!(lines(), 1);
    validate(0);
    assert_eq!(lines(), 1, "the same text is remembered once");
    // Well-formed JSON the schema refuses: the remembered verdict is for another text.
    project.write_config(r#"{ "project": { "name": "NAME" }, "vm": { "cpus": "four" } }"#);
    let refused = validate(1);
    assert!(stderr(&refused).contains("cpus"), "{}", stderr(&refused));
    assert_eq!(lines(), 1, "a refused text is not remembered");
    project.write_config(r#"{ "project": { "name": "NAME" } }"#);
    validate(0);
    assert_eq!(lines(), 1);
}
