use std::collections::BTreeMap;
use std::net::TcpListener;

use super::{CommandLine, ProviderError as Error};
use crate::graph::PublishedPort;
use crate::state::HostBinding;

/// The host ports of a machine that something else holds, each as the error an apply refuses with: Docker would
/// fail at `docker start`, and Vagrant at `vagrant up`, after the host directories were made. The machine's own
/// bindings (`published_now`) are no conflict: a replacement frees them first. `holder` names who has a port.
pub fn taken_ports(
    ports: &[PublishedPort],
    published_now: &BTreeMap<u16, HostBinding>,
    holder: &dyn Fn(u16) -> String,
) -> Vec<Error> {
    ports
        .iter()
        .filter(|port| {
            !published_now
                .values()
                .any(|binding| binding.port == port.host_port)
        })
        .filter(|port| {
            TcpListener::bind((port.host_ip.as_str(), port.host_port))
                .is_err_and(|error| error.kind() == std::io::ErrorKind::AddrInUse)
        })
        .map(|port| Error::PortTaken {
            address: format!("{}:{}", port.host_ip, port.host_port),
            holder: holder(port.host_port),
        })
        .collect()
}

/// The container publishing `port` on this engine, or a process of the host.
pub fn port_holder(docker: &CommandLine, port: u16) -> String {
    let names = docker
        .clone()
        .args(["ps", "--filter"])
        .arg(format!("publish={port}"))
        .args(["--format", "{{.Names}}"])
        .output()
        .unwrap_or_default();
    match names.lines().next() {
        Some(name) => format!("the container {name}"),
        None => "another program on this host".to_owned(),
    }
}
