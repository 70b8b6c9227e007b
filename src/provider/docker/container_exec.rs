use nix::sys::signal::Signal;

use crate::interrupt::{ChildGroups, EXIT_CODE, Interrupt};
use crate::provider::{CommandLine, ProviderError};

/// Marks the processes of one `vm exec` in the machine, so that a signal reaches them there.
const MARK: &str = "VM_EXEC_MARK";

/// Runs `command` in a container as `user` in `workdir`, attached to this terminal; its exit code. Both providers'
/// containers are reached this way: `vagrant docker-exec` crashes in Debian's Vagrant 2.3.4.
///
/// `docker exec` passes no signal on (the client ends, the command goes on running in the machine): vm delivers
/// each signal it receives meanwhile to the command's processes in the machine itself, as a terminal delivers
/// Ctrl-C to its foreground processes, and ends when the command does, with its exit code. With a tty, Ctrl-C
/// reaches the command through it, as with `docker exec -it`.
pub fn exec_in_container(
    docker: &CommandLine,
    docker_id: &str,
    user: &str,
    workdir: &str,
    tty: bool,
    command: &[String],
) -> Result<i32, ProviderError> {
    let mark = format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_nanos())
            .unwrap_or_default()
    );
    let mut line = docker.clone().args(["exec", "--interactive"]);
    if tty {
        line = line.arg("--tty");
    }
    let line = line
        .args(["--env", &format!("{MARK}={mark}")])
        .args(["--user", user, "--workdir", workdir, docker_id])
        .args(command);
    let forwarding = Interrupt::forward_to_machine(Box::new({
        let docker = docker.clone();
        let docker_id = docker_id.to_owned();
        let user = user.to_owned();
        move |signal, count| {
            // The second signal is final: the command is killed, in the machine and here.
            let sent = if count > 1 { Signal::SIGKILL } else { signal };
            let _ = docker
                .clone()
                .even_when_interrupted()
                // As the command's own user: root in a container may not read another user's environment.
                .args(["exec", "--user", &user, &docker_id, "sh", "-c"])
                .arg(signal_script(&mark, sent))
                .output();
            if count > 1 {
                ChildGroups::kill_all();
            }
        }
    }));
    let code = line.interactive();
    // Waits for a signal being passed on: vm must not end before it is delivered.
    drop(forwarding);
    if Interrupt::forced() {
        // Killed on the second signal: vm ends as a command Ctrl-C stopped, not as one killed.
        return Ok(i32::from(EXIT_CODE));
    }
    code
}

/// Sends `signal` to every process in the machine carrying `mark` in its environment: the command and what it
/// started.
fn signal_script(mark: &str, signal: Signal) -> String {
    let name = signal.as_str().trim_start_matches("SIG");
    format!(
        "for p in /proc/[0-9]*; do \
         if tr '\\0' '\\n' < \"$p/environ\" 2>/dev/null | grep -qx '{MARK}={mark}'; then \
         kill -{name} \"${{p#/proc/}}\" 2>/dev/null; fi; done; true"
    )
}
