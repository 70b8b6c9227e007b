//! Which machines to read: the VMs under `<claude dir>/vms/` and the host, or the one machine of a
//! machine's Claude directory.

use std::fs;
use std::io::ErrorKind;
use std::path::Path;

use crate::claude_dir::ClaudeDir;
use crate::source::Source;
use crate::usage_error::UsageError;

/// The sources to read in `claude_dir`: the machines named in `vms` (all of them when empty),
/// sorted, then the host's own data when `host`. In a home's `.claude` the machines are the VMs
/// under `vms/` (a missing `vms` directory holds no VM, like an empty one); a machine's Claude
/// directory is the only machine, and has no host.
pub fn find_sources(
    claude_dir: &ClaudeDir,
    vms: &[String],
    host: bool,
) -> Result<Vec<Source>, UsageError> {
    let (available, searched) = match claude_dir {
        ClaudeDir::Home(dir) => {
            let vms_dir = dir.join("vms");
            (vm_names(&vms_dir)?, vms_dir)
        }
        ClaudeDir::Machine { name, dir } => {
            if host {
                return Err(UsageError::HostOfMachine {
                    dir: dir.clone(),
                    name: name.clone(),
                });
            }
            (vec![name.clone()], dir.clone())
        }
    };
    let mut names = if vms.is_empty() {
        available.clone()
    } else {
        vms.to_vec()
    };
    names.sort();
    names.dedup();
    if let Some(name) = names.iter().find(|name| !available.contains(name)) {
        return Err(UsageError::UnknownVm {
            name: name.clone(),
            dir: searched,
            available: if available.is_empty() {
                "none".to_owned()
            } else {
                available.join(", ")
            },
        });
    }
    let mut sources: Vec<Source> = names
        .into_iter()
        .map(|name| Source {
            projects_dir: match claude_dir {
                ClaudeDir::Home(dir) => dir.join("vms").join(&name).join("projects"),
                ClaudeDir::Machine { dir, .. } => dir.join("projects"),
            },
            name,
        })
        .collect();
    if host {
        sources.push(host_source(claude_dir.path()));
    }
    Ok(sources)
}

fn host_source(claude_dir: &Path) -> Source {
    Source {
        name: Source::HOST.to_owned(),
        projects_dir: claude_dir.join("projects"),
    }
}

/// The sorted names of the directories in `vms_dir`; none when it does not exist.
fn vm_names(vms_dir: &Path) -> Result<Vec<String>, UsageError> {
    let read_error = |source| UsageError::ReadDir {
        path: vms_dir.to_owned(),
        source,
    };
    let entries = match fs::read_dir(vms_dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(read_error(error)),
    };
    let mut names = Vec::new();
    for entry in entries {
        let path = entry.map_err(read_error)?.path();
        if path.is_dir()
            && let Some(name) = path.file_name()
        {
            names.push(name.to_string_lossy().into_owned());
        }
    }
    names.sort();
    Ok(names)
}
