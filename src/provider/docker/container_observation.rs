use std::collections::BTreeMap;

use serde_json::Value;

use super::labels;
use crate::graph::{Attributes, RUNNING, ResourceId};

/// One container as `docker inspect` shows it, reduced to the attributes the planner compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerObservation {
    /// Docker's id: what `vm` acts on, so a same-named stranger is never touched.
    pub docker_id: String,
    pub resource: Option<ResourceId>,
    pub project: Option<String>,
    pub config_path: Option<std::path::PathBuf>,
    /// Mount resource names → their targets in the container.
    pub mount_targets: BTreeMap<String, String>,
    pub attributes: Attributes,
    pub spec_hash: Option<String>,
    /// The id of the image build the container was made from.
    pub image_id: String,
}

impl ContainerObservation {
    /// Starts from the attributes recorded at creation (the label), then puts in what Docker says now,
    /// so that a change behind `vm`'s back shows up as a difference.
    pub fn from_inspect(inspect: &Value) -> ContainerObservation {
        let label = |name: &str| {
            inspect["Config"]["Labels"][name]
                .as_str()
                .map(str::to_owned)
        };
        let recorded: Attributes = label(labels::SPEC)
            .and_then(|spec| serde_json::from_str(&spec).ok())
            .unwrap_or_default();
        let mut attributes: Attributes = recorded
            .iter()
            .filter(|(name, _)| !name.starts_with("ports.") && !name.starts_with("mounts."))
            .filter(|(name, _)| !name.starts_with("environment."))
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect();

        let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
        attributes.insert(
            "name".into(),
            text(&inspect["Name"]).trim_start_matches('/').to_owned(),
        );
        attributes.insert("image".into(), text(&inspect["Config"]["Image"]));
        attributes.insert("hostname".into(), text(&inspect["Config"]["Hostname"]));
        attributes.insert("workdir".into(), text(&inspect["Config"]["WorkingDir"]));
        attributes.insert(
            "memory".into(),
            format_memory(
                inspect["HostConfig"]["Memory"].as_i64().unwrap_or(0),
                inspect["HostConfig"]["MemorySwap"].as_i64().unwrap_or(0),
            ),
        );
        let nano_cpus = inspect["HostConfig"]["NanoCpus"].as_u64().unwrap_or(0);
        attributes.insert("cpus".into(), format_cpus(nano_cpus));
        let state = text(&inspect["State"]["Status"]);
        attributes.insert(
            "state".into(),
            if state.is_empty() {
                "unknown".into()
            } else {
                state
            },
        );

        let environment = inspect["Config"]["Env"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for name in recorded
            .keys()
            .filter_map(|name| name.strip_prefix("environment."))
        {
            let prefix = format!("{name}=");
            if let Some(value) = environment
                .iter()
                .filter_map(Value::as_str)
                .find_map(|entry| entry.strip_prefix(&prefix))
            {
                attributes.insert(format!("environment.{name}"), value.to_owned());
            }
        }
        if let Some(bindings) = inspect["HostConfig"]["PortBindings"].as_object() {
            for (container_port, hosts) in bindings {
                let port = container_port.split('/').next().unwrap_or(container_port);
                for host in hosts.as_array().into_iter().flatten() {
                    attributes.insert(
                        format!("ports.{port}"),
                        format!("{}:{}", text(&host["HostIp"]), text(&host["HostPort"])),
                    );
                }
            }
        }
        // Only bind mounts are vm's; an image's anonymous volumes are the image's business.
        let bind_mounts = inspect["Mounts"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|mount| mount["Type"] == "bind");
        for mount in bind_mounts {
            attributes.insert(
                format!("mounts.{}", text(&mount["Destination"])),
                text(&mount["Source"]),
            );
        }
        ContainerObservation {
            docker_id: text(&inspect["Id"]),
            resource: label(labels::RESOURCE).and_then(|id| ResourceId::parse(&id)),
            project: label(labels::PROJECT),
            config_path: label(labels::CONFIG).map(std::path::PathBuf::from),
            mount_targets: label(labels::MOUNTS)
                .and_then(|mounts| serde_json::from_str(&mounts).ok())
                .unwrap_or_default(),
            attributes,
            spec_hash: label(labels::SPEC_HASH),
            image_id: text(&inspect["Image"]),
        }
    }

    /// Marks the image as outdated when its name now stands for another build (the image was rebuilt or re-tagged),
    /// so the plan replaces the machine with one made from the current build.
    pub fn note_current_image(&mut self, current_id: &str) {
        if self.image_id.is_empty() || self.image_id == current_id {
            return;
        }
        if let Some(image) = self.attributes.get_mut("image") {
            let build = self.image_id.trim_start_matches("sha256:");
            *image = format!(
                "{image} (build {}, since rebuilt)",
                &build[..build.len().min(12)]
            );
        }
    }

    pub fn is_running(&self) -> bool {
        self.attributes.get("state").map(String::as_str) == Some(RUNNING)
    }
}

/// `2048 MiB` when swap is off (as `vm` makes machines); the swap setting too when someone changed it.
fn format_memory(memory_bytes: i64, swap_bytes: i64) -> String {
    const MIB: i64 = 1024 * 1024;
    let memory = format!("{} MiB", memory_bytes / MIB);
    match swap_bytes {
        swap if swap == memory_bytes || swap == 0 => memory,
        -1 => format!("{memory} (swap unlimited)"),
        swap => format!("{memory} (memory and swap {} MiB)", swap / MIB),
    }
}

fn format_cpus(nano_cpus: u64) -> String {
    let whole = nano_cpus / 1_000_000_000;
    let fraction = nano_cpus % 1_000_000_000;
    if fraction == 0 {
        whole.to_string()
    } else {
        format!("{}", nano_cpus as f64 / 1e9)
    }
}
