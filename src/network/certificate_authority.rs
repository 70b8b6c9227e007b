use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A certificate authority the host trusts beyond its distribution's set, by the name it goes by on the host.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CertificateAuthority {
    /// A file name that `update-ca-certificates` takes: letters, digits, `.`, `_` and `-`, ending in `.crt`.
    pub name: String,
    /// One certificate, PEM-encoded.
    pub pem: String,
}

/// Where administrators put the authorities they add: Debian and Ubuntu, then Fedora and RHEL.
const ANCHOR_DIRS: [&str; 2] = [
    "/usr/local/share/ca-certificates",
    "/etc/pki/ca-trust/source/anchors",
];

/// Where the distributions keep the authorities they ship: a bundle's certificate found there is not an extra one.
const DISTRIBUTION_DIRS: [&str; 2] = [
    "/usr/share/ca-certificates",
    "/usr/share/pki/ca-trust-source",
];

/// The variables through which tools are told to trust a bundle of certificates.
pub const BUNDLE_VARIABLES: [&str; 4] = [
    "SSL_CERT_FILE",
    "NODE_EXTRA_CA_CERTS",
    "REQUESTS_CA_BUNDLE",
    "PIP_CERT",
];

/// The authorities this host trusts beyond its distribution's: those in the anchor directories, and those in the
/// files the bundle variables name that the distribution does not ship. Each certificate once, in name order.
pub fn host_authorities(variable: &dyn Fn(&str) -> Option<String>) -> Vec<CertificateAuthority> {
    let anchor_files: Vec<PathBuf> = ANCHOR_DIRS
        .iter()
        .flat_map(|dir| files_under(Path::new(dir)))
        .collect();
    let mut bundles: Vec<PathBuf> = Vec::new();
    // The variables often all name the system bundle: it is read once.
    for bundle in BUNDLE_VARIABLES
        .iter()
        .filter_map(|name| variable(name))
        .filter(|value| !value.is_empty())
        .map(PathBuf::from)
    {
        if !bundles.contains(&bundle) {
            bundles.push(bundle);
        }
    }
    authorities_from(&anchor_files, &bundles, &|| {
        DISTRIBUTION_DIRS
            .iter()
            .flat_map(|dir| files_under(Path::new(dir)))
            .collect()
    })
}

/// The certificates of `anchors` (every one is extra), then those of `bundles` that neither the anchors nor the
/// distribution's files (read only when a bundle has a certificate the anchors do not) hold.
pub(crate) fn authorities_from(
    anchors: &[PathBuf],
    bundles: &[PathBuf],
    distribution: &dyn Fn() -> Vec<PathBuf>,
) -> Vec<CertificateAuthority> {
    let mut found = Found::default();
    for file in anchors {
        for (name, certificate) in named_certificates(file) {
            found.add(name, certificate);
        }
    }
    let from_bundles: Vec<(String, CertificateBlock)> = bundles
        .iter()
        .flat_map(|file| named_certificates(file))
        .filter(|(_, certificate)| !found.seen.contains(&certificate.body))
        .collect();
    if !from_bundles.is_empty() {
        let shipped: BTreeSet<String> = distribution()
            .iter()
            .flat_map(|file| certificates(file))
            .map(|certificate| certificate.body)
            .collect();
        for (name, certificate) in from_bundles {
            if !shipped.contains(&certificate.body) {
                found.add(name, certificate);
            }
        }
    }
    let mut authorities = found.authorities;
    unique_names(&mut authorities);
    authorities.sort();
    authorities
}

/// Each certificate once, under the first name it was found by.
#[derive(Default)]
struct Found {
    /// The base64 text of each certificate found.
    seen: BTreeSet<String>,
    authorities: Vec<CertificateAuthority>,
}

impl Found {
    /// Only a certificate that is found is decoded, and one that does not decode is none.
    fn add(&mut self, name: String, certificate: CertificateBlock) {
        let Ok(decoded) = pem::parse(&certificate.text) else {
            return;
        };
        if self.seen.insert(certificate.body) {
            self.authorities.push(CertificateAuthority {
                name,
                pem: pem::encode(&decoded),
            });
        }
    }
}

/// A certificate of a PEM file as text: the whole block, and its base64 without line breaks, which is the same for
/// the same certificate however a file wraps it. Found by lines, not decoded: a system's store holds hundreds of
/// certificates, and decoding them all costs `vm validate` milliseconds it does not have.
#[derive(Debug)]
struct CertificateBlock {
    text: String,
    body: String,
}

/// The `CERTIFICATE` and `TRUSTED CERTIFICATE` blocks of `text`, in order.
fn certificate_blocks(text: &str) -> Vec<CertificateBlock> {
    let mut blocks = Vec::new();
    let mut open: Option<(&str, CertificateBlock)> = None;
    for line in text.lines().map(str::trim) {
        if let Some((tag, mut block)) = open.take() {
            block.text.push_str(line);
            block.text.push('\n');
            match line.strip_prefix("-----END ") {
                Some(end) if end.strip_suffix("-----") == Some(tag) => blocks.push(block),
                Some(_) => {}
                None => {
                    // Header lines (`Proc-Type: ...`) are no part of the certificate.
                    if !line.contains(':') {
                        block.body.push_str(line);
                    }
                    open = Some((tag, block));
                }
            }
            continue;
        }
        let tag = line
            .strip_prefix("-----BEGIN ")
            .and_then(|rest| rest.strip_suffix("-----"));
        if let Some(tag @ ("CERTIFICATE" | "TRUSTED CERTIFICATE")) = tag {
            let text = format!("{line}\n");
            open = Some((
                tag,
                CertificateBlock {
                    text,
                    body: String::new(),
                },
            ));
        }
    }
    blocks
}

/// The certificates of a PEM file, each named after the file (`corp.pem` → `corp.crt`; the second of a bundle
/// `bundle.crt` → `bundle-2.crt`). A file that is not PEM holds none: `update-ca-certificates` would skip it too.
fn named_certificates(file: &Path) -> Vec<(String, CertificateBlock)> {
    let stem = file
        .file_stem()
        .map(|stem| safe_file_name(&stem.to_string_lossy()))
        .unwrap_or_else(|| "authority".to_owned());
    let found = certificates(file);
    let several = found.len() > 1;
    found
        .into_iter()
        .enumerate()
        .map(|(index, certificate)| {
            let name = if several {
                format!("{stem}-{}.crt", index + 1)
            } else {
                format!("{stem}.crt")
            };
            (name, certificate)
        })
        .collect()
}

fn certificates(file: &Path) -> Vec<CertificateBlock> {
    let Ok(text) = std::fs::read(file) else {
        return Vec::new();
    };
    certificate_blocks(&String::from_utf8_lossy(&text))
}

/// Regular files under `dir`, recursively, in name order; links are followed, as `update-ca-certificates` does.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| Some(entry.ok()?.path()))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .flat_map(|path| match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => files_under(&path),
            Ok(meta) if meta.is_file() => vec![path],
            _ => Vec::new(),
        })
        .collect()
}

/// Names go into a path in the machine and into the plan: nothing but a plain file name.
fn safe_file_name(stem: &str) -> String {
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let name = name.trim_start_matches('.').to_owned();
    if name.is_empty() {
        "authority".to_owned()
    } else {
        name
    }
}

/// Two files of the same name in two directories keep both certificates, under two names.
fn unique_names(authorities: &mut [CertificateAuthority]) {
    let mut taken = BTreeSet::new();
    for authority in authorities.iter_mut() {
        let stem = authority.name.trim_end_matches(".crt").to_owned();
        let mut candidate = authority.name.clone();
        let mut n = 2;
        while !taken.insert(candidate.clone()) {
            candidate = format!("{stem}_{n}.crt");
            n += 1;
        }
        authority.name = candidate;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn certificate(byte: u8) -> String {
        pem::encode(&pem::Pem::new("CERTIFICATE", vec![byte; 40]))
    }

    #[test]
    fn anchors_come_first_and_a_bundle_adds_only_what_neither_they_nor_the_distribution_hold() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: String| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            path
        };
        let corp = write("corp root.crt", certificate(1));
        let shipped = write("mozilla.crt", certificate(2));
        let bundle = write(
            "ca-certificates.crt",
            format!(
                "{}# a comment\n{}{}",
                certificate(2),
                certificate(1),
                certificate(3)
            ),
        );
        let not_pem = write("binary.crt", "\u{0}\u{1}".to_owned());
        let found = authorities_from(&[corp, not_pem], &[bundle], &|| vec![shipped.clone()]);
        let names: Vec<&str> = found.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["ca-certificates-3.crt", "corp_root.crt"]);
        assert_eq!(found[1].pem, certificate(1));
    }

    #[test]
    fn the_distribution_is_not_read_when_the_bundles_add_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let corp = dir.path().join("corp.crt");
        std::fs::write(&corp, certificate(1)).unwrap();
        let found = authorities_from(
            std::slice::from_ref(&corp),
            std::slice::from_ref(&corp),
            &|| panic!("the distribution's files are read only when a bundle adds a certificate"),
        );
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn a_certificate_wrapped_otherwise_is_the_same_certificate() {
        let one_line = certificate(7).replace("\r\n", "\n");
        let mut lines = one_line.lines();
        let (begin, end) = (lines.next().unwrap(), lines.next_back().unwrap());
        let body: String = lines.collect();
        let rewrapped = format!("{begin}\n{}\n{}\n{end}\n", &body[..10], &body[10..]);
        let blocks = certificate_blocks(&format!("{rewrapped}{}", certificate(8)));
        assert_eq!(blocks.len(), 2);
        assert_eq!(certificate_blocks(&certificate(7))[0].body, blocks[0].body);
        assert_ne!(blocks[0].body, blocks[1].body);
        assert_eq!(
            pem::encode(&pem::parse(&blocks[0].text).unwrap()),
            certificate(7)
        );
    }

    #[test]
    fn two_files_of_one_name_keep_both_certificates() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(a.join("root.pem"), certificate(1)).unwrap();
        std::fs::write(b.join("root.crt"), certificate(2)).unwrap();
        let found = authorities_from(&[a.join("root.pem"), b.join("root.crt")], &[], &Vec::new);
        let names: Vec<&str> = found.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["root.crt", "root_2.crt"]);
    }
}
