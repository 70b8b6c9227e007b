//! `vm prune` and `vm destroy --images` on the real Docker engine. Other tests build images on the same engine at
//! the same time: every removal here is scoped to this test's own projects (`--project`), and what `vm prune`
//! would do engine-wide is only planned, off a terminal, which removes nothing.

use crate::common::{
    Project, assert_success, docker, docker_engine, run_on_terminal, stderr, stdout,
};
use vm::image_cache::render_size;

/// A machine with an image of its own on every host (an alias makes the shell stage), built in a second or two.
const WITH_AN_IMAGE: &str = r#"{ "project": { "name": "NAME" },
  "vm": { "image": "vm-base:latest", "inherit_host_network": false },
  "aliases": { "ll": "ls -l" } }"#;

/// The names of the images vm built for `project`.
fn images_of(project: &Project) -> Vec<String> {
    let listed = docker(&[
        "image",
        "ls",
        "--filter",
        &format!("label=dev.vm.built-for={}", project.name),
        "--format",
        "{{.Repository}}:{{.Tag}}",
    ]);
    assert_success(&listed);
    stdout(&listed).lines().map(str::to_owned).collect()
}

/// The one image vm built for `project`.
fn image_of(project: &Project) -> String {
    let images = images_of(project);
    assert_eq!(images.len(), 1, "{images:?}");
    images[0].clone()
}

fn exists(image: &str) -> bool {
    docker(&["image", "inspect", image]).status.success()
}

/// The size `docker image ls` gives `image`, as vm shows it.
fn shown_size(image: &str) -> String {
    let size = docker(&["image", "inspect", "--format", "{{.Size}}", image]);
    render_size(stdout(&size).trim().parse().unwrap())
}

/// Docker objects a test made by hand, removed when it ends, passed or failed.
struct MadeByHand {
    images: Vec<String>,
    containers: Vec<String>,
}

impl Drop for MadeByHand {
    fn drop(&mut self) {
        if !self.containers.is_empty() {
            let _ = std::process::Command::new("docker")
                .args(["rm", "--force"])
                .args(&self.containers)
                .output();
        }
        if !self.images.is_empty() {
            let _ = std::process::Command::new("docker")
                .args(["image", "rm", "--force"])
                .args(&self.images)
                .output();
        }
    }
}

/// Images vm did not build: a copy of the busybox base under another name, and one built by hand that carries
/// vm's labels for `project` under a name of its own.
fn foreign_images(project: &Project) -> MadeByHand {
    let pid = std::process::id();
    let copy = format!("prune-copy-{pid}:1");
    let labelled = format!("prune-labelled-{pid}:1");
    assert_success(&docker(&["tag", "vm-busybox:latest", &copy]));
    let context = project.root.path().join("foreign");
    std::fs::create_dir_all(&context).unwrap();
    std::fs::write(context.join("Dockerfile"), "FROM vm-busybox:latest\n").unwrap();
    assert_success(&docker(&[
        "build",
        "--quiet",
        "--label",
        &format!("dev.vm.built-for={}", project.name),
        "--label",
        "dev.vm.built-by=vm",
        "--tag",
        &labelled,
        context.to_str().unwrap(),
    ]));
    MadeByHand {
        images: vec![copy, labelled],
        containers: Vec::new(),
    }
}

#[test]
fn prune_removes_an_unused_image_vm_built_and_never_one_a_machine_uses_or_vm_did_not_build() {
    if !docker_engine() {
        return;
    }
    let used = Project::new("prune-used", WITH_AN_IMAGE);
    assert_success(&used.run(&["apply", "--yes"]));
    // A stopped machine still uses its image.
    assert_success(&docker(&["stop", "--time", "1", &used.container()]));
    let unused = Project::new("prune-unused", WITH_AN_IMAGE);
    assert_success(&unused.run(&["apply", "--yes"]));
    assert_success(&unused.run(&["destroy", "--yes"]));
    let (used_image, unused_image) = (image_of(&used), image_of(&unused));
    let foreign = foreign_images(&unused);

    let in_use = used.run(&[
        "prune",
        "--project",
        &used.name,
        "--older-than",
        "0s",
        "--yes",
    ]);
    assert_success(&in_use);
    assert_eq!(
        stdout(&in_use),
        "Nothing to prune.\nKept: 1 image in use (by a container, or an image built on it).\n"
    );
    let recent = unused.run(&["prune", "--project", &unused.name, "--yes"]);
    assert_success(&recent);
    assert_eq!(
        stdout(&recent),
        "Nothing to prune.\nKept: 1 image built within the last 1h (--older-than).\n",
        "an image just built may be about to get its machine"
    );

    // Engine-wide, off a terminal and without --yes: the plan is shown, and nothing is removed.
    let refused = unused.run(&["prune", "--older-than", "0s"]);
    assert_eq!(refused.status.code(), Some(1), "{}", stdout(&refused));
    assert!(
        stderr(&refused).contains(
            "vm prune removes images and needs a confirmation, but there is no terminal to ask on"
        ),
        "{}",
        stderr(&refused)
    );
    let plan = stdout(&refused);
    let row = plan
        .lines()
        .find(|line| line.starts_with(&format!("  {unused_image} ")))
        .unwrap_or_else(|| panic!("no {unused_image} in:\n{plan}"));
    assert_eq!(
        row.split_whitespace().nth(1),
        Some(unused.name.as_str()),
        "{row}"
    );
    assert!(row.ends_with(&shown_size(&unused_image)), "{row}");
    for kept in [&used_image, &foreign.images[0], &foreign.images[1]] {
        assert!(!plan.contains(kept.as_str()), "{kept} in:\n{plan}");
    }
    assert!(plan.contains("Prune: "), "{plan}");
    assert!(exists(&unused_image));

    // On a terminal, only `yes` approves.
    let args = format!("prune --project {} --older-than 0s", unused.name);
    if let Some((code, shown)) = run_on_terminal(&unused, &args, "no\n") {
        assert_eq!(code, 1, "{shown}");
        assert!(
            shown.contains("\nDo you want to remove these images?\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: "),
            "{shown}"
        );
        assert!(
            shown.contains("vm prune cancelled: nothing was changed"),
            "{shown}"
        );
        assert!(exists(&unused_image));
    }

    let pruned = unused.run(&[
        "prune",
        "--project",
        &unused.name,
        "--older-than",
        "0s",
        "--yes",
    ]);
    assert_success(&pruned);
    let shown = stdout(&pruned);
    assert!(
        shown.contains(&format!("{unused_image}: Removed in ")),
        "{shown}"
    );
    assert!(
        shown.contains("\nPrune complete! 1 image removed, "),
        "{shown}"
    );
    assert!(!exists(&unused_image));
    for kept in [&used_image, &foreign.images[0], &foreign.images[1]] {
        assert!(exists(kept), "{kept} was removed");
    }
}

#[test]
fn destroy_with_images_removes_the_projects_images_but_not_one_another_container_uses() {
    if !docker_engine() {
        return;
    }
    let project = Project::new("prune-destroy", WITH_AN_IMAGE);
    assert_success(&project.run(&["apply", "--yes"]));
    let first = image_of(&project);
    project.write_config(&WITH_AN_IMAGE.replace("ls -l", "ls -la"));
    assert_success(&project.run(&["apply", "--yes"]));
    let current: String = images_of(&project)
        .into_iter()
        .find(|image| *image != first)
        .expect("a second build");

    // vm status shows the project's image and its size.
    let status = stdout(&project.run(&["status"]));
    let image_row = status
        .lines()
        .find(|line| line.starts_with(&format!("docker_image.{} ", project.name)))
        .unwrap_or_else(|| panic!("no image row in:\n{status}"));
    assert!(
        image_row.contains(&format!("  present  {}  up to date", shown_size(&current))),
        "{status}"
    );

    // Another project's container runs the current image.
    let neighbour = format!("prune-neighbour-{}", std::process::id());
    let made = MadeByHand {
        images: Vec::new(),
        containers: vec![neighbour.clone()],
    };
    assert_success(&docker(&["create", "--name", &neighbour, &current, "true"]));
    let destroy = project.run(&["destroy", "--images", "--yes"]);
    assert_success(&destroy);
    let shown = stdout(&destroy);
    crate::common::assert_contains_all(
        &shown,
        &[
            &format!(
                "  # docker_image.{} will be kept\n  # (in use by {neighbour}: vm never removes an image in use)\n",
                project.name
            ),
            "With --images, the project's images go too, once the machine is gone:\n",
            &format!("  {first}  {}  ", project.name),
            "Images: 1 to remove, ",
            "Kept: 1 image in use (by a container, or an image built on it).\n",
            &format!("{first}: Removed in "),
            "\nImages: 1 image removed, ",
        ],
    );
    assert!(!exists(&first));
    assert!(exists(&current));

    drop(made);
    let again = project.run(&["destroy", "--images", "--yes"]);
    assert_success(&again);
    crate::common::assert_contains_all(
        &stdout(&again),
        &[
            &format!("  # docker_image.{} will be destroyed\n", project.name),
            &format!("  {current}  {}  ", project.name),
            &format!("docker_image.{}: Destroyed in ", project.name),
            "Destroy complete! Resources: 1 destroyed.\n",
            "\nImages: 1 image removed, ",
        ],
    );
    assert!(!exists(&current));
    let nothing = project.run(&["destroy", "--images", "--yes"]);
    assert_success(&nothing);
    assert_eq!(stdout(&nothing), "No objects need to be destroyed.\n");
}

#[test]
fn a_failed_builds_leftover_layers_are_vms_and_prune_plans_to_remove_them() {
    if !docker_engine() {
        return;
    }
    // The shell stage runs bash, which the busybox base lacks: the build fails after its first steps. An alias of
    // its own keeps its layers apart from another test process's same build.
    let project = Project::new(
        "prune-failed",
        &WITH_AN_IMAGE
            .replace("vm-base:latest", "vm-busybox:latest")
            .replace(
                r#""ll": "ls -l""#,
                &format!(r#""ll": "ls -l", "run": "echo {}""#, std::process::id()),
            ),
    );
    let failed = project.run(&["apply", "--yes"]);
    assert_eq!(failed.status.code(), Some(1), "{}", stdout(&failed));
    let output = format!("{}{}", stdout(&failed), stderr(&failed));
    let leftover = output
        .lines()
        .filter_map(|line| line.trim().strip_prefix("---> "))
        .rfind(|id| id.len() == 12 && id.chars().all(|c| c.is_ascii_hexdigit()))
        .unwrap_or_else(|| panic!("no layer in the failed build's output:\n{output}"))
        .to_owned();
    let _made = MadeByHand {
        images: vec![leftover.clone()],
        containers: Vec::new(),
    };
    let labels = docker(&[
        "image",
        "inspect",
        "--format",
        "{{index .Config.Labels \"dev.vm.built-by\"}} {{len .RepoTags}}",
        &leftover,
    ]);
    assert_eq!(
        stdout(&labels).trim(),
        "vm 0",
        "an untagged layer marked as vm's"
    );

    // Its project is not on it: only an engine-wide prune takes it, which here is only planned.
    let refused = project.run(&["prune", "--older-than", "0s"]);
    assert_eq!(refused.status.code(), Some(1));
    let plan = stdout(&refused);
    let row = plan
        .lines()
        .find(|line| line.starts_with(&format!("  <untagged> {leftover} ")))
        .unwrap_or_else(|| panic!("no leftover {leftover} in:\n{plan}"));
    assert_eq!(
        row.split_whitespace().nth(2),
        Some("-"),
        "no project: {row}"
    );
    assert!(exists(&leftover));
}
