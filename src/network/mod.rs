//! What the host's network asks of anything that reaches the internet from it: the certificate authorities it
//! trusts beyond its system set (a TLS-inspecting proxy's, a company's own) and its proxy. Builds and machines
//! take both, so that what works on the host works inside.

mod certificate_authority;
mod host_network;
mod proxy_settings;

pub use certificate_authority::{CertificateAuthority, host_authorities};
pub use host_network::HostNetwork;
pub use proxy_settings::{ProxySettings, host_proxy};
