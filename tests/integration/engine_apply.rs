//! The engine's apply and destroy walks on a fake provider: the order of changes, a failure in the middle, and what
//! the next plan shows afterwards. No Docker.

use std::path::PathBuf;

use test_case::test_case;
use vm::config::{Config, LoadedConfig};
use vm::engine::{ApplyEvent, Project};
use vm::graph::ResourceKind;
use vm::plan::{Plan, PlanKind};
use vm::provider::Providers;

use super::fake_provider::FakeProvider;

const SYNCED: &str = r#"{"project":{"name":"app"},"claude_sync":true}"#;

/// A project whose every resource kind is the fake's.
fn project(config: &str, fake: &FakeProvider) -> Project {
    project_in("/home/dev/app", config, fake)
}

/// The same in `dir`.
fn project_in(dir: &str, config: &str, fake: &FakeProvider) -> Project {
    let config: Config = serde_json::from_str(config).unwrap();
    let providers = Providers::default().register(
        fake.clone(),
        &[
            ResourceKind::HostDir,
            ResourceKind::Mount,
            ResourceKind::DockerContainer,
            ResourceKind::VagrantMachine,
        ],
    );
    Project::compile(
        LoadedConfig {
            config,
            path: PathBuf::from(dir).join("vm.json"),
        },
        crate::common::stable_host(dir, &[]),
        providers,
    )
    .unwrap()
}

/// `resource: action (reason)` per change.
fn decisions(plan: &Plan) -> Vec<String> {
    plan.changes
        .iter()
        .map(|change| {
            format!(
                "{}: {:?} ({})",
                change.resource, change.action, change.reason
            )
        })
        .collect()
}

/// Plans `kind` and carries it out; the events apply reported, or the error.
fn plan_and_apply(project: &Project, kind: PlanKind) -> Result<Vec<ApplyEvent>, String> {
    let planned = project.plan(kind).map_err(|error| error.to_string())?;
    let mut events = Vec::new();
    project
        .apply(&planned.plan, kind, &mut |event| events.push(event))
        .map_err(|error| error.to_string())?;
    Ok(events)
}

#[test]
fn apply_makes_what_is_needed_first_and_a_second_apply_does_nothing() {
    let fake = FakeProvider::default();
    let project = project(SYNCED, &fake);
    plan_and_apply(&project, PlanKind::Apply).unwrap();
    assert_eq!(
        fake.calls(),
        [
            "Create host_dir.claude_data",
            "Create mount.workspace",
            "Create mount.claude_data",
            "Create docker_container.app-dev",
        ]
    );
    let again = project.plan(PlanKind::Apply).unwrap();
    assert!(!again.plan.has_changes(), "{:?}", decisions(&again.plan));
}

#[test]
fn apply_reports_the_changes_it_makes_but_not_the_mounts_made_with_their_machine() {
    let fake = FakeProvider::default();
    let project = project(SYNCED, &fake);
    let events = plan_and_apply(&project, PlanKind::Apply).unwrap();
    let shown: Vec<String> = events
        .iter()
        .map(|event| match event {
            ApplyEvent::Started { resource, action } => format!("start {action:?} {resource}"),
            ApplyEvent::Finished {
                resource, action, ..
            } => format!("done {action:?} {resource}"),
            ApplyEvent::Kept { resource, .. } => format!("kept {resource}"),
            ApplyEvent::Doing { resource, activity } => format!("{resource}: {activity}"),
            ApplyEvent::Completed { summary, .. } => format!("complete +{}", summary.add),
            ApplyEvent::Interrupted { .. } => "interrupted".to_owned(),
        })
        .collect();
    assert_eq!(
        shown,
        [
            "start Create host_dir.claude_data",
            "done Create host_dir.claude_data",
            "start Create docker_container.app-dev",
            "done Create docker_container.app-dev",
            "complete +4",
        ]
    );
}

#[test_case("host_dir.claude_data", &["Create host_dir.claude_data"],
    &["host_dir.claude_data: Create (does not exist)", "mount.workspace: Create (does not exist)",
      "mount.claude_data: Create (does not exist)", "docker_container.app-dev: Create (does not exist)"]
    ; "the first change fails and nothing is made")]
#[test_case("mount.claude_data", &["Create host_dir.claude_data", "Create mount.workspace", "Create mount.claude_data"],
    &["host_dir.claude_data: NoOp (up to date)", "mount.workspace: NoOp (up to date)",
      "mount.claude_data: Create (does not exist)", "docker_container.app-dev: Create (does not exist)"]
    ; "a change in the middle fails and what was done stays done")]
#[test_case("docker_container.app-dev", &["Create host_dir.claude_data", "Create mount.workspace", "Create mount.claude_data", "Create docker_container.app-dev"],
    &["host_dir.claude_data: NoOp (up to date)", "mount.workspace: NoOp (up to date)",
      "mount.claude_data: NoOp (up to date)", "docker_container.app-dev: Create (does not exist)"]
    ; "the last change fails and only the machine is left to make")]
fn a_failure_stops_apply_and_the_next_plan_shows_what_is_left(
    failing: &str,
    calls: &[&str],
    next_plan: &[&str],
) {
    let fake = FakeProvider::default();
    fake.fail_on(failing);
    let project = project(SYNCED, &fake);
    let error = plan_and_apply(&project, PlanKind::Apply).unwrap_err();
    assert!(error.contains(&format!("fake {failing}")), "{error}");
    assert_eq!(fake.calls(), calls);
    let next = project.plan(PlanKind::Apply).unwrap();
    assert_eq!(decisions(&next.plan), next_plan);
}

#[test]
fn a_change_that_forces_replacement_replaces_and_one_that_does_not_updates() {
    let fake = FakeProvider::default();
    plan_and_apply(&project(SYNCED, &fake), PlanKind::Apply).unwrap();
    let bigger = project(
        r#"{"project":{"name":"app"},"claude_sync":true,"vm":{"memory":4096}}"#,
        &fake,
    );
    let planned = bigger.plan(PlanKind::Apply).unwrap();
    assert_eq!(
        decisions(&planned.plan).last().unwrap(),
        "docker_container.app-dev: Update (memory changed)"
    );
    let other_image = project(
        r#"{"project":{"name":"app"},"claude_sync":true,"vm":{"image":"debian:12"}}"#,
        &fake,
    );
    plan_and_apply(&other_image, PlanKind::Apply).unwrap();
    assert_eq!(
        fake.calls().last().unwrap(),
        "Replace docker_container.app-dev"
    );
    assert!(
        !other_image
            .plan(PlanKind::Apply)
            .unwrap()
            .plan
            .has_changes()
    );
}

#[test]
fn destroy_removes_the_machine_before_its_mounts_and_keeps_host_data() {
    let fake = FakeProvider::default();
    let project = project(SYNCED, &fake);
    plan_and_apply(&project, PlanKind::Apply).unwrap();
    let events = plan_and_apply(&project, PlanKind::Destroy).unwrap();
    assert_eq!(
        &fake.calls()[4..],
        [
            "Delete docker_container.app-dev",
            "Delete mount.claude_data",
            "Delete mount.workspace",
        ]
    );
    assert!(events.iter().any(|event| matches!(
        event,
        ApplyEvent::Kept { resource, .. } if resource.to_string() == "host_dir.claude_data"
    )));
    let after = project.plan(PlanKind::Destroy).unwrap();
    assert_eq!(
        decisions(&after.plan),
        ["host_dir.claude_data: Keep (host data is kept: vm destroy never deletes it)"]
    );
    assert!(!after.plan.has_changes());
}

#[test]
fn a_failed_change_names_the_log_of_what_its_tool_printed_and_apply_reports_what_it_was_doing() {
    let dir = tempfile::tempdir().unwrap();
    let fake = FakeProvider::default();
    fake.world.lock().unwrap().prints = vec!["Step 1/2 : FROM vm-base:latest".to_owned()];
    fake.fail_on("docker_container.app-dev");
    let project = project_in(dir.path().to_str().unwrap(), SYNCED, &fake);
    let planned = project.plan(PlanKind::Apply).unwrap();
    let mut doing = Vec::new();
    let error = project
        .apply(&planned.plan, PlanKind::Apply, &mut |event| {
            if let ApplyEvent::Doing { resource, activity } = event {
                doing.push(format!("{resource}: {activity}"));
            }
        })
        .unwrap_err();
    assert!(
        doing.contains(&"docker_container.app-dev: working on docker_container.app-dev".to_owned()),
        "{doing:?}"
    );
    let vm::error::Error::Change { log: Some(log), .. } = &error else {
        panic!("no log named: {error:?}");
    };
    assert_eq!(log.parent().unwrap(), dir.path().join(".vm/logs"));
    let text = std::fs::read_to_string(log).unwrap();
    assert!(
        text.contains("--- docker_container.app-dev: Creating ("),
        "{text}"
    );
    assert!(text.contains("Step 1/2 : FROM vm-base:latest"), "{text}");
    let help = miette::Diagnostic::help(&error).unwrap().to_string();
    assert!(
        help.ends_with(&format!(
            "the whole output of this step is in {}",
            log.display()
        )),
        "{help}"
    );
}

#[test]
fn an_apply_that_succeeds_leaves_no_log() {
    let dir = tempfile::tempdir().unwrap();
    let fake = FakeProvider::default();
    fake.world.lock().unwrap().prints = vec!["Step 1/2 : FROM vm-base:latest".to_owned()];
    let project = project_in(dir.path().to_str().unwrap(), SYNCED, &fake);
    plan_and_apply(&project, PlanKind::Apply).unwrap();
    assert!(!dir.path().join(".vm").exists());
}
