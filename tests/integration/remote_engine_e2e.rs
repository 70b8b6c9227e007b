//! A machine on a remote engine: the rig of `scripts/setup-remote-engine`, a second dockerd in its own mount and
//! network namespaces, reached only over ssh, which cannot see this host's files. Its builds reach the registries
//! through the rig's proxy, passed as vm passes any host proxy.

use std::collections::BTreeMap;
use std::process::Output;

use crate::common::{Project, assert_success, free_port, stdout};

/// The rig's settings, where it is up; in CI its absence is a failure, elsewhere the test says it skipped.
fn rig() -> Option<BTreeMap<String, String>> {
    let Ok(text) = std::fs::read_to_string("/etc/vm-remote/env") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the remote-engine tests: run scripts/setup-remote-engine"
        );
        println!("skipped: no remote-engine rig (scripts/setup-remote-engine makes one)");
        return None;
    };
    Some(
        text.lines()
            .filter_map(|line| line.split_once('='))
            .map(|(key, value)| (key.to_owned(), value.to_owned()))
            .collect(),
    )
}

struct Remote<'a> {
    project: &'a Project,
    env: Vec<(&'static str, String)>,
    docker_host: String,
}

impl Remote<'_> {
    fn vm(&self, args: &[&str]) -> Output {
        self.project
            .vm()
            .args(args)
            .envs(self.env.iter().map(|(key, value)| (*key, value.as_str())))
            .output()
            .unwrap()
    }

    fn rig_docker(&self, args: &[&str]) -> Output {
        std::process::Command::new("docker")
            .args(args)
            .env("DOCKER_HOST", &self.docker_host)
            .output()
            .unwrap()
    }

    fn in_machine(&self, script: &str) -> String {
        let output = self.vm(&["exec", "sh", "-c", script]);
        assert_success(&output);
        stdout(&output)
    }
}

impl Drop for Remote<'_> {
    /// What the test made on the rig: the machine, its volumes and its image.
    fn drop(&mut self) {
        let name = &self.project.name;
        let listed = self.rig_docker(&[
            "ps",
            "-aq",
            "--filter",
            &format!("label=dev.vm.project={name}"),
        ]);
        for id in stdout(&listed).split_whitespace() {
            self.rig_docker(&["rm", "-f", id]);
        }
        let volumes = self.rig_docker(&[
            "volume",
            "ls",
            "-q",
            "--filter",
            &format!("label=dev.vm.project={name}"),
        ]);
        for volume in stdout(&volumes).split_whitespace() {
            self.rig_docker(&["volume", "rm", "-f", volume]);
        }
    }
}

#[test]
fn a_machine_on_an_ssh_engine_carries_the_workspace_and_claude_data_both_ways() {
    let Some(rig) = rig() else {
        return;
    };
    let port = free_port();
    let project = Project::new(
        "remote",
        &format!(
            r#"{{"project": {{"name": "NAME"}}, "claude_sync": true,
                "services": {{"postgresql": {{"enabled": true, "port": {port},
                    "database": "shop", "user": "shopper", "password": "s3cret"}}}}}}"#
        ),
    );
    let proxy = rig["VM_REMOTE_HTTP_PROXY"].clone();
    let remote = Remote {
        project: &project,
        docker_host: rig["VM_REMOTE_DOCKER_HOST"].clone(),
        env: vec![
            ("DOCKER_HOST", rig["VM_REMOTE_DOCKER_HOST"].clone()),
            ("HTTP_PROXY", proxy.clone()),
            ("HTTPS_PROXY", proxy),
            ("NO_PROXY", "localhost,127.0.0.1".to_owned()),
        ],
    };
    let dir = project.dir();
    std::fs::write(dir.join("README.md"), "from the host\n").unwrap();
    std::fs::write(dir.join(".gitignore"), "build/\n").unwrap();
    std::fs::create_dir_all(dir.join("build")).unwrap();
    std::fs::write(dir.join("build/out.bin"), "ignored\n").unwrap();
    std::fs::write(dir.join(".vmignore"), "secret.env\n").unwrap();
    std::fs::write(dir.join("secret.env"), "TOKEN=1\n").unwrap();

    let plan = remote.vm(&["plan"]);
    assert_success(&plan);
    let shown = stdout(&plan);
    assert!(shown.contains("+ volume.workspace"), "{shown}");
    assert!(
        shown.contains(&format!(
            "engine                        = \"default ({})\"",
            rig["VM_REMOTE_DOCKER_HOST"]
        )),
        "{shown}"
    );

    let applied = remote.vm(&["apply", "--yes"]);
    assert_success(&applied);

    // The workspace was uploaded without what .gitignore and .vmignore leave out.
    let listed = remote.in_machine("cat README.md; ls -A");
    assert!(listed.starts_with("from the host\n"), "{listed}");
    assert!(
        !listed.contains("build") && !listed.contains("secret.env"),
        "{listed}"
    );

    // The database, published on the rig's own loopback, answers here through vm forward, until Ctrl-C.
    let forward = std::process::Command::new(assert_cmd::cargo::cargo_bin("vm"))
        .current_dir(project.dir())
        .env("HOME", project.home())
        .env("NO_COLOR", "1")
        .args(["forward"])
        .envs(remote.env.iter().map(|(key, value)| (*key, value.as_str())))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let answered = (0..60).find_map(|_| {
        std::thread::sleep(std::time::Duration::from_millis(500));
        let psql = std::process::Command::new("psql")
            .args(["-X", "-tA", "-h", "127.0.0.1", "-p", &port.to_string()])
            .args(["-U", "shopper", "-d", "shop", "-c", "select 6 * 7"])
            .env("PGPASSWORD", "s3cret")
            .env("PGCONNECT_TIMEOUT", "5")
            .output()
            .unwrap();
        psql.status.success().then(|| stdout(&psql))
    });
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(forward.id() as i32),
        nix::sys::signal::Signal::SIGINT,
    )
    .unwrap();
    let forwarded = forward.wait_with_output().unwrap();
    assert_eq!(answered.as_deref(), Some("42\n"), "{}", stdout(&forwarded));
    assert_eq!(forwarded.status.code(), Some(0), "{}", stdout(&forwarded));
    assert!(
        std::net::TcpListener::bind(("127.0.0.1", port)).is_ok(),
        "the forward ended with vm"
    );

    // An edit inside comes back with vm pull; an edit here goes in with vm push.
    remote.in_machine("echo from the machine > inside.txt");
    assert_success(&remote.vm(&["pull", "--yes"]));
    assert_eq!(
        std::fs::read_to_string(dir.join("inside.txt")).unwrap(),
        "from the machine\n"
    );
    std::fs::write(dir.join("README.md"), "edited here\n").unwrap();
    assert_success(&remote.vm(&["push", "--yes"]));
    assert_eq!(remote.in_machine("cat README.md"), "edited here\n");

    // A file changed on both sides is a conflict: both versions are kept.
    std::fs::write(dir.join("inside.txt"), "host version\n").unwrap();
    remote.in_machine("echo machine version > inside.txt");
    let pulled = remote.vm(&["pull", "--yes", "--json"]);
    assert_success(&pulled);
    let plan: serde_json::Value = serde_json::from_str(&stdout(&pulled)).unwrap();
    assert_eq!(plan["conflicts"][0]["path"], "inside.txt", "{plan}");
    assert_eq!(
        std::fs::read_to_string(dir.join("inside.txt")).unwrap(),
        "host version\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join(".vm/conflicts/inside.txt")).unwrap(),
        "machine version\n"
    );
    assert_eq!(remote.in_machine("cat inside.txt"), "machine version\n");

    // vm status shows what differs, changing nothing.
    remote.in_machine("echo new > status-only.txt");
    let status = remote.vm(&["status"]);
    assert_success(&status);
    let shown = stdout(&status);
    assert!(
        shown.contains("Changed on the machine (`vm pull` brings them):"),
        "{shown}"
    );
    assert!(shown.contains("+ status-only.txt"), "{shown}");
    assert!(!dir.join("status-only.txt").exists());

    // The machine's Claude data reaches ~/.claude/vms/<project>, and vm usage counts it.
    remote.in_machine(
        r#"mkdir -p ~/.claude/projects/p && echo '{"type":"assistant","timestamp":"2026-12-01T10:00:00Z","requestId":"r1","message":{"id":"m1","model":"claude-sonnet-4-5-20250929","usage":{"input_tokens":1234,"output_tokens":56}}}' > ~/.claude/projects/p/session.jsonl"#,
    );
    assert_success(&remote.vm(&["pull", "--yes"]));
    assert!(
        project
            .claude_dir()
            .join("projects/p/session.jsonl")
            .is_file()
    );
    let usage = remote.vm(&["usage", "--json", "--vm", &project.name]);
    assert_success(&usage);
    let usage: serde_json::Value = serde_json::from_str(&stdout(&usage)).unwrap();
    assert_eq!(usage["rows"][0]["inputTokens"], 1234, "{usage}");
    assert_eq!(usage["rows"][0]["outputTokens"], 56, "{usage}");

    // A second plan has nothing to do.
    let again = remote.vm(&["plan", "--detailed-exitcode"]);
    assert_eq!(again.status.code(), Some(0), "{}", stdout(&again));

    // Nothing of it runs on the local engine.
    assert!(project.labelled_containers().is_empty());

    // Destroy pulls the Claude data first, and keeps the workspace volume while it holds changes never pulled.
    remote.in_machine(
        "echo later > ~/.claude/projects/p/later.jsonl; echo unpulled > only-inside.txt",
    );
    let destroyed = remote.vm(&["destroy", "--yes"]);
    assert_success(&destroyed);
    assert!(
        project
            .claude_dir()
            .join("projects/p/later.jsonl")
            .is_file()
    );
    let warned = crate::common::stderr(&destroyed);
    assert!(warned.contains("only-inside.txt"), "{warned}");
    let volumes = remote.rig_docker(&["volume", "ls", "-q"]);
    assert!(
        stdout(&volumes).contains(&format!("{}_workspace", project.name)),
        "{}",
        stdout(&volumes)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("README.md")).unwrap(),
        "edited here\n"
    );
}

/// Vagrant's docker backend cannot run on an engine that cannot see this host's files: refused before anything
/// runs, with what works instead. The engine's answer is the one remembered for it, so no engine is needed.
#[test]
fn vagrant_on_an_engine_that_cannot_see_this_host_is_refused_clearly() {
    let project = Project::new(
        "vagrant-remote",
        r#"{"project": {"name": "NAME"}, "provider": "vagrant", "vagrant": {"provider": "docker"}}"#,
    );
    let endpoint = "tcp://127.0.0.1:1";
    let cache = project.home().join(".cache/vm");
    std::fs::create_dir_all(&cache).unwrap();
    std::fs::write(
        cache.join("engines.json"),
        format!(r#"{{"version": 1, "engines": {{"{endpoint}": {{"sees_host_files": false}}}}}}"#),
    )
    .unwrap();
    let output = project
        .vm()
        .args(["plan"])
        .env("DOCKER_HOST", endpoint)
        .env_remove("XDG_CACHE_HOME")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let said = crate::common::stderr(&output);
    assert!(
        said.contains(
            "Vagrant's docker backend cannot run the machine on engine default (tcp://127.0.0.1:1)"
        ),
        "{said}"
    );
    assert!(said.contains("\"provider\": \"docker\""), "{said}");
    assert!(!project.dir().join(".vm").exists());
}
