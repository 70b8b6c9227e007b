//! Saved plans: `vm plan --out FILE` and `vm apply FILE` carry out exactly what was reviewed, or refuse and change nothing.

use std::path::PathBuf;
use std::process::Output;

use crate::common::{Project, docker, docker_engine, mode_of, stderr, stdout};

const CLAUDE_SYNC: &str = r#"{ "project": { "name": "NAME" }, "claude_sync": true }"#;
const MORE_MEMORY: &str =
    r#"{ "project": { "name": "NAME" }, "claude_sync": true, "vm": { "memory": 3072 } }"#;
const PLAN_FILE: &str = "tfplan";
const NO_CHANGES: &str = "No changes. The machine matches vm.json.\n";

fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        stdout(output),
        stderr(output)
    );
}

fn saved_line() -> String {
    format!(
        "Saved the plan to {PLAN_FILE}: \"vm apply {PLAN_FILE}\" carries out exactly these actions.\n"
    )
}

fn config_path(project: &Project) -> PathBuf {
    project.dir().canonicalize().unwrap().join("vm.json")
}

fn plan_file(project: &Project) -> PathBuf {
    project.dir().join(PLAN_FILE)
}

fn saved_document(project: &Project) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(plan_file(project)).unwrap()).unwrap()
}

/// The container's id, or "" where there is none.
fn container_id(project: &Project) -> String {
    let output = docker(&[
        "ps",
        "--all",
        "--quiet",
        "--filter",
        &format!("name=^{}$", project.container()),
    ]);
    stdout(&output).trim().to_owned()
}

fn container_memory(project: &Project) -> String {
    let output = docker(&[
        "inspect",
        "--format",
        "{{.HostConfig.Memory}}",
        &project.container(),
    ]);
    stdout(&output).trim().to_owned()
}

fn stale_message(why: &str, replan: &str) -> String {
    format!(
        "the saved plan {PLAN_FILE} is out of date: {why}\n  help: nothing was changed; run `{replan} --out {PLAN_FILE}` again, review the plan, then `vm apply {PLAN_FILE}`"
    )
}

#[test]
fn a_saved_plan_applies_without_asking_and_leaves_nothing_to_do() {
    if !docker_engine() {
        return;
    }
    let project = Project::new("planfile-apply", CLAUDE_SYNC);
    let plan = project.run(&["plan", "--out", PLAN_FILE]);
    assert_exit(&plan, 0);
    let to_add = 4 + crate::common::bare_machine_extras();
    assert!(stdout(&plan).contains(&format!(
        "Plan: {to_add} to add, 0 to change, 0 to destroy.\n"
    )));
    assert!(
        stdout(&plan).ends_with(&format!(
            "Plan: {to_add} to add, 0 to change, 0 to destroy.\n\n{}",
            saved_line()
        )),
        "{}",
        stdout(&plan)
    );
    assert!(!project.claude_dir().exists(), "plan changes nothing");
    assert_eq!(container_id(&project), "");

    let document = saved_document(&project);
    assert_eq!(document["format_version"], 1);
    assert_eq!(document["kind"], "apply");
    assert_eq!(
        document["config_path"],
        config_path(&project).display().to_string()
    );
    assert!(
        document["config_sha256"]
            .as_str()
            .unwrap()
            .starts_with("sha256:")
    );
    assert!(
        document["observed_fingerprint"]
            .as_str()
            .unwrap()
            .starts_with("sha256:")
    );
    assert_eq!(
        document["plan"]["changes"].as_array().unwrap().len() as u64,
        to_add
    );

    // No --yes and no terminal: the saved plan is the approval.
    let apply = project.run(&["apply", PLAN_FILE]);
    assert_exit(&apply, 0);
    assert!(
        stdout(&apply).ends_with(&format!(
            "\nApply complete! Resources: {} added, 0 changed, 0 destroyed.\n",
            4 + crate::common::bare_machine_extras()
        )),
        "{}",
        stdout(&apply)
    );
    assert!(project.claude_dir().is_dir());
    assert_ne!(container_id(&project), "");

    let again = project.run(&["plan"]);
    assert_exit(&again, 0);
    assert_eq!(stdout(&again), NO_CHANGES);

    // Applied once, the plan describes a machine that no longer exists.
    let twice = project.run(&["apply", PLAN_FILE]);
    assert_exit(&twice, 1);
    // Behind a TLS-inspecting proxy the machine has an image of its own, which exists now too.
    let image = if crate::common::host_network_is_built_in() {
        format!("docker_image.{}: exists now; ", project.name)
    } else {
        String::new()
    };
    assert!(
        stderr(&twice).contains(&stale_message(
            &format!("the machine changed since the plan was saved: docker_container.{}: exists now; {image}host_dir.claude_data: exists now; mount.claude_data: exists now; mount.workspace: exists now", project.container()),
            "vm plan"
        )),
        "{}",
        stderr(&twice)
    );
}

#[test]
fn editing_vm_json_after_saving_refuses_the_plan_and_changes_nothing() {
    if !docker_engine() {
        return;
    }
    let project = Project::new("planfile-edit", CLAUDE_SYNC);
    assert_exit(&project.run(&["plan", "--out", PLAN_FILE]), 0);
    project.write_config(MORE_MEMORY);

    let apply = project.run(&["apply", PLAN_FILE]);
    assert_exit(&apply, 1);
    assert_eq!(stdout(&apply), "");
    let why = format!(
        "{} changed since the plan was saved",
        config_path(&project).display()
    );
    assert!(
        stderr(&apply).contains(&stale_message(&why, "vm plan")),
        "{}",
        stderr(&apply)
    );
    assert!(!project.claude_dir().exists());
    assert_eq!(container_id(&project), "");
}

#[test]
fn a_container_removed_behind_vms_back_refuses_the_plan_and_changes_nothing() {
    if !docker_engine() {
        return;
    }
    let project = Project::new("planfile-rm", CLAUDE_SYNC);
    assert_exit(&project.run(&["apply", "--yes"]), 0);
    project.write_config(MORE_MEMORY);
    let plan = project.run(&["plan", "--out", PLAN_FILE]);
    assert_exit(&plan, 0);
    assert!(stdout(&plan).contains("Plan: 0 to add, 1 to change, 0 to destroy."));

    assert!(
        docker(&["rm", "--force", &project.container()])
            .status
            .success()
    );
    let apply = project.run(&["apply", PLAN_FILE]);
    assert_exit(&apply, 1);
    assert_eq!(stdout(&apply), "");
    assert!(
        stderr(&apply).contains(&stale_message(
            &format!("the machine changed since the plan was saved: docker_container.{}: no longer exists; mount.claude_data: no longer exists; mount.workspace: no longer exists", project.container()),
            "vm plan"
        )),
        "{}",
        stderr(&apply)
    );
    assert_eq!(container_id(&project), "", "nothing was re-created");
}

#[test]
fn a_saved_update_changes_exactly_what_it_showed() {
    if !docker_engine() {
        return;
    }
    let project = Project::new("planfile-update", CLAUDE_SYNC);
    assert_exit(&project.run(&["apply", "--yes"]), 0);
    let before = container_id(&project);
    project.write_config(MORE_MEMORY);
    let plan = project.run(&["plan", "--out", PLAN_FILE]);
    assert!(stdout(&plan).contains(r#"~ memory = "2048 MiB" -> "3072 MiB""#));

    let apply = project.run(&["apply", PLAN_FILE]);
    assert_exit(&apply, 0);
    assert!(
        stdout(&apply).ends_with("\nApply complete! Resources: 0 added, 1 changed, 0 destroyed.\n")
    );
    assert_eq!(container_id(&project), before, "updated in place");
    assert_eq!(container_memory(&project), (3072u64 << 20).to_string());
    assert_eq!(stdout(&project.run(&["plan"])), NO_CHANGES);
}

#[test]
fn a_destroy_plan_file_applies_as_a_destroy() {
    if !docker_engine() {
        return;
    }
    let project = Project::new("planfile-destroy", CLAUDE_SYNC);
    assert_exit(&project.run(&["apply", "--yes"]), 0);
    let plan = project.run(&["plan", "--destroy", "--out", PLAN_FILE]);
    assert_exit(&plan, 0);
    assert!(stdout(&plan).contains("Plan: 0 to add, 0 to change, 3 to destroy.\n"));
    assert!(stdout(&plan).ends_with(&saved_line()));
    assert_eq!(saved_document(&project)["kind"], "destroy");
    assert_ne!(container_id(&project), "", "plan changes nothing");

    // A stopped machine is not the one the plan was made against; started again, it is.
    assert!(
        docker(&["stop", "--time", "0", &project.container()])
            .status
            .success()
    );
    let stale = project.run(&["apply", PLAN_FILE]);
    assert_exit(&stale, 1);
    assert!(
        stderr(&stale).contains(&stale_message(
            &format!("the machine changed since the plan was saved: docker_container.{}: state running → exited", project.container()),
            "vm plan --destroy"
        )),
        "{}",
        stderr(&stale)
    );
    assert_ne!(container_id(&project), "");
    assert!(docker(&["start", &project.container()]).status.success());

    // `vm apply FILE` destroys, because the file says so.
    let apply = project.run(&["apply", PLAN_FILE]);
    assert_exit(&apply, 0);
    assert!(
        stdout(&apply).ends_with(
            "\nhost_dir.claude_data: kept (host data is kept: vm destroy never deletes it)\n\nDestroy complete! Resources: 3 destroyed.\n"
        ),
        "{}",
        stdout(&apply)
    );
    assert_eq!(container_id(&project), "");
    assert!(project.claude_dir().is_dir(), "host data is kept");
}

#[test]
fn a_file_that_is_not_a_saved_plan_is_refused_and_changes_nothing() {
    let project = Project::new("planfile-garbage", CLAUDE_SYNC);
    let cases = [
        (
            "garbage\n",
            "it is not JSON (expected value at line 1 column 1)",
        ),
        (r#"{ "changes": [] }"#, "it has no format_version"),
        (
            r#"{ "format_version": 99 }"#,
            "its format_version is 99, and this vm reads format_version 1",
        ),
    ];
    for (content, detail) in cases {
        std::fs::write(plan_file(&project), content).unwrap();
        let apply = project.run(&["apply", PLAN_FILE]);
        assert_exit(&apply, 1);
        assert_eq!(stdout(&apply), "");
        assert!(
            stderr(&apply).contains(&format!(
                "{PLAN_FILE} is not a plan file this vm can apply: {detail}\n  help: nothing was changed; save a plan with `vm plan --out vm.tfplan`, then apply it with `vm apply vm.tfplan`"
            )),
            "{}",
            stderr(&apply)
        );
    }
    let missing = project.run(&["apply", "no-such-plan"]);
    assert_exit(&missing, 1);
    assert!(
        stderr(&missing).contains("could not read no-such-plan"),
        "{}",
        stderr(&missing)
    );
    assert!(!project.claude_dir().exists());
    if docker_engine() {
        assert_eq!(container_id(&project), "");
    }
}

#[test]
fn the_plan_file_is_private_even_over_an_earlier_saved_plan_and_json_stays_parseable() {
    if !docker_engine() {
        return;
    }
    let project = Project::new("planfile-mode", CLAUDE_SYNC);
    assert_exit(&project.run(&["plan", "--destroy", "--out", PLAN_FILE]), 0);
    assert_eq!(saved_document(&project)["kind"], "destroy");
    std::fs::set_permissions(
        plan_file(&project),
        std::os::unix::fs::PermissionsExt::from_mode(0o644),
    )
    .unwrap();

    let plan = project.run(&["plan", "--json", "--detailed-exitcode", "--out", PLAN_FILE]);
    assert_exit(&plan, 2);
    let rendered: serde_json::Value = serde_json::from_slice(&plan.stdout).unwrap();
    assert_eq!(
        rendered["summary"]["add"],
        4 + crate::common::bare_machine_extras()
    );
    assert_eq!(stderr(&plan), saved_line());
    assert_eq!(mode_of(&plan_file(&project)), 0o600);
    assert_eq!(saved_document(&project)["format_version"], 1);
    assert_eq!(
        saved_document(&project)["kind"],
        "apply",
        "the earlier plan was replaced"
    );
    let leftovers: Vec<_> = std::fs::read_dir(project.dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        2,
        "vm.json and the plan only: {leftovers:?}"
    );
}

#[test]
fn a_saved_plan_is_refused_for_another_vm_json() {
    if !docker_engine() {
        return;
    }
    let project = Project::new("planfile-other", CLAUDE_SYNC);
    assert_exit(&project.run(&["plan", "--out", PLAN_FILE]), 0);
    let other = project.root.path().join("other.json");
    std::fs::write(&other, "{}").unwrap();
    let other = other.canonicalize().unwrap();

    let apply = project.run(&["-c", other.to_str().unwrap(), "apply", PLAN_FILE]);
    assert_exit(&apply, 1);
    assert!(
        stderr(&apply).contains(&format!(
            "the saved plan {PLAN_FILE} was made from {}, not {}",
            config_path(&project).display(),
            other.display()
        )),
        "{}",
        stderr(&apply)
    );
    assert_eq!(container_id(&project), "");

    // The same vm.json named another way is fine.
    let same = project.run(&["-c", "./vm.json", "apply", PLAN_FILE]);
    assert_exit(&same, 0);
    assert_ne!(container_id(&project), "", "the saved plan was carried out");
    assert!(project.claude_dir().is_dir());
}

#[test]
fn a_plan_that_vm_would_now_make_differently_is_refused() {
    if !docker_engine() {
        return;
    }
    let project = Project::new("planfile-home", CLAUDE_SYNC);
    assert_exit(&project.run(&["plan", "--out", PLAN_FILE]), 0);

    // Same vm.json, same (empty) machine, but another user's home: the data directory would be elsewhere.
    let other_home = project.root.path().join("other-home");
    std::fs::create_dir(&other_home).unwrap();
    let apply = project.run_with_env(
        &["apply", PLAN_FILE],
        &[("HOME", other_home.to_str().unwrap())],
    );
    assert_exit(&apply, 1);
    assert!(
        stderr(&apply).contains(&stale_message(
            "vm would now plan different actions than the saved ones",
            "vm plan"
        )),
        "{}",
        stderr(&apply)
    );
    assert!(!other_home.join(".claude").exists());
    assert!(!project.claude_dir().exists());
    assert_eq!(container_id(&project), "");
}

#[test]
fn hints_to_save_a_plan_again_never_name_the_configuration() {
    let project = Project::new("planfile-hint", CLAUDE_SYNC);
    let config = project.dir().join("vm.json");

    // vm.json itself is not a plan: the hint saves one elsewhere.
    let apply = project.run(&["apply", "vm.json"]);
    assert_exit(&apply, 1);
    assert!(
        stderr(&apply).contains(
            "vm.json is not a plan file this vm can apply: it has no format_version\n  help: nothing was changed; save a plan with `vm plan --out tfplan`, then apply it with `vm apply tfplan`"
        ),
        "{}",
        stderr(&apply)
    );

    // A plan saved over vm.json (as an older vm allowed) is stale; saving it again there would do the same harm.
    let saved = serde_json::json!({
        "format_version": 1,
        "kind": "apply",
        "vm_version": "0.1.0",
        "config_path": config_path(&project),
        "config_sha256": "sha256:0",
        "observed_fingerprint": "sha256:0",
        "plan": { "changes": [] }
    });
    std::fs::write(&config, saved.to_string()).unwrap();
    let apply = project.run(&["apply", "vm.json"]);
    assert_exit(&apply, 1);
    assert!(
        stderr(&apply).contains(&format!(
            "the saved plan vm.json is out of date: {} changed since the plan was saved\n  help: nothing was changed; run `vm plan --out tfplan` again, review the plan, then `vm apply tfplan`",
            config_path(&project).display()
        )),
        "{}",
        stderr(&apply)
    );
    assert_eq!(std::fs::read_to_string(&config).unwrap(), saved.to_string());
}

#[test]
fn a_saved_destroy_plan_does_not_apply_to_a_machine_made_again_since() {
    if !docker_engine() {
        return;
    }
    let project = Project::new("planfile-remade", CLAUDE_SYNC);
    assert_exit(&project.run(&["apply", "--yes"]), 0);
    assert_exit(&project.run(&["plan", "--destroy", "--out", PLAN_FILE]), 0);

    // Destroyed and made again, identical in every attribute: a different machine all the same.
    assert_exit(&project.run(&["destroy", "--yes"]), 0);
    assert_exit(&project.run(&["apply", "--yes"]), 0);
    let remade = container_id(&project);
    let apply = project.run(&["apply", PLAN_FILE]);
    assert_exit(&apply, 1);
    assert!(
        stderr(&apply).contains(&stale_message(
            &format!(
                "the machine changed since the plan was saved: docker_container.{}: made again",
                project.container()
            ),
            "vm plan --destroy"
        )),
        "{}",
        stderr(&apply)
    );
    assert_eq!(
        container_id(&project),
        remade,
        "the new machine is untouched"
    );
}

/// The refusal names each resource that changed and how, as `vm plan` shows the attribute.
#[test]
fn a_stale_plan_names_what_changed_on_the_machine() {
    if !docker_engine() {
        return;
    }
    let project = Project::new("planfile-drift", CLAUDE_SYNC);
    assert_exit(&project.run(&["apply", "--yes"]), 0);
    project.write_config(MORE_MEMORY);
    let container = format!("docker_container.{}", project.container());

    // Stopped behind vm's back.
    assert_exit(&project.run(&["plan", "--out", PLAN_FILE]), 0);
    assert!(
        docker(&["stop", "--time", "0", &project.container()])
            .status
            .success()
    );
    let stopped = project.run(&["apply", PLAN_FILE]);
    assert_exit(&stopped, 1);
    assert_eq!(stdout(&stopped), "");
    assert_eq!(
        stderr(&stopped),
        format!(
            "  × {}\n\n",
            stale_message(
                &format!(
                    "the machine changed since the plan was saved: {container}: state running → exited"
                ),
                "vm plan"
            )
        )
    );
    assert!(docker(&["start", &project.container()]).status.success());

    // Its memory changed behind vm's back.
    assert_exit(&project.run(&["plan", "--out", PLAN_FILE]), 0);
    assert!(
        docker(&[
            "update",
            "--memory",
            "1g",
            "--memory-swap",
            "1g",
            &project.container()
        ])
        .status
        .success()
    );
    let updated = project.run(&["apply", PLAN_FILE]);
    assert_exit(&updated, 1);
    assert_eq!(
        stderr(&updated),
        format!(
            "  × {}\n\n",
            stale_message(
                &format!(
                    "the machine changed since the plan was saved: {container}: memory 2048 MiB → 1024 MiB"
                ),
                "vm plan"
            )
        )
    );
    assert_eq!(container_memory(&project), (1024u64 << 20).to_string());
}
