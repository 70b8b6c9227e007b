//! A remote engine publishes a machine's ports on its own host; `ssh -L` brings them to this one, at the same
//! address and port as a local engine would have published them.

use std::path::Path;
use std::process::{Child, ExitStatus, Stdio};

use super::{DockerEngine, EngineError, LOCAL_SOCKET, SshTarget};
use crate::graph::PublishedPort;
use crate::interrupt::{ChildGroups, Interrupt, RunningChild};
use crate::provider::{CommandLine, ProviderError};

/// Where a machine's published ports are, seen from this host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PortsReach {
    /// The engine runs on this host: its ports are here already.
    ThisHost,
    /// On the engine's host, reached over ssh: vm can forward them.
    OverSsh(SshTarget),
    /// On another host that vm reaches only through the engine's API (`tcp://`): vm cannot forward them.
    EngineHostOnly { host: String },
}

impl PortsReach {
    pub fn of(engine: &DockerEngine) -> PortsReach {
        if let Some(target) = engine.ssh_target() {
            return PortsReach::OverSsh(target);
        }
        let Some(rest) = engine.endpoint.strip_prefix("tcp://") else {
            // A unix socket or a named pipe is on this host.
            return PortsReach::ThisHost;
        };
        let host_port = rest.split('/').next().unwrap_or(rest);
        let host = match host_port.rsplit_once(':') {
            Some((host, port)) if port.parse::<u16>().is_ok() => host,
            _ => host_port,
        };
        let host = host.trim_start_matches('[').trim_end_matches(']');
        match host {
            "localhost" | "127.0.0.1" | "::1" => PortsReach::ThisHost,
            _ => PortsReach::EngineHostOnly {
                host: host.to_owned(),
            },
        }
    }
}

/// What `vm forward` does for a machine on an ssh engine: these ports, through that ssh target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForwardSetup {
    pub engine: DockerEngine,
    pub target: SshTarget,
    pub forwards: Vec<PortForward>,
}

impl ForwardSetup {
    /// The forwarding of `ports`, published by `engine`: `None` where there are none; an error where the engine
    /// is not reached over ssh, saying where the ports are.
    pub fn for_engine(
        engine: &DockerEngine,
        ports: &[PublishedPort],
    ) -> Result<Option<ForwardSetup>, EngineError> {
        if ports.is_empty() {
            return Ok(None);
        }
        let forwards: Vec<PortForward> = ports.iter().map(PortForward::of).collect();
        match PortsReach::of(engine) {
            PortsReach::OverSsh(target) => Ok(Some(ForwardSetup {
                engine: engine.clone(),
                target,
                forwards,
            })),
            PortsReach::ThisHost => Err(EngineError::PortsOnThisHost {
                why: format!("the engine {} runs on this host", engine.display()),
                addresses: forward_addresses(&forwards),
            }),
            PortsReach::EngineHostOnly { host } => Err(EngineError::CannotForward {
                engine: engine.clone(),
                host,
            }),
        }
    }

    /// The engine's host as the forwarding lines name it: the context, where one names it.
    pub fn remote_name(&self) -> &str {
        if self.engine.context == "default" {
            &self.target.host
        } else {
            &self.engine.context
        }
    }

    /// The local addresses something else already holds, each as the error a forward refuses with. Who holds
    /// it is asked of this host's own engine: a machine of another project may publish it.
    pub fn taken_here(&self) -> Vec<ProviderError> {
        let ports: Vec<PublishedPort> = self
            .forwards
            .iter()
            .map(|forward| PublishedPort {
                host_ip: forward.local_ip.clone(),
                host_port: forward.port,
                container_port: forward.port,
                name: forward.name.clone(),
            })
            .collect();
        let local_docker =
            crate::provider::DockerProvider::docker_command().args(["--host", LOCAL_SOCKET]);
        crate::provider::taken_ports(&ports, &Default::default(), &|port| {
            crate::provider::port_holder(&local_docker, port)
        })
    }

    /// The ssh command line, for people.
    pub fn ssh_command(&self, ssh: &Path) -> String {
        CommandLine::new(ssh)
            .args(ssh_forward_arguments(&self.target, &self.forwards))
            .to_string()
    }
}

/// `127.0.0.1:5432 (postgresql), 127.0.0.1:3000 (web)`.
pub fn forward_addresses(forwards: &[PortForward]) -> String {
    forwards
        .iter()
        .map(|forward| format!("{} ({})", forward.local_address(), forward.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One published port brought here: `local_ip:port` on this host to `remote_ip:port` on the engine's host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortForward {
    pub local_ip: String,
    pub remote_ip: String,
    pub port: u16,
    /// What listens there (`postgresql`, a vm.json `ports` key).
    pub name: String,
}

impl PortForward {
    /// The forward of a port the engine publishes on `port.host_ip` of its own host. On `0.0.0.0` it listens on
    /// the remote loopback too, which is the address ssh reaches it at.
    pub fn of(port: &PublishedPort) -> PortForward {
        let remote_ip = match port.host_ip.as_str() {
            "0.0.0.0" => "127.0.0.1",
            "::" => "::1",
            binding => binding,
        };
        PortForward {
            local_ip: port.host_ip.clone(),
            remote_ip: remote_ip.to_owned(),
            port: port.host_port,
            name: port.name.clone(),
        }
    }

    /// `127.0.0.1:5432`, as people and sockets write it.
    pub fn local_address(&self) -> String {
        socket_address(&self.local_ip, self.port)
    }

    /// `127.0.0.1:5432` on the engine's host.
    pub fn remote_address(&self) -> String {
        socket_address(&self.remote_ip, self.port)
    }

    /// ssh's `-L` value: `bind_address:port:host:hostport`, IPv6 addresses in brackets.
    fn ssh_spec(&self) -> String {
        format!("{}:{}", self.local_address(), self.remote_address())
    }
}

fn socket_address(ip: &str, port: u16) -> String {
    if ip.contains(':') {
        format!("[{ip}]:{port}")
    } else {
        format!("{ip}:{port}")
    }
}

/// ssh's arguments for forwarding `forwards` through `target`, after the program name. Its own connection
/// (`ControlPath=none`): a forward asked of a shared master would stay with the master after vm ends. No prompt
/// (`BatchMode`): ssh runs without the terminal, as docker's own ssh does.
pub fn ssh_forward_arguments(target: &SshTarget, forwards: &[PortForward]) -> Vec<String> {
    let mut args: Vec<String> = [
        "-N",
        "-o",
        "ExitOnForwardFailure=yes",
        "-o",
        "ControlPath=none",
        "-o",
        "BatchMode=yes",
    ]
    .map(str::to_owned)
    .to_vec();
    for forward in forwards {
        args.extend(["-L".to_owned(), forward.ssh_spec()]);
    }
    args.extend(target.destination_args());
    args
}

/// The `ssh` process forwarding the ports, in a process group of its own that vm kills when it ends (on a panic,
/// at exit, and when this is dropped), so it never outlives vm.
#[derive(Debug)]
pub struct ForwardingSsh {
    child: Child,
    registered: Option<RunningChild>,
}

/// How ssh's messages are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SshMessages {
    /// On vm's standard error: `vm forward`, where they are what the user needs to see.
    Shown,
    /// Dropped: beside a shell (`vm ssh`), where they would land in the middle of its screen.
    Hidden,
}

impl ForwardingSsh {
    /// Starts `ssh` (the program at `ssh`) forwarding `forwards` through `target`; it runs until it is stopped or
    /// the connection ends. Nothing is started after an interrupt.
    pub fn start(
        ssh: &Path,
        target: &SshTarget,
        forwards: &[PortForward],
        messages: SshMessages,
    ) -> std::io::Result<ForwardingSsh> {
        use std::os::unix::process::CommandExt;
        let (child, registered) = ChildGroups::spawn(
            true,
            false,
            || {
                Interrupt::requested().then(|| {
                    std::io::Error::new(std::io::ErrorKind::Interrupted, "vm was interrupted")
                })
            },
            || {
                std::process::Command::new(ssh)
                    .args(ssh_forward_arguments(target, forwards))
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(match messages {
                        SshMessages::Shown => Stdio::inherit(),
                        SshMessages::Hidden => Stdio::null(),
                    })
                    .process_group(0)
                    .spawn()
            },
            |child| vec![child.id()],
        )?;
        Ok(ForwardingSsh {
            child,
            registered: Some(registered),
        })
    }

    /// Waits until ssh ends: stopped by a signal vm passed on, or its connection gone.
    pub fn wait(mut self) -> std::io::Result<ExitStatus> {
        let status = self.child.wait();
        self.registered.take();
        status
    }

    /// Whether ssh has ended already (a forward it could not set up).
    pub fn ended(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().ok().flatten()
    }
}

impl Drop for ForwardingSsh {
    fn drop(&mut self) {
        if let Some(registered) = self.registered.take() {
            ChildGroups::kill(&registered);
            let _ = self.child.wait();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn published(host_ip: &str, port: u16, name: &str) -> PublishedPort {
        PublishedPort {
            host_ip: host_ip.into(),
            host_port: port,
            container_port: port,
            name: name.into(),
        }
    }

    fn target(user: Option<&str>, host: &str, port: Option<u16>) -> SshTarget {
        SshTarget {
            user: user.map(str::to_owned),
            host: host.into(),
            port,
        }
    }

    #[test]
    fn each_port_is_forwarded_from_the_binding_here_to_the_remote_one() {
        let forwards: Vec<PortForward> = [
            published("127.0.0.1", 5432, "postgresql"),
            published("0.0.0.0", 3000, "web"),
        ]
        .iter()
        .map(PortForward::of)
        .collect();
        assert_eq!(
            ssh_forward_arguments(&target(Some("dev"), "buildbox", Some(2222)), &forwards),
            [
                "-N",
                "-o",
                "ExitOnForwardFailure=yes",
                "-o",
                "ControlPath=none",
                "-o",
                "BatchMode=yes",
                "-L",
                "127.0.0.1:5432:127.0.0.1:5432",
                "-L",
                "0.0.0.0:3000:127.0.0.1:3000",
                "-l",
                "dev",
                "-p",
                "2222",
                "--",
                "buildbox"
            ]
        );
        assert_eq!(forwards[1].local_address(), "0.0.0.0:3000");
    }

    #[test]
    fn without_user_or_port_ssh_config_decides_and_an_ipv6_host_is_bare() {
        let forwards = [PortForward::of(&published("127.0.0.1", 8080, "api"))];
        let args = ssh_forward_arguments(&target(None, "fd00::5", None), &forwards);
        assert!(
            !args.iter().any(|arg| arg == "-l" || arg == "-p"),
            "{args:?}"
        );
        assert_eq!(args[args.len() - 2..], ["--", "fd00::5"]);
        let ipv6 = PortForward::of(&published("::", 8080, "api"));
        assert_eq!(ipv6.ssh_spec(), "[::]:8080:[::1]:8080");
    }

    #[test]
    fn only_ssh_engines_are_forwarded() {
        let engine = |endpoint: &str| DockerEngine {
            context: "x".into(),
            endpoint: endpoint.into(),
        };
        assert_eq!(
            PortsReach::of(&engine("unix:///var/run/docker.sock")),
            PortsReach::ThisHost
        );
        assert_eq!(
            PortsReach::of(&engine("tcp://127.0.0.1:2375")),
            PortsReach::ThisHost
        );
        assert_eq!(
            PortsReach::of(&engine("tcp://10.0.0.5:2376")),
            PortsReach::EngineHostOnly {
                host: "10.0.0.5".into()
            }
        );
        assert_eq!(
            PortsReach::of(&engine("ssh://dev@buildbox")),
            PortsReach::OverSsh(target(Some("dev"), "buildbox", None))
        );
    }
}
