//! One ssh connection for all of vm's calls to an ssh engine. Docker's ssh helper runs `ssh` from `PATH` for every
//! call, and each new connection costs a handshake (660 ms a `docker exec` without reuse, 165 ms with, measured
//! on the rig); ssh's own `ControlMaster` shares one. vm puts a wrapper that asks for it first on `PATH`,
//! unless the user's ssh config already sets `ControlMaster` for that host.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use super::{DockerEngine, SshTarget};

/// How long the shared connection outlives the last call: long enough to carry a plan into its apply.
const PERSIST_SECONDS: u32 = 120;

/// The directory holding vm's `ssh` wrapper and the control sockets, to put first on `PATH` for `docker`; `None`
/// where the engine is not reached over ssh, or the user's ssh config already shares connections, or the wrapper
/// cannot be written (then every call opens its own connection, as without vm).
pub fn connection_reuse_dir(engine: &DockerEngine, home: &Path) -> Option<PathBuf> {
    let target = engine.ssh_target()?;
    let real_ssh = find_program("ssh", None)?;
    if user_config_shares_connections(&real_ssh, &target) {
        return None;
    }
    let dir = wrapper_dir(home);
    std::fs::create_dir_all(&dir).ok()?;
    // The control sockets let whoever can reach them use the connection.
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).ok()?;
    let script = wrapper_script(&real_ssh, &dir)?;
    let wrapper = dir.join("ssh");
    if std::fs::read_to_string(&wrapper).ok().as_deref() != Some(script.as_str()) {
        let mut file = tempfile::NamedTempFile::new_in(&dir).ok()?;
        std::io::Write::write_all(&mut file, script.as_bytes()).ok()?;
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o700))
            .ok()?;
        file.persist(&wrapper).ok()?;
    }
    Some(dir)
}

/// The user's own `ssh`, not vm's wrapper: for a process that must own its connection (`vm forward`).
pub fn real_ssh(home: &Path) -> Option<PathBuf> {
    find_program("ssh", Some(&wrapper_dir(home)))
}

fn wrapper_dir(home: &Path) -> PathBuf {
    home.join(".cache").join("vm").join("ssh")
}

/// `PATH` with `dir` first.
pub fn path_with(dir: &Path) -> Option<std::ffi::OsString> {
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(dir.to_path_buf()).chain(std::env::split_paths(&rest)))
        .ok()
}

/// The wrapper: the real ssh, with connection sharing, then docker's own arguments.
fn wrapper_script(real_ssh: &Path, dir: &Path) -> Option<String> {
    let quote = |text: &str| crate::shell_word::quote(text).ok();
    Some(format!(
        "#!/bin/sh\n# Written by vm: its docker calls to an ssh engine share one connection (see `vm --help`).\n\
         exec {} -o ControlMaster=auto -o {} -o ControlPersist={PERSIST_SECONDS} \"$@\"\n",
        quote(real_ssh.to_str()?)?,
        quote(&format!("ControlPath={}/%C", dir.to_str()?))?,
    ))
}

/// Whether `ssh -G` says the user's config already sets `ControlMaster` for the target.
fn user_config_shares_connections(real_ssh: &Path, target: &SshTarget) -> bool {
    let mut args = vec!["-G".to_owned()];
    args.extend(target.destination_args());
    crate::provider::CommandLine::new(real_ssh)
        .args(args)
        .output()
        .is_ok_and(|output| shares_connections(&output))
}

/// `controlmaster` in `ssh -G` output is `false` unless something set it.
fn shares_connections(ssh_g_output: &str) -> bool {
    ssh_g_output.lines().any(|line| {
        line.strip_prefix("controlmaster ")
            .is_some_and(|value| value.trim() != "false")
    })
}

/// The first `name` on `PATH`, skipping `skip` (vm's own wrapper directory).
fn find_program(name: &str, skip: Option<&Path>) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .filter(|dir| Some(dir.as_path()) != skip)
        .map(|dir| dir.join(name))
        .find(|candidate| {
            candidate
                .metadata()
                .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_control_master_is_the_users_own() {
        assert!(!shares_connections(
            "user dev\ncontrolmaster false\nport 22\n"
        ));
        assert!(shares_connections("controlmaster auto\n"));
        assert!(shares_connections("controlmaster true\n"));
    }

    #[test]
    fn the_wrapper_runs_the_real_ssh_with_sharing_then_dockers_arguments() {
        let script = wrapper_script(
            Path::new("/usr/bin/ssh"),
            Path::new("/home/o'neil/.cache/vm/ssh"),
        )
        .unwrap();
        assert_eq!(
            script.lines().nth(2).unwrap(),
            "exec /usr/bin/ssh -o ControlMaster=auto -o \"ControlPath=/home/o'neil/.cache/vm/ssh/%C\" \
             -o ControlPersist=120 \"$@\""
        );
    }

    #[test]
    fn engines_not_over_ssh_need_no_wrapper() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            connection_reuse_dir(&DockerEngine::default(), dir.path()),
            None
        );
        assert!(!dir.path().join(".cache").exists());
    }
}
