use sha2::{Digest, Sha256};

use super::labels;
use crate::graph::{ContainerSpec, ResourceId};
use crate::provider::CommandLine;
use crate::state::Fields;

/// Keeps the machine alive; `--init` makes it stop at once and reaps what the user's processes leave.
const KEEP_ALIVE: [&str; 2] = ["sleep", "infinity"];

/// `docker create` for a machine: every attribute becomes an argument, never a shell word.
pub fn create_command(
    docker: &CommandLine,
    id: &ResourceId,
    spec: &ContainerSpec,
    config_path: &std::path::Path,
    extra_labels: &[(String, String)],
) -> CommandLine {
    let desired = spec.desired_state();
    let recorded = serde_json::to_string(&desired.fields()).expect("attributes are valid JSON");
    let mount_targets: std::collections::BTreeMap<&str, &str> = spec
        .machine
        .mounts
        .iter()
        .map(|mount| (mount.name.as_str(), mount.target.as_str()))
        .collect();
    let mut command = docker
        .clone()
        .args([
            "create",
            "--init",
            "--name",
            &unfinished_name(&spec.machine.name),
            "--hostname",
            &spec.machine.hostname,
        ])
        .args(["--workdir", &spec.machine.workdir])
        .arg("--label")
        .arg(format!("{}=vm", labels::MANAGED_BY))
        .arg("--label")
        .arg(format!("{}={}", labels::PROJECT, spec.machine.project))
        .arg("--label")
        .arg(format!("{}={}", labels::CONFIG, config_path.display()))
        .arg("--label")
        .arg(format!("{}={id}", labels::RESOURCE))
        .arg("--label")
        .arg(format!(
            "{}={}",
            labels::SPEC_HASH,
            spec_hash(&desired.fields())
        ))
        .arg("--label")
        .arg(format!("{}={recorded}", labels::SPEC))
        .arg("--label")
        .arg(format!("{}={}", labels::ENGINE, spec.engine.endpoint))
        .arg("--label")
        .arg(format!(
            "{}={}",
            labels::MOUNTS,
            serde_json::to_string(&mount_targets).expect("mount targets are valid JSON")
        ))
        .arg("--label")
        .arg(format!(
            "{}={}",
            labels::PROVISIONED,
            serde_json::to_string(&spec.machine.provisioned)
                .expect("provisioned states are valid JSON")
        ))
        .args(
            extra_labels
                .iter()
                .flat_map(|(name, value)| ["--label".to_owned(), format!("{name}={value}")]),
        )
        .args(memory_arguments(spec.machine.memory_mib))
        .args(["--cpus".to_owned(), spec.machine.cpus.to_string()]);
    if let Some(image) = &spec.image_state {
        command = command.arg("--label").arg(format!(
            "{}={}",
            labels::IMAGE,
            serde_json::to_string(image).expect("an image state is valid JSON")
        ));
    }
    if spec.privileged {
        command = command.arg("--privileged");
    }
    // Only devices the host has are declared: compile names the others in the plan's warnings.
    for device in &spec.devices {
        command = command.arg("--device").arg(device);
    }
    for mount in &spec.machine.mounts {
        command = command.arg("--mount").arg(format!(
            "type=bind,{},{}",
            csv_field(&format!("source={}", mount.source.display())),
            csv_field(&format!("target={}", mount.target)),
        ));
    }
    for (name, target) in &spec.machine.volumes {
        command = command.arg("--mount").arg(format!(
            "type=volume,{},{}",
            csv_field(&format!("source={name}")),
            csv_field(&format!("target={target}")),
        ));
    }
    for (name, value) in &spec.machine.environment {
        command = command.arg("--env").arg(format!("{name}={value}"));
    }
    for port in &spec.machine.ports {
        command = command.arg("--publish").arg(format!(
            "{}:{}:{}",
            port.host_ip, port.host_port, port.container_port
        ));
    }
    command.arg(&spec.machine.image).args(KEEP_ALIVE)
}

/// The name a machine has until its set-up is done: renamed to its own name last, so a set-up cut short shows
/// in the next plan as `~ name`, and is finished by it.
pub fn unfinished_name(name: &str) -> String {
    format!("{name}.setting-up")
}

/// Memory without swap: the limit is the limit, in `create` and `update` alike.
pub fn memory_arguments(memory_mib: u32) -> [String; 4] {
    [
        "--memory".to_owned(),
        format!("{memory_mib}m"),
        "--memory-swap".to_owned(),
        format!("{memory_mib}m"),
    ]
}

/// A hash of the attributes that cannot change in place: equal hashes mean no replacement is due.
pub fn spec_hash(fields: &Fields) -> String {
    let mut hasher = Sha256::new();
    for (name, value) in fields {
        if !super::updatable_in_place(name) {
            let name = name.to_string();
            hasher.update(name.as_bytes());
            hasher.update([0]);
            hasher.update(value.as_bytes());
            hasher.update([0]);
        }
    }
    hex::encode(&hasher.finalize()[..16])
}

/// Quotes one field of `--mount`'s comma-separated value, which Docker reads as CSV.
fn csv_field(field: &str) -> String {
    if field.contains([',', '"']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}
