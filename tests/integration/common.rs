//! What the integration tests share: a scratch project with its own HOME, and the real Docker engine.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

/// A project directory and a home directory of its own, removed with its containers when dropped.
pub struct Project {
    pub name: String,
    pub root: TempDir,
}

impl Project {
    /// `name` is made unique per test process so tests run side by side.
    pub fn new(name: &str, config: &str) -> Project {
        let root = tempfile::Builder::new()
            .prefix("vm-test-")
            .tempdir()
            .expect("a scratch dir");
        let name = format!("{name}-{}", std::process::id());
        let project = Project { name, root };
        std::fs::create_dir_all(project.dir()).unwrap();
        std::fs::create_dir_all(project.home()).unwrap();
        project.write_config(config);
        project
    }

    pub fn dir(&self) -> PathBuf {
        self.root.path().join("project")
    }

    pub fn home(&self) -> PathBuf {
        self.root.path().join("home")
    }

    pub fn claude_dir(&self) -> PathBuf {
        self.home().join(".claude/vms").join(&self.name)
    }

    pub fn container(&self) -> String {
        format!("{}-dev", self.name)
    }

    /// Writes vm.json, with `NAME` standing for the project's unique name.
    pub fn write_config(&self, config: &str) {
        std::fs::write(
            self.dir().join("vm.json"),
            config.replace("NAME", &self.name),
        )
        .unwrap();
    }

    /// The ids of every container labelled as this project's, stopped ones and half-made ones included.
    /// None where there is no docker at all (a test that needs no engine is dropped there too).
    pub fn labelled_containers(&self) -> Vec<String> {
        std::process::Command::new("docker")
            .args(["ps", "--all", "--quiet", "--filter"])
            .arg(format!("label=dev.vm.project={}", self.name))
            .output()
            .map(|listed| {
                stdout(&listed)
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn vm(&self) -> Command {
        let mut command = Command::cargo_bin("vm").unwrap();
        command
            .current_dir(self.dir())
            .env("HOME", self.home())
            .env_remove("SUDO_UID")
            .env_remove("SUDO_GID")
            .env("NO_COLOR", "1");
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.vm().args(args).output().unwrap()
    }

    /// Runs vm with extra environment, e.g. `SUDO_UID`/`SUDO_GID` to act as `sudo` does.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        self.vm()
            .args(args)
            .envs(env.iter().copied())
            .output()
            .unwrap()
    }
}

impl Drop for Project {
    /// Removes every container the test made for the project, by label (a machine whose set-up was cut short
    /// has another name) and by name, and the Vagrant machine vm made in it.
    fn drop(&mut self) {
        let vagrant_dir = self.dir().join(".vm/vagrant");
        if vagrant_dir.join("Vagrantfile").exists() {
            let _ = std::process::Command::new("vagrant")
                .args(["destroy", "-f", "--no-tty"])
                .env("VAGRANT_CWD", &vagrant_dir)
                .env("VAGRANT_CHECKPOINT_DISABLE", "1")
                .stdin(std::process::Stdio::null())
                .output();
        }
        let mut doomed = self.labelled_containers();
        doomed.push(self.container());
        let _ = std::process::Command::new("docker")
            .args(["rm", "--force"])
            .args(&doomed)
            .output();
        // The images vm built for the project (a tag per content): their layers stay cached while another
        // image shares them. Then the services' data volumes: every machine with a database has them.
        remove_labelled("image", &format!("dev.vm.built-for={}", self.name));
        remove_labelled("volume", &format!("dev.vm.project={}", self.name));
    }
}

/// Removes every Docker object of `kind` (`image`, `volume`) labelled `label`, as far as it can.
fn remove_labelled(kind: &str, label: &str) {
    let Ok(listed) = std::process::Command::new("docker")
        .args([kind, "ls", "--quiet", "--filter"])
        .arg(format!("label={label}"))
        .output()
    else {
        return;
    };
    let ids: Vec<String> = String::from_utf8_lossy(&listed.stdout)
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    if !ids.is_empty() {
        let _ = std::process::Command::new("docker")
            .args([kind, "rm", "--force"])
            .args(&ids)
            .output();
    }
}

/// Runs `script` in the project's machine in a login shell; its output, where it succeeded.
pub fn in_machine(project: &Project, script: &str) -> String {
    let output = project.run(&["exec", "bash", "-lc", script]);
    assert_success(&output);
    stdout(&output)
}

/// Fails naming every needle missing from `text`, with the text.
pub fn assert_contains_all(text: &str, needles: &[&str]) {
    let missing: Vec<&&str> = needles
        .iter()
        .filter(|needle| !text.contains(**needle))
        .collect();
    assert!(missing.is_empty(), "missing {missing:?} in:\n{text}");
}

/// A port nothing holds now: services publish theirs on the host, and the engine may be shared.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The command succeeded; its exit code and output are shown where it did not.
pub fn assert_success(output: &Output) {
    assert!(
        output.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        stdout(output),
        stderr(output)
    );
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Whether a Docker engine answers. In CI its absence is a failure; elsewhere the test says it skipped.
pub fn docker_engine() -> bool {
    let answers = std::process::Command::new("docker")
        .args(["info", "--format", "{{.ServerVersion}}"])
        .output()
        .is_ok_and(|output| output.status.success());
    if !answers {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the Docker tests, but no docker engine answers: run scripts/setup-engine"
        );
        println!("skipped: no docker engine");
    }
    answers
}

/// Whether Vagrant and a Docker engine for its docker backend are here. In CI their absence is a failure;
/// elsewhere the test says it skipped.
pub fn vagrant_with_docker() -> bool {
    if !docker_engine() {
        return false;
    }
    let installed = std::process::Command::new("vagrant")
        .arg("--version")
        .env("VAGRANT_CHECKPOINT_DISABLE", "1")
        .output()
        .is_ok_and(|output| output.status.success());
    if !installed {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the Vagrant tests, but vagrant is not installed: run scripts/setup-engine"
        );
        println!("skipped: no vagrant");
    }
    installed
}

/// Runs vagrant in the project's Vagrant directory, as a user would behind vm's back.
pub fn vagrant(project: &Project, args: &[&str]) -> Output {
    std::process::Command::new("vagrant")
        .args(args)
        .env("VAGRANT_CWD", project.dir().join(".vm/vagrant"))
        .env("VAGRANT_CHECKPOINT_DISABLE", "1")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

pub fn docker(args: &[&str]) -> Output {
    std::process::Command::new("docker")
        .args(args)
        .output()
        .unwrap()
}

/// `command` run as root in the project's machine (`docker exec --user 0`), past vm.
pub fn docker_exec_as_root(project: &Project, command: &[&str]) -> Output {
    let container = project.container();
    let mut args = vec!["exec", "--user", "0", container.as_str()];
    args.extend_from_slice(command);
    docker(&args)
}

pub fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// The calls a no-op `vm plan` of `project` makes to docker, by the counting stand-in: each call's first word.
pub fn docker_calls_of_a_no_op_plan(project: &Project) -> Vec<String> {
    calls_of_a_no_op_plan_through(project, "docker-that-counts-its-calls")
}

/// As [`docker_calls_of_a_no_op_plan`], each call with its whole argument list, by the logging stand-in.
pub fn whole_docker_calls_of_a_no_op_plan(project: &Project) -> Vec<String> {
    calls_of_a_no_op_plan_through(project, "docker-that-logs-its-calls")
}

/// The lines `stand_in` (of tests/fault-injection) logs for the docker calls of one no-op `vm plan`.
fn calls_of_a_no_op_plan_through(project: &Project, stand_in: &str) -> Vec<String> {
    let stand_in = std::fs::canonicalize(format!("tests/fault-injection/{stand_in}")).unwrap();
    logged_calls_of_a_no_op_plan(project, &[("VM_DOCKER", stand_in.to_str().unwrap())])
}

/// The lines a logging stand-in that `environment` puts in place logs to `VM_DOCKER_CALLS` during one no-op
/// `vm plan --detailed-exitcode`.
pub fn logged_calls_of_a_no_op_plan(
    project: &Project,
    environment: &[(&str, &str)],
) -> Vec<String> {
    let log = project.root.path().join("docker-calls");
    let _ = std::fs::remove_file(&log);
    let mut environment = environment.to_vec();
    environment.push(("VM_DOCKER_CALLS", log.to_str().unwrap()));
    let plan = project.run_with_env(&["plan", "--detailed-exitcode"], &environment);
    assert_eq!(plan.status.code(), Some(0), "{}", stdout(&plan));
    std::fs::read_to_string(&log)
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// A host that is the same everywhere (home `/home/dev`, owner 1000:1000), with its project at `project_dir` and the
/// devices `devices`: what compiles on it renders the same on every machine.
pub fn stable_host(project_dir: &str, devices: &[&str]) -> vm::graph::HostContext {
    vm::graph::HostContext {
        home: std::path::PathBuf::from("/home/dev"),
        data_owner: vm::graph::Owner {
            uid: 1000,
            gid: 1000,
        },
        project_dir: std::path::PathBuf::from(project_dir),
        devices: devices.iter().map(|device| (*device).to_owned()).collect(),
        network: Default::default(),
        capacity: None,
        engine: Default::default(),
        engine_sees_host_files: true,
    }
}

/// Whether this host's network (certificate authorities beyond its system set, a proxy) goes into machines: then
/// even a bare machine gets an image of its own, `docker_image.<project>`, with the trust stage. Behind a
/// TLS-inspecting proxy, as here, it does; elsewhere it does not.
pub fn host_network_is_built_in() -> bool {
    !vm::network::HostNetwork::of_this_host().is_empty()
}

/// How many resources a bare machine has beyond its own, on this host: its image where the network is built in.
pub fn bare_machine_extras() -> u64 {
    u64::from(host_network_is_built_in())
}

/// The apply lines of a bare machine's image on this host, in their place before the container's.
pub fn bare_machine_image_lines(project: &str) -> Vec<String> {
    if !host_network_is_built_in() {
        return Vec::new();
    }
    vec![
        format!("docker_image.{project}: Creating..."),
        format!("docker_image.{project}: Created in #s"),
    ]
}

/// `config` (a vm.json document) with every host port it would publish on a free one: each entry of `ports` and
/// each listed service's `port` (set where it was absent, so no service lands on its well-known port). One number
/// becomes one new number throughout, so a service and a `ports` entry that shared a port still do. The engine
/// and the host are shared: another machine or program may hold 3000, 5432 or 6379.
pub fn with_free_ports(config: &mut serde_json::Value) {
    let mut renumbered = std::collections::BTreeMap::new();
    let mut free = |port: Option<u64>| match port {
        Some(port) => *renumbered.entry(port).or_insert_with(free_port),
        None => free_port(),
    };
    // `get_mut`, not `config["..."]`: indexing inserts a null where the key is absent.
    if let Some(ports) = config
        .get_mut("ports")
        .and_then(serde_json::Value::as_object_mut)
    {
        for port in ports.values_mut() {
            *port = free(port.as_u64()).into();
        }
    }
    if let Some(services) = config
        .get_mut("services")
        .and_then(serde_json::Value::as_object_mut)
    {
        for service in services.values_mut() {
            if let Some(service) = service.as_object_mut() {
                let port = service.get("port").and_then(serde_json::Value::as_u64);
                service.insert("port".to_owned(), free(port).into());
            }
        }
    }
}

/// The remote-engine rig's `ssh://` engine (scripts/setup-remote-engine), where it is set up. In CI its absence is
/// a failure; elsewhere the test says it skipped.
pub fn remote_engine_rig() -> Option<String> {
    let host = std::fs::read_to_string("/etc/vm-remote/env")
        .ok()
        .and_then(|env| {
            env.lines()
                .find_map(|line| line.strip_prefix("VM_REMOTE_DOCKER_HOST="))
                .map(str::to_owned)
        });
    if host.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the remote-engine tests, but there is no rig: run scripts/setup-remote-engine"
        );
        println!("skipped: no remote-engine rig");
    }
    host
}

/// Runs vm on a pseudo-terminal (util-linux `script`), typing `answer`; the terminal's output, with `\n` line ends.
pub fn run_on_terminal(project: &Project, args: &str, answer: &str) -> Option<(i32, String)> {
    use std::io::Write;
    let Ok(mut child) = std::process::Command::new("script")
        .args(["-qec"])
        // A shell runs it: the binary's path is one quoted word (the checkout may be in a path with spaces).
        .arg(format!(
            "{} {args}",
            vm::shell_word::quote(&assert_cmd::cargo::cargo_bin("vm").to_string_lossy()).unwrap()
        ))
        .arg("/dev/null")
        .current_dir(project.dir())
        .env("HOME", project.home())
        .env("NO_COLOR", "1")
        .env("SHELL", "/bin/sh")
        .env_remove("SUDO_UID")
        .env_remove("SUDO_GID")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have util-linux `script` to test what vm asks on a terminal"
        );
        println!("skipped: no `script` to make a terminal");
        return None;
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(answer.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    Some((
        output.status.code().unwrap_or(-1),
        stdout(&output).replace("\r\n", "\n"),
    ))
}
