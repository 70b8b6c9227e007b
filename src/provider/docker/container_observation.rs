use std::collections::BTreeMap;

use serde_json::Value;

use super::labels;
use crate::graph::ResourceId;
use crate::state::{
    AttributeName, ContainerState, Cpus, Fields, HostBinding, ImageState, MachineState, Memory,
};

/// One container as `docker inspect` shows it, with what the planner compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerObservation {
    /// Docker's id: what `vm` acts on, so a same-named stranger is never touched.
    pub docker_id: String,
    pub resource: Option<ResourceId>,
    pub project: Option<String>,
    pub config_path: Option<std::path::PathBuf>,
    /// Mount resource names → their targets in the container.
    pub mount_targets: BTreeMap<String, String>,
    pub state: ContainerState,
    pub spec_hash: Option<String>,
    /// The id of the image build the container was made from.
    pub image_id: String,
    /// The image's name as Docker has it (the state names a vm-built image by its machine layers).
    pub image_name: String,
    /// vm's labels the planner does not compare directly (what is inside the machine).
    pub labels: BTreeMap<String, String>,
}

impl ContainerObservation {
    /// What Docker says now, with what only the creation label knows (the machine user, which environment
    /// variables are vm's), so that a change behind `vm`'s back shows up as a difference.
    pub fn from_inspect(inspect: &Value) -> ContainerObservation {
        let label = |name: &str| {
            inspect["Config"]["Labels"][name]
                .as_str()
                .map(str::to_owned)
        };
        let recorded: Fields = label(labels::SPEC)
            .and_then(|spec| serde_json::from_str(&spec).ok())
            .unwrap_or_default();
        let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();

        let docker_environment: Vec<&str> = inspect["Config"]["Env"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let environment = recorded
            .keys()
            .filter_map(|name| match name {
                AttributeName::Environment(key) => Some(key),
                _ => None,
            })
            .filter_map(|key| {
                let prefix = format!("{key}=");
                docker_environment
                    .iter()
                    .find_map(|entry| entry.strip_prefix(&prefix))
                    .map(|value| (key.clone(), value.to_owned()))
            })
            .collect();

        let mut ports = BTreeMap::new();
        if let Some(bindings) = inspect["HostConfig"]["PortBindings"].as_object() {
            for (container_port, hosts) in bindings {
                let port = container_port.split('/').next().unwrap_or(container_port);
                let Ok(port) = port.parse::<u16>() else {
                    continue;
                };
                for host in hosts.as_array().into_iter().flatten() {
                    ports.insert(
                        port,
                        HostBinding {
                            ip: text(&host["HostIp"]),
                            port: text(&host["HostPort"]).parse().unwrap_or(0),
                        },
                    );
                }
            }
        }
        // Only bind mounts are vm's; an image's anonymous volumes are the image's business.
        let mounts = inspect["Mounts"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|mount| mount["Type"] == "bind")
            .map(|mount| (text(&mount["Destination"]), text(&mount["Source"]).into()))
            .collect();

        let volumes = inspect["Mounts"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|mount| mount["Type"] == "volume")
            .map(|mount| (text(&mount["Destination"]), text(&mount["Name"])))
            .collect();
        let image_name = text(&inspect["Config"]["Image"]);
        let recorded_image =
            label(labels::IMAGE).and_then(|image| serde_json::from_str::<ImageState>(&image).ok());
        let state = ContainerState {
            name: text(&inspect["Name"]).trim_start_matches('/').to_owned(),
            // Where it was found: the provider knows, Docker does not say.
            engine: String::new(),
            image: recorded_image
                .as_ref()
                .map_or_else(|| image_name.clone(), ImageState::machine_image),
            superseded_build: None,
            hostname: text(&inspect["Config"]["Hostname"]),
            user: recorded
                .get(&AttributeName::User)
                .and_then(|user| user.parse().ok()),
            workdir: text(&inspect["Config"]["WorkingDir"]),
            memory: Memory::from_docker(
                inspect["HostConfig"]["Memory"].as_i64().unwrap_or(0),
                inspect["HostConfig"]["MemorySwap"].as_i64().unwrap_or(0),
            ),
            cpus: Cpus {
                nano: inspect["HostConfig"]["NanoCpus"].as_u64().unwrap_or(0),
            },
            state: MachineState::from_docker(&text(&inspect["State"]["Status"])),
            environment,
            ports,
            mounts,
            volumes,
            privileged: inspect["HostConfig"]["Privileged"]
                .as_bool()
                .unwrap_or(false),
        };
        ContainerObservation {
            docker_id: text(&inspect["Id"]),
            resource: label(labels::RESOURCE).and_then(|id| ResourceId::parse(&id)),
            project: label(labels::PROJECT),
            config_path: label(labels::CONFIG).map(std::path::PathBuf::from),
            mount_targets: label(labels::MOUNTS)
                .and_then(|mounts| serde_json::from_str(&mounts).ok())
                .unwrap_or_default(),
            state,
            spec_hash: label(labels::SPEC_HASH),
            image_id: text(&inspect["Image"]),
            image_name,
            labels: [labels::IMAGE, labels::PROVISIONED]
                .into_iter()
                .filter_map(|name| Some((name.to_owned(), label(name)?)))
                .collect(),
        }
    }

    /// Marks the image as outdated when its name now stands for another build (the image was rebuilt or re-tagged),
    /// so the plan replaces the machine with one made from the current build.
    pub fn note_current_image(&mut self, current_id: &str) {
        if self.image_id.is_empty() || self.image_id == current_id {
            return;
        }
        let build = self.image_id.trim_start_matches("sha256:");
        self.state.superseded_build = Some(build[..build.len().min(12)].to_owned());
    }

    pub fn is_running(&self) -> bool {
        self.state.state.is_running()
    }
}
