use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{
    Asked, ContainerSpec, DEFAULT_BOX, HostContext, HostDirSpec, ImageSpec, InPlaceChange,
    MachineSpec, MountSpec, ProvisionedSpec, PublishedPort, Resource, ResourceGraph, ResourceId,
    ResourceKind, ResourceSpec, ServiceWait, VagrantMachineSpec, VolumeContent, VolumeSpec,
    provisioning_spec,
};
use crate::catalog::package_manager;
use crate::config::{Config, ProviderKind};
use crate::provision::{ProvisionError, Provisioning, SHELL_RECORD, Stage, provision, write_file};
use crate::state::{
    EnvFileState, Health, LanguageStatus, PackageList, ProvisionedState, ServiceStatus,
    ShellSettings,
};

/// Host data directories are private to their owner.
pub const HOST_DIR_MODE: u32 = 0o700;

/// Turns a configuration into the resources that make its machine, with what each needs. Fails only where a
/// value cannot be carried into the machine safely (see [`ProvisionError`]). One function per kind of resource.
pub fn compile(config: &Config, host: &HostContext) -> Result<ResourceGraph, ProvisionError> {
    let mut graph = ResourceGraph::default();
    let provision_spec = provisioning_spec(config, &host.network);
    let provisioning = provision_spec.as_ref().map(provision).transpose()?;
    let runs_an_image = runs_an_image(config);
    let image = provisioning
        .as_ref()
        .filter(|_| runs_an_image)
        .map(|provisioning| ImageSpec::new(&config.project.name, provisioning));
    let machine_image = image
        .as_ref()
        .map_or_else(|| config.vm.image().to_owned(), |image| image.tag.clone());
    let folders = if host.engine_sees_host_files || config.provider == ProviderKind::Vagrant {
        add_folders(config, host, &mut graph)
    } else {
        add_folder_volumes(config, host, &machine_image, &mut graph)
    };
    let (mounts, mount_ids) = (folders.mounts, folders.mount_ids);
    // Services, languages, packages and the shell are resources of their own, on either provider.
    let inside = match &provisioning {
        Some(provisioning) => {
            let (resources, notes) = provisioned_resources(config, provisioning, host);
            notes.into_iter().for_each(|note| graph.note(note));
            resources
        }
        None => Vec::new(),
    };
    let mut volumes = service_volumes(config, provisioning.as_ref(), runs_an_image);
    volumes.extend(folders.volumes);
    let parts = MachineParts {
        ports: published_ports(config, provisioning.as_ref()),
        mounts,
        volumes: volumes
            .iter()
            .map(|volume| (volume.name.clone(), volume.target.clone()))
            .collect(),
        image: image.as_ref(),
        provisioning: provisioning.as_ref(),
        // What the machine records as installed: the provider observes it from there.
        recorded_inside: inside
            .iter()
            .map(|(id, spec)| (id.to_string(), spec.state.clone()))
            .collect(),
    };
    let machine = match config.provider {
        ProviderKind::Docker => docker_machine(config, host, parts, &mut graph),
        ProviderKind::Vagrant => vagrant_machine(config, host, parts, &mut graph),
    };
    let machine_id = graph.add(machine);
    for mount_id in &mount_ids {
        graph.needs(&machine_id, mount_id);
    }
    add_env_file(config, provisioning.as_ref(), host, &mut graph);
    let mut filled_volumes = Vec::new();
    for volume in volumes {
        let filled = !matches!(volume.content, VolumeContent::ServiceData { .. });
        let volume_id = graph.add(Resource {
            id: volume_id(&volume),
            spec: ResourceSpec::Volume(volume),
        });
        graph.needs(&machine_id, &volume_id);
        if let Some(host_dir) = folders.host_dirs_of_volumes.get(&volume_id) {
            graph.needs(&volume_id, host_dir);
        }
        if filled {
            filled_volumes.push(volume_id);
        }
    }
    if let Some(image) = image {
        let image_id = graph.add(Resource {
            id: ResourceId::new(ResourceKind::DockerImage, config.project.name.clone()),
            spec: ResourceSpec::DockerImage(Box::new(image)),
        });
        graph.needs(&machine_id, &image_id);
        for volume_id in &filled_volumes {
            // A volume filled from this host is filled by a container of the machine's image.
            graph.needs(volume_id, &image_id);
        }
    }
    add_inside(inside, &machine_id, &mut graph);
    let restores = super::database_restore::database_restores(
        config,
        provision_spec.as_ref(),
        provisioning.as_ref(),
        host,
    )?;
    for (id, spec) in restores.resources {
        let service = ResourceId::new(ResourceKind::Service, spec.service.clone());
        let id = graph.add(Resource {
            id,
            spec: ResourceSpec::DatabaseRestore(Box::new(spec)),
        });
        graph.needs(&id, &service);
    }
    restores.notes.into_iter().for_each(|note| graph.note(note));
    Ok(graph)
}

/// What either kind of machine is made with, besides vm.json's own values.
struct MachineParts<'a> {
    ports: Vec<PublishedPort>,
    mounts: Vec<MountSpec>,
    /// Volume names by their target in the machine.
    volumes: Vec<(String, String)>,
    image: Option<&'a ImageSpec>,
    provisioning: Option<&'a Provisioning>,
    recorded_inside: BTreeMap<String, ProvisionedState>,
}

impl MachineParts<'_> {
    /// The image the machine runs: its own, where it has one, else `vm.image`.
    fn image_name(&self, config: &Config) -> String {
        self.image
            .map_or_else(|| config.vm.image().to_owned(), |image| image.tag.clone())
    }
}

/// A Docker machine, or a container of Vagrant's docker backend, runs an image that has it all; a Vagrant VM runs
/// the same work as its shell provisioner.
fn runs_an_image(config: &Config) -> bool {
    match config.provider {
        ProviderKind::Docker => true,
        ProviderKind::Vagrant => config.vagrant.provider == crate::config::VagrantBackend::Docker,
    }
}

/// The workspace, and the host directories of the synced data with their mounts: bind mounts of a container,
/// synced folders of a Vagrant machine, the same host directories either way.
fn add_folders(config: &Config, host: &HostContext, graph: &mut ResourceGraph) -> Folders {
    let home = config.vm.home();
    let folder_kind = match config.provider {
        ProviderKind::Docker => ResourceKind::Mount,
        ProviderKind::Vagrant => ResourceKind::SyncedFolder,
    };
    let mut mounts = vec![MountSpec {
        name: "workspace".to_owned(),
        source: host.project_dir.clone(),
        target: config.project.workspace_path.clone(),
    }];
    let mut mount_ids = vec![graph.add(Resource {
        id: ResourceId::new(folder_kind, "workspace"),
        spec: ResourceSpec::Mount(mounts[0].clone()),
    })];
    for synced in synced_data_dirs(config) {
        let (host_dir, source) = add_synced_host_dir(config, host, &synced, graph);
        let mount = MountSpec {
            name: synced.name.to_owned(),
            source,
            target: format!("{home}/{}", synced.machine_dir),
        };
        let mount_id = graph.add(Resource {
            id: ResourceId::new(folder_kind, synced.name),
            spec: ResourceSpec::Mount(mount.clone()),
        });
        graph.needs(&mount_id, &host_dir);
        mounts.push(mount);
        mount_ids.push(mount_id);
    }
    Folders {
        mounts,
        mount_ids,
        ..Folders::default()
    }
}

/// The workspace and the synced data on an engine that cannot see this host's files: each in a volume of that
/// engine, the workspace uploaded into it when it is made, the synced data brought back by `vm pull` into the same
/// host directories a local machine mounts.
fn add_folder_volumes(
    config: &Config,
    host: &HostContext,
    machine_image: &str,
    graph: &mut ResourceGraph,
) -> Folders {
    let home = config.vm.home();
    let mut folders = Folders::default();
    folders.volumes.push(VolumeSpec {
        project: config.project.name.clone(),
        content: VolumeContent::Workspace {
            source: host.project_dir.clone(),
            uploader_image: machine_image.to_owned(),
            owner: host.data_owner,
        },
        name: workspace_volume_name(&config.project.name),
        target: config.project.workspace_path.clone(),
        kept_on_destroy: false,
    });
    for synced in synced_data_dirs(config) {
        let (host_dir_id, host_dir) = add_synced_host_dir(config, host, &synced, graph);
        let volume = VolumeSpec {
            project: config.project.name.clone(),
            content: VolumeContent::ToolData {
                tool: synced.machine_dir.trim_start_matches('.').to_owned(),
                host_dir,
                uploader_image: machine_image.to_owned(),
                owner: host.data_owner,
            },
            name: format!(
                "vm-{}-{}",
                config.project.name,
                synced.name.replace('_', "-")
            ),
            target: format!("{home}/{}", synced.machine_dir),
            kept_on_destroy: false,
        };
        folders
            .host_dirs_of_volumes
            .insert(volume_id(&volume), host_dir_id);
        folders.volumes.push(volume);
    }
    folders
}

/// The volume that holds a project's workspace on an engine that cannot see this host's files.
pub fn workspace_volume_name(project: &str) -> String {
    format!("{project}_workspace")
}

/// `volume.postgresql_data`, `volume.workspace`, `volume.claude_data`.
pub fn volume_id(volume: &VolumeSpec) -> ResourceId {
    let name = match &volume.content {
        VolumeContent::ServiceData { service } => format!("{service}_data"),
        VolumeContent::Workspace { .. } => return workspace_volume_id(),
        VolumeContent::ToolData { tool, .. } => format!("{tool}_data"),
    };
    ResourceId::new(ResourceKind::Volume, name)
}

/// The resource of the workspace's volume, on an engine that cannot see this host's files.
pub fn workspace_volume_id() -> ResourceId {
    ResourceId::new(ResourceKind::Volume, "workspace")
}

/// Where the machine's folders come from: host mounts, or volumes of an engine that cannot see this host.
#[derive(Default)]
struct Folders {
    mounts: Vec<MountSpec>,
    mount_ids: Vec<ResourceId>,
    volumes: Vec<VolumeSpec>,
    /// The host directory each folder volume's data comes back to.
    host_dirs_of_volumes: BTreeMap<ResourceId, ResourceId>,
}

/// `~/.claude/vms/<project>`: the synced data's home on this host, whichever engine runs the machine; its
/// resource and its path.
fn add_synced_host_dir(
    config: &Config,
    host: &HostContext,
    synced: &SyncedDataDir,
    graph: &mut ResourceGraph,
) -> (ResourceId, PathBuf) {
    let path = host
        .home
        .join(&synced.host_root)
        .join("vms")
        .join(&config.project.name);
    let id = graph.add(Resource {
        id: ResourceId::new(ResourceKind::HostDir, synced.name),
        spec: ResourceSpec::HostDir(HostDirSpec {
            path: path.clone(),
            mode: HOST_DIR_MODE,
            owner: host.data_owner,
        }),
    });
    (id, path)
}

/// `ports`, and each listening service's port, published on `vm.port_binding`, each once (named by its first
/// name in `ports`, else by its service).
fn published_ports(config: &Config, provisioning: Option<&Provisioning>) -> Vec<PublishedPort> {
    let publish = |port: u16, name: &str| PublishedPort {
        host_ip: config.vm.port_binding.as_str().to_owned(),
        host_port: port,
        container_port: port,
        name: name.to_owned(),
    };
    let mut ports: Vec<PublishedPort> = config
        .ports
        .iter()
        .map(|(name, port)| publish(port.0, name))
        .chain(
            provisioning
                .iter()
                .flat_map(|provisioning| &provisioning.services)
                .filter_map(|service| Some(publish(service.port?, service.name))),
        )
        .collect();
    // Stable: of two names for one port, the first one stays.
    ports.sort_by_key(|port| port.host_port);
    ports.dedup_by_key(|port| port.host_port);
    ports
}

/// Service data lives in Docker volumes, so that no replacement of the machine loses it, as Compose's named
/// volumes do; `persist_databases` decides whether destroy keeps them. A machine that runs an image (a container)
/// can have them, a Vagrant VM cannot.
fn service_volumes(
    config: &Config,
    provisioning: Option<&Provisioning>,
    runs_an_image: bool,
) -> Vec<VolumeSpec> {
    provisioning
        .filter(|_| runs_an_image)
        .iter()
        .flat_map(|provisioning| &provisioning.services)
        .filter_map(|service| {
            Some(VolumeSpec {
                project: config.project.name.clone(),
                content: VolumeContent::ServiceData {
                    service: service.name.to_owned(),
                },
                name: format!("vm-{}-{}-data", config.project.name, service.name),
                target: service.data_dir?.to_owned(),
                kept_on_destroy: config.persist_databases,
            })
        })
        .collect()
}

/// What every machine is made with, on either provider; `name` is the provider's name for it.
fn machine_spec(
    config: &Config,
    host: &HostContext,
    name: String,
    parts: MachineParts,
    graph: &mut ResourceGraph,
) -> MachineSpec {
    let (cpus, memory_mib) = machine_size(config, host, graph);
    MachineSpec {
        project: config.project.name.clone(),
        name,
        image: parts.image_name(config),
        hostname: config.project.hostname(),
        user: config.vm.user.clone(),
        user_owner: host.data_owner,
        home: config.vm.home(),
        workdir: config.project.workspace_path.clone(),
        environment: config.environment.clone(),
        memory_mib,
        cpus,
        ports: parts.ports,
        mounts: parts.mounts,
        volumes: parts.volumes,
        provisioned: parts.recorded_inside,
    }
}

fn docker_machine(
    config: &Config,
    host: &HostContext,
    parts: MachineParts,
    graph: &mut ResourceGraph,
) -> Resource {
    let (image, provisioning) = (parts.image, parts.provisioning);
    let name = container_name(&config.project.name);
    let container = ContainerSpec {
        machine: machine_spec(config, host, name, parts, graph),
        engine: host.engine.clone(),
        privileged: provisioning.is_some_and(|p| p.privileged),
        devices: provisioning
            .iter()
            .flat_map(|p| &p.devices)
            .filter(|device| host.devices.contains(*device))
            .cloned()
            .collect(),
        image_state: image.map(ImageSpec::desired_state),
    };
    Resource {
        id: ResourceId::new(
            ResourceKind::DockerContainer,
            container.machine.name.clone(),
        ),
        spec: ResourceSpec::DockerContainer(Box::new(container)),
    }
}

fn vagrant_machine(
    config: &Config,
    host: &HostContext,
    parts: MachineParts,
    graph: &mut ResourceGraph,
) -> Resource {
    let provisioning = parts.provisioning;
    let name = config.project.name.clone();
    let machine = VagrantMachineSpec {
        machine: machine_spec(config, host, name, parts, graph),
        backend: config.vagrant.provider,
        r#box: config
            .vm
            .r#box
            .clone()
            .unwrap_or_else(|| DEFAULT_BOX.to_owned()),
        gui: config.vm.gui,
        provision_script: provisioning
            .filter(|_| !runs_an_image(config))
            .map(Provisioning::vagrant_script),
    };
    Resource {
        id: ResourceId::new(ResourceKind::VagrantMachine, machine.machine.name.clone()),
        spec: ResourceSpec::VagrantMachine(Box::new(machine)),
    }
}

/// `.env` from `project.env_template_path`, with the services' URLs.
fn add_env_file(
    config: &Config,
    provisioning: Option<&Provisioning>,
    host: &HostContext,
    graph: &mut ResourceGraph,
) {
    let Some(template) = &config.project.env_template_path else {
        return;
    };
    let added = provisioning
        .iter()
        .flat_map(|provisioning| {
            provisioning.services.iter().filter_map(|service| {
                let name = service.url_variable?;
                Some((name.to_owned(), provisioning.environment.get(name)?.clone()))
            })
        })
        .collect();
    graph.add(Resource {
        id: ResourceId::new(ResourceKind::EnvFile, "dotenv"),
        spec: ResourceSpec::EnvFile(EnvFileState {
            path: host.project_dir.join(".env"),
            template: host.project_dir.join(template),
            added,
        }),
    });
}

/// What is inside the machine, each needing it: a list installs with its language, the shell's time zone is
/// read from apt's tzdata.
fn add_inside(
    inside: Vec<(ResourceId, ProvisionedSpec)>,
    machine_id: &ResourceId,
    graph: &mut ResourceGraph,
) {
    let apt = ResourceId::new(ResourceKind::Packages, "apt");
    for (id, spec) in inside {
        let id = graph.add(Resource {
            id,
            spec: ResourceSpec::Provisioned(Box::new(spec)),
        });
        graph.needs(&id, machine_id);
        let needed = match id.kind {
            ResourceKind::Packages => package_manager(&id.name)
                .and_then(|manager| manager.language)
                .map(|language| ResourceId::new(ResourceKind::Language, language)),
            ResourceKind::Shell => Some(apt.clone()),
            _ => None,
        };
        if let Some(needed) = needed.filter(|needed| graph.contains(needed)) {
            graph.needs(&id, &needed);
        }
    }
}

/// The machine's CPUs and memory: what vm.json asks for, within what the engine has (with a warning where more).
fn machine_size(config: &Config, host: &HostContext, graph: &mut ResourceGraph) -> (u32, u32) {
    let Some(capacity) = host.capacity else {
        return (config.vm.cpus, config.vm.memory);
    };
    let (cpus, cpus_warning) = capacity.cap(Asked::Cpus(config.vm.cpus));
    let (memory, memory_warning) = capacity.cap(Asked::MemoryMib(config.vm.memory));
    for warning in [cpus_warning, memory_warning].into_iter().flatten() {
        graph.note(warning);
    }
    (cpus, memory)
}

/// The services, languages, package lists and shell inside the machine, each a resource of its own. A service's
/// port is published with the machine; the plan shows it on both.
fn provisioned_resources(
    config: &Config,
    provisioning: &Provisioning,
    host: &HostContext,
) -> (Vec<(ResourceId, ProvisionedSpec)>, Vec<String>) {
    let mut resources = Vec::new();
    let mut notes = Vec::new();
    for language in &provisioning.languages {
        resources.push(provisioned(
            ResourceKind::Language,
            language.name,
            ProvisionedState::Language(LanguageStatus {
                description: language.description.to_owned(),
                version: language.version.clone(),
            }),
            None,
        ));
    }
    for service in &provisioning.services {
        let row = crate::catalog::entry(service.name);
        let devices = row.map_or(&[][..], |row| row.devices);
        let runs = row.is_some_and(|row| !row.start.is_empty());
        if !devices.is_empty() && !devices.iter().any(|device| host.devices.contains(*device)) {
            // A service that is only its devices (the GPU) is nothing without them: it is no resource, and
            // never a wait that cannot end.
            notes.push(if runs {
                format!(
                    "this host has no {}: service.{} runs without it, and what needs it will not work",
                    devices.join(" or "),
                    service.name
                )
            } else {
                format!(
                    "this host has none of {}: service.{} is not provided (its packages are installed)",
                    devices.join(", "),
                    service.name
                )
            });
            if !runs {
                continue;
            }
        }
        resources.push(provisioned(
            ResourceKind::Service,
            service.name,
            ProvisionedState::Service(ServiceStatus {
                description: service.description.to_owned(),
                port: service.port,
                database: service.database.clone(),
                database_user: service.db_user.clone(),
                url_variable: service.url_variable.map(str::to_owned),
                health: Health::Running,
            }),
            Some(ServiceWait {
                service: service.name.to_owned(),
                timeout_secs: service.start_timeout_secs,
                log: service.log.map(str::to_owned),
            }),
        ));
    }
    for (list, packages) in &provisioning.package_lists {
        let mut resource = provisioned(
            ResourceKind::Packages,
            list,
            ProvisionedState::Packages(PackageList {
                packages: packages.clone(),
            }),
            None,
        );
        resource.1.in_place = Some(InPlaceChange::Packages { list });
        resources.push(resource);
    }
    let Some(shell_stage) = provisioning
        .stages
        .iter()
        .find(|stage| stage.stage == Stage::Shell)
    else {
        return (resources, notes);
    };
    let terminal = &config.terminal;
    let prompt = format!(
        "{} {} {}{}{}",
        terminal.emoji,
        terminal.username,
        terminal.theme.name(),
        if terminal.show_git_branch {
            ", git branch"
        } else {
            ""
        },
        if terminal.show_timestamp {
            ", time"
        } else {
            ""
        },
    );
    let settings = ShellSettings {
        aliases: config.aliases.clone(),
        prompt,
        timezone: config.vm.timezone.clone(),
    };
    // The machine records what it was changed to: its label keeps what it was made with.
    let record = serde_json::to_string(&settings).expect("shell settings serialize") + "\n";
    let mut shell = provisioned(
        ResourceKind::Shell,
        &config.vm.user,
        ProvisionedState::Shell(settings),
        None,
    );
    shell.1.in_place = Some(InPlaceChange::Script(format!(
        "{}{}",
        shell_stage.script,
        write_file(SHELL_RECORD, &record)
    )));
    resources.push(shell);
    (resources, notes)
}

fn provisioned(
    kind: ResourceKind,
    name: &str,
    state: ProvisionedState,
    wait: Option<ServiceWait>,
) -> (ResourceId, ProvisionedSpec) {
    (
        ResourceId::new(kind, name),
        ProvisionedSpec {
            state,
            wait,
            in_place: None,
        },
    )
}

/// Where a Vagrant machine's Vagrantfile and Vagrant's own records live, inside the project: never a path that
/// another user or project shares.
pub const VAGRANT_STATE_DIR: &str = ".vm/vagrant";

/// The container that is a project's machine.
pub fn container_name(project: &str) -> String {
    format!("{project}-dev")
}

/// A tool's data directory kept on the host, `~/<host_root>/vms/<project>` ↔ `<machine home>/<machine_dir>`.
struct SyncedDataDir {
    name: &'static str,
    host_root: PathBuf,
    machine_dir: &'static str,
}

fn synced_data_dirs(config: &Config) -> Vec<SyncedDataDir> {
    let mut synced = Vec::new();
    if config.claude_sync {
        synced.push(SyncedDataDir {
            name: "claude_data",
            host_root: PathBuf::from(".claude"),
            machine_dir: ".claude",
        });
    }
    if config.gemini_sync {
        synced.push(SyncedDataDir {
            name: "gemini_data",
            host_root: PathBuf::from(".gemini"),
            machine_dir: ".gemini",
        });
    }
    synced
}
