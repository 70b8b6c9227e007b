//! A project opened for work: its configuration loaded, its graph compiled, its providers ready.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{ApplyEvent, LockHolder, Planned, ProjectError, ProjectLock, Warning};
use crate::config::{self, LoadedConfig};
use crate::docker_engine::{self, EngineError};
use crate::error::Error;
use crate::graph::{self, HostContext, Resource, ResourceGraph};
use crate::host_user;
use crate::plan::{self, Plan, PlanKind, Summary};
use crate::provider::{DockerProvider, Providers, registry};
use crate::state::Observed;

#[derive(Debug)]
pub struct Project {
    pub loaded: LoadedConfig,
    pub host: HostContext,
    pub graph: ResourceGraph,
    pub providers: Providers,
}

impl Project {
    /// Loads `config_path`, or the nearest `vm.json` from the current directory up, compiles it, and readies the
    /// providers its resources need.
    pub fn open(config_path: Option<&Path>) -> Result<Project, Error> {
        Project::open_asking_engine(config_path, true)
    }

    /// As [`Project::open`], for a command that observes the project next (`vm plan`, `vm status`): the engine is
    /// asked what the last observation found while the configuration is checked and compiled.
    pub fn open_to_observe(config_path: Option<&Path>) -> Result<Project, Error> {
        let path = locate_config(config_path)?;
        if let Ok(absolute) = config::absolute(&path) {
            crate::provider::docker::start_first_round(&absolute);
        }
        Project::open_asking_engine(Some(&path), true)
    }

    /// As [`Project::open`], without asking the engine anything, nor reading the host's certificate authorities
    /// (they go into images, which these commands never build): for `vm validate`, which must answer at once, and
    /// `vm forward`.
    pub fn open_without_engine(config_path: Option<&Path>) -> Result<Project, Error> {
        Project::open_asking_engine(config_path, false)
    }

    fn open_asking_engine(config_path: Option<&Path>, may_ask: bool) -> Result<Project, Error> {
        let path = locate_config(config_path)?;
        // The host's certificate authorities (for commands that may build) are read from files while vm.json is
        // checked: neither needs the other.
        let network = std::thread::spawn(move || {
            if may_ask {
                crate::network::HostNetwork::of_this_host()
            } else {
                crate::network::HostNetwork::of_this_host_without_authorities()
            }
        });
        let loaded = config::load_remembering(&path, &config::AcceptedTexts::of_invoking_user())?;
        refuse_non_utf8(loaded.project_dir())?;
        let vagrant_on_docker = loaded.config.provider == config::ProviderKind::Vagrant
            && loaded.config.vagrant.provider == config::VagrantBackend::Docker;
        let on_docker = loaded.config.provider == config::ProviderKind::Docker || vagrant_on_docker;
        let home = host_user::home_of(host_user::invoking_user());
        let engine = host_user::EngineSite::find(loaded.project_dir(), &home, may_ask && on_docker)
            .map_err(ProjectError::from)?;
        if vagrant_on_docker && !engine.sees_host_files {
            return Err(ProjectError::VagrantOnRemoteEngine {
                engine: engine.engine.display(),
            }
            .into());
        }
        let network = network
            .join()
            .expect("reading the host's network settings does not panic");
        let host = host_user::host_context(loaded.project_dir().to_path_buf(), engine, network);
        let providers = registry::providers(
            &loaded.config.project.name,
            &loaded.path,
            loaded.config.provider,
            host_user::invoking_user(),
        );
        Project::compile(loaded, host, providers)
    }

    /// A project from a loaded configuration, on these providers (the tests' fakes among them).
    pub fn compile(
        loaded: LoadedConfig,
        host: HostContext,
        providers: Providers,
    ) -> Result<Project, Error> {
        let graph = graph::compile(&loaded.config, &host)?;
        Ok(Project {
            loaded,
            host,
            graph,
            providers,
        })
    }

    pub fn name(&self) -> &str {
        &self.loaded.config.project.name
    }

    /// What vm.json asks for that vm cannot honour yet, or not on this machine.
    pub fn config_warnings(&self) -> Vec<Warning> {
        Warning::of_config(&self.loaded.config)
            .into_iter()
            .chain(Warning::of_graph(&self.graph))
            .collect()
    }

    /// Checks the configuration with the providers' own tools (`vagrant validate`), where they are installed.
    pub fn validate(&self) -> Result<(), Error> {
        Ok(self.providers.validate(&self.graph)?)
    }

    /// What exists now.
    pub fn observe(&self) -> Result<Observed, Error> {
        Ok(self.providers.observe(&self.graph)?)
    }

    /// Observes, then plans what `kind` would do. An apply that something would stop halfway (a host port taken)
    /// is refused here, before anything changes.
    pub fn plan(&self, kind: PlanKind) -> Result<Planned, Error> {
        if let (PlanKind::Apply, Some(elsewhere)) = (kind, self.machine_on_another_engine()) {
            return Err(ProjectError::from(elsewhere).into());
        }
        let observed = self.observe()?;
        if kind == PlanKind::Apply {
            self.refuse_what_would_stop_an_apply(&observed)?;
        }
        Ok(self.plan_against(kind, observed))
    }

    /// As [`Project::plan`], for commands that change nothing (`vm plan`, `vm status`): what would stop an apply
    /// is among the warnings, never an error.
    pub fn plan_read_only(&self, kind: PlanKind) -> Result<Planned, Error> {
        let observed = self.observe()?;
        let problems = match kind {
            PlanKind::Apply => self.providers.preflight(&self.graph, &observed),
            PlanKind::Destroy => Vec::new(),
        };
        let mut planned = self.plan_against(kind, observed);
        planned
            .warnings
            .extend(problems.iter().map(Warning::would_stop_an_apply));
        if let Some(elsewhere) = self.machine_on_another_engine() {
            planned
                .warnings
                .push(Warning::WouldStopAnApply(elsewhere.to_string()));
        }
        Ok(planned)
    }

    /// The engine this project's Docker machine lives on, where that is not the one `docker` uses now.
    fn machine_on_another_engine(&self) -> Option<EngineError> {
        if self.loaded.config.provider != config::ProviderKind::Docker {
            return None;
        }
        let local_has_machine = || {
            DockerProvider::docker_command()
                .args([
                    "--host",
                    docker_engine::LOCAL_SOCKET,
                    "ps",
                    "--all",
                    "--quiet",
                ])
                .args([
                    "--filter",
                    &format!(
                        "label={}={}",
                        crate::provider::docker::labels::PROJECT,
                        self.name()
                    ),
                ])
                .output()
                .is_ok_and(|listed| !listed.trim().is_empty())
        };
        docker_engine::machine_elsewhere(
            self.loaded.project_dir(),
            &self.host.engine,
            local_has_machine,
        )
        .map(|recorded| EngineError::MachineOnAnotherEngine {
            recorded,
            current: self.host.engine.clone(),
        })
    }

    /// The first thing that would stop an apply of what was observed halfway (a host port taken), as an error.
    pub fn refuse_what_would_stop_an_apply(&self, observed: &Observed) -> Result<(), Error> {
        match self
            .providers
            .preflight(&self.graph, observed)
            .into_iter()
            .next()
        {
            Some(problem) => Err(problem.into()),
            None => Ok(()),
        }
    }

    /// What would stop an apply, as warnings, for `vm validate`, which observes nothing unless it must: only where
    /// a port is taken does it ask what exists, since the machine's own running container holds its ports. Where
    /// the project has a Docker machine already, a port it publishes is most likely held by that machine, and
    /// telling whose it is would take the engine's answers: validate leaves that to `vm plan`, and runs no docker.
    pub fn what_would_stop_an_apply(&self) -> Vec<Warning> {
        if self.loaded.config.provider == config::ProviderKind::Docker
            && crate::provider::docker::has_remembered_machine(&self.loaded.path)
        {
            return Vec::new();
        }
        let quick = self.providers.preflight(&self.graph, &Observed::default());
        if quick.is_empty() {
            return Vec::new();
        }
        let problems = match self.observe() {
            Ok(observed) => self.providers.preflight(&self.graph, &observed),
            Err(_) => quick,
        };
        problems.iter().map(Warning::would_stop_an_apply).collect()
    }

    /// What `kind` would do to what was observed: pure.
    pub fn plan_against(&self, kind: PlanKind, observed: Observed) -> Planned {
        let plan = match kind {
            PlanKind::Apply => plan::plan(&self.graph, &observed, &self.providers),
            PlanKind::Destroy => plan::destroy_plan(&self.graph, &observed),
        };
        Planned {
            kind,
            warnings: Warning::of_plan(&self.loaded.config, &self.graph, kind, &observed),
            plan,
            observed,
        }
    }

    /// Carries out `plan` in graph order, reporting each step to `on_event`; what the tools print goes to a log in
    /// the project's `.vm/logs/`, kept where a step fails (its error names it).
    pub fn apply(
        &self,
        plan: &Plan,
        kind: PlanKind,
        on_event: &mut dyn FnMut(ApplyEvent),
    ) -> Result<Summary, Error> {
        let docker_machine = self.loaded.config.provider == config::ProviderKind::Docker
            && self.machine_on_another_engine().is_none();
        let record_io = |source| ProjectError::Io {
            action: "record the machine's engine in",
            path: self.loaded.project_dir().join(".vm"),
            source,
        };
        if docker_machine && kind == PlanKind::Apply && plan.has_changes() {
            // Before anything is made: a machine half made on an engine is still there.
            docker_engine::record_engine(self.loaded.project_dir(), &self.host.engine)
                .map_err(record_io)?;
        }
        let mut log = super::ApplyLog::new(self.loaded.project_dir(), kind);
        let summary =
            crate::apply::apply(plan, kind, &self.graph, &self.providers, &mut log, on_event)?;
        let keeps_a_volume = kind == PlanKind::Destroy
            && !self.folder_volumes().is_empty()
            && !plan.changes.iter().any(|change| {
                change.resource == crate::graph::workspace_volume_id()
                    && change.action == crate::plan::Action::Delete
            });
        // A kept workspace volume is still the machine's, on that engine.
        if docker_machine && kind == PlanKind::Destroy && !keeps_a_volume {
            docker_engine::forget_engine(self.loaded.project_dir()).map_err(record_io)?;
        }
        Ok(summary)
    }

    /// Holds an exclusive lock on the project directory while the machine changes; while another command holds
    /// it, waits up to `timeout`, telling `on_wait` once who it waits for.
    pub fn lock(
        &self,
        timeout: Duration,
        on_wait: &mut dyn FnMut(&Path, Option<&LockHolder>),
    ) -> Result<ProjectLock, Error> {
        Ok(ProjectLock::acquire(
            self.loaded.project_dir(),
            timeout,
            on_wait,
        )?)
    }

    /// The machine: the resource commands run in.
    pub fn machine(&self) -> Option<&Resource> {
        self.graph
            .in_apply_order()
            .into_iter()
            .find(|resource| resource.id.kind.is_machine())
    }

    /// How `vm forward` brings the machine's published ports to this host: `None` where it publishes none; an
    /// error where they need no forwarding (a local engine, a Vagrant VM) or vm cannot forward them.
    pub fn port_forwarding(&self) -> Result<Option<docker_engine::ForwardSetup>, Error> {
        let machine = self.machine().expect("compile always makes a machine");
        let forwarding = match &machine.spec {
            graph::ResourceSpec::DockerContainer(spec) => {
                docker_engine::ForwardSetup::for_engine(&self.host.engine, &spec.machine.ports)
            }
            graph::ResourceSpec::VagrantMachine(spec) if spec.machine.ports.is_empty() => Ok(None),
            graph::ResourceSpec::VagrantMachine(spec) => {
                let forwards: Vec<_> = spec
                    .machine
                    .ports
                    .iter()
                    .map(docker_engine::PortForward::of)
                    .collect();
                Err(EngineError::PortsOnThisHost {
                    why: "Vagrant forwards the ports of its VM itself".to_owned(),
                    addresses: docker_engine::forward_addresses(&forwards),
                })
            }
            _ => Ok(None),
        };
        Ok(forwarding.map_err(ProjectError::from)?)
    }

    /// Runs `command` in the machine as its user, in the workspace; its exit code.
    pub fn run_in_machine(&self, command: &[String], tty: bool) -> Result<i32, Error> {
        let machine = self.machine().expect("compile always makes a machine");
        Ok(self
            .providers
            .for_kind(machine.id.kind)?
            .run_in_machine(machine, command, tty)?)
    }
}

/// Docker takes mount paths as text, so a project directory whose path is not UTF-8 would be
/// mounted under a mangled name: refuse it before anything is observed or changed.
fn refuse_non_utf8(project_dir: &Path) -> Result<(), ProjectError> {
    match project_dir.to_str() {
        Some(_) => Ok(()),
        None => Err(ProjectError::ProjectDirNotUtf8 {
            dir: project_dir.to_path_buf(),
        }),
    }
}

/// `config_path`, or the nearest vm.json from the current directory up.
pub fn locate_config(config_path: Option<&Path>) -> Result<PathBuf, ProjectError> {
    if let Some(path) = config_path {
        return Ok(path.to_path_buf());
    }
    let current = std::env::current_dir().map_err(|source| ProjectError::Io {
        action: "read the current directory",
        path: PathBuf::from("."),
        source,
    })?;
    config::find(&current).ok_or(ProjectError::ConfigNotFound { dir: current })
}
