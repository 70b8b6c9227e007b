//! What `vm apply` shows while it builds a machine's image, off a terminal, on the real Docker engine: each stage
//! that runs in the user's words and its place, none of Docker's own lines (nor its notice about its legacy
//! builder); Docker's lines go to a log in `.vm/logs/`, which a failed build names and a good one leaves behind.

use crate::common::{
    Project, assert_success, docker_engine, host_network_is_built_in, stderr, stdout,
};

/// The stages a machine's image has before its own: the trust stage, where the host's network is built in.
fn stages_before_ours() -> usize {
    usize::from(host_network_is_built_in())
}

#[test]
fn apply_shows_each_stage_it_runs_in_words_and_none_of_dockers_lines() {
    if !docker_engine() {
        return;
    }
    // The alias names the project: the shell stage is new to Docker's cache, so it runs.
    let project = Project::new(
        "e2e-progress",
        r#"{ "project": { "name": "NAME" }, "aliases": { "hello": "echo NAME" } }"#,
    );
    let apply = project.run(&["apply", "--yes"]);
    assert_success(&apply);
    let (out, err) = (stdout(&apply), stderr(&apply));
    let count = stages_before_ours() + 1;
    let image = format!("docker_image.{}", project.name);
    assert!(
        out.contains(&format!(
            "\n{image}: stage {count} of {count}: setting up the shell: environment, aliases, prompt\n"
        )),
        "{out}"
    );
    for docker_said in [
        "Step ",
        "DEPRECATED",
        "legacy builder",
        "Successfully built",
        "--->",
    ] {
        assert!(
            !out.contains(docker_said) && !err.contains(docker_said),
            "{docker_said:?} shown:\n{out}\n{err}"
        );
    }
    assert!(!out.contains('\u{1b}'), "no terminal, no spinner: {out:?}");
    assert!(
        !project.dir().join(".vm").exists(),
        "a good apply keeps no log"
    );
}

#[test]
fn a_failed_build_names_its_log_which_holds_dockers_lines() {
    if !docker_engine() {
        return;
    }
    // Busybox has no bash for the apt stage to run in: the build fails there, without the network.
    let project = Project::new(
        "e2e-build-log",
        r#"{ "project": { "name": "NAME" }, "vm": { "image": "vm-busybox:latest" }, "apt_packages": ["sl"] }"#,
    );
    let apply = project.run(&["apply", "--yes"]);
    assert_eq!(apply.status.code(), Some(1), "{}", stdout(&apply));
    let (out, err) = (stdout(&apply), stderr(&apply));
    let apt = stages_before_ours() + 1;
    let count = apt + 1;
    let image = format!("docker_image.{}", project.name);
    assert!(
        out.contains(&format!(
            "\n{image}: stage {apt} of {count}: installing 1 apt package: sl\n"
        )),
        "{out}"
    );
    assert!(
        !out.contains("Step ") && !out.contains("DEPRECATED"),
        "{out}"
    );
    // The failing command's last lines are shown as they were, without Docker's notice.
    assert!(
        err.contains("/bin/bash: no such file or directory"),
        "{err}"
    );
    assert!(!err.contains("DEPRECATED"), "{err}");

    let logs = project.dir().join(".vm/logs");
    let named = err
        .lines()
        .find_map(|line| {
            line.trim()
                .strip_prefix("the whole output of this step is in ")
        })
        .unwrap_or_else(|| panic!("no log named:\n{err}"));
    let log = std::path::Path::new(named);
    assert_eq!(log.parent(), Some(logs.as_path()), "{err}");
    let text = std::fs::read_to_string(log).unwrap();
    for line in [
        &format!("--- {image}: Creating ("),
        "Step 1/",
        r#" : RUN ["/bin/bash", "/usr/local/lib/vm/provision/10-apt.sh"]"#,
        &format!("--- stage {apt} of {count}: installing 1 apt package: sl"),
        "/bin/bash: no such file or directory",
    ] {
        assert!(text.contains(line), "{line:?} not in the log:\n{text}");
    }
    assert_eq!(
        std::fs::read_to_string(project.dir().join(".vm/.gitignore")).unwrap(),
        "*\n",
        "the log stays out of the project's git"
    );
}
