use super::remap_user;
use crate::graph::{MountSpec, Owner};
use crate::provider::{CommandLine, ProviderError};

/// The machine's user as the synced data needs it: its name, the data owner's ids, its home, and the
/// host directories mounted in it.
#[derive(Debug, Clone, Copy)]
pub struct MachineAccount<'a> {
    pub user: &'a str,
    pub owner: Owner,
    pub home: &'a str,
    /// Host directories mounted in the machine: never walked.
    pub mounts: &'a [MountSpec],
}

/// Gives the machine's user the data owner's uid and gid (as the Dev Containers CLI's `updateRemoteUserUID` does),
/// editing the image's own account files through `docker exec`, so any image with a passwd file works; the
/// Docker provider's containers and Vagrant's docker backend alike.
pub fn set_up_user(
    docker: &CommandLine,
    docker_id: &str,
    account: &MachineAccount,
) -> Result<(), ProviderError> {
    let as_root = |args: &[&str]| {
        docker
            .clone()
            .args(["exec", "--user", "0", docker_id])
            .args(args.iter().copied())
    };
    let passwd = as_root(&["cat", "/etc/passwd"]).output()?;
    let group = as_root(&["cat", "/etc/group"]).output()?;
    let Some((passwd, group)) =
        remap_user(&passwd, &group, account.user, account.owner, account.home)
    else {
        return Ok(());
    };
    let write = |path: &str, text: &str| {
        docker
            .clone()
            .args([
                "exec",
                "--interactive",
                "--user",
                "0",
                docker_id,
                "tee",
                path,
            ])
            .output_with_input(Some(text.as_bytes()))
    };
    write("/etc/passwd", &passwd)?;
    write("/etc/group", &group)?;
    let owner = account.owner.to_string();
    as_root(&["mkdir", "-p", account.home]).output()?;
    // The home's own files change owner; mounted host directories (the project, synced data) are never walked.
    let mut find: Vec<&str> = vec!["find", account.home, "-xdev"];
    for mount in account.mounts {
        find.extend(["-path", &mount.target, "-prune", "-o"]);
    }
    find.extend(["-exec", "chown", &owner, "{}", "+"]);
    as_root(&find).output()?;
    Ok(())
}
