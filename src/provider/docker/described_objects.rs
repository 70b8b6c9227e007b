use std::collections::BTreeMap;

use serde_json::Value;

use super::{DockerProvider, labels};

/// Containers, images and volumes as the engine described them, asked all at once (one `docker inspect`, or the
/// API's requests): a plan asks about everything it knows to look for in one round trip. What does not exist is
/// absent.
#[derive(Debug, Default)]
pub(super) struct DescribedObjects {
    /// `docker inspect` of each container, by its Docker id.
    pub containers: BTreeMap<String, Value>,
    /// The build (image id) each image name stands for.
    pub images: BTreeMap<String, String>,
    /// The volumes that exist, by name, with the project each is labelled for.
    pub volumes: BTreeMap<String, Option<String>>,
}

impl DescribedObjects {
    /// Adds what `more` described.
    pub fn extend(&mut self, more: DescribedObjects) {
        self.containers.extend(more.containers);
        self.images.extend(more.images);
        self.volumes.extend(more.volumes);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Container,
    Image,
    Volume,
}

impl DockerProvider {
    /// The containers `container_ids`, the images `images` and the volumes `volumes` by name: read through the
    /// engine's API where vm may, else in one `docker inspect`. `None` where the answer cannot be read object by
    /// object (a name that is another kind of object, an engine that failed): then each kind is asked on its own,
    /// and says why in its own words.
    pub(super) fn describe<S: AsRef<str>>(
        &self,
        container_ids: &[S],
        images: &[S],
        volumes: &[S],
    ) -> Option<DescribedObjects> {
        if let Some(described) = self.engine_api.as_ref().and_then(|api| {
            super::engine_reads::describe(
                api,
                &as_strs(container_ids),
                &as_strs(images),
                &as_strs(volumes),
            )
            .ok()
        }) {
            return Some(described);
        }
        self.describe_through_docker(container_ids, images, volumes)
    }

    /// [`DockerProvider::describe`] in one `docker inspect`.
    fn describe_through_docker<S: AsRef<str>>(
        &self,
        container_ids: &[S],
        images: &[S],
        volumes: &[S],
    ) -> Option<DescribedObjects> {
        let mut asked: Vec<(&str, Kind)> = Vec::new();
        for (names, kind) in [
            (container_ids, Kind::Container),
            (images, Kind::Image),
            (volumes, Kind::Volume),
        ] {
            for name in names.iter().map(AsRef::as_ref) {
                if asked.iter().any(|(other, _)| *other == name) {
                    return None;
                }
                asked.push((name, kind));
            }
        }
        let mut described = DescribedObjects::default();
        if asked.is_empty() {
            return Some(described);
        }
        let (text, failure) = self
            .docker
            .clone()
            .arg("inspect")
            .args(asked.iter().map(|(name, _)| *name))
            .output_and_failure()
            .ok()?;
        let failure = failure.unwrap_or_default();
        let missing = missing_objects(&failure)?;
        let objects: Vec<Value> = serde_json::from_str(&text).ok()?;
        let found: Vec<&(&str, Kind)> = asked
            .iter()
            .filter(|(name, _)| !missing.contains(name))
            .collect();
        if found.len() != objects.len() {
            return None;
        }
        for (&(name, kind), object) in found.into_iter().zip(objects) {
            match kind {
                Kind::Container if object["Id"] == name && object["State"].is_object() => {
                    described.containers.insert(name.to_owned(), object);
                }
                Kind::Image if object["RootFS"].is_object() => {
                    described
                        .images
                        .insert(name.to_owned(), object["Id"].as_str()?.to_owned());
                }
                Kind::Volume if object["Mountpoint"].is_string() && object["Name"] == name => {
                    let project = object["Labels"][labels::PROJECT]
                        .as_str()
                        .map(str::to_owned);
                    described.volumes.insert(name.to_owned(), project);
                }
                // The name stands for an object of another kind: `docker inspect` found that one first.
                _ => return None,
            }
        }
        Some(described)
    }
}

fn as_strs<S: AsRef<str>>(names: &[S]) -> Vec<&str> {
    names.iter().map(AsRef::as_ref).collect()
}

/// The names `docker inspect` reported missing, where that is all its standard error says.
fn missing_objects(stderr: &str) -> Option<Vec<&str>> {
    stderr
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let (prefix, name) = line.split_at_checked("Error: No such object: ".len())?;
            prefix
                .eq_ignore_ascii_case("Error: No such object: ")
                .then_some(name.trim())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::missing_objects;

    #[test]
    fn only_missing_objects_are_a_readable_failure() {
        assert_eq!(
            missing_objects("Error: No such object: a\nError: No such object: vm-x:1\n"),
            Some(vec!["a", "vm-x:1"])
        );
        assert_eq!(missing_objects("error: no such object: b"), Some(vec!["b"]));
        assert_eq!(
            missing_objects("Cannot connect to the Docker daemon at unix:///var/run/docker.sock"),
            None
        );
        assert_eq!(
            missing_objects("Error: No such object: a\npermission denied"),
            None
        );
    }
}
