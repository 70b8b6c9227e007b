use std::net::TcpListener;

use super::DockerProvider;
use crate::graph::{ResourceGraph, ResourceSpec};
use crate::provider::ProviderError as Error;
use crate::state::{Observed, ResourceState};

/// Host ports the machine would publish that something else holds: found at plan time, not at `docker start`.
impl DockerProvider {
    pub(super) fn taken_ports(&self, graph: &ResourceGraph, observed: &Observed) -> Vec<Error> {
        let mut taken = Vec::new();
        for resource in graph.in_apply_order() {
            let ResourceSpec::DockerContainer(spec) = &resource.spec else {
                continue;
            };
            let published_now = match observed.get(&resource.id) {
                Some(ResourceState::DockerContainer(container)) => container.ports.clone(),
                _ => Default::default(),
            };
            for port in &spec.ports {
                // The machine's own binding is no conflict: a replacement frees it first.
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
                    taken.push(Error::PortTaken {
                        address: format!("{}:{}", port.host_ip, port.host_port),
                        holder: self.port_holder(port.host_port),
                    });
                }
            }
        }
        taken
    }

    /// The container publishing `port`, or a process of the host.
    fn port_holder(&self, port: u16) -> String {
        let names = self
            .docker
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
}
