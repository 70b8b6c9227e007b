//! The trust stage: the host's extra certificate authorities added to the machine's system store, whatever the base
//! image's distribution, and the variables that point every tool at that store.

use std::collections::BTreeMap;

use super::stage_scripts::write_file;
use crate::network::CertificateAuthority;

/// Where Debian's `update-ca-certificates` looks for local authorities (recursively).
const LOCAL_AUTHORITIES: &str = "/usr/local/share/ca-certificates/vm-host";

/// The system store as one bundle: Debian's path, which the script links on other distributions.
pub const SYSTEM_BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";

/// Tools that do not read the system store by default, each told to: Node.js (its own roots), pip and requests
/// (certifi's), cargo, and OpenSSL-based tools run with another default.
const BUNDLE_VARIABLES: [&str; 5] = [
    "SSL_CERT_FILE",
    "NODE_EXTRA_CA_CERTS",
    "REQUESTS_CA_BUNDLE",
    "PIP_CERT",
    "CARGO_HTTP_CAINFO",
];

/// The body of the trust stage, or `None` without authorities.
pub fn trust_stage(authorities: &[CertificateAuthority]) -> Option<String> {
    if authorities.is_empty() {
        return None;
    }
    let names: Vec<&str> = authorities.iter().map(|a| a.name.as_str()).collect();
    let mut body = format!(
        "\n# The host's certificate authorities: {}\n",
        names.join(", ")
    );
    for authority in authorities {
        body.push_str(&write_file(
            &format!("{LOCAL_AUTHORITIES}/{}", authority.name),
            &authority.pem,
        ));
    }
    body.push_str(&format!(
        r#"if command -v update-ca-certificates >/dev/null 2>&1; then
    update-ca-certificates
elif command -v apt-get >/dev/null 2>&1; then
    # ca-certificates' own set-up runs update-ca-certificates, which takes {LOCAL_AUTHORITIES} in.
    apt-get update
    apt-get install -y --no-install-recommends ca-certificates
elif command -v update-ca-trust >/dev/null 2>&1; then
    cp {LOCAL_AUTHORITIES}/*.crt /etc/pki/ca-trust/source/anchors/
    update-ca-trust extract
    mkdir -p /etc/ssl/certs
    ln -sf /etc/pki/tls/certs/ca-bundle.crt {SYSTEM_BUNDLE}
elif command -v apk >/dev/null 2>&1; then
    apk add --no-cache ca-certificates
    update-ca-certificates
else
    mkdir -p /etc/ssl/certs
    cat {LOCAL_AUTHORITIES}/*.crt >> {SYSTEM_BUNDLE}
fi
test -s {SYSTEM_BUNDLE}
"#
    ));
    Some(body)
}

/// The variables that make every tool trust the system store, with the authorities in it.
pub fn trust_environment(authorities: &[CertificateAuthority]) -> BTreeMap<String, String> {
    if authorities.is_empty() {
        return BTreeMap::new();
    }
    BUNDLE_VARIABLES
        .iter()
        .map(|name| ((*name).to_owned(), SYSTEM_BUNDLE.to_owned()))
        .collect()
}
