//! A machine's whole life: create, a no-op re-apply, change and converge, drift, destroy, re-create with the Claude
//! data kept, and claude_sync on each provider that is here (Docker, and Vagrant on its docker backend).

use std::process::Command;

use crate::plan::{Action, Change, PlanKind, Reason};
use crate::provider::docker::labels;
use crate::testing::{
    Requirement, Suite, TestCase, TestContext, TestFailure, TestProject, TestResult, ensure,
    ensure_eq,
};

pub const SUITE: Suite = Suite {
    name: "lifecycle",
    description: "create, no-op re-apply, change and converge, drift, destroy, re-create keeping Claude data, claude_sync per provider",
    tests,
};

const DOCKER: &str = r#"{
  "project": { "name": "NAME" },
  "vm": { "memory": 512, "cpus": 1 },
  "environment": { "GREETING": "hello" },
  "claude_sync": true
}"#;

const VAGRANT: &str = r#"{
  "provider": "vagrant",
  "vagrant": { "provider": "docker" },
  "project": { "name": "NAME" },
  "vm": { "memory": 512, "cpus": 1 },
  "claude_sync": true
}"#;

fn tests() -> Vec<TestCase> {
    let test = |name, needs, body: fn(&mut TestContext) -> TestResult| {
        TestCase::new("lifecycle", name, needs, body)
    };
    vec![
        // Alone: `vagrant up` on the docker backend inspects every container on the engine one by one, and fails
        // when another test removes one in between.
        test(
            "claude_sync_on_vagrant",
            Requirement::Vagrant,
            claude_sync_on_vagrant,
        )
        .alone(),
        test(
            "create_then_reapply_is_a_no_op",
            Requirement::DockerEngine,
            create_then_reapply_is_a_no_op,
        ),
        test(
            "a_change_converges",
            Requirement::DockerEngine,
            a_change_converges,
        ),
        test(
            "drift_is_planned_and_repaired",
            Requirement::DockerEngine,
            drift_is_planned_and_repaired,
        ),
        test(
            "claude_sync_on_docker_survives_destroy",
            Requirement::DockerEngine,
            claude_sync_on_docker_survives_destroy,
        ),
    ]
}

/// The planned change of the machine.
fn machine_change(ctx: &mut TestContext, project: &TestProject) -> Result<Change, TestFailure> {
    let planned = project.plan(ctx, PlanKind::Apply)?;
    planned
        .plan
        .changes
        .into_iter()
        .find(|change| change.resource.kind.is_machine())
        .ok_or_else(|| TestFailure::new("the plan has no machine"))
}

/// The Docker id of the project's container, found by this run's label.
fn container_id(ctx: &mut TestContext, project: &TestProject) -> Result<String, TestFailure> {
    let listed = ctx.run(Command::new("docker").args([
        "ps",
        "--all",
        "--quiet",
        "--filter",
        &format!("label={}={}", labels::TEST_RUN, ctx.run.run_id),
        "--filter",
        &format!("label={}={}", labels::PROJECT, project.name),
    ]))?;
    listed.ensure_success()?;
    let ids: Vec<&str> = listed.stdout.split_whitespace().collect();
    match ids.as_slice() {
        [id] => Ok((*id).to_owned()),
        _ => Err(TestFailure::new(format!(
            "expected one container of {}, found {ids:?}",
            project.name
        ))),
    }
}

/// What `script` prints in the machine; fails where it fails.
fn in_machine(
    ctx: &mut TestContext,
    project: &TestProject,
    script: &str,
) -> Result<String, TestFailure> {
    let output = project.exec(ctx, script)?;
    output.ensure_success()?;
    Ok(output.stdout)
}

fn create_then_reapply_is_a_no_op(ctx: &mut TestContext) -> TestResult {
    let project = ctx.project(DOCKER)?;
    let created = project.apply(ctx, PlanKind::Apply)?;
    let own_image = usize::from(crate::testing::bare_machines_have_an_image());
    ensure_eq("resources added", created.add, 4 + own_image)?;
    let again = project.apply(ctx, PlanKind::Apply)?;
    ensure_eq(
        "what a second apply did",
        (again.add, again.change, again.destroy),
        (0, 0, 0),
    )?;
    project.ensure_converged(ctx)?;
    ensure_eq(
        "the machine's greeting",
        in_machine(ctx, &project, "echo \"$GREETING\"")?.as_str(),
        "hello\n",
    )
}

/// Fails unless the machine's next planned change is `action` for `reason`; then applies it and checks that the
/// machine converged.
fn planned_then_converged(
    ctx: &mut TestContext,
    project: &TestProject,
    what: &str,
    action: Action,
    reason: Reason,
) -> TestResult {
    let change = machine_change(ctx, project)?;
    ensure_eq(what, (change.action, change.reason), (action, reason))?;
    project.apply(ctx, PlanKind::Apply)?;
    project.ensure_converged(ctx)
}

fn groups(group: &str) -> Vec<String> {
    vec![group.to_owned()]
}

fn a_change_converges(ctx: &mut TestContext) -> TestResult {
    let project = ctx.project(DOCKER)?;
    project.apply(ctx, PlanKind::Apply)?;

    let more_memory = DOCKER.replace("512", "768");
    project.write_config(ctx, &more_memory)?;
    let in_place = Reason::Changed {
        groups: groups("memory"),
    };
    planned_then_converged(ctx, &project, "a memory change", Action::Update, in_place)?;

    project.write_config(ctx, &more_memory.replace("\"hello\"", "\"bonjour\""))?;
    let replaced = Reason::ForcesReplacement {
        groups: groups("environment"),
    };
    planned_then_converged(
        ctx,
        &project,
        "an environment change",
        Action::Replace,
        replaced,
    )?;
    ensure_eq(
        "the new greeting",
        in_machine(ctx, &project, "echo \"$GREETING\"")?.as_str(),
        "bonjour\n",
    )
}

fn drift_is_planned_and_repaired(ctx: &mut TestContext) -> TestResult {
    let project = ctx.project(DOCKER)?;
    project.apply(ctx, PlanKind::Apply)?;

    let id = container_id(ctx, &project)?;
    ctx.run(Command::new("docker").args(["stop", "--time", "1", &id]))?
        .ensure_success()?;
    let stopped = Reason::Changed {
        groups: groups("state"),
    };
    planned_then_converged(
        ctx,
        &project,
        "a machine stopped behind vm's back",
        Action::Update,
        stopped,
    )?;

    ctx.run(Command::new("docker").args(["rm", "--force", &id]))?
        .ensure_success()?;
    let removed = "a machine removed behind vm's back";
    planned_then_converged(ctx, &project, removed, Action::Create, Reason::Absent)?;
    ensure_eq(
        "the machine answers",
        in_machine(ctx, &project, "echo up")?.as_str(),
        "up\n",
    )
}

/// The Claude data is the host's both ways, and survives destroy and re-creation; `provider` says which.
fn claude_data_lives_on(ctx: &mut TestContext, config: &str) -> TestResult {
    let project = ctx.project(config)?;
    project.apply(ctx, PlanKind::Apply)?;
    project.ensure_converged(ctx)?;
    let claude_dir = project.claude_dir(ctx);

    in_machine(
        ctx,
        &project,
        "echo from-the-machine > ~/.claude/machine.txt",
    )?;
    ensure_eq(
        "the machine's file, on the host",
        std::fs::read_to_string(claude_dir.join("machine.txt"))?.as_str(),
        "from-the-machine\n",
    )?;
    std::fs::write(claude_dir.join("host.txt"), "from-the-host\n")?;
    ensure_eq(
        "the host's file, in the machine",
        in_machine(ctx, &project, "cat ~/.claude/host.txt")?.as_str(),
        "from-the-host\n",
    )?;

    let destroyed = project.apply(ctx, PlanKind::Destroy)?;
    ensure(destroyed.destroy > 0, || {
        "destroy removed nothing".to_owned()
    })?;
    ensure(claude_dir.join("machine.txt").is_file(), || {
        format!("destroy lost the Claude data in {}", claude_dir.display())
    })?;

    project.apply(ctx, PlanKind::Apply)?;
    project.ensure_converged(ctx)?;
    ensure_eq(
        "the Claude data in the re-created machine",
        in_machine(
            ctx,
            &project,
            "cat ~/.claude/machine.txt ~/.claude/host.txt",
        )?
        .as_str(),
        "from-the-machine\nfrom-the-host\n",
    )
}

fn claude_sync_on_docker_survives_destroy(ctx: &mut TestContext) -> TestResult {
    claude_data_lives_on(ctx, DOCKER)
}

fn claude_sync_on_vagrant(ctx: &mut TestContext) -> TestResult {
    claude_data_lives_on(ctx, VAGRANT)
}
