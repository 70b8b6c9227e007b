//! Languages and packages from vm.json, built into the machine's image: node and python run a one-liner, the
//! npm and pip packages asked for are there, and one more npm package is installed in the running machine.

use std::path::Path;
use std::process::Command;

use crate::plan::PlanKind;
use crate::provider::docker::labels;
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

/// Certificate authorities the host trusts besides the system's, as behind a TLS-inspecting proxy.
const LOCAL_AUTHORITIES: &str = "/usr/local/share/ca-certificates";

/// The machine's base image: `vm-base:latest`, or, where the host trusts local certificate authorities, that image
/// trusting them too, since the build's downloads (node, npm, pip) go through the same proxy. A user behind such
/// a proxy sets `vm.image` the same way. Debian's ca-certificates, which provisioning installs, adds them to the
/// system's store; node reads its own unless pointed at that one. The image carries the test's labels, so its
/// cleanup removes it.
fn base_image(ctx: &mut TestContext, project: &str) -> Result<String, TestFailure> {
    let authorities: Vec<_> = std::fs::read_dir(LOCAL_AUTHORITIES)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|extension| extension == "crt"))
                .collect()
        })
        .unwrap_or_default();
    if authorities.is_empty() {
        return Ok(crate::config::DEFAULT_IMAGE.to_owned());
    }
    let context = ctx.dir.join("base-image");
    std::fs::create_dir_all(&context)?;
    for authority in &authorities {
        let name = authority.file_name().unwrap_or_default();
        std::fs::copy(authority, context.join(name))?;
    }
    std::fs::write(
        context.join("Dockerfile"),
        format!(
            "FROM {}\nCOPY *.crt {LOCAL_AUTHORITIES}/\nENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt\n",
            crate::config::DEFAULT_IMAGE
        ),
    )?;
    let image = format!("{project}-base:latest");
    ctx.log(format!(
        "the host trusts local certificate authorities: the machine is built on {image}"
    ));
    build(ctx, &context, &image, project)?;
    Ok(image)
}

fn build(ctx: &mut TestContext, context: &Path, image: &str, project: &str) -> TestResult {
    ctx.run(
        Command::new("docker")
            .args(["build", "--quiet", "--tag", image, "--label"])
            .arg(format!("{}={}", labels::TEST_RUN, ctx.run.run_id))
            .arg("--label")
            .arg(format!("{}={project}", labels::BUILT_FOR))
            .arg(context),
    )?
    .ensure_success()
}

fn node_python_and_their_packages(ctx: &mut TestContext) -> TestResult {
    let project = ctx.project("{}")?;
    ctx.remove_machines_when_done(&project);
    let image = base_image(ctx, &project.name)?;
    let config = |npm: &str| {
        format!(
            r#"{{
  "project": {{ "name": "NAME" }},
  "vm": {{ "memory": 1024, "cpus": 1, "image": "{image}" }},
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
