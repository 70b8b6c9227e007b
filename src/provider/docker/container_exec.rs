use crate::provider::{CommandLine, ProviderError};

/// Runs `command` in a container as `user` in `workdir`, attached to this terminal; its exit code. Both providers'
/// containers are reached this way: `vagrant docker-exec` crashes in Debian's Vagrant 2.3.4.
pub fn exec_in_container(
    docker: &CommandLine,
    docker_id: &str,
    user: &str,
    workdir: &str,
    tty: bool,
    command: &[String],
) -> Result<i32, ProviderError> {
    let mut line = docker.clone().args(["exec", "--interactive"]);
    if tty {
        line = line.arg("--tty");
    }
    line.args(["--user", user, "--workdir", workdir, docker_id])
        .args(command)
        .interactive()
}
