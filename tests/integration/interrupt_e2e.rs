//! Ctrl-C and SIGTERM on the real Docker engine: during an image build, a machine's creation and the wait for a
//! service, once and twice; `vm plan` and `vm exec`. Each time: what vm says, its exit code 130, no process of
//! vm's left, nothing half-made left, and a next `vm apply` that does the rest.

use std::collections::BTreeMap;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use crate::common::{
    Project, assert_contains_all, assert_success, docker, docker_engine, free_port, stdout,
};

/// A machine with an image to build (the shell's aliases are a layer of it), built without the network.
const WITH_IMAGE: &str = r#"{
  "project": { "name": "NAME" },
  "aliases": { "ll": "ls -la" }
}"#;

const FIRST_NOTICE: &str = "Interrupt received: stopping after";
const SECOND_NOTICE: &str = "Interrupt received again: stopping";

fn fault_injection(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fault-injection")
        .join(name)
        .display()
        .to_string()
}

/// Polls `condition` until it holds, failing with `what` after `seconds`.
fn wait_for(what: &str, seconds: u64, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while !condition() {
        assert!(Instant::now() < deadline, "waited {seconds} s for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// One process as /proc shows it: enough to tell it from a later process with the same pid.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct ProcessId {
    pid: i32,
    started: u64,
}

/// (parent pid, start time, still running) of a process, from /proc/<pid>/stat.
fn stat(pid: i32) -> Option<(i32, u64, bool)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may hold spaces: the fields come after its last `)`.
    let fields: Vec<&str> = text[text.rfind(')')? + 2..].split(' ').collect();
    let state = fields.first()?;
    Some((
        fields.get(1)?.parse().ok()?,
        fields.get(19)?.parse().ok()?,
        *state != "Z" && *state != "X",
    ))
}

fn command_line(pid: i32) -> String {
    std::fs::read(format!("/proc/{pid}/cmdline"))
        .map(|bytes| String::from_utf8_lossy(&bytes).replace('\0', " "))
        .unwrap_or_default()
}

/// Every process descended from `root` while it runs, seen by polling /proc.
fn watch_descendants(root: i32, stop: Arc<AtomicBool>) -> Arc<Mutex<BTreeMap<ProcessId, String>>> {
    let seen = Arc::new(Mutex::new(BTreeMap::new()));
    let found = seen.clone();
    std::thread::spawn(move || {
        while !stop.load(Ordering::SeqCst) {
            let parents: BTreeMap<i32, (i32, u64)> = std::fs::read_dir("/proc")
                .into_iter()
                .flatten()
                .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<i32>().ok())
                .filter_map(|pid| stat(pid).map(|(parent, started, _)| (pid, (parent, started))))
                .collect();
            for (&pid, &(_, started)) in &parents {
                let mut ancestor = pid;
                while let Some(&(parent, _)) = parents.get(&ancestor) {
                    if parent == root {
                        found
                            .lock()
                            .unwrap()
                            .entry(ProcessId { pid, started })
                            .or_insert_with(|| command_line(pid));
                        break;
                    }
                    if parent <= 1 {
                        break;
                    }
                    ancestor = parent;
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    });
    seen
}

/// `vm` running in the background, in a process group of its own, with SIGINT at its default (a shell's background
/// job would have it ignored), its output going to files.
struct RunningVm {
    child: Child,
    out: PathBuf,
    err: PathBuf,
    stop_watching: Arc<AtomicBool>,
    descendants: Arc<Mutex<BTreeMap<ProcessId, String>>>,
}

/// How a run of `vm` ended.
struct Ended {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    /// Its processes still running after it ended.
    left: Vec<String>,
}

impl RunningVm {
    fn start(project: &Project, args: &[&str], env: &[(&str, &str)]) -> RunningVm {
        let out = project.root.path().join(format!("vm-{}.out", args[0]));
        let err = project.root.path().join(format!("vm-{}.err", args[0]));
        let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("vm"));
        command
            .args(args)
            .current_dir(project.dir())
            .env("HOME", project.home())
            .env_remove("SUDO_UID")
            .env_remove("SUDO_GID")
            .env("NO_COLOR", "1")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&out).unwrap())
            .stderr(std::fs::File::create(&err).unwrap())
            .process_group(0);
        let child = command.spawn().unwrap();
        let stop_watching = Arc::new(AtomicBool::new(false));
        let descendants = watch_descendants(child.id() as i32, stop_watching.clone());
        RunningVm {
            child,
            out,
            err,
            stop_watching,
            descendants,
        }
    }

    fn signal(&self, signal: Signal) {
        kill(Pid::from_raw(self.child.id() as i32), signal).unwrap();
    }

    fn stderr(&self) -> String {
        std::fs::read_to_string(&self.err).unwrap_or_default()
    }

    /// Waits (bounded) for vm to end, then names each process of its that is still running.
    fn ended(mut self, seconds: u64) -> Ended {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("vm did not end within {seconds} s:\n{}", self.stderr());
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        self.stop_watching.store(true, Ordering::SeqCst);
        std::thread::sleep(Duration::from_millis(50));
        let left = self
            .descendants
            .lock()
            .unwrap()
            .iter()
            .filter(|(process, _)| {
                stat(process.pid)
                    .is_some_and(|(_, started, running)| started == process.started && running)
            })
            .map(|(process, command)| format!("{} {command}", process.pid))
            .collect();
        Ended {
            code: status.code(),
            stdout: std::fs::read_to_string(&self.out).unwrap(),
            stderr: self.stderr(),
            left,
        }
    }
}

/// A test that fails halfway leaves no vm running.
impl Drop for RunningVm {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        self.stop_watching.store(true, Ordering::SeqCst);
    }
}

impl Ended {
    /// Exit 130, every process gone, and what vm said.
    fn assert_interrupted(&self, said: &[&str]) {
        assert_eq!(
            self.code,
            Some(130),
            "stdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        assert!(self.left.is_empty(), "processes left: {:?}", self.left);
        assert_contains_all(&format!("{}{}", self.stdout, self.stderr), said);
    }
}

/// Ids of the containers whose command holds `text`.
fn containers_running(text: &str) -> Vec<String> {
    stdout(&docker(&[
        "ps",
        "--all",
        "--no-trunc",
        "--format",
        "{{.ID}} {{.Command}}",
    ]))
    .lines()
    .filter(|line| line.contains(text))
    .map(|line| line.split(' ').next().unwrap_or_default().to_owned())
    .collect()
}

fn labelled(kind: &str, label: String) -> Vec<String> {
    let listed = match kind {
        "image" => docker(&["image", "ls", "--quiet", "--filter", &label]),
        _ => docker(&["ps", "--all", "--format", "{{.Names}}", "--filter", &label]),
    };
    stdout(&listed).lines().map(str::to_owned).collect()
}

/// Removes the layer the build that hangs made for `project` when dropped: vm keeps a stopped build's finished
/// layers as Docker's cache, and the stand-in's are of no use to anyone.
struct InjectedLayer(String);

impl Drop for InjectedLayer {
    fn drop(&mut self) {
        let dangling = stdout(&docker(&[
            "image",
            "ls",
            "--all",
            "--quiet",
            "--filter",
            "dangling=true",
        ]));
        let ids: Vec<&str> = dangling.split_whitespace().collect();
        if ids.is_empty() {
            return;
        }
        let mut inspect = vec![
            "image",
            "inspect",
            "--format",
            "{{.Id}} {{json .ContainerConfig.Cmd}}",
        ];
        inspect.extend(&ids);
        let marker = format!("injected-fault layer for {}", self.0);
        for line in stdout(&docker(&inspect))
            .lines()
            .filter(|line| line.contains(&marker))
        {
            let id = line.split(' ').next().unwrap_or_default();
            docker(&["image", "rm", id]);
        }
    }
}

/// A project named after `name` whose `vm apply --yes` runs the build that hangs, once its never-ending step
/// runs; `None` without a Docker engine.
fn stuck_in_a_build(name: &str) -> Option<(RunningVm, InjectedLayer, Project)> {
    if !docker_engine() {
        return None;
    }
    let project = Project::new(name, WITH_IMAGE);
    let layer = InjectedLayer(project.name.clone());
    let stand_in = fault_injection("docker-whose-build-hangs");
    let vm = RunningVm::start(&project, &["apply", "--yes"], &[("VM_DOCKER", &stand_in)]);
    let marker = format!("injected-fault for {}", project.name);
    wait_for("the build's never-ending step", 120, || {
        !containers_running(&marker).is_empty()
    });
    Some((vm, layer, project))
}

/// The build was stopped and nothing of it is left: no image, no machine, no intermediate container.
fn assert_nothing_half_built(project: &Project) {
    let marker = format!("injected-fault for {}", project.name);
    assert_eq!(containers_running(&marker), Vec::<String>::new());
    assert_eq!(
        labelled("image", format!("label=dev.vm.built-for={}", project.name)),
        Vec::<String>::new()
    );
    assert_eq!(
        labelled(
            "container",
            format!("label=dev.vm.project={}", project.name)
        ),
        Vec::<String>::new()
    );
}

/// The next apply (the real docker) does the rest, and the machine then matches vm.json.
fn next_apply_converges(project: &Project, rest: &[&str]) {
    let plan = project.run(&["plan"]);
    assert_contains_all(&stdout(&plan), rest);
    let apply = project.run(&["apply", "--yes"]);
    assert_success(&apply);
    let plan = project.run(&["plan", "--detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(0), "{}", stdout(&plan));
}

#[test]
fn ctrl_c_during_an_image_build_stops_it_removes_its_container_and_the_next_apply_builds_it() {
    let Some((vm, _layer, project)) = stuck_in_a_build("e2e-int-build") else {
        return;
    };
    vm.signal(Signal::SIGINT);
    let ended = vm.ended(60);
    let image = format!("docker_image.{}", project.name);
    ended.assert_interrupted(&[
        &format!("{FIRST_NOTICE} {image} (Ctrl-C again to stop now)"),
        "Apply interrupted: 0 of 3 changes done.",
        &format!(
            "not done: {image}, docker_container.{}",
            project.container()
        ),
        "vm apply was interrupted",
    ]);
    assert_nothing_half_built(&project);
    next_apply_converges(
        &project,
        &[
            &format!("+ {image}"),
            &format!("+ docker_container.{}", project.container()),
        ],
    );
}

#[test]
fn sigterm_during_an_image_build_is_an_interrupt_too() {
    let Some((vm, _layer, project)) = stuck_in_a_build("e2e-term-build") else {
        return;
    };
    vm.signal(Signal::SIGTERM);
    let ended = vm.ended(60);
    ended.assert_interrupted(&[FIRST_NOTICE, "Apply interrupted: 0 of 3 changes done."]);
    assert_nothing_half_built(&project);
}

#[test]
fn a_second_ctrl_c_stops_the_build_at_once_and_the_next_apply_still_converges() {
    let Some((vm, _layer, project)) = stuck_in_a_build("e2e-int-twice") else {
        return;
    };
    vm.signal(Signal::SIGINT);
    wait_for("the first notice", 10, || {
        vm.stderr().contains(FIRST_NOTICE)
    });
    vm.signal(Signal::SIGINT);
    let started = Instant::now();
    let ended = vm.ended(60);
    ended.assert_interrupted(&[
        FIRST_NOTICE,
        &format!("{SECOND_NOTICE} docker_image.{} now", project.name),
    ]);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the second signal took {:?}",
        started.elapsed()
    );
    // vm did not wait for the engine's own clean-up of the cancelled build: it is bounded all the same.
    let marker = format!("injected-fault for {}", project.name);
    wait_for("Docker's removal of the cancelled step", 30, || {
        containers_running(&marker).is_empty()
    });
    next_apply_converges(&project, &[&format!("+ docker_image.{}", project.name)]);
}

#[test]
fn ctrl_c_while_the_machine_is_made_leaves_it_half_set_up_and_the_next_apply_finishes_it() {
    if !docker_engine() {
        return;
    }
    let project = Project::new(
        "e2e-int-create",
        r#"{ "project": { "name": "NAME" }, "vm": { "image": "vm-busybox:latest" } }"#,
    );
    let mark = project.root.path().join("starting");
    let vm = RunningVm::start(
        &project,
        &["apply", "--yes"],
        &[
            ("VM_DOCKER", &fault_injection("docker-whose-start-is-slow")),
            ("VM_FAULT_MARK", mark.to_str().unwrap()),
        ],
    );
    // Behind a TLS-inspecting proxy the machine's image (the trust stage) is built first.
    wait_for("the machine's start", 300, || mark.exists());
    vm.signal(Signal::SIGINT);
    let ended = vm.ended(60);
    let machine = format!("docker_container.{}", project.container());
    ended.assert_interrupted(&[
        &format!("{FIRST_NOTICE} {machine} (Ctrl-C again to stop now)"),
        &format!("not done: {machine}"),
    ]);
    // The docker call under way finished; the set-up after it was not started: the machine keeps its
    // unfinished name, which the next plan sees.
    assert_eq!(
        labelled(
            "container",
            format!("label=dev.vm.project={}", project.name)
        ),
        [format!("{}.setting-up", project.container())]
    );
    next_apply_converges(&project, &[&format!("~ {machine}"), "~ name"]);
}

#[test]
fn ctrl_c_while_waiting_for_a_service_stops_the_wait_and_leaves_the_machine_whole() {
    if !docker_engine() {
        return;
    }
    let project = Project::new(
        "e2e-int-service",
        &format!(
            r#"{{ "project": {{ "name": "NAME" }},
                 "services": {{ "redis": {{ "enabled": true, "port": {} }} }} }}"#,
            free_port()
        ),
    );
    let mark = project.root.path().join("waiting");
    let vm = RunningVm::start(
        &project,
        &["apply", "--yes"],
        &[
            (
                "VM_DOCKER",
                &fault_injection("docker-whose-services-never-answer"),
            ),
            ("VM_FAULT_MARK", mark.to_str().unwrap()),
        ],
    );
    wait_for("the wait for redis", 900, || mark.exists());
    vm.signal(Signal::SIGINT);
    let ended = vm.ended(60);
    ended.assert_interrupted(&[
        &format!("{FIRST_NOTICE} service.redis"),
        "not done: service.redis",
    ]);
    // Only the wait was stopped: redis goes on starting in the machine, and answers the next plan by itself.
    next_apply_converges(&project, &[]);
}

#[test]
fn ctrl_c_ends_plan_and_status_at_once_with_their_docker_calls() {
    if !docker_engine() {
        return;
    }
    let project = Project::new("e2e-int-plan", WITH_IMAGE);
    for command in ["plan", "status"] {
        let vm = RunningVm::start(
            &project,
            &[command],
            &[("VM_DOCKER", &fault_injection("docker-that-hangs-on-ps"))],
        );
        wait_for("the hung docker ps", 30, || {
            vm.descendants
                .lock()
                .unwrap()
                .values()
                .any(|running| running.starts_with("sleep 600"))
        });
        vm.signal(Signal::SIGINT);
        let started = Instant::now();
        let ended = vm.ended(10);
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "vm {command} took {:?}",
            started.elapsed()
        );
        ended.assert_interrupted(&["Interrupted."]);
    }
}

#[test]
fn ctrl_c_during_exec_reaches_the_command_in_the_machine() {
    if !docker_engine() {
        return;
    }
    let project = Project::new(
        "e2e-int-exec",
        r#"{ "project": { "name": "NAME" }, "vm": { "image": "vm-busybox:latest" } }"#,
    );
    assert_success(&project.run(&["apply", "--yes"]));
    let trapping = RunningVm::start(
        &project,
        &[
            "exec",
            "sh",
            "-c",
            "trap 'echo got-interrupt; exit 42' INT; echo ready; while :; do sleep 1; done",
        ],
        &[],
    );
    wait_for("the command to run", 30, || {
        std::fs::read_to_string(&trapping.out).is_ok_and(|out| out.contains("ready"))
    });
    trapping.signal(Signal::SIGINT);
    let ended = trapping.ended(30);
    assert_eq!(ended.code, Some(42), "{}", ended.stderr);
    assert!(ended.stdout.contains("got-interrupt"), "{}", ended.stdout);
    assert!(ended.left.is_empty(), "{:?}", ended.left);

    let sleeping = RunningVm::start(&project, &["exec", "sleep", "600"], &[]);
    let container = project.container();
    wait_for("sleep in the machine", 30, || {
        stdout(&docker(&["exec", &container, "ps"])).contains("sleep 600")
    });
    sleeping.signal(Signal::SIGINT);
    sleeping.ended(30).assert_interrupted(&[]);
    assert!(!stdout(&docker(&["exec", &container, "ps"])).contains("sleep 600"));

    let terminated = RunningVm::start(
        &project,
        &[
            "exec",
            "sh",
            "-c",
            "trap 'exit 43' TERM; echo ready; while :; do sleep 1; done",
        ],
        &[],
    );
    wait_for("the command to run", 30, || {
        std::fs::read_to_string(&terminated.out).is_ok_and(|out| out.contains("ready"))
    });
    terminated.signal(Signal::SIGTERM);
    assert_eq!(terminated.ended(30).code, Some(43));

    // A command that ignores Ctrl-C is killed by the second.
    let stubborn = RunningVm::start(
        &project,
        &[
            "exec",
            "sh",
            "-c",
            "trap '' INT; echo stubborn; while :; do sleep 1; done",
        ],
        &[],
    );
    wait_for("the command to run", 30, || {
        std::fs::read_to_string(&stubborn.out).is_ok_and(|out| out.contains("stubborn"))
    });
    stubborn.signal(Signal::SIGINT);
    wait_for("vm to pass the first signal on", 120, || {
        stubborn
            .descendants
            .lock()
            .unwrap()
            .iter()
            .any(|(process, command)| {
                command.contains("kill -INT")
                    && stat(process.pid)
                        .is_none_or(|(_, started, running)| started != process.started || !running)
            })
    });
    assert!(stdout(&docker(&["exec", &container, "ps"])).contains("trap '' INT"));
    stubborn.signal(Signal::SIGINT);
    stubborn.ended(30).assert_interrupted(&[]);
    assert!(!stdout(&docker(&["exec", &container, "ps"])).contains("trap '' INT"));
}

#[test]
fn ctrl_c_on_a_terminal_reaches_the_command_in_the_machine_through_its_tty() {
    if !docker_engine() {
        return;
    }
    let project = Project::new(
        "e2e-int-tty",
        r#"{ "project": { "name": "NAME" }, "vm": { "image": "vm-busybox:latest" } }"#,
    );
    assert_success(&project.run(&["apply", "--yes"]));
    // `script` gives vm a terminal; the byte Ctrl-C types goes to it as a person's keyboard would send it.
    let vm = assert_cmd::cargo::cargo_bin("vm");
    let mut child = std::process::Command::new("script")
        .args(["--quiet", "--return", "--command"])
        .arg(format!(
            "{} exec sh -c \"trap 'echo got-tty-interrupt; exit 7' INT; echo ready; while :; do sleep 1; done\"",
            vm.display()
        ))
        .arg("/dev/null")
        .current_dir(project.dir())
        .env("HOME", project.home())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let shown = Arc::new(Mutex::new(String::new()));
    let reader = {
        let shown = shown.clone();
        let mut out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            use std::io::Read;
            let mut buffer = [0; 1024];
            while let Ok(read) = out.read(&mut buffer) {
                if read == 0 {
                    break;
                }
                shown
                    .lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buffer[..read]));
            }
        })
    };
    wait_for("the command to run", 30, || {
        shown.lock().unwrap().contains("ready")
    });
    {
        use std::io::Write;
        child.stdin.as_mut().unwrap().write_all(b"\x03").unwrap();
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "{}", shown.lock().unwrap());
        std::thread::sleep(Duration::from_millis(50));
    };
    reader.join().unwrap();
    let shown = shown.lock().unwrap().clone();
    assert!(shown.contains("got-tty-interrupt"), "{shown}");
    assert_eq!(status.code(), Some(7), "{shown}");
}

#[test]
fn a_docker_call_past_its_time_limit_is_killed_with_what_it_started() {
    if !docker_engine() {
        return;
    }
    let project = Project::new("e2e-int-timeout", WITH_IMAGE);
    let vm = RunningVm::start(
        &project,
        &["plan"],
        &[
            (
                "VM_DOCKER",
                &fault_injection("docker-whose-ps-hangs-in-a-child-process"),
            ),
            ("VM_DOCKER_TIMEOUT", "1"),
        ],
    );
    let ended = vm.ended(30);
    assert_eq!(ended.code, Some(1), "{}", ended.stderr);
    assert_contains_all(&ended.stderr, &["did not finish within 1 s"]);
    assert!(ended.left.is_empty(), "processes left: {:?}", ended.left);
}
