use std::fs::{self, DirBuilder};
use std::io;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::Path;

use super::{Provider, ProviderError as Error, StepProgress};
use crate::graph::{HostDirSpec, Owner, Resource, ResourceGraph, ResourceKind, ResourceSpec};
use crate::plan::{Action, Change, Mutability};
use crate::state::{AttributeName, HostDirState, Observed, ResourceState};

/// Directories on the host: created owner-only, owned by the user the data belongs to, never deleted.
#[derive(Debug, Clone)]
pub struct HostProvider {
    /// Who owns the parent directories `vm` creates (`~/.claude`, `~/.claude/vms`): the invoking user.
    pub invoking_user: Owner,
}

impl Provider for HostProvider {
    fn observe(&self, graph: &ResourceGraph) -> Result<Observed, Error> {
        let mut observed = Observed::default();
        for resource in graph.in_apply_order() {
            if let ResourceSpec::EnvFile(desired) = &resource.spec {
                if let Some((state, note)) = super::env_file::observe_env_file(desired) {
                    observed.insert(resource.id.clone(), ResourceState::EnvFile(state));
                    observed.extend_notes(note);
                }
                continue;
            }
            let ResourceSpec::HostDir(spec) = &resource.spec else {
                continue;
            };
            // Never follow a link: under sudo, chmod and chown through one would change someone else's directory.
            match fs::symlink_metadata(&spec.path) {
                Ok(metadata) if metadata.is_dir() => observed.insert(
                    resource.id.clone(),
                    ResourceState::HostDir(HostDirState {
                        path: spec.path.clone(),
                        mode: metadata.mode() & 0o7777,
                        owner: Owner {
                            uid: metadata.uid(),
                            gid: metadata.gid(),
                        },
                    }),
                ),
                Ok(_) => {
                    return Err(Error::NotADirectory {
                        path: spec.path.clone(),
                    });
                }
                Err(error) if error.kind() == io::ErrorKind::NotFound => {
                    creatable_below(&spec.path)?;
                }
                Err(source) => {
                    return Err(Error::Io {
                        action: "inspect",
                        path: spec.path.clone(),
                        source,
                    });
                }
            }
        }
        Ok(observed)
    }

    /// Mode and owner are repaired where the directory is; anywhere else is another directory.
    fn mutability(&self, attribute: &AttributeName, _before: &ResourceState) -> Mutability {
        match attribute {
            AttributeName::Mode | AttributeName::Owner => Mutability::InPlace,
            _ => Mutability::Replace,
        }
    }

    /// Creates or repairs a directory. Delete and Keep do nothing: host data outlives its machine.
    fn execute(
        &self,
        change: &Change,
        resource: Option<&Resource>,
        _progress: &mut dyn FnMut(StepProgress<'_>),
    ) -> Result<(), Error> {
        if let (Action::Create, Some(ResourceSpec::EnvFile(state))) =
            (change.action, resource.map(|resource| &resource.spec))
        {
            return super::env_file::write_env_file(state);
        }
        let (
            ResourceKind::HostDir,
            Some(Resource {
                spec: ResourceSpec::HostDir(spec),
                ..
            }),
        ) = (change.resource.kind, resource)
        else {
            return Ok(());
        };
        match change.action {
            Action::Create | Action::Replace => self.create(spec),
            Action::Update => {
                set_mode_and_owner(spec)?;
                // A new owner (vm run once under sudo, once as root) must own the data already there too,
                // or the machine's user could no longer read its own history.
                chown_tree(&spec.path, spec.owner).map_err(|source| Error::Io {
                    action: "set the owner of the files in",
                    path: spec.path.clone(),
                    source,
                })
            }
            Action::NoOp | Action::Delete | Action::Keep => Ok(()),
        }
    }
}

impl HostProvider {
    fn create(&self, spec: &HostDirSpec) -> Result<(), Error> {
        let missing_parents: Vec<&Path> = spec
            .path
            .ancestors()
            .skip(1)
            .take_while(|ancestor| fs::symlink_metadata(ancestor).is_err())
            .collect();
        for parent in missing_parents.into_iter().rev() {
            make_dir(parent, self.invoking_user)?;
        }
        if fs::symlink_metadata(&spec.path).is_err() {
            make_dir(&spec.path, spec.owner)?;
        }
        set_mode_and_owner(spec)
    }
}

fn make_dir(path: &Path, owner: Owner) -> Result<(), Error> {
    let io_error = |action| {
        move |source| Error::Io {
            action,
            path: path.to_owned(),
            source,
        }
    };
    DirBuilder::new()
        .mode(0o700)
        .create(path)
        .map_err(io_error("create"))?;
    chown_if_needed(path, owner).map_err(io_error("set the owner of"))
}

fn set_mode_and_owner(spec: &HostDirSpec) -> Result<(), Error> {
    if fs::symlink_metadata(&spec.path).is_ok_and(|metadata| !metadata.is_dir()) {
        return Err(Error::NotADirectory {
            path: spec.path.clone(),
        });
    }
    let io_error = |action| {
        move |source| Error::Io {
            action,
            path: spec.path.clone(),
            source,
        }
    };
    fs::set_permissions(&spec.path, fs::Permissions::from_mode(spec.mode))
        .map_err(io_error("set the mode of"))?;
    chown_if_needed(&spec.path, spec.owner).map_err(io_error("set the owner of"))
}

fn chown_if_needed(path: &Path, owner: Owner) -> io::Result<()> {
    let metadata = fs::symlink_metadata(path)?;
    if metadata.uid() == owner.uid && metadata.gid() == owner.gid {
        return Ok(());
    }
    std::os::unix::fs::lchown(path, Some(owner.uid), Some(owner.gid))
}

/// Gives everything below `dir` to `owner`, without following symbolic links out of it.
fn chown_tree(dir: &Path, owner: Owner) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        chown_if_needed(&path, owner)?;
        if fs::symlink_metadata(&path)?.is_dir() {
            chown_tree(&path, owner)?;
        }
    }
    Ok(())
}

/// A directory that does not exist yet can be created where its nearest existing ancestor is a directory
/// (a link to one is fine); otherwise the plan would promise a create that apply cannot do.
fn creatable_below(path: &Path) -> Result<(), Error> {
    let ancestor = path
        .ancestors()
        .skip(1)
        .find(|ancestor| fs::symlink_metadata(ancestor).is_ok())
        .unwrap_or(Path::new("/"));
    match fs::metadata(ancestor) {
        Ok(metadata) if metadata.is_dir() => Ok(()),
        _ => Err(Error::NotADirectory {
            path: ancestor.to_path_buf(),
        }),
    }
}
