//! Observation reads the local engine's API itself: it sees what `docker` sees, and a no-op plan runs `docker`
//! only for what the API is not read for (the exec inside a machine with services).

use crate::common::{
    Project, assert_success, docker_engine, free_port, logged_calls_of_a_no_op_plan, stdout,
};

/// The docker calls of one no-op `vm plan`, with the real docker behind a logging `docker` first on PATH: vm reads
/// the engine as it would for a user.
fn docker_calls_on_path(project: &Project) -> Vec<String> {
    let real_docker = String::from_utf8(
        std::process::Command::new("sh")
            .args(["-c", "command -v docker"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let bin = project.root.path().join("logging-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let on_path = bin.join("docker");
    let _ = std::fs::remove_file(&on_path);
    std::os::unix::fs::symlink(
        std::fs::canonicalize("tests/fault-injection/docker-on-path-that-logs-its-calls").unwrap(),
        &on_path,
    )
    .unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    logged_calls_of_a_no_op_plan(
        project,
        &[("PATH", &path), ("VM_REAL_DOCKER", real_docker.trim())],
    )
}

/// `vm plan --json` read through the engine's API, and again with every read through `docker` (`VM_DOCKER`).
fn plans_both_ways(project: &Project) -> (String, String) {
    let through_api = project.run(&["plan", "--json"]);
    let through_docker = project.run_with_env(&["plan", "--json"], &[("VM_DOCKER", "docker")]);
    for plan in [&through_api, &through_docker] {
        assert_eq!(
            plan.status.code(),
            Some(0),
            "{}",
            crate::common::stderr(plan)
        );
    }
    (stdout(&through_api), stdout(&through_docker))
}

#[test]
fn a_no_op_plan_of_a_bare_machine_runs_no_docker() {
    if !docker_engine() {
        return;
    }
    let project = Project::new(
        "api-bare",
        r#"{ "project": { "name": "NAME" }, "claude_sync": true }"#,
    );
    assert_success(&project.run(&["apply", "--yes"]));
    // The first plan finds the machine by its labels, the next asks for it by id: neither runs docker.
    assert_eq!(docker_calls_on_path(&project), Vec::<String>::new());
    assert_eq!(docker_calls_on_path(&project), Vec::<String>::new());
}

#[test]
fn a_no_op_plan_of_a_machine_with_services_runs_docker_only_to_exec_inside() {
    if !docker_engine() {
        return;
    }
    let project = Project::new(
        "api-services",
        &format!(
            r#"{{ "project": {{ "name": "NAME" }}, "services": {{ "redis": {{ "enabled": true, "port": {} }} }} }}"#,
            free_port()
        ),
    );
    assert_success(&project.run(&["apply", "--yes"]));
    let calls = docker_calls_on_path(&project);
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert!(
        calls[0].starts_with("exec ") && calls[0].ends_with("/usr/local/sbin/vm-health"),
        "{calls:?}"
    );
}

/// Every attribute a plan observed (the machine, its image, a service's data volume), running or stopped, drifted or
/// not, is the same whichever way it was read.
#[test]
fn the_engine_api_sees_what_docker_sees() {
    if !docker_engine() {
        return;
    }
    let project = Project::new(
        "api-same",
        &format!(
            r#"{{ "project": {{ "name": "NAME" }}, "claude_sync": true, "ports": {{ "web": {} }}, "environment": {{ "A": "1" }}, "services": {{ "redis": {{ "enabled": true, "port": {} }} }} }}"#,
            free_port(),
            free_port()
        ),
    );
    assert_success(&project.run(&["apply", "--yes"]));
    let (through_api, through_docker) = plans_both_ways(&project);
    assert!(
        through_api.contains("\"has_changes\": false"),
        "{through_api}"
    );
    assert_eq!(through_api, through_docker);

    // Drifted: the configuration changed, and the machine stopped.
    project.write_config(&format!(
        r#"{{ "project": {{ "name": "NAME" }}, "claude_sync": true, "ports": {{ "web": {} }}, "environment": {{ "A": "2" }}, "services": {{ "redis": {{ "enabled": true, "port": {} }} }} }}"#,
        free_port(),
        free_port()
    ));
    let stop = crate::common::docker(&["stop", "--time", "1", &project.container()]);
    assert!(stop.status.success());
    let (through_api, through_docker) = plans_both_ways(&project);
    assert!(
        through_api.contains("\"has_changes\": true"),
        "{through_api}"
    );
    assert!(through_api.contains("\"before\": \"1\""), "{through_api}");
    assert_eq!(through_api, through_docker);

    // Gone: the machine was removed behind vm's back.
    let remove = crate::common::docker(&["rm", "--force", &project.container()]);
    assert!(remove.status.success());
    let (through_api, through_docker) = plans_both_ways(&project);
    assert!(
        through_api.contains("\"action\": \"create\""),
        "{through_api}"
    );
    assert_eq!(through_api, through_docker);
}
