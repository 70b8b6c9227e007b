use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use super::applied_machine::{AppliedMachine, vagrantfile_hash};
use super::{
    ForwardedPort, MachineState as VagrantState, SyncedFolder, VagrantfileSpec,
    parse_machine_status, render_vagrantfile,
};
use crate::config::VagrantBackend;
use crate::graph::{
    Resource, ResourceGraph, ResourceId, ResourceKind, ResourceSpec, VagrantMachineSpec,
};
use crate::plan::{Action, Change, Mutability};
use crate::provider::docker::{exec_in_container, set_up_user};
use crate::provider::host_ports::{port_holder, taken_ports};
use crate::provider::{CommandLine, Provider, ProviderError as Error, StepProgress, TimeLimit};
use crate::shell_word;
use crate::state::{AttributeName, MachineState, MountState, Observed, ResourceState};

/// Long enough for `vagrant up` to download a box; finite for a hung VM.
const VAGRANT_TIME_LIMIT: TimeLimit = TimeLimit {
    variable: "VM_VAGRANT_TIMEOUT",
    default_seconds: 1800,
};

/// One project's Vagrant machine, driven through the `vagrant` CLI with its Vagrantfile in the project's own
/// `.vm/vagrant/` directory. `VM_VAGRANT` names another program (a fault-injecting stand-in in tests).
#[derive(Debug, Clone)]
pub struct VagrantProvider {
    vagrant: CommandLine,
    pub(super) docker: CommandLine,
    /// `VAGRANT_CWD`: the Vagrantfile, vm's record of what it applied, and Vagrant's `.vagrant/`.
    pub(super) state_dir: PathBuf,
    /// The vm.json: named in diagnostics about the Vagrantfile rendered from it.
    config_path: PathBuf,
}

impl VagrantProvider {
    pub fn new(state_dir: PathBuf, config_path: &Path) -> VagrantProvider {
        let program = std::env::var_os("VM_VAGRANT").unwrap_or_else(|| OsString::from("vagrant"));
        VagrantProvider {
            vagrant: CommandLine::new(program).time_limit(VAGRANT_TIME_LIMIT),
            docker: crate::provider::DockerProvider::docker_command(),
            state_dir,
            config_path: config_path.to_path_buf(),
        }
    }

    /// `vagrant <args>` in `dir`, never asking anything, never calling home.
    fn vagrant_in(&self, dir: &Path, args: &[&str]) -> CommandLine {
        self.vagrant
            .clone()
            .env("VAGRANT_CWD", dir)
            .env("VAGRANT_CHECKPOINT_DISABLE", "1")
            .env("VAGRANT_NO_COLOR", "1")
            .args(args.iter().copied())
    }

    pub(super) fn vagrant(&self, args: &[&str]) -> CommandLine {
        self.vagrant_in(&self.state_dir, args)
    }

    fn vagrantfile(&self) -> PathBuf {
        self.state_dir.join("Vagrantfile")
    }

    /// The machine's state per `vagrant status`, or `None` where it is not created. Only called with vm's own
    /// Vagrantfile in place: Vagrant would otherwise find one in a parent directory, such as the user's own.
    fn status(&self, name: &str) -> Result<Option<MachineState>, Error> {
        let command = self.vagrant(&["status", "--machine-readable"]);
        let output = command.output()?;
        let machines = parse_machine_status(&output).map_err(|error| Error::VagrantError {
            command: command.to_string(),
            message: error.message,
        })?;
        Ok(machines
            .into_iter()
            .find(|machine| machine.name == name)
            .and_then(|machine| machine_state(&machine.state)))
    }

    /// The docker backend's container id, as Vagrant records it.
    pub(super) fn docker_id(&self, name: &str) -> Option<String> {
        let id = fs::read_to_string(
            self.state_dir
                .join(".vagrant/machines")
                .join(name)
                .join("docker/id"),
        )
        .ok()?;
        Some(id.trim().to_owned()).filter(|id| !id.is_empty())
    }

    /// Writes the Vagrantfile for `spec`, with a `.gitignore` that keeps the whole directory out of the project's
    /// repository; the text written.
    fn write_vagrantfile(&self, spec: &VagrantMachineSpec) -> Result<String, Error> {
        let io_error = |action| {
            move |source| Error::Io {
                action,
                path: self.state_dir.clone(),
                source,
            }
        };
        fs::create_dir_all(&self.state_dir).map_err(io_error("create"))?;
        fs::write(self.state_dir.join(".gitignore"), "*\n").map_err(io_error("write in"))?;
        let text = machine_vagrantfile(spec)?;
        fs::write(self.vagrantfile(), &text).map_err(io_error("write the Vagrantfile in"))?;
        Ok(text)
    }

    /// Brings the machine up (or reloads it) from a freshly written Vagrantfile, sets up its user, and records
    /// what was applied.
    fn converge(
        &self,
        id: &ResourceId,
        spec: &VagrantMachineSpec,
        verb: &[&str],
        graph_folders: &[(String, String)],
        progress: &mut dyn FnMut(StepProgress<'_>),
    ) -> Result<(), Error> {
        let text = self.write_vagrantfile(spec)?;
        let provider = format!("--provider={}", spec.backend.provider_name());
        let mut args = verb.to_vec();
        if verb == ["up"] {
            args.push(&provider);
        }
        args.push("--no-tty");
        let command = self.vagrant(&args);
        progress(StepProgress::doing(match verb {
            ["up"] => "bringing the machine up: `vagrant up`",
            ["reload"] => "restarting the machine: `vagrant reload`",
            _ => "restarting the machine and provisioning it again: `vagrant reload --provision`",
        }));
        let mut attempts_left = RACE_RETRIES;
        loop {
            match command.output_with_progress(&mut |line| progress(StepProgress::Output(line))) {
                // The docker backend inspects every network and container of the engine as it brings a machine
                // up; one removed meanwhile (another machine going) fails the call. What it left half-made is
                // destroyed, and it is tried again.
                Err(Error::CommandFailed { stderr, .. })
                    if verb == ["up"] && attempts_left > 0 && lost_a_docker_race(&stderr) =>
                {
                    attempts_left -= 1;
                    progress(StepProgress::doing(
                        "another container or network went while Vagrant looked at it: trying again",
                    ));
                    self.vagrant(&["destroy", "-f", "--no-tty"])
                        .output_with_progress(&mut |line| progress(StepProgress::Output(line)))?;
                }
                result => {
                    result?;
                    break;
                }
            }
        }
        if spec.backend == VagrantBackend::Docker {
            let docker_id = self
                .docker_id(&id.name)
                .ok_or_else(|| Error::MachineNotRunning {
                    name: id.name.clone(),
                })?;
            set_up_user(&self.docker, &docker_id, &spec.machine)?;
        }
        let record = AppliedMachine {
            name: id.name.clone(),
            state: spec.desired_state(),
            folders: graph_folders.iter().cloned().collect(),
            provisioned: spec.machine.provisioned.clone(),
            vagrantfile_sha256: vagrantfile_hash(&text),
        };
        self.write_record(&record)
    }

    /// Removes the machine and vm's files about it; host data is never in there.
    fn destroy(&self, progress: &mut dyn FnMut(StepProgress<'_>)) -> Result<(), Error> {
        if self.vagrantfile().exists() {
            progress(StepProgress::doing(
                "removing the machine: `vagrant destroy`",
            ));
            self.vagrant(&["destroy", "-f", "--no-tty"])
                .output_with_progress(&mut |line| progress(StepProgress::Output(line)))?;
        }
        match fs::remove_dir_all(&self.state_dir) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(Error::Io {
                    action: "remove",
                    path: self.state_dir.clone(),
                    source,
                });
            }
        }
        // `.vm/` itself goes when nothing else of vm's is left in it.
        if let Some(parent) = self.state_dir.parent() {
            let _ = fs::remove_dir(parent);
        }
        Ok(())
    }
}

/// How often a `vagrant up` that lost a race with another machine is tried again.
const RACE_RETRIES: u32 = 2;

/// Whether Vagrant's docker backend failed because a container or network vanished while it looked at them all.
fn lost_a_docker_race(output: &str) -> bool {
    output.contains("A Docker command executed by Vagrant didn't complete successfully")
        && output.contains("No such object")
}

/// vm's view of Vagrant's machine states; `None` for a machine that does not exist.
fn machine_state(state: &VagrantState) -> Option<MachineState> {
    match state {
        VagrantState::NotCreated => None,
        VagrantState::Running => Some(MachineState::Running),
        VagrantState::Paused => Some(MachineState::Paused),
        VagrantState::Stopped | VagrantState::Saved | VagrantState::Aborted => {
            Some(MachineState::Stopped(state.to_string()))
        }
        // A failed `up` leaves this: only destroying it and bringing it up again recovers it.
        VagrantState::Preparing => Some(MachineState::Broken(state.to_string())),
        VagrantState::Unknown(word) => Some(MachineState::Stopped(word.clone())),
    }
}

/// The Vagrantfile vm writes for a declared machine.
pub fn machine_vagrantfile(
    spec: &VagrantMachineSpec,
) -> Result<String, crate::shell_word::NulInShellWord> {
    render_vagrantfile(&vagrantfile_spec(spec))
}

/// The Vagrantfile's content for a declared machine: the one place a machine becomes Ruby.
fn vagrantfile_spec(spec: &VagrantMachineSpec) -> VagrantfileSpec {
    VagrantfileSpec {
        machine_name: spec.machine.name.clone(),
        backend: spec.backend,
        r#box: spec.r#box.clone(),
        docker_image: spec.machine.image.clone(),
        hostname: spec.machine.hostname.clone(),
        memory_mib: spec.machine.memory_mib,
        cpus: spec.machine.cpus,
        gui: spec.gui,
        forwarded_ports: spec
            .machine
            .ports
            .iter()
            .map(|port| ForwardedPort {
                host_ip: port.host_ip.clone(),
                host_port: port.host_port,
                guest_port: port.container_port,
            })
            .collect(),
        synced_folders: spec
            .machine
            .mounts
            .iter()
            .map(|folder| SyncedFolder {
                host_path: folder.source.clone(),
                guest_path: folder.target.clone(),
            })
            .collect(),
        environment: spec.machine.environment.clone(),
        volumes: spec.machine.volumes.clone(),
        user: spec.machine.user.clone(),
        provision_script: spec.provision_script.clone(),
    }
}

/// The declared Vagrant machine.
fn declared_machine(graph: &ResourceGraph) -> Option<(&Resource, &VagrantMachineSpec)> {
    graph
        .in_apply_order()
        .into_iter()
        .find_map(|resource| match &resource.spec {
            ResourceSpec::VagrantMachine(spec) => Some((resource, spec.as_ref())),
            _ => None,
        })
}

impl Provider for VagrantProvider {
    /// A forwarded port something else holds fails `vagrant up` after the host directories were made: it is
    /// refused at plan time, as the Docker provider refuses a published one.
    fn preflight(&self, graph: &ResourceGraph, observed: &Observed) -> Vec<Error> {
        let mut taken = Vec::new();
        for resource in graph.in_apply_order() {
            let ResourceSpec::VagrantMachine(spec) = &resource.spec else {
                continue;
            };
            let forwarded_now = match observed.get(&resource.id) {
                Some(ResourceState::VagrantMachine(machine)) => machine.ports.clone(),
                _ => Default::default(),
            };
            taken.extend(taken_ports(&spec.machine.ports, &forwarded_now, &|port| {
                port_holder(&self.docker, port)
            }));
        }
        taken
    }

    /// One `vagrant status --machine-readable`, and only where vm has written a Vagrantfile: a project that never
    /// had a Vagrant machine costs nothing, and needs no Vagrant.
    fn observe(&self, graph: &ResourceGraph) -> Result<Observed, Error> {
        let mut observed = Observed::default();
        if !self.vagrantfile().is_file() {
            return Ok(observed);
        }
        let record = AppliedMachine::read(&self.state_dir);
        let declared = declared_machine(graph);
        let Some(name) = record
            .as_ref()
            .map(|record| record.name.clone())
            .or_else(|| {
                declared
                    .as_ref()
                    .map(|(machine, ..)| machine.id.name.clone())
            })
        else {
            return Ok(observed);
        };
        // On the docker backend the services' health is asked while Vagrant starts up to say whether the machine
        // runs: a no-op plan waits for the slower of the two, not for both.
        let (status, health) = std::thread::scope(|scope| {
            let health = self
                .health_ahead(record.as_ref())
                .map(|ask| scope.spawn(ask));
            let status = self.status(&name);
            let health =
                health.map(|asking| asking.join().expect("asking for health does not panic"));
            (status, health)
        });
        let Some(machine_state) = status? else {
            return Ok(observed);
        };
        let id = ResourceId::new(ResourceKind::VagrantMachine, name.clone());
        let Some(record) = record else {
            observed.note(format!(
                "the Vagrant machine {name} has no record of what vm applied to it, so vm makes it again"
            ));
            return Ok(observed);
        };
        let written = fs::read_to_string(self.vagrantfile()).unwrap_or_default();
        if vagrantfile_hash(&written) != record.vagrantfile_sha256 {
            observed.note(format!(
                "{} was edited outside vm; vm rewrites it from vm.json at the next change",
                self.vagrantfile().display()
            ));
        }
        let mut state = record.state.clone();
        state.state = machine_state;
        if graph.contains(&id) {
            for folder_id in graph.dependencies(&id) {
                let Some(Resource {
                    spec: ResourceSpec::Mount(folder),
                    ..
                }) = graph.get(folder_id)
                else {
                    continue;
                };
                let target = record.folders.get(&folder.name).unwrap_or(&folder.target);
                if let Some(source) = state.synced_folders.get(target) {
                    observed.insert(
                        folder_id.clone(),
                        ResourceState::Mount(MountState {
                            source: source.clone(),
                            target: target.clone(),
                        }),
                    );
                }
            }
        }
        if let Some(docker_id) = self.docker_id(&name) {
            observed.insert_identity(id.clone(), docker_id);
        }
        self.observe_inside(&record, &state, health, &mut observed)?;
        observed.insert(id, ResourceState::VagrantMachine(Box::new(state)));
        Ok(observed)
    }

    /// `vagrant up` starts a stopped machine; the box, the backend, the image and the user make a new one; the
    /// rest takes a `vagrant reload`, except on the docker backend, whose reload applies no change at all.
    fn mutability(&self, attribute: &AttributeName, before: &ResourceState) -> Mutability {
        let machine = match before {
            ResourceState::VagrantMachine(machine) => machine,
            // What is inside changes with the machine's provisioning; a stopped service is started.
            ResourceState::Provisioned(_) => return Mutability::InPlace,
            _ => return Mutability::Replace,
        };
        match attribute {
            AttributeName::State if !matches!(machine.state, MachineState::Broken(_)) => {
                Mutability::InPlace
            }
            AttributeName::State
            | AttributeName::Backend
            | AttributeName::Box
            | AttributeName::Image
            | AttributeName::User => Mutability::Replace,
            _ if machine.backend.reload_applies_changes() => Mutability::Reload,
            _ => Mutability::Replace,
        }
    }

    fn execute(
        &self,
        change: &Change,
        resource: Option<&Resource>,
        progress: &mut dyn FnMut(StepProgress<'_>),
    ) -> Result<(), Error> {
        if let Some(ResourceSpec::Provisioned(spec)) = resource.map(|resource| &resource.spec) {
            return self.converge_inside(change, spec, progress);
        }
        if change.resource.kind != ResourceKind::VagrantMachine {
            return self.forget_inside(change);
        }
        let spec = match resource.map(|resource| &resource.spec) {
            Some(ResourceSpec::VagrantMachine(spec)) => Some(spec.as_ref()),
            _ => None,
        };
        let folders: Vec<(String, String)> = spec
            .map(|spec| {
                spec.machine
                    .mounts
                    .iter()
                    .map(|folder| (folder.name.clone(), folder.target.clone()))
                    .collect()
            })
            .unwrap_or_default();
        match (change.action, spec) {
            (Action::Create, Some(spec)) => {
                self.converge(&change.resource, spec, &["up"], &folders, progress)
            }
            (Action::Replace, Some(spec)) => {
                self.destroy(progress)?;
                self.converge(&change.resource, spec, &["up"], &folders, progress)
            }
            (Action::Update, Some(spec)) => {
                let reloads = change.attributes.iter().any(|attribute| {
                    attribute.is_change() && attribute.name != AttributeName::State
                });
                let provisions = change.changes(&AttributeName::Provisioning);
                let verb: &[&str] = match (reloads, provisions) {
                    (_, true) => &["reload", "--provision"],
                    (true, false) => &["reload"],
                    (false, false) => &["up"],
                };
                self.converge(&change.resource, spec, verb, &folders, progress)
            }
            (Action::Delete, _) => self.destroy(progress),
            _ => Ok(()),
        }
    }

    fn run_in_machine(
        &self,
        machine: &Resource,
        command: &[String],
        tty: bool,
    ) -> Result<i32, Error> {
        let ResourceSpec::VagrantMachine(spec) = &machine.spec else {
            return Err(Error::MachineNotRunning {
                name: machine.id.name.clone(),
            });
        };
        let not_running = || Error::MachineNotRunning {
            name: spec.machine.name.clone(),
        };
        if !self.vagrantfile().is_file()
            || self.status(&spec.machine.name)? != Some(MachineState::Running)
        {
            return Err(not_running());
        }
        if spec.backend == VagrantBackend::Docker {
            // `vagrant docker-exec` crashes in Debian's Vagrant 2.3.4: the container is reached directly.
            let docker_id = self.docker_id(&spec.machine.name).ok_or_else(not_running)?;
            return exec_in_container(
                &self.docker,
                &docker_id,
                &spec.machine.user,
                &spec.machine.workdir,
                tty,
                command,
            );
        }
        let remote = format!(
            "cd {} && exec {}",
            shell_word::quote(&spec.machine.workdir)?,
            shell_word::join(command)?
        );
        let tty_flag = if tty { "--tty" } else { "--no-tty" };
        self.vagrant(&["ssh", tty_flag, "-c", &remote])
            .interactive()
    }

    /// `vagrant validate` on the Vagrantfile vm would write, in a directory of its own inside the project's `.vm/`,
    /// where vagrant is installed. A backend not installed here is checked without its own settings.
    fn validate(&self, graph: &ResourceGraph) -> Result<(), Error> {
        let Some((_, spec)) = declared_machine(graph) else {
            return Ok(());
        };
        if self.vagrant.clone().arg("--version").output().is_err() {
            return Ok(());
        }
        let parent = self.state_dir.parent().unwrap_or(&self.state_dir);
        let dir = parent.join(format!("validate-{}", std::process::id()));
        let io_error = |source| Error::Io {
            action: "write a Vagrantfile to check in",
            path: dir.clone(),
            source,
        };
        fs::create_dir_all(&dir).map_err(io_error)?;
        let result = fs::write(dir.join("Vagrantfile"), machine_vagrantfile(spec)?)
            .map_err(io_error)
            .and_then(|()| {
                let checked = self.vagrant_in(&dir, &["validate"]).output();
                match checked {
                    Err(Error::CommandFailed { stderr, .. })
                        if stderr.contains("No usable default provider") =>
                    {
                        self.vagrant_in(&dir, &["validate", "--ignore-provider"])
                            .output()
                    }
                    other => other,
                }
            });
        let _ = fs::remove_dir_all(&dir);
        let _ = fs::remove_dir(parent);
        match result {
            Ok(_) => Ok(()),
            Err(Error::CommandFailed { stderr, .. }) => Err(Error::VagrantfileInvalid {
                config: self.config_path.clone(),
                output: stderr,
            }),
            Err(other) => Err(other),
        }
    }
}
