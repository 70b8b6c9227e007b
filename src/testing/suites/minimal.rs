//! The smallest vm.json, end to end on the Docker engine: plan, apply, a command in the machine, destroy.

use std::process::Command;

use crate::plan::{Action, PlanKind};
use crate::provider::docker::labels;
use crate::testing::{Requirement, Suite, TestCase, TestContext, TestResult, ensure, ensure_eq};

pub const SUITE: Suite = Suite {
    name: "minimal",
    description: "a minimal vm.json applies, the machine runs, a command runs in it, destroy removes it",
    tests,
};

/// The least a user writes, with small limits so that tests running side by side fit on a small machine.
pub const MINIMAL: &str = r#"{
  "project": { "name": "NAME" },
  "vm": { "memory": 512, "cpus": 1 }
}"#;

fn tests() -> Vec<TestCase> {
    vec![TestCase::new(
        "minimal",
        "apply_run_destroy",
        Requirement::DockerEngine,
        apply_run_destroy,
    )]
}

fn apply_run_destroy(ctx: &mut TestContext) -> TestResult {
    let project = ctx.project(MINIMAL)?;
    let planned = project.plan(ctx, PlanKind::Apply)?;
    let actions: Vec<(String, Action)> = planned
        .plan
        .changes
        .iter()
        .map(|change| (change.resource.to_string(), change.action))
        .collect();
    // Behind a TLS-inspecting proxy the machine has an image of its own: the trust stage.
    let own_image = crate::testing::bare_machines_have_an_image();
    let mut expected = vec![("mount.workspace".to_owned(), Action::Create)];
    if own_image {
        expected.push((format!("docker_image.{}", project.name), Action::Create));
    }
    expected.push((
        format!("docker_container.{}-dev", project.name),
        Action::Create,
    ));
    ensure_eq("the plan of a new project", actions, expected)?;
    let summary = project.apply(ctx, PlanKind::Apply)?;
    ensure_eq("resources added", summary.add, 2 + usize::from(own_image))?;
    project.ensure_converged(ctx)?;

    let hello = project.exec(ctx, "echo \"hello from $(id -un) in $(pwd)\"")?;
    hello.ensure_success()?;
    ensure_eq(
        "what the machine said",
        hello.stdout.as_str(),
        "hello from vagrant in /workspace\n",
    )?;
    project.exec(ctx, "exit 7")?.ensure_code(7)?;
    std::fs::write(project.dir.join("from-host.txt"), "written on the host\n")?;
    let workspace = project.exec(ctx, "cat /workspace/from-host.txt")?;
    workspace.ensure_success()?;
    ensure_eq(
        "a file of the project read in the machine",
        workspace.stdout.as_str(),
        "written on the host\n",
    )?;

    project.apply(ctx, PlanKind::Destroy)?;
    let left = ctx.run(Command::new("docker").args([
        "ps",
        "--all",
        "--quiet",
        "--filter",
        &format!("label={}={}", labels::PROJECT, project.name),
    ]))?;
    left.ensure_success()?;
    ensure(left.stdout.trim().is_empty(), || {
        format!("destroy left containers: {}", left.stdout)
    })?;
    let after = project.plan(ctx, PlanKind::Destroy)?;
    ensure(!after.plan.has_changes(), || {
        "a destroy after destroy still has something to do".to_owned()
    })
}
