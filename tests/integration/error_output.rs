//! Errors as `vm` prints them, word for word: no error codes (vm documents none), related errors under their header
//! without miette's empty `Error:` lines, and Docker's failures explained above Docker's own text.

use crate::common::{Project, docker_engine, stderr};

/// Standard error with the scratch project's directory and unique name masked.
fn masked_stderr(project: &Project, output: &std::process::Output) -> String {
    let dir = project.dir().canonicalize().unwrap();
    stderr(output)
        .replace(&dir.display().to_string(), "[DIR]")
        .replace(&project.name, "NAME")
}

#[test]
fn no_config_shows_the_message_and_its_help_without_a_code() {
    let project = Project::new("err-none", "{}");
    std::fs::remove_file(project.dir().join("vm.json")).unwrap();
    let output = project.run(&["plan"]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(masked_stderr(&project, &output));
}

#[test]
fn config_errors_read_as_a_header_then_each_error() {
    let project = Project::new(
        "err-config",
        "{\n  \"project\": { \"name\": \"NAME\" },\n  \"vm\": { \"memroy\": 4096, \"cpus\": 0 }\n}\n",
    );
    let output = project.run(&["validate"]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(masked_stderr(&project, &output));
}

#[test]
fn init_over_an_existing_config_shows_no_code() {
    let project = Project::new("err-exists", r#"{ "project": { "name": "NAME" } }"#);
    let output = project.run(&["init"]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(masked_stderr(&project, &output));
}

#[test]
fn a_daemon_that_does_not_answer_is_named_with_what_to_do() {
    let project = Project::new("err-daemon", r#"{ "project": { "name": "NAME" } }"#);
    let output = project.run_with_env(
        &["plan"],
        &[("DOCKER_HOST", "unix:///nonexistent/docker.sock")],
    );
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(masked_stderr(&project, &output));
}

#[test]
fn a_host_port_in_use_is_named_with_what_to_do() {
    if !docker_engine() {
        return;
    }
    let holder = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = holder.local_addr().unwrap().port();
    let project = Project::new(
        "err-port",
        &format!(r#"{{ "project": {{ "name": "NAME" }}, "ports": {{ "web": {port} }} }}"#),
    );
    // Found before anything is made.
    let output = project.run(&["apply", "--yes"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains(&format!(
            "127.0.0.1:{port} is already taken, by another program on this host"
        )),
        "{message}"
    );
    drop(holder);

    // Taken between the plan and `docker start`: Docker's words, explained.
    let stand_in =
        std::fs::canonicalize("tests/fault-injection/docker-that-fails-to-start").unwrap();
    let output = project.run_with_env(
        &["apply", "--yes"],
        &[("VM_DOCKER", stand_in.to_str().unwrap())],
    );
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.starts_with(&format!(
            "  × docker_container.{}: creating failed: ",
            project.container()
        )),
        "{message}"
    );
    assert!(
        message.contains("is already in use by another program or container: stop it"),
        "{message}"
    );
    assert!(
        message.contains("docker said: Error response from daemon: driver failed programming external connectivity: port is already allocated"),
        "{message}"
    );
}

#[test]
fn an_image_that_cannot_be_had_is_named_with_what_to_do() {
    if !docker_engine() {
        return;
    }
    let project = Project::new(
        "err-image",
        r#"{ "project": { "name": "NAME" }, "vm": { "image": "vm-no-such-image:latest" } }"#,
    );
    let output = project.run(&["apply", "--yes"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    // Without a network the registry cannot be reached; with one, it has no such image. Either way: `vm.image`.
    assert!(
        message.contains("help: the image vm-no-such-image:latest does not exist")
            || message.contains(
                "help: the image is not on this engine, and its registry cannot be reached"
            ),
        "{message}"
    );
    assert!(message.contains("`vm.image`"), "{message}");
    // Docker's own words follow: the pull's, or those of the build of the machine's image from it.
    assert!(message.contains("docker said: "), "{message}");
    assert!(message.contains("vm-no-such-image:latest"), "{message}");
}

/// A host port taken, found before anything is made, is what only apply refuses: validate, plan (text, `--json`, `--out`) and status report it as a
/// warning and succeed; `vm apply` and `vm apply FILE` refuse, changing nothing.
#[test]
fn a_host_port_in_use_is_a_warning_for_read_only_commands_and_an_error_for_apply() {
    if !docker_engine() {
        return;
    }
    let holder = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = holder.local_addr().unwrap().port();
    let project = Project::new(
        "warn-port",
        &format!(r#"{{ "project": {{ "name": "NAME" }}, "ports": {{ "web": {port} }} }}"#),
    );
    let warning = format!(
        "warning: 127.0.0.1:{port} is already taken, by another program on this host: `vm apply` refuses to start until it is free\n"
    );
    for command in [
        &["validate"][..],
        &["plan"],
        &["plan", "--json"],
        &["status"],
        &["plan", "--out", "tfplan"],
    ] {
        let output = project.run(command);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{command:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).starts_with(&warning),
            "{command:?}: {}",
            stderr(&output)
        );
        if command == ["plan", "--json"] {
            let document: serde_json::Value =
                serde_json::from_slice(&output.stdout).expect("one JSON document");
            let warnings = document["warnings"].as_array().unwrap();
            assert!(
                warnings.contains(&serde_json::json!({
                    "kind": "would_stop_an_apply",
                    "message": warning.trim_start_matches("warning: ").trim_end(),
                })),
                "{warnings:?}"
            );
        }
    }
    let refused =
        format!("  × 127.0.0.1:{port} is already taken, by another program on this host\n");
    for command in [&["apply", "--yes"][..], &["apply", "tfplan"]] {
        let output = project.run(command);
        assert_eq!(output.status.code(), Some(1), "{command:?}");
        assert!(
            stderr(&output).contains(&refused),
            "{command:?}: {}",
            stderr(&output)
        );
    }
    assert_eq!(
        project.labelled_containers(),
        Vec::<String>::new(),
        "nothing was made"
    );
    // A destroy publishes nothing: no warning.
    let destroy_plan = project.run(&["plan", "--destroy"]);
    assert_eq!(destroy_plan.status.code(), Some(0));
    assert_eq!(stderr(&destroy_plan), "");
    drop(holder);
    let freed = project.run(&["plan"]);
    assert_eq!(freed.status.code(), Some(0));
    assert_eq!(stderr(&freed), "", "no warning once the port is free");
}
