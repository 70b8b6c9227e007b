//! The `vm` binary itself, as a user runs it: every command and flag, help texts, exit codes, `--json`,
//! `--detailed-exitcode`, and bad input getting a diagnostic and exit 1.

use std::os::unix::fs::PermissionsExt;

use crate::testing::{
    Requirement, Suite, TestCase, TestContext, TestFailure, TestResult, ensure, ensure_contains,
    ensure_eq,
};

pub const SUITE: Suite = Suite {
    name: "cli",
    description: "every command and flag of the vm binary: help, exit codes, --json, --detailed-exitcode, bad input",
    tests,
};

/// Each command, with the first line of its help.
const COMMANDS: [(&str, &str); 16] = [
    (
        "init",
        "Write a starter vm.json in the current directory (or at -c FILE), and vm.schema.json beside it",
    ),
    (
        "validate",
        "Check vm.json against the schema and the rules the schema cannot express",
    ),
    (
        "schema",
        "Print the JSON Schema of vm.json; it is the same for every configuration file",
    ),
    ("plan", "Show what `vm apply` would do"),
    (
        "apply",
        "Make the machine match vm.json, or carry out a plan saved by `vm plan --out FILE`",
    ),
    (
        "destroy",
        "Remove the machine; host data directories are kept",
    ),
    (
        "prune",
        "Remove the images vm built that no container uses, on the whole engine; no vm.json needed",
    ),
    (
        "status",
        "Show each resource, its state now (STATE), its size (SIZE), and what `vm apply` would do to it (NEXT APPLY)",
    ),
    (
        "ssh",
        "Open a shell in the machine, as its user, in the workspace",
    ),
    (
        "exec",
        "Run one command in the machine and exit with its exit code",
    ),
    (
        "push",
        "Copy this project directory's changes into a machine whose engine cannot see it, as a plan first",
    ),
    (
        "pull",
        "Copy the machine's changes back into this project directory (and its Claude data into ~/.claude/vms)",
    ),
    (
        "forward",
        "Bring the machine's published ports to this host, from a remote engine reached over ssh, until Ctrl-C",
    ),
    (
        "usage",
        "Claude token usage and cost across the machines' synced data",
    ),
    (
        "completions",
        "Print the completion script of a shell, e.g. `vm completions bash > ~/.local/share/bash-completion/completions/vm`",
    ),
    (
        "test",
        "Run vm's own acceptance suites on this machine, to find out whether vm works here",
    ),
];

const MACHINE: &str = r#"{
  "project": { "name": "NAME" },
  "vm": { "memory": 512, "cpus": 1 }
}"#;

fn tests() -> Vec<TestCase> {
    let test = |name, needs, body: fn(&mut TestContext) -> TestResult| {
        TestCase::new("cli", name, needs, body)
    };
    vec![
        test(
            "help_names_every_command",
            Requirement::Nothing,
            help_names_every_command,
        ),
        test(
            "every_command_has_help",
            Requirement::Nothing,
            every_command_has_help,
        ),
        test(
            "version_and_completions",
            Requirement::Nothing,
            version_and_completions,
        ),
        test(
            "bad_input_gets_a_diagnostic_and_exit_1",
            Requirement::Nothing,
            bad_input_gets_a_diagnostic_and_exit_1,
        ),
        test(
            "init_validate_schema",
            Requirement::Nothing,
            init_validate_schema,
        ),
        test(
            "usage_and_test_list_json",
            Requirement::Nothing,
            usage_and_test_list_json,
        ),
        test(
            "plan_json_detailed_exitcode_and_saved_plans",
            Requirement::DockerEngine,
            plan_json_detailed_exitcode_and_saved_plans,
        ),
        test(
            "apply_status_exec_ssh_destroy",
            Requirement::DockerEngine,
            apply_status_exec_ssh_destroy,
        ),
    ]
}

fn help_names_every_command(ctx: &mut TestContext) -> TestResult {
    let help = ctx.vm(&["--help"])?;
    help.ensure_success()?;
    let listed: String = COMMANDS
        .iter()
        .chain(&[(
            "help",
            "Print this message or the help of the given subcommand(s)",
        )])
        .map(|(command, description)| format!("  {command:<12} {description}\n"))
        .collect();
    ensure_contains(
        "vm --help",
        &help.stdout,
        &[
            "Usage: vm [OPTIONS] <COMMAND>\n",
            &format!("Commands:\n{listed}\n"),
            "  -c, --config <FILE>",
        ],
    )?;
    // A bare `vm` is a usage error: it shows the help on standard error and exits 1.
    let bare = ctx.vm(&[])?;
    bare.ensure_code(1)?;
    ensure_contains(
        "vm with no command",
        &bare.stderr,
        &["Usage: vm [OPTIONS] <COMMAND>"],
    )
}

fn every_command_has_help(ctx: &mut TestContext) -> TestResult {
    for (command, description) in COMMANDS {
        let help = ctx.vm(&[command, "--help"])?;
        help.ensure_success()?;
        ensure_eq(
            &format!("the first line of `vm {command} --help`"),
            help.stdout.lines().next(),
            Some(description),
        )?;
        ensure_contains(
            &format!("vm {command} --help"),
            &help.stdout,
            &[&format!("Usage: vm {command}")],
        )?;
    }
    let test_help = ctx.vm(&["test", "--help"])?;
    ensure_contains(
        "vm test --help",
        &test_help.stdout,
        &[
            "--suite <NAME>",
            "--list",
            "--json",
            "--jobs <N>",
            "--artifacts <DIR>",
            "--cleanup",
        ],
    )?;
    let plan_help = ctx.vm(&["plan", "--help"])?;
    ensure_contains(
        "vm plan --help",
        &plan_help.stdout,
        &["--json", "--detailed-exitcode", "--destroy", "--out <FILE>"],
    )?;
    let prune_help = ctx.vm(&["prune", "--help"])?;
    ensure_contains(
        "vm prune --help",
        &prune_help.stdout,
        &["--project <NAME>", "--older-than <DURATION>", "--yes"],
    )?;
    let destroy_help = ctx.vm(&["destroy", "--help"])?;
    ensure_contains(
        "vm destroy --help",
        &destroy_help.stdout,
        &["--images", "--yes"],
    )
}

fn version_and_completions(ctx: &mut TestContext) -> TestResult {
    let version = ctx.vm(&["--version"])?;
    version.ensure_success()?;
    ensure_eq(
        "vm --version",
        version.stdout,
        format!(
            "vm {} ({})\n",
            env!("CARGO_PKG_VERSION"),
            env!("VM_GIT_COMMIT")
        ),
    )?;
    let completions = ctx.vm(&["completions", "bash"])?;
    completions.ensure_success()?;
    ensure_contains("vm completions bash", &completions.stdout, &["_vm()"])?;
    ctx.vm(&["completions", "tcsh-9"])?.ensure_code(1)
}

fn bad_input_gets_a_diagnostic_and_exit_1(ctx: &mut TestContext) -> TestResult {
    let unknown_flag = ctx.vm(&["plan", "--bogus"])?;
    unknown_flag.ensure_code(1)?;
    ensure_contains(
        "an unknown flag",
        &unknown_flag.stderr,
        &["error: unexpected argument '--bogus' found"],
    )?;

    let bad_value = ctx.vm(&["test", "--jobs", "0"])?;
    bad_value.ensure_code(1)?;
    ensure_contains(
        "a bad value",
        &bad_value.stderr,
        &["error: invalid value '0' for '--jobs <N>'"],
    )?;

    let empty = ctx.dir.join("empty");
    std::fs::create_dir_all(&empty)?;
    let no_config = ctx.vm_in(&empty, &["plan"])?;
    no_config.ensure_code(1)?;
    ensure_contains(
        "plan without a vm.json",
        &no_config.stderr,
        &[&format!(
            "no vm.json in {} or any directory above it",
            empty.canonicalize()?.display()
        )],
    )?;

    let project = ctx
        .project("{\n  \"project\": { \"name\": \"NAME\" },\n  \"vm\": { \"memory\": 100 }\n}\n")?;
    let invalid = ctx.vm(&["validate"])?;
    invalid.ensure_code(1)?;
    ensure_contains(
        "an invalid vm.json",
        &invalid.stderr,
        &[
            "`vm.memory` must be at least 512",
            &format!("{}:3:21", project.config_path().display()),
            "100 is too small",
        ],
    )?;

    let unknown_key = ctx.project("{ \"project\": { \"name\": \"NAME\" }, \"servics\": {} }")?;
    let misspelt = ctx.vm(&["-c", &unknown_key.config_path().to_string_lossy(), "plan"])?;
    misspelt.ensure_code(1)?;
    ensure_contains("a misspelt key", &misspelt.stderr, &["servics", "services"])?;

    let unknown_suite = ctx.vm(&["test", "--suite", "nope"])?;
    unknown_suite.ensure_code(1)?;
    ensure_contains(
        "an unknown suite",
        &unknown_suite.stderr,
        &[
            "there is no suite `nope`",
            "the suites are: framework, cli, minimal, services, languages, lifecycle",
        ],
    )
}

fn init_validate_schema(ctx: &mut TestContext) -> TestResult {
    let dir = ctx.dir.join("starter");
    std::fs::create_dir_all(&dir)?;
    ctx.vm_in(&dir, &["init"])?.ensure_success()?;
    ensure(
        dir.join("vm.json").is_file() && dir.join("vm.schema.json").is_file(),
        || "vm init did not write vm.json and vm.schema.json".to_owned(),
    )?;
    let again = ctx.vm_in(&dir, &["init"])?;
    again.ensure_code(1)?;
    let validate = ctx.vm_in(&dir, &["validate"])?;
    validate.ensure_success()?;
    ensure_eq(
        "vm validate",
        validate.stdout,
        format!(
            "{} is valid.\n",
            dir.canonicalize()?.join("vm.json").display()
        ),
    )?;
    let schema = ctx.vm_in(&dir, &["schema"])?;
    schema.ensure_success()?;
    ensure_eq(
        "vm schema against the vm.schema.json vm init wrote",
        schema.stdout.as_str(),
        std::fs::read_to_string(dir.join("vm.schema.json"))?.as_str(),
    )
}

fn usage_and_test_list_json(ctx: &mut TestContext) -> TestResult {
    let usage = ctx.vm(&["usage", "--json"])?;
    usage.ensure_success()?;
    parse_json("vm usage --json", &usage.stdout)?;
    let list = ctx.vm(&["test", "--list", "--json"])?;
    list.ensure_success()?;
    let list = parse_json("vm test --list --json", &list.stdout)?;
    let names: Vec<&str> = list["suites"]
        .as_array()
        .map(|suites| {
            suites
                .iter()
                .filter_map(|suite| suite["name"].as_str())
                .collect()
        })
        .unwrap_or_default();
    ensure_eq(
        "the suites listed",
        names,
        vec![
            "framework",
            "cli",
            "minimal",
            "services",
            "languages",
            "lifecycle",
        ],
    )
}

fn plan_json_detailed_exitcode_and_saved_plans(ctx: &mut TestContext) -> TestResult {
    let project = ctx.project(MACHINE)?;
    ctx.remove_machines_when_done(&project);
    ctx.vm(&["plan", "--detailed-exitcode"])?.ensure_code(2)?;
    let json = ctx.vm(&["plan", "--json"])?;
    json.ensure_success()?;
    let plan = parse_json("vm plan --json", &json.stdout)?;
    ensure_eq(
        "the plan's format version",
        plan["format_version"].as_u64(),
        Some(1),
    )?;

    ctx.vm(&["plan", "--out", "saved.plan"])?.ensure_success()?;
    let mode = std::fs::metadata(ctx.dir.join("saved.plan"))?
        .permissions()
        .mode()
        & 0o777;
    ensure_eq(
        "the saved plan's mode",
        format!("{mode:o}"),
        "600".to_owned(),
    )?;
    let applied = ctx.vm(&["apply", "saved.plan"])?;
    applied.ensure_success()?;
    // Behind a TLS-inspecting proxy, as on many networks, even a bare machine has an image of its own: the trust
    // stage with the host's certificate authorities.
    let added = 2 + usize::from(crate::testing::bare_machines_have_an_image());
    ensure_contains(
        "vm apply saved.plan",
        &applied.stdout,
        &[&format!(
            "Apply complete! Resources: {added} added, 0 changed, 0 destroyed."
        )],
    )?;
    ctx.vm(&["plan", "--detailed-exitcode"])?.ensure_code(0)?;
    let stale = ctx.vm(&["apply", "saved.plan"])?;
    stale.ensure_code(1)?;
    ctx.vm(&["plan", "--destroy", "--detailed-exitcode"])?
        .ensure_code(2)?;
    ctx.vm(&["destroy", "--yes"])?.ensure_success()
}

fn apply_status_exec_ssh_destroy(ctx: &mut TestContext) -> TestResult {
    let project = ctx.project(MACHINE)?;
    ctx.remove_machines_when_done(&project);
    let unapproved = ctx.vm(&["apply"])?;
    unapproved.ensure_code(1)?;
    ensure_contains(
        "vm apply without a terminal or --yes",
        &unapproved.stderr,
        &[
            "vm apply changes the machine and needs a confirmation, but there is no terminal to ask on",
        ],
    )?;
    ctx.vm(&["apply", "--auto-approve"])?.ensure_success()?;
    let labelled = ctx.run(std::process::Command::new("docker").args([
        "ps",
        "--quiet",
        "--filter",
        &format!("label=dev.vm.test={}", ctx.run.run_id),
        "--filter",
        &format!("label=dev.vm.project={}", project.name),
    ]))?;
    ensure_eq(
        "containers of vm apply with this run's label",
        labelled.stdout.lines().count(),
        1,
    )?;
    let nothing = ctx.vm(&["apply", "--yes"])?;
    nothing.ensure_success()?;
    ensure_contains("a second apply", &nothing.stdout, &["No changes."])?;

    let status = ctx.vm(&["status"])?;
    status.ensure_success()?;
    ensure_contains(
        "vm status",
        &status.stdout,
        &[
            &format!("docker_container.{}-dev", project.name),
            "running",
            "up to date",
        ],
    )?;

    let exec = ctx.vm(&[
        "exec",
        "sh",
        "-c",
        "echo \"$0 from $(id -un)\"; exit 3",
        "-x",
    ])?;
    exec.ensure_code(3)?;
    ensure_eq(
        "vm exec's output",
        exec.stdout.as_str(),
        "-x from vagrant\n",
    )?;
    let ssh = ctx.vm(&["ssh"])?;
    ssh.ensure_code(1)?;
    ensure_contains(
        "vm ssh without a terminal",
        &ssh.stderr,
        &["vm ssh needs a terminal, and standard input is not one"],
    )?;

    let destroyed = ctx.vm(&["destroy", "--yes"])?;
    destroyed.ensure_success()?;
    ensure_contains(
        "vm destroy",
        &destroyed.stdout,
        &["Destroy complete! Resources: 2 destroyed."],
    )?;
    let again = ctx.vm(&["destroy", "--yes"])?;
    again.ensure_success()?;
    ensure_eq(
        "a second destroy",
        again.stdout.as_str(),
        "No objects need to be destroyed.\n",
    )
}

fn parse_json(what: &str, text: &str) -> Result<serde_json::Value, TestFailure> {
    serde_json::from_str(text)
        .map_err(|error| TestFailure::new(format!("{what} is not JSON ({error}):\n{text}")))
}
