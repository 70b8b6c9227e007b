use std::path::PathBuf;

use super::{
    ContainerSpec, DEFAULT_BOX, HostContext, HostDirSpec, ImageSpec, MountSpec, ProvisionedSpec,
    PublishedPort, Resource, ResourceGraph, ResourceId, ResourceKind, ResourceSpec, ServiceWait,
    VagrantMachineSpec, VolumeSpec, provisioning_spec,
};
use crate::config::{Config, ProviderKind};
use crate::provision::{BuildContext, ProvisionError, Provisioning, provision};
use crate::state::{
    EnvFileState, Health, LanguageStatus, PackageList, ProvisionedState, ServiceStatus,
    ShellSettings,
};

/// Host data directories are private to their owner.
pub const HOST_DIR_MODE: u32 = 0o700;

/// Turns a configuration into the resources that make its machine, with what each needs. Fails only where a
/// value cannot be carried into the machine safely (see [`ProvisionError`]).
pub fn compile(config: &Config, host: &HostContext) -> Result<ResourceGraph, ProvisionError> {
    let mut graph = ResourceGraph::default();
    let home = config.vm.home();
    // A container has bind mounts; a Vagrant machine has synced folders: the same host directories either way.
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
        let source = host
            .home
            .join(synced.host_root)
            .join("vms")
            .join(&config.project.name);
        let host_dir = graph.add(Resource {
            id: ResourceId::new(ResourceKind::HostDir, synced.name),
            spec: ResourceSpec::HostDir(HostDirSpec {
                path: source.clone(),
                mode: HOST_DIR_MODE,
                owner: host.data_owner,
            }),
        });
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

    let publish = |port: u16| PublishedPort {
        host_ip: config.vm.port_binding.as_str().to_owned(),
        host_port: port,
        container_port: port,
    };
    let mut ports: Vec<PublishedPort> = config.ports.values().map(|port| publish(port.0)).collect();
    let provision_spec = provisioning_spec(config);
    let provisioning = provision_spec.as_ref().map(provision).transpose()?;
    // A Docker machine, or a container of Vagrant's docker backend, runs an image that has it all; a Vagrant VM
    // runs the same work as its shell provisioner.
    let runs_an_image = match config.provider {
        ProviderKind::Docker => true,
        ProviderKind::Vagrant => config.vagrant.provider == crate::config::VagrantBackend::Docker,
    };
    if let Some(provisioning) = &provisioning {
        ports.extend(
            provisioning
                .services
                .iter()
                .filter_map(|s| s.port)
                .map(publish),
        );
        ports.sort();
        ports.dedup();
    }
    let image = provisioning
        .as_ref()
        .filter(|_| runs_an_image)
        .map(|provisioning| {
            ImageSpec::new(
                &config.project.name,
                config.vm.image(),
                BuildContext::new(provisioning),
            )
        });
    // Services, languages and packages are resources of their own where vm can see inside the machine: Docker's.
    let inside = provisioning
        .as_ref()
        .filter(|_| config.provider == ProviderKind::Docker)
        .map(|provisioning| provisioned_resources(config, provisioning))
        .unwrap_or_default();
    let volumes: Vec<VolumeSpec> = match &provisioning {
        Some(provisioning)
            if config.persist_databases && config.provider == ProviderKind::Docker =>
        {
            provisioning
                .services
                .iter()
                .filter_map(|service| {
                    Some(VolumeSpec {
                        project: config.project.name.clone(),
                        service: service.name.to_owned(),
                        name: format!("vm-{}-{}-data", config.project.name, service.name),
                        target: service.data_dir?.to_owned(),
                    })
                })
                .collect()
        }
        _ => Vec::new(),
    };
    let machine = match config.provider {
        ProviderKind::Docker => {
            let container = ContainerSpec {
                project: config.project.name.clone(),
                name: container_name(&config.project.name),
                image: image
                    .as_ref()
                    .map_or_else(|| config.vm.image().to_owned(), |image| image.tag.clone()),
                hostname: config.project.hostname(),
                user: config.vm.user.clone(),
                user_owner: host.data_owner,
                home,
                workdir: config.project.workspace_path.clone(),
                environment: config.environment.clone(),
                memory_mib: config.vm.memory,
                cpus: config.vm.cpus,
                ports,
                mounts,
                volumes: volumes
                    .iter()
                    .map(|volume| (volume.name.clone(), volume.target.clone()))
                    .collect(),
                privileged: provisioning.as_ref().is_some_and(|p| p.privileged),
                devices: provisioning
                    .as_ref()
                    .map(|p| p.devices.clone())
                    .unwrap_or_default(),
                provisioned: inside
                    .iter()
                    .map(|(id, spec)| (id.to_string(), spec.state.clone()))
                    .collect(),
                image_state: image.as_ref().map(ImageSpec::desired_state),
            };
            Resource {
                id: ResourceId::new(ResourceKind::DockerContainer, container.name.clone()),
                spec: ResourceSpec::DockerContainer(Box::new(container)),
            }
        }
        ProviderKind::Vagrant => {
            let backend = config.vagrant.provider;
            let machine = VagrantMachineSpec {
                project: config.project.name.clone(),
                name: config.project.name.clone(),
                backend,
                r#box: config
                    .vm
                    .r#box
                    .clone()
                    .unwrap_or_else(|| DEFAULT_BOX.to_owned()),
                image: image
                    .as_ref()
                    .map_or_else(|| config.vm.image().to_owned(), |image| image.tag.clone()),
                hostname: config.project.hostname(),
                user: config.vm.user.clone(),
                user_owner: host.data_owner,
                home,
                workdir: config.project.workspace_path.clone(),
                memory_mib: config.vm.memory,
                cpus: config.vm.cpus,
                gui: config.vm.gui,
                environment: config.environment.clone(),
                ports,
                synced_folders: mounts,
                provision_script: provisioning
                    .as_ref()
                    .filter(|_| !runs_an_image)
                    .map(Provisioning::vagrant_script),
            };
            Resource {
                id: ResourceId::new(ResourceKind::VagrantMachine, machine.name.clone()),
                spec: ResourceSpec::VagrantMachine(Box::new(machine)),
            }
        }
    };
    let machine_id = graph.add(machine);
    for mount_id in &mount_ids {
        graph.needs(&machine_id, mount_id);
    }
    if let Some(template) = &config.project.env_template_path {
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
    for volume in volumes {
        let volume_id = graph.add(Resource {
            id: ResourceId::new(ResourceKind::Volume, format!("{}_data", volume.service)),
            spec: ResourceSpec::Volume(volume),
        });
        graph.needs(&machine_id, &volume_id);
    }
    if let Some(image) = image {
        let image_id = graph.add(Resource {
            id: ResourceId::new(ResourceKind::DockerImage, config.project.name.clone()),
            spec: ResourceSpec::DockerImage(Box::new(image)),
        });
        graph.needs(&machine_id, &image_id);
    }
    let node = ResourceId::new(ResourceKind::Language, "node");
    for (id, spec) in inside {
        let id = graph.add(Resource {
            id,
            spec: ResourceSpec::Provisioned(Box::new(spec)),
        });
        graph.needs(&id, &machine_id);
        if id == ResourceId::new(ResourceKind::Packages, "npm") && graph.contains(&node) {
            graph.needs(&id, &node);
        }
    }
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

/// The services, languages, package lists and shell inside the machine, each a resource of its own. A service's
/// port is published with the machine; the plan shows it on both.
fn provisioned_resources(
    config: &Config,
    provisioning: &Provisioning,
) -> Vec<(ResourceId, ProvisionedSpec)> {
    let mut resources = Vec::new();
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
    for (list, packages) in [
        ("apt", &config.apt_packages),
        ("npm", &config.npm_packages),
        ("pip", &config.pip_packages),
        ("cargo", &config.cargo_packages),
    ] {
        if !packages.is_empty() {
            resources.push(provisioned(
                ResourceKind::Packages,
                list,
                ProvisionedState::Packages(PackageList {
                    packages: packages.iter().cloned().collect(),
                }),
                None,
            ));
        }
    }
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
    resources.push(provisioned(
        ResourceKind::Shell,
        &config.vm.user,
        ProvisionedState::Shell(ShellSettings {
            aliases: config.aliases.clone(),
            prompt,
            timezone: config.vm.timezone.clone(),
        }),
        None,
    ));
    resources
}

fn provisioned(
    kind: ResourceKind,
    name: &str,
    state: ProvisionedState,
    wait: Option<ServiceWait>,
) -> (ResourceId, ProvisionedSpec) {
    (ResourceId::new(kind, name), ProvisionedSpec { state, wait })
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
