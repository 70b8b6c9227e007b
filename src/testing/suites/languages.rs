//! Languages and packages from vm.json, built into the machine's image: node and python run a one-liner, the
//! npm and pip packages asked for are there, and one more npm package is installed in the running machine.

use std::process::Command;

use crate::plan::PlanKind;
use crate::testing::{
    Requirement, Suite, TestCase, TestContext, TestFailure, TestResult, ensure_contains, ensure_eq,
};

pub const SUITE: Suite = Suite {
    name: "languages",
    description: "node and python run a one-liner; npm and pip packages are present; one more is installed in place",
    tests,
};

fn tests() -> Vec<TestCase> {
    vec![TestCase::new(
        "languages",
        "node_python_and_their_packages",
        Requirement::DockerEngine,
        node_python_and_their_packages,
    )]
}

fn node_python_and_their_packages(ctx: &mut TestContext) -> TestResult {
    let project = ctx.project("{}")?;
    ctx.remove_machines_when_done(&project);
    let config = |npm: &str| {
        format!(
            r#"{{
  "project": {{ "name": "NAME" }},
  "vm": {{ "memory": 1024, "cpus": 1 }},
  "versions": {{ "node": "22" }},
  "npm_packages": {npm},
  "pip_packages": ["six"]
}}"#
        )
    };
    project.write_config(ctx, &config(r#"["is-number"]"#))?;
    project.apply(ctx, PlanKind::Apply)?;
    project.ensure_converged(ctx)?;

    let node = project.exec(ctx, "node -e 'console.log(6 * 7)'")?;
    node.ensure_success()?;
    ensure_eq("node's answer", node.stdout.as_str(), "42\n")?;
    let python = project.exec(ctx, "python3 -c 'print(6 * 7)'")?;
    python.ensure_success()?;
    ensure_eq("python's answer", python.stdout.as_str(), "42\n")?;

    let npm = project.exec(ctx, "npm ls --global --depth=0")?;
    npm.ensure_success()?;
    ensure_contains("the global npm packages", &npm.stdout, &["is-number@"])?;
    let pip = project.exec(ctx, "python3 -c 'import six; print(six.__name__)'")?;
    pip.ensure_success()?;
    ensure_eq("the pip package", pip.stdout.as_str(), "six\n")?;

    // One more package: the running machine installs it, and is not made again.
    let machine = |ctx: &mut TestContext| -> Result<String, TestFailure> {
        let inspect = ctx.run(Command::new("docker").args([
            "inspect",
            "--format",
            "{{.Id}}",
            &format!("{}-dev", project.name),
        ]))?;
        inspect.ensure_success()?;
        Ok(inspect.stdout)
    };
    let before = machine(ctx)?;
    project.write_config(ctx, &config(r#"["is-number", "is-odd"]"#))?;
    let planned = project.plan(ctx, PlanKind::Apply)?;
    let changing: Vec<String> = planned
        .plan
        .changes
        .iter()
        .filter(|change| change.action.changes_anything())
        .map(|change| change.resource.to_string())
        .collect();
    ensure_eq(
        "what one more npm package changes",
        changing,
        vec![
            format!("docker_image.{}", project.name),
            "packages.npm".to_owned(),
        ],
    )?;
    project.apply(ctx, PlanKind::Apply)?;
    project.ensure_converged(ctx)?;
    ensure_eq("the machine after the change", machine(ctx)?, before)?;
    let npm = project.exec(ctx, "npm ls --global --depth=0")?;
    npm.ensure_success()?;
    ensure_contains(
        "the global npm packages",
        &npm.stdout,
        &["is-number@", "is-odd@"],
    )
}
