//! A project opened for work: its configuration loaded, its graph compiled, its providers ready.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::config::{self, LoadedConfig};
use crate::error::Error;
use crate::graph::{self, ContainerSpec, HostContext, ResourceGraph, ResourceSpec};
use crate::host_user;
use crate::plan::{self, Observed, Plan};
use crate::provider::{DockerProvider, HostProvider, Providers};

pub struct Workspace {
    pub loaded: LoadedConfig,
    pub host: HostContext,
    pub graph: ResourceGraph,
    pub providers: Providers,
}

impl Workspace {
    /// Loads `config_path`, or the nearest `vm.json` from the current directory up, and compiles it.
    pub fn open(config_path: Option<&Path>) -> Result<Workspace, Error> {
        let path = locate_config(config_path)?;
        let loaded = config::load(&path)?;
        refuse_non_utf8(loaded.project_dir())?;
        let host = host_user::host_context(loaded.project_dir().to_path_buf());
        let graph = graph::compile(&loaded.config, &host);
        let providers = Providers {
            host: HostProvider {
                invoking_user: host_user::invoking_user(),
            },
            docker: DockerProvider::new(&loaded.config.project.name, &loaded.path),
        };
        Ok(Workspace {
            loaded,
            host,
            graph,
            providers,
        })
    }

    pub fn project(&self) -> &str {
        &self.loaded.config.project.name
    }

    /// What exists now. Notes about what was found and left alone go to standard error, once.
    pub fn observe(&self) -> Result<Observed, Error> {
        let observed = self.providers.observe(&self.graph)?;
        for note in observed.notes() {
            eprintln!("warning: {note}");
        }
        Ok(observed)
    }

    pub fn plan(&self) -> Result<Plan, Error> {
        Ok(plan::plan(&self.graph, &self.observe()?))
    }

    pub fn destroy_plan(&self) -> Result<Plan, Error> {
        Ok(plan::destroy_plan(&self.graph, &self.observe()?))
    }

    /// The machine's container as declared.
    pub fn container(&self) -> Result<&ContainerSpec, Error> {
        self.graph
            .in_apply_order()
            .into_iter()
            .find_map(|resource| match &resource.spec {
                ResourceSpec::DockerContainer(spec) => Some(spec.as_ref()),
                _ => None,
            })
            .ok_or(Error::ProviderUnavailable {
                provider: self.loaded.config.provider.as_str(),
            })
    }

    /// Holds an exclusive lock on the project directory while the machine changes, so two `vm` commands never
    /// interleave: whichever vm.json of the directory they were given, however an editor replaced the file.
    pub fn lock(&self) -> Result<File, Error> {
        let dir = self.loaded.project_dir();
        let handle = File::open(dir).map_err(|source| Error::Io {
            action: "open",
            path: dir.to_path_buf(),
            source,
        })?;
        match handle.try_lock() {
            Ok(()) => Ok(handle),
            Err(std::fs::TryLockError::WouldBlock) => Err(Error::Locked {
                path: dir.to_path_buf(),
            }),
            Err(std::fs::TryLockError::Error(source)) => Err(Error::Io {
                action: "lock",
                path: dir.to_path_buf(),
                source,
            }),
        }
    }
}

/// Docker takes mount paths as text, so a project directory whose path is not UTF-8 would be
/// mounted under a mangled name: refuse it before anything is observed or changed.
fn refuse_non_utf8(project_dir: &Path) -> Result<(), Error> {
    match project_dir.to_str() {
        Some(_) => Ok(()),
        None => Err(Error::ProjectDirNotUtf8 {
            dir: project_dir.to_path_buf(),
        }),
    }
}

fn locate_config(config_path: Option<&Path>) -> Result<PathBuf, Error> {
    if let Some(path) = config_path {
        return Ok(path.to_path_buf());
    }
    let current = std::env::current_dir().map_err(|source| Error::Io {
        action: "read the current directory",
        path: PathBuf::from("."),
        source,
    })?;
    config::find(&current).ok_or(Error::ConfigNotFound { dir: current })
}
