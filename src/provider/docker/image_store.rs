use crate::image_cache::{ImageRecord, Inventory};
use crate::provider::{CommandLine, ProviderError as Error};

/// The images and containers of the engine as a whole, through the `docker` CLI: not one project's. `VM_DOCKER`
/// names another program, as for [`super::DockerProvider`].
#[derive(Debug, Clone)]
pub struct ImageStore {
    docker: CommandLine,
}

/// What became of an image vm asked Docker to remove.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Removal {
    Removed,
    /// Docker refused: a container made from it, or an image built on it, appeared since it was read.
    InUse {
        why: String,
    },
    /// Someone else removed it meanwhile.
    AlreadyGone,
}

impl ImageStore {
    pub fn new() -> ImageStore {
        ImageStore {
            docker: super::DockerProvider::docker_command(),
        }
    }

    /// Every image, intermediate ones included, and every container, running or not: four docker calls, more
    /// where some went between being listed and being inspected (they are left out).
    pub fn inventory(&self) -> Result<Inventory, Error> {
        let images = self.inspect(
            &["image", "ls", "--all", "--quiet", "--no-trunc"],
            &["image", "inspect"],
        )?;
        let containers = self.inspect(
            &["container", "ls", "--all", "--quiet", "--no-trunc"],
            &["container", "inspect"],
        )?;
        Inventory::from_inspect(&images, &containers).map_err(|error| Error::UnexpectedOutput {
            command: "docker image inspect / docker container inspect".to_owned(),
            detail: error.to_string(),
        })
    }

    /// What `inspect` says of every id `list` gives, as one JSON array. Other commands remove images and
    /// containers meanwhile: those Docker no longer has are left out, and the rest inspected again.
    fn inspect(&self, list: &[&str], inspect: &[&str]) -> Result<String, Error> {
        let listed = self.docker.clone().args(list).output()?;
        let mut ids: Vec<&str> = listed.split_whitespace().collect();
        ids.sort_unstable();
        ids.dedup();
        loop {
            if ids.is_empty() {
                return Ok("[]".to_owned());
            }
            let inspected = self.docker.clone().args(inspect).args(&ids).output();
            if let Err(Error::CommandFailed { stderr, .. }) = &inspected {
                let gone = gone(stderr);
                let before = ids.len();
                ids.retain(|id| !gone.iter().any(|missing| id.contains(missing)));
                if ids.len() < before {
                    continue;
                }
            }
            return inspected;
        }
    }

    /// Removes `image`, never forcing: Docker refuses an image a container uses, whatever was read before. By id,
    /// so that an image built meanwhile under the same name is not the one removed; an image of several names
    /// (which only `docker image rm -f` removes by id) by its names.
    pub fn remove(&self, image: &ImageRecord) -> Result<Removal, Error> {
        let references: Vec<&str> = if image.tags.len() > 1 {
            image.tags.iter().map(String::as_str).collect()
        } else {
            vec![image.id.as_str()]
        };
        match self
            .docker
            .clone()
            .args(["image", "rm"])
            .args(references)
            .output()
        {
            Ok(_) => Ok(Removal::Removed),
            Err(Error::CommandFailed { stderr, .. }) if stderr.contains("conflict:") => {
                Ok(Removal::InUse {
                    why: conflict_reason(&stderr),
                })
            }
            Err(Error::CommandFailed { stderr, .. }) if stderr.contains("No such image") => {
                Ok(Removal::AlreadyGone)
            }
            Err(other) => Err(other),
        }
    }

    /// The size of the image `reference` names, as `docker image ls` shows it; none where there is no such image.
    pub fn size_of(&self, reference: &str) -> Result<Option<u64>, Error> {
        let size = self
            .docker
            .clone()
            .args(["image", "inspect", "--format", "{{.Size}}", reference])
            .output();
        match size {
            Ok(size) => Ok(size.trim().parse().ok()),
            Err(Error::CommandFailed { .. }) => Ok(None),
            Err(other) => Err(other),
        }
    }
}

impl Default for ImageStore {
    fn default() -> ImageStore {
        ImageStore::new()
    }
}

/// The ids Docker says it has no object of: `Error: No such image: sha256:...`, one a line.
fn gone(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter_map(|line| line.rsplit_once("No such ")?.1.split_once(": "))
        .map(|(_, id)| id.trim())
        .filter(|id| !id.is_empty())
        .collect()
}

/// Docker's words after its `(must be forced) - `: `image is being used by stopped container 0123abcd`.
fn conflict_reason(stderr: &str) -> String {
    let line = stderr
        .lines()
        .find(|line| line.contains("conflict:"))
        .unwrap_or(stderr)
        .trim();
    line.rsplit_once(" - ")
        .map_or(line, |(_, reason)| reason)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_docker_no_longer_has_is_read_from_its_errors() {
        assert_eq!(
            gone(
                "Error response from daemon: no such image: sha256:5e90: No such image: sha256:5e90\nError: No such container: 0123abc\nError: No such object: 42\n"
            ),
            ["sha256:5e90", "0123abc", "42"]
        );
        assert!(gone("permission denied").is_empty());
    }

    #[test]
    fn a_conflict_is_told_by_dockers_reason() {
        assert_eq!(
            conflict_reason(
                "Error response from daemon: conflict: unable to delete 564abfbb4769 (must be forced) - image is being used by stopped container f89fd5dee7e4\n"
            ),
            "image is being used by stopped container f89fd5dee7e4"
        );
    }
}
