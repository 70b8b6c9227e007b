use std::path::PathBuf;

use super::{
    ContainerSpec, DEFAULT_BOX, HostContext, HostDirSpec, MountSpec, PublishedPort, Resource,
    ResourceGraph, ResourceId, ResourceKind, ResourceSpec, VagrantMachineSpec,
};
use crate::config::{Config, ProviderKind};

/// Host data directories are private to their owner.
pub const HOST_DIR_MODE: u32 = 0o700;

/// Turns a configuration into the resources that make its machine, with what each needs.
pub fn compile(config: &Config, host: &HostContext) -> ResourceGraph {
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

    let ports: Vec<PublishedPort> = config
        .ports
        .values()
        .map(|port| PublishedPort {
            host_ip: config.vm.port_binding.as_str().to_owned(),
            host_port: port.0,
            container_port: port.0,
        })
        .collect();
    let machine = match config.provider {
        ProviderKind::Docker => {
            let container = ContainerSpec {
                project: config.project.name.clone(),
                name: container_name(&config.project.name),
                image: config.vm.image().to_owned(),
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
                image: config.vm.image().to_owned(),
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
    graph
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
