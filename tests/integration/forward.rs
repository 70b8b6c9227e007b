//! `vm forward`: what it says where there is nothing to forward or it cannot, before it starts (no engine needed),
//! and, on the remote-engine rig, a port published on the engine's host answering here until Ctrl-C.

use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use crate::common::{Project, assert_contains_all, free_port, remote_engine_rig, stderr, stdout};

fn with_port(port: u16) -> String {
    format!(r#"{{ "project": {{ "name": "NAME" }}, "ports": {{ "web": {port} }} }}"#)
}

#[test]
fn on_a_local_engine_the_ports_are_here_already() {
    let port = free_port();
    let project = Project::new("fwd-local", &with_port(port));
    let output = project.run_with_env(
        &["forward"],
        &[("DOCKER_HOST", "unix:///var/run/docker.sock")],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_contains_all(
        &stderr(&output),
        &[
            "vm forward has nothing to do: the engine default (unix:///var/run/docker.sock) runs on this host",
            &format!("reach them at 127.0.0.1:{port} (web)"),
        ],
    );
    assert_eq!(stdout(&output), "");
}

#[test]
fn a_tcp_engine_cannot_be_forwarded_from() {
    let project = Project::new("fwd-tcp", &with_port(free_port()));
    let output = project.run_with_env(&["forward"], &[("DOCKER_HOST", "tcp://10.0.0.5:2376")]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_contains_all(
        &stderr(&output),
        &[
            "vm cannot forward the machine's ports from engine default (tcp://10.0.0.5:2376)",
            "forwards only over ssh",
            "the engine publishes them on 10.0.0.5",
        ],
    );
}

#[test]
fn without_published_ports_there_is_nothing_to_forward() {
    let project = Project::new("fwd-none", r#"{ "project": { "name": "NAME" } }"#);
    let output = project.run_with_env(&["forward"], &[("DOCKER_HOST", "ssh://dev@127.0.0.1:1")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!(
            "The machine of {} publishes no ports: there is nothing to forward.\n",
            project.name
        )
    );
}

/// A Docker context in the project's own docker config, chosen by `--context`, as the docker CLI keeps them.
#[test]
fn a_port_taken_here_is_refused_naming_its_holder_before_ssh_runs() {
    use sha2::{Digest, Sha256};
    let held = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = held.local_addr().unwrap().port();
    let project = Project::new("fwd-taken", &with_port(port));
    let config_dir = project.home().join(".docker");
    let meta = config_dir
        .join("contexts/meta")
        .join(hex::encode(Sha256::digest(b"buildbox")));
    std::fs::create_dir_all(&meta).unwrap();
    // Nothing answers there: the refusal comes first.
    std::fs::write(
        meta.join("meta.json"),
        r#"{"Name":"buildbox","Endpoints":{"docker":{"Host":"ssh://dev@127.0.0.1:1"}}}"#,
    )
    .unwrap();
    let output = project
        .vm()
        .args(["--context", "buildbox", "forward"])
        .env_remove("DOCKER_HOST")
        .env("DOCKER_CONFIG", &config_dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_contains_all(
        &stderr(&output),
        &[
            &format!("127.0.0.1:{port} is already taken, by another program on this host"),
            "nothing was changed",
        ],
    );
    assert!(!stderr(&output).contains("ssh:"), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
}

/// A container on the rig's engine stands for the machine: it publishes the project's port on the engine's own
/// loopback, which only `vm forward` brings here.
#[test]
fn a_port_on_the_remote_engines_host_answers_here_until_ctrl_c() {
    let Some(engine) = remote_engine_rig() else {
        return;
    };
    let port = free_port();
    let name = format!("vm-forward-test-{}", std::process::id());
    let remote_docker = |args: &[&str]| {
        std::process::Command::new("docker")
            .args(["--host", &engine])
            .args(args)
            .output()
            .unwrap()
    };
    struct Removed<F: Fn()>(F);
    impl<F: Fn()> Drop for Removed<F> {
        fn drop(&mut self) {
            (self.0)();
        }
    }
    let _removed = Removed(|| {
        remote_docker(&["rm", "--force", &name]);
    });
    let started = remote_docker(&[
        "run",
        "--detach",
        "--name",
        &name,
        "--publish",
        &format!("127.0.0.1:{port}:8080"),
        "vm-busybox:latest",
        "nc",
        "-ll",
        "-p",
        "8080",
        "-e",
        "echo",
        "hi",
    ]);
    assert!(started.status.success(), "{}", stderr(&started));

    let project = Project::new("fwd-rig", &with_port(port));
    let vm = std::process::Command::new(assert_cmd::cargo::cargo_bin("vm"))
        .arg("forward")
        .current_dir(project.dir())
        .env("HOME", project.home())
        .env("DOCKER_HOST", &engine)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let greeting = || -> Option<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        let mut text = String::new();
        stream.read_to_string(&mut text).ok()?;
        Some(text)
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut answered = None;
    while answered.is_none() && Instant::now() < deadline {
        answered = greeting().filter(|text| text == "hi\n");
        std::thread::sleep(Duration::from_millis(200));
    }
    kill(Pid::from_raw(vm.id() as i32), Signal::SIGINT).unwrap();
    let output = vm.wait_with_output().unwrap();
    assert_eq!(
        answered.as_deref(),
        Some("hi\n"),
        "stdout:\n{}\nstderr:\n{}",
        stdout(&output),
        stderr(&output)
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // `ssh://user@host:port`: the context is `default`, so the lines name the host.
    let host = engine
        .rsplit('@')
        .next()
        .unwrap()
        .split(':')
        .next()
        .unwrap();
    assert_eq!(
        stdout(&output),
        format!("forwarding 127.0.0.1:{port} → {host}:127.0.0.1:{port} (web)\nCtrl-C stops\n")
    );
    // ssh ended with vm: the local port is free again.
    assert!(TcpListener::bind(("127.0.0.1", port)).is_ok());
}
