use super::{CertificateAuthority, ProxySettings, host_authorities, host_proxy};

/// The certificate authorities and proxy of the host, taken into image builds and machines
/// (`vm.inherit_host_network`, on unless turned off).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostNetwork {
    pub authorities: Vec<CertificateAuthority>,
    pub proxy: ProxySettings,
}

impl HostNetwork {
    /// What this process's environment and this host's files say.
    pub fn of_this_host() -> HostNetwork {
        HostNetwork {
            authorities: host_authorities(&|name: &str| std::env::var(name).ok()),
            ..HostNetwork::of_this_host_without_authorities()
        }
    }

    /// The proxy of this process's environment, without reading a certificate file.
    pub fn of_this_host_without_authorities() -> HostNetwork {
        HostNetwork {
            authorities: Vec::new(),
            proxy: host_proxy(&|name: &str| std::env::var(name).ok()),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.authorities.is_empty() && self.proxy.is_empty()
    }

    /// What the plan shows of the authorities: `2 certificates: corp-root.crt, proxy.crt`.
    pub fn authorities_summary(&self) -> Option<String> {
        let names: Vec<&str> = self.authorities.iter().map(|a| a.name.as_str()).collect();
        match names.len() {
            0 => None,
            1 => Some(format!("1 certificate: {}", names[0])),
            n => Some(format!("{n} certificates: {}", names.join(", "))),
        }
    }
}
