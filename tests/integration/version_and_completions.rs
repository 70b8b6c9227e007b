//! `vm --version` names the commit it was built from; `vm completions SHELL` prints a working completion script.

#[path = "../../build/git_commit.rs"]
mod git_commit;

use std::path::Path;
use std::process::Command;

use crate::common::{Project, stderr, stdout};

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=vm tests",
            "-c",
            "user.email=tests@vm.invalid",
        ])
        .args(args)
        .output()
        .unwrap()
        .status;
    assert!(status.success(), "git {args:?}");
}

#[test]
fn version_names_the_version_and_the_commit_built_from() {
    let project = Project::new("version", "{}");
    let output = project.run(&["--version"]);
    assert_eq!(output.status.code(), Some(0));
    let commit = git_commit::git_commit(Path::new(env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|| "unknown".to_owned());
    assert_eq!(
        stdout(&output),
        format!("vm {} ({commit})\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn the_commit_is_unknown_outside_a_git_checkout_and_in_one_nested_in_another() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(git_commit::git_commit(dir.path()), None, "no .git at all");
    assert!(git_commit::watched_files(dir.path()).is_empty());

    git(dir.path(), &["init", "--quiet"]);
    git(
        dir.path(),
        &["commit", "--quiet", "--allow-empty", "-m", "first"],
    );
    let commit = git_commit::git_commit(dir.path()).expect("a commit");
    assert_eq!(commit.len(), 12);
    assert!(commit.chars().all(|c| c.is_ascii_hexdigit()), "{commit}");
    assert!(
        git_commit::watched_files(dir.path())
            .iter()
            .any(|f| f.ends_with("HEAD"))
    );

    let unpacked = dir.path().join("vendor/vm-0.1.0");
    std::fs::create_dir_all(&unpacked).unwrap();
    assert_eq!(
        git_commit::git_commit(&unpacked),
        None,
        "a tarball unpacked in another repository is not at that repository's commit"
    );
}

#[test]
fn completions_are_printed_for_each_shell() {
    let project = Project::new("completions", "{}");
    for (shell, marker) in [
        ("bash", "complete -F _vm"),
        ("zsh", "#compdef vm"),
        ("fish", "complete -c vm"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let output = project.run(&["completions", shell]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{shell}: {}",
            stderr(&output)
        );
        let script = stdout(&output);
        assert!(script.contains(marker), "{shell}");
        assert!(script.contains("detailed-exitcode"), "{shell}");
    }
    let unknown = project.run(&["completions", "tcsh"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        stderr(&unknown).starts_with("error: invalid value 'tcsh' for '<SHELL>'"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn the_bash_script_completes_commands_and_flags() {
    let project = Project::new("completions-bash", "{}");
    let script = project.dir().join("vm.bash");
    std::fs::write(&script, project.run(&["completions", "bash"]).stdout).unwrap();
    let complete = |words: &str| {
        let program = format!(
            "source {}; COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); _vm vm \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; echo \"${{COMPREPLY[*]}}\"",
            script.display()
        );
        let output = Command::new("bash")
            .args(["-c", &program])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output).trim().to_owned()
    };
    assert_eq!(complete("vm pl"), "plan");
    assert_eq!(complete("vm plan --detailed"), "--detailed-exitcode");
    assert_eq!(complete("vm completions f"), "fish");
}

#[test]
fn version_and_completions_never_touch_the_engine() {
    let project = Project::new("no-engine", r#"{ "project": { "name": "NAME" } }"#);
    let calls = project.root.path().join("docker-calls");
    let counting =
        std::fs::canonicalize("tests/fault-injection/docker-that-counts-its-calls").unwrap();
    for args in [&["--version"][..], &["completions", "bash"][..]] {
        let output = project.run_with_env(
            args,
            &[
                ("VM_DOCKER", counting.to_str().unwrap()),
                ("VM_DOCKER_CALLS", calls.to_str().unwrap()),
                ("VM_VAGRANT", "/nonexistent/vagrant"),
            ],
        );
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert!(
        !calls.exists(),
        "docker was called: {:?}",
        std::fs::read_to_string(&calls)
    );
    // The stand-in does count: a plan, which observes the machine, calls it.
    if crate::common::docker_engine() {
        let plan = project.run_with_env(
            &["plan"],
            &[
                ("VM_DOCKER", counting.to_str().unwrap()),
                ("VM_DOCKER_CALLS", calls.to_str().unwrap()),
            ],
        );
        assert_eq!(plan.status.code(), Some(0), "{}", stderr(&plan));
        assert!(calls.exists(), "the counting stand-in recorded nothing");
    }
}

/// Nor do they open the engine's socket, which vm reads itself for observation: a socket that counts who connects
/// stands for the engine (it answers nothing, so a plan fails, after connecting).
#[test]
fn version_and_completions_never_open_the_engine_socket() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let project = Project::new("no-socket", r#"{ "project": { "name": "NAME" } }"#);
    let socket = project.root.path().join("engine.sock");
    let listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&connections);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            counted.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    let docker_host = format!("unix://{}", socket.display());
    // The docker on PATH fails without connecting: a connection can only be vm's own.
    let bin = project.root.path().join("failing-bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(
        std::fs::canonicalize("tests/fault-injection/docker-that-fails-without-connecting")
            .unwrap(),
        bin.join("docker"),
    )
    .unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let environment = [
        ("DOCKER_HOST", docker_host.as_str()),
        ("DOCKER_CONTEXT", ""),
        ("VM_DOCKER_TIMEOUT", "5"),
        ("PATH", path.as_str()),
    ];
    for args in [&["--version"][..], &["completions", "bash"][..]] {
        let output = project.run_with_env(args, &environment);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert_eq!(connections.load(Ordering::SeqCst), 0);
    // The socket does count: a plan, which reads the engine itself, connects to it.
    let plan = project.run_with_env(&["plan"], &environment);
    assert_eq!(plan.status.code(), Some(1), "{}", stderr(&plan));
    assert!(connections.load(Ordering::SeqCst) > 0);
}
