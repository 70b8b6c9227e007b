//! What a plan reads of the engine, asked through its API (see [`EngineApi`]) where vm may, else through `docker`.
//! Both give the same objects: `docker ps` and `docker inspect` print what these same requests answer (in the
//! engine's own API version, which `docker` also uses unless `DOCKER_API_VERSION` pins one). Where the API gives no
//! answer the provider can read, `docker` is asked, and says why in its own words; an engine that does not answer in
//! time, or a Ctrl-C, ends the read instead, as it would have ended `docker`.

use serde_json::Value;

use super::described_objects::DescribedObjects;
use super::labels;
use crate::docker_engine::{ApiError, EngineApi};
use crate::provider::ProviderError as Error;

/// One container of `docker ps`: enough to choose which containers to inspect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ListedContainer {
    pub docker_id: String,
    pub project: String,
    pub config_path: String,
}

impl ListedContainer {
    /// The `docker ps --format` that [`ListedContainer::from_lines`] reads: id, project and vm.json.
    pub fn list_format() -> String {
        let fields = [labels::PROJECT, labels::CONFIG]
            .map(|label| format!("{{{{.Label \"{label}\"}}}}"))
            .join("\t");
        format!("{{{{.ID}}}}\t{fields}")
    }

    /// The containers of `docker ps`'s lines in [`ListedContainer::list_format`].
    pub fn from_lines(list: &str) -> Vec<ListedContainer> {
        list.lines()
            .filter_map(|line| {
                // The config path comes last: it is the one field that may hold a tab.
                let mut fields = line.splitn(3, '\t');
                Some(ListedContainer {
                    docker_id: fields.next()?.to_owned(),
                    project: fields.next()?.to_owned(),
                    config_path: fields.next().unwrap_or("").to_owned(),
                })
            })
            .collect()
    }
}

/// `read` through `api`, where there is one: `None` where `docker` must be asked instead (no API, or an answer vm
/// cannot read). An engine that did not answer in time, or a Ctrl-C, is the read's error: `docker` would wait again.
pub(super) fn through_api<T>(
    api: Option<&EngineApi>,
    what: &str,
    read: impl FnOnce(&EngineApi) -> Result<T, ApiError>,
) -> Option<Result<T, Error>> {
    let api = api?;
    let command = || format!("{what} (through the engine's API)");
    match read(api) {
        Ok(found) => Some(Ok(found)),
        Err(ApiError::TimedOut) => Some(Err(Error::CommandTimedOut {
            command: command(),
            seconds: api.time_limit().as_secs(),
        })),
        Err(ApiError::Interrupted) => Some(Err(Error::Interrupted { command: command() })),
        Err(_) => None,
    }
}

/// Every container vm made on the engine, running or not, as `docker ps --all --filter label=…` lists them.
pub(super) fn list_vm_containers(api: &EngineApi) -> Result<Vec<ListedContainer>, ApiError> {
    let filters = serde_json::json!({ "label": [format!("{}=vm", labels::MANAGED_BY)] });
    let listed = api
        .get_json(&format!(
            "/containers/json?all=1&filters={}",
            EngineApi::query_value(&filters.to_string())
        ))?
        .ok_or_else(|| not_found("the list of containers"))?;
    let label = |container: &Value, name: &str| {
        container["Labels"][name]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    listed
        .as_array()
        .ok_or_else(|| unexpected("the list of containers is no list"))?
        .iter()
        .map(|container| {
            Ok(ListedContainer {
                docker_id: container["Id"]
                    .as_str()
                    .ok_or_else(|| unexpected("a listed container has no id"))?
                    .to_owned(),
                project: label(container, labels::PROJECT),
                config_path: label(container, labels::CONFIG),
            })
        })
        .collect()
}

/// `docker inspect` of each container of `docker_ids`, in their order; a container that is gone is an error.
pub(super) fn inspect_containers(
    api: &EngineApi,
    docker_ids: &[&str],
) -> Result<Vec<Value>, ApiError> {
    docker_ids
        .iter()
        .map(|id| {
            api.get_json(&EngineApi::path("/containers/{}/json", id))?
                .ok_or_else(|| not_found(id))
        })
        .collect()
}

/// The containers of `docker_ids`, the images and the volumes named, as [`DescribedObjects`]: each asked of its own
/// kind, so a name never stands for an object of another kind.
pub(super) fn describe(
    api: &EngineApi,
    docker_ids: &[&str],
    images: &[&str],
    volumes: &[&str],
) -> Result<DescribedObjects, ApiError> {
    let mut described = DescribedObjects::default();
    for &id in docker_ids {
        if let Some(container) = api.get_json(&EngineApi::path("/containers/{}/json", id))? {
            // Asked by id: an answer for another container (a name that looks like an id) is none.
            if container["Id"] == id {
                described.containers.insert(id.to_owned(), container);
            }
        }
    }
    for &image in images {
        if let Some(found) = api.get_json(&EngineApi::path("/images/{}/json", image))? {
            let build = found["Id"]
                .as_str()
                .ok_or_else(|| unexpected("an image has no id"))?;
            described.images.insert(image.to_owned(), build.to_owned());
        }
    }
    for &volume in volumes {
        if let Some(found) = api.get_json(&EngineApi::path("/volumes/{}", volume))? {
            let project = found["Labels"][labels::PROJECT].as_str().map(str::to_owned);
            described.volumes.insert(volume.to_owned(), project);
        }
    }
    Ok(described)
}

fn unexpected(detail: &str) -> ApiError {
    ApiError::Unexpected(detail.to_owned())
}

/// An object the engine no longer has, where it was expected: `docker` is asked, and fails in its own words.
fn not_found(what: &str) -> ApiError {
    ApiError::Refused {
        status: 404,
        body: format!("no such object: {what}"),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::docker_engine::DockerEngine;

    fn api() -> EngineApi {
        let engine = DockerEngine {
            context: "default".to_owned(),
            endpoint: "unix:///nonexistent/docker.sock".to_owned(),
        };
        EngineApi::of(&engine, Duration::from_secs(7)).unwrap()
    }

    #[test]
    fn docker_is_asked_where_the_api_gives_no_answer_vm_can_read() {
        assert!(through_api(None, "x", |_| Ok(1)).is_none());
        assert_eq!(
            through_api(Some(&api()), "x", |_| Ok(1)).unwrap().unwrap(),
            1
        );
        for unreadable in [
            ApiError::NotHttp("garbage".to_owned()),
            ApiError::Unexpected("no id".to_owned()),
            ApiError::Refused {
                status: 500,
                body: String::new(),
            },
            ApiError::Io(std::io::Error::from(std::io::ErrorKind::PermissionDenied)),
        ] {
            assert!(through_api(Some(&api()), "x", |_| Err::<(), _>(unreadable)).is_none());
        }
    }

    #[test]
    fn an_engine_out_of_time_or_a_ctrl_c_ends_the_read_without_asking_docker() {
        let timed_out = through_api(Some(&api()), "the list", |_| {
            Err::<(), _>(ApiError::TimedOut)
        });
        assert!(matches!(
            timed_out,
            Some(Err(Error::CommandTimedOut { seconds: 7, .. }))
        ));
        let interrupted = through_api(Some(&api()), "the list", |_| {
            Err::<(), _>(ApiError::Interrupted)
        });
        assert!(matches!(interrupted, Some(Err(Error::Interrupted { .. }))));
    }
}
