use super::{DockerProvider, labels};
use crate::graph::{ContainerSpec, ResourceGraph, ResourceId, ResourceSpec, VolumeSpec};

/// Where a volume is mounted while a machine's old data is copied into it.
const MIGRATION_DIR: &str = "/vm-migrate";
use crate::provider::ProviderError as Error;

/// The volumes the graph declares.
pub(super) fn declared_volumes(graph: &ResourceGraph) -> Vec<(&ResourceId, &VolumeSpec)> {
    graph
        .in_apply_order()
        .into_iter()
        .filter_map(|resource| match &resource.spec {
            ResourceSpec::Volume(volume) => Some((&resource.id, volume)),
            _ => None,
        })
        .collect()
}

impl DockerProvider {
    /// Those of `names` that are the project's volumes, listed in one `docker volume ls`, and only where there are any.
    pub(super) fn project_volumes(&self, names: &[&str]) -> Result<Vec<String>, Error> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let listed = self
            .docker
            .clone()
            .args(["volume", "ls", "--filter"])
            .arg(format!("label={}={}", labels::PROJECT, self.project))
            .args(["--format", "{{.Name}}"])
            .output()?;
        Ok(listed
            .lines()
            .filter(|name| names.contains(name))
            .map(str::to_owned)
            .collect())
    }

    /// A machine made before its services' data had volumes keeps that data inside: before it is removed, the
    /// data is moved into the volume the new machine mounts there. The machine is stopped first (its services
    /// stop cleanly), and the data copied with owners and modes by the new image's tar. A volume that holds data already is never
    /// written over: then both are kept, and the replacement is refused.
    pub(super) fn move_data_into_volumes(
        &self,
        machine: &ResourceId,
        spec: &ContainerSpec,
    ) -> Result<(), Error> {
        let Ok(old) = self.container_of(machine) else {
            return Ok(());
        };
        let inside: Vec<&(String, String)> = spec
            .machine
            .volumes
            .iter()
            .filter(|(_, target)| !old.state.volumes.contains_key(target))
            .collect();
        if inside.is_empty() {
            return Ok(());
        }
        self.docker
            .clone()
            .args(["stop", "--time", "30", &old.docker_id])
            .output()?;
        for (volume, target) in inside {
            self.create_volume_named(volume)?;
            // Mounted where the image has nothing, without Docker's copy of the image's files into it.
            let mount = format!("type=volume,source={volume},target={MIGRATION_DIR},volume-nocopy");
            let empty = self
                .docker
                .clone()
                .args([
                    "run",
                    "--rm",
                    "--network",
                    "none",
                    "--mount",
                    &mount,
                    "--entrypoint",
                    "/bin/sh",
                ])
                .arg(&spec.machine.image)
                .args(["-c", &format!("[ -z \"$(ls -A {MIGRATION_DIR})\" ]")])
                .output();
            if empty.is_err() {
                return Err(Error::VolumeHoldsData {
                    volume: volume.clone(),
                    target: target.clone(),
                });
            }
            // Unpacked by tar as root, owners and modes as they were: `docker cp` into a volume gives root
            // everything on this engine.
            let copied = self
                .docker
                .clone()
                .args(["cp", &format!("{}:{target}/.", old.docker_id), "-"])
                .piped_into(
                    &self
                        .docker
                        .clone()
                        .args(["run", "-i", "--rm", "--network", "none", "--mount", &mount])
                        .args(["--entrypoint", "tar"])
                        .arg(&spec.machine.image)
                        .args([
                            "-x",
                            "-p",
                            "--numeric-owner",
                            "-f",
                            "-",
                            "-C",
                            MIGRATION_DIR,
                        ]),
                );
            match copied {
                // A service new with this change has no data in the old machine: nothing to move.
                Err(Error::CommandFailed { stderr, .. })
                    if stderr.contains("Could not find the file") => {}
                other => {
                    other?;
                }
            }
        }
        Ok(())
    }

    /// Removes a service's data volume: destroy does, without `persist_databases`, after its machine went.
    pub(super) fn remove_volume(&self, volume: &VolumeSpec) -> Result<(), Error> {
        self.docker
            .clone()
            .args(["volume", "rm", &volume.name])
            .output()
            .map(drop)
    }

    pub(super) fn create_volume(&self, volume: &VolumeSpec) -> Result<(), Error> {
        self.create_volume_named(&volume.name)
    }

    /// Creates the volume `name` (Docker leaves one that exists as it is), labelled as the project's, and as a
    /// test run's where vm runs for one.
    fn create_volume_named(&self, name: &str) -> Result<(), Error> {
        self.docker
            .clone()
            .args(["volume", "create", "--label"])
            .arg(format!("{}=vm", labels::MANAGED_BY))
            .arg("--label")
            .arg(format!("{}={}", labels::PROJECT, self.project))
            .args(
                self.extra_labels
                    .iter()
                    .flat_map(|(label, value)| ["--label".to_owned(), format!("{label}={value}")]),
            )
            .arg(name)
            .output()
            .map(drop)
    }
}
