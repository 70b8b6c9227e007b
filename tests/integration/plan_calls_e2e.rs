//! A no-op plan asks the engine each thing once, in as few docker calls as docker allows, counted by a stand-in
//! that logs every call whole and runs the real docker.

use crate::common::{
    Project, assert_success, docker_engine, free_port, whole_docker_calls_of_a_no_op_plan,
};

/// The one `docker inspect` among `calls`.
fn inspect_call(calls: &[String]) -> &str {
    calls
        .iter()
        .find(|call| call.starts_with("inspect "))
        .unwrap()
}

fn assert_none_repeated(calls: &[String]) {
    let mut sorted = calls.to_vec();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), calls.len(), "a call was repeated: {calls:?}");
}

fn first_words(calls: &[String]) -> Vec<&str> {
    calls
        .iter()
        .map(|call| call.split(' ').next().unwrap_or_default())
        .collect()
}

/// The first plan after an apply finds the machine by its labels; from then on a plan asks for it while it lists
/// vm's containers: one list, and one inspect of the machine and its image.
#[test]
fn a_no_op_plan_of_a_bare_machine_lists_and_inspects_once() {
    if !docker_engine() {
        return;
    }
    let project = Project::new(
        "plan-calls-bare",
        r#"{ "project": { "name": "NAME" }, "claude_sync": true }"#,
    );
    assert_success(&project.run(&["apply", "--yes"]));
    let first = whole_docker_calls_of_a_no_op_plan(&project);
    assert_none_repeated(&first);
    let calls = whole_docker_calls_of_a_no_op_plan(&project);
    assert_none_repeated(&calls);
    let mut words = first_words(&calls);
    words.sort_unstable();
    assert_eq!(words, ["inspect", "ps"], "{calls:?}");
    let inspect = inspect_call(&calls);
    // The machine and its image.
    assert_eq!(inspect.split(' ').count(), 1 + 2, "{inspect}");
}

/// With services, the one `docker exec` that asks their health (and reads the records) goes with the list and the
/// inspect, which describes the machine, its image and both data volumes at once.
#[test]
fn a_no_op_plan_of_a_machine_with_services_lists_inspects_and_execs_once() {
    if !docker_engine() {
        return;
    }
    let project = Project::new(
        "plan-calls-services",
        &format!(
            r#"{{ "project": {{ "name": "NAME" }},
                 "services": {{ "postgresql": {{ "enabled": true, "port": {} }}, "redis": {{ "enabled": true, "port": {} }} }} }}"#,
            free_port(),
            free_port()
        ),
    );
    assert_success(&project.run(&["apply", "--yes"]));
    let first = whole_docker_calls_of_a_no_op_plan(&project);
    assert_none_repeated(&first);
    let calls = whole_docker_calls_of_a_no_op_plan(&project);
    assert_none_repeated(&calls);
    let mut words = first_words(&calls);
    words.sort_unstable();
    assert_eq!(words, ["exec", "inspect", "ps"], "{calls:?}");
    let inspect = inspect_call(&calls);
    // The machine, its image and the two services' data volumes.
    assert_eq!(inspect.split(' ').count(), 1 + 4, "{inspect}");
}
