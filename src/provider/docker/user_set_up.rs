use super::remap_user;
use crate::graph::MachineSpec;
use crate::provider::{CommandLine, ProviderError};

/// Gives the machine's user the data owner's uid and gid (as the Dev Containers CLI's `updateRemoteUserUID` does),
/// editing the image's own account files through `docker exec`, so any image with a passwd file works; the
/// Docker provider's containers and Vagrant's docker backend alike.
pub fn set_up_user(
    docker: &CommandLine,
    docker_id: &str,
    machine: &MachineSpec,
) -> Result<(), ProviderError> {
    let as_root = |args: &[&str]| {
        docker
            .clone()
            .args(["exec", "--user", "0", docker_id])
            .args(args.iter().copied())
    };
    let passwd = as_root(&["cat", "/etc/passwd"]).output()?;
    let group = as_root(&["cat", "/etc/group"]).output()?;
    let Some((passwd, group)) = remap_user(
        &passwd,
        &group,
        &machine.user,
        machine.user_owner,
        &machine.home,
    ) else {
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
    let owner = machine.user_owner.to_string();
    as_root(&["mkdir", "-p", &machine.home]).output()?;
    // The home's own files change owner; mounted host directories (the project, synced data) are never walked.
    let mut find: Vec<&str> = vec!["find", &machine.home, "-xdev"];
    for mount in &machine.mounts {
        find.extend(["-path", &mount.target, "-prune", "-o"]);
    }
    find.extend(["-exec", "chown", &owner, "{}", "+"]);
    as_root(&find).output()?;
    Ok(())
}
