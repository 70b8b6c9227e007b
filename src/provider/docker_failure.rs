use std::fmt;

/// A failure of a `docker` command whose cause vm recognises in its standard error, so that the diagnostic can say in
/// plain words what happened and what to do, above Docker's own text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DockerFailure {
    /// A published port's host address is taken; `address` is e.g. `127.0.0.1:8080` when Docker names it.
    PortInUse { address: Option<String> },
    /// The image is neither on this engine nor in its registry.
    NoSuchImage { image: Option<String> },
    /// The image is not on this engine and its registry cannot be reached to pull it.
    RegistryUnreachable,
    /// Nothing answers on the engine's socket.
    DaemonNotRunning,
    /// The engine's socket is there, and this user may not use it.
    SocketPermissionDenied,
    /// The engine may not give a container all capabilities: it runs confined itself (in a container, or under a
    /// user namespace), so a privileged machine cannot start.
    PrivilegedRefused,
}

impl DockerFailure {
    /// The cause of a failure, from the standard error of the `docker` command that failed; `None` when vm does not
    /// know it (the diagnostic then shows Docker's text alone).
    pub fn recognise(stderr: &str) -> Option<DockerFailure> {
        let lower = stderr.to_lowercase();
        let has = |needle: &str| lower.contains(needle);
        if has("permission denied") && (has("docker daemon socket") || has("docker.sock")) {
            Some(DockerFailure::SocketPermissionDenied)
        } else if has("cannot connect to the docker daemon") || has("is the docker daemon running")
        {
            Some(DockerFailure::DaemonNotRunning)
        } else if has("unable to apply caps") && has("operation not permitted") {
            Some(DockerFailure::PrivilegedRefused)
        } else if has("port is already allocated") || has("address already in use") {
            Some(DockerFailure::PortInUse {
                address: host_address(stderr),
            })
        } else if has("no such image")
            || has("unable to find image")
            || has("pull access denied")
            || has("repository does not exist")
            || has("manifest unknown")
            || (has("manifest for") && has("not found"))
        {
            Some(DockerFailure::NoSuchImage {
                image: image_name(stderr),
            })
        } else if has("get \"https://")
            && (has("dial tcp")
                || has("no such host")
                || has("i/o timeout")
                || has("tls handshake timeout"))
        {
            Some(DockerFailure::RegistryUnreachable)
        } else {
            None
        }
    }
}

impl fmt::Display for DockerFailure {
    /// What happened, then what to do, in one sentence.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DockerFailure::PortInUse { address } => {
                let address = address
                    .as_ref()
                    .map_or_else(|| "a published port".to_owned(), |address| format!("host port {address}"));
                write!(
                    f,
                    "{address} is already in use by another program or container: stop it (`ss -ltnp` or \
                     `docker ps` shows who holds it), or publish another port in vm.json's `ports`"
                )
            }
            DockerFailure::NoSuchImage { image } => {
                let image = image
                    .as_ref()
                    .map_or_else(|| "the image".to_owned(), |image| format!("the image {image}"));
                write!(
                    f,
                    "{image} does not exist, on this engine or in its registry: check `vm.image` in vm.json, or build \
                     the image here (`scripts/setup-engine` builds vm-base:latest)"
                )
            }
            DockerFailure::RegistryUnreachable => f.write_str(
                "the image is not on this engine, and its registry cannot be reached to pull it: check the network, \
                 name an image this engine has in `vm.image`, or build it here (`scripts/setup-engine` builds \
                 vm-base:latest)",
            ),
            DockerFailure::DaemonNotRunning => f.write_str(
                "the Docker engine is not running: start it (`sudo systemctl start docker`, or `scripts/setup-engine`), \
                 check it with `docker info`, then run vm again",
            ),
            DockerFailure::PrivilegedRefused => f.write_str(
                "this Docker engine cannot start a privileged container, which Docker in the machine \
                 (`services.docker`) needs: run vm against an engine that is not itself confined, or disable \
                 `services.docker`",
            ),
            DockerFailure::SocketPermissionDenied => f.write_str(
                "this user may not use the Docker engine: add it to the `docker` group \
                 (`sudo usermod -aG docker $USER`, then log in again), or run vm with sudo",
            ),
        }
    }
}

/// The help of a failed command: the recognised cause in plain words, then Docker's own text below it.
pub fn explain(stderr: &str) -> String {
    match DockerFailure::recognise(stderr) {
        Some(failure) => format!("{failure}\n\ndocker said: {stderr}"),
        None => stderr.to_owned(),
    }
}

/// `127.0.0.1:8080` from "Bind for 127.0.0.1:8080 failed: port is already allocated" or
/// "listen tcp4 127.0.0.1:8080: bind: address already in use".
fn host_address(stderr: &str) -> Option<String> {
    let between = |start: &str, end: &str| {
        let rest = &stderr[stderr.find(start)? + start.len()..];
        Some(rest[..rest.find(end)?].to_owned())
    };
    between("Bind for ", " failed")
        .or_else(|| between("listen tcp4 ", ": bind"))
        .or_else(|| between("listen tcp6 ", ": bind"))
        .or_else(|| between("listen tcp ", ": bind"))
        .filter(|address| address.contains(':') && !address.contains(char::is_whitespace))
}

/// The image's name from "No such image: NAME", "Unable to find image 'NAME' locally" or "pull access denied for NAME,".
fn image_name(stderr: &str) -> Option<String> {
    let after = |start: &str, stop: &[char]| {
        let rest = &stderr[stderr.find(start)? + start.len()..];
        let name = rest.split(stop).next()?.trim();
        (!name.is_empty()).then(|| name.to_owned())
    };
    after("No such image: ", &['\n', ' '])
        .or_else(|| after("Unable to find image '", &['\'']))
        .or_else(|| after("pull access denied for ", &[',', ' ', '\n']))
        .or_else(|| after("manifest for ", &[' ']))
}

#[cfg(test)]
mod tests {
    use test_case::test_case;

    use super::DockerFailure::{self, *};

    fn port(address: &str) -> Option<DockerFailure> {
        Some(PortInUse {
            address: Some(address.to_owned()),
        })
    }

    fn image(name: &str) -> Option<DockerFailure> {
        Some(NoSuchImage {
            image: Some(name.to_owned()),
        })
    }

    #[test_case(
        "Error response from daemon: driver failed programming external connectivity on endpoint app-dev (081e73): Bind for 127.0.0.1:18457 failed: port is already allocated",
        port("127.0.0.1:18457") ; "port taken by another container"
    )]
    #[test_case(
        "Error response from daemon: driver failed programming external connectivity on endpoint app-dev (3a1fbf): Error starting userland proxy: listen tcp4 127.0.0.1:18458: bind: address already in use",
        port("127.0.0.1:18458") ; "port taken by another program"
    )]
    #[test_case(
        "Error response from daemon: failed to set up container networking: address already in use",
        Some(PortInUse { address: None }) ; "port taken, address not named"
    )]
    #[test_case(
        "Error response from daemon: no such image: vm-nope:latest: No such image: vm-nope:latest",
        image("vm-nope:latest") ; "no such image"
    )]
    #[test_case(
        "Unable to find image 'nope:1' locally\ndocker: Error response from daemon: pull access denied for nope, repository does not exist or may require 'docker login'",
        image("nope:1") ; "unable to find, pull denied"
    )]
    #[test_case(
        "Error response from daemon: pull access denied for nope, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
        image("nope") ; "pull access denied"
    )]
    #[test_case(
        "Error response from daemon: manifest for debian:99 not found: manifest unknown: manifest unknown",
        image("debian:99") ; "unknown tag"
    )]
    #[test_case(
        "Error response from daemon: Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host",
        Some(RegistryUnreachable) ; "registry unreachable"
    )]
    #[test_case(
        "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?",
        Some(DaemonNotRunning) ; "daemon not running"
    )]
    #[test_case(
        "permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get \"http://%2Fvar%2Frun%2Fdocker.sock/v1.47/containers/json\": dial unix /var/run/docker.sock: connect: permission denied",
        Some(SocketPermissionDenied) ; "socket permission denied"
    )]
    #[test_case(
        "Error response from daemon: Conflict. The container name \"/app-dev\" is already in use by container \"abc\"",
        None ; "a failure vm does not recognise"
    )]
    #[test_case(
        "Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: unable to apply caps: operation not permitted: unknown",
        Some(PrivilegedRefused) ; "a privileged container on a confined engine"
    )]
    #[test_case("", None ; "nothing said")]
    fn recognises(stderr: &str, expected: Option<DockerFailure>) {
        assert_eq!(DockerFailure::recognise(stderr), expected);
    }

    #[test]
    fn says_what_happened_and_what_to_do_then_what_docker_said() {
        let stderr = "Error response from daemon: driver failed programming external connectivity on endpoint a (1): Bind for 127.0.0.1:8080 failed: port is already allocated";
        assert_eq!(
            super::explain(stderr),
            format!(
                "host port 127.0.0.1:8080 is already in use by another program or container: stop it (`ss -ltnp` or \
                 `docker ps` shows who holds it), or publish another port in vm.json's `ports`\n\ndocker said: {stderr}"
            )
        );
    }

    #[test]
    fn an_unrecognised_failure_is_docker_text_alone() {
        assert_eq!(super::explain("something new"), "something new");
    }

    #[test_case(Some(DaemonNotRunning), "the Docker engine is not running: start it (`sudo systemctl start docker`, or `scripts/setup-engine`), check it with `docker info`, then run vm again" ; "daemon")]
    #[test_case(Some(SocketPermissionDenied), "this user may not use the Docker engine: add it to the `docker` group (`sudo usermod -aG docker $USER`, then log in again), or run vm with sudo" ; "permission")]
    #[test_case(image("nope:1"), "the image nope:1 does not exist, on this engine or in its registry: check `vm.image` in vm.json, or build the image here (`scripts/setup-engine` builds vm-base:latest)" ; "image")]
    #[test_case(Some(RegistryUnreachable), "the image is not on this engine, and its registry cannot be reached to pull it: check the network, name an image this engine has in `vm.image`, or build it here (`scripts/setup-engine` builds vm-base:latest)" ; "registry")]
    #[test_case(Some(PrivilegedRefused), "this Docker engine cannot start a privileged container, which Docker in the machine (`services.docker`) needs: run vm against an engine that is not itself confined, or disable `services.docker`" ; "privileged")]
    fn each_cause_reads(failure: Option<DockerFailure>, text: &str) {
        assert_eq!(failure.unwrap().to_string(), text);
    }
}
