use std::collections::BTreeMap;
use std::net::TcpListener;

use super::{CommandLine, ProviderError as Error};
use crate::graph::PublishedPort;
use crate::state::HostBinding;

/// Refuses, at plan time, a machine whose published or forwarded host port something else holds: Docker would
/// fail at `docker start`, and Vagrant at `vagrant up`, after the host directories were made. The machine's own
/// bindings (`published_now`) are no conflict: a replacement frees them first. `holder` names who has a port.
pub fn refuse_taken_ports(
    ports: &[PublishedPort],
    published_now: &BTreeMap<u16, HostBinding>,
    holder: &dyn Fn(u16) -> String,
) -> Result<(), Error> {
    for port in ports {
        if published_now
            .values()
            .any(|binding| binding.port == port.host_port)
        {
            continue;
        }
        if let Err(error) = TcpListener::bind((port.host_ip.as_str(), port.host_port)) {
            if error.kind() != std::io::ErrorKind::AddrInUse {
                continue;
            }
            return Err(Error::PortTaken {
                address: format!("{}:{}", port.host_ip, port.host_port),
                holder: holder(port.host_port),
            });
        }
    }
    Ok(())
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
