//! The generated files as text (golden), their stability, and that no value can run as a command.

use std::collections::BTreeMap;
use std::process::Command;

use super::*;

/// A machine with every kind of input, as a full vm.json would give it.
pub(super) fn full_spec() -> ProvisionSpec {
    let mut spec = ProvisionSpec::new("shop", "vm-base:latest", "vagrant");
    spec.apt_packages = vec!["jq".into(), "htop".into(), "jq".into()];
    spec.languages = vec![
        LanguageSpec {
            name: "node".into(),
            version: Some("22".into()),
            tools: BTreeMap::from([("pnpm".into(), "9".into())]),
            manager: None,
        },
        LanguageSpec {
            name: "python".into(),
            version: Some("3.12".into()),
            ..LanguageSpec::default()
        },
    ];
    spec.services = [
        "postgresql",
        "redis",
        "mysql",
        "mongodb",
        "headless_browser",
    ]
    .into_iter()
    .map(|name| ServiceSpec {
        name: name.into(),
        ..ServiceSpec::default()
    })
    .collect();
    spec.npm_packages = vec![
        "@anthropic-ai/claude-code".into(),
        "@google/gemini-cli".into(),
    ];
    spec.pip_packages = vec!["requests".into()];
    spec.cargo_packages = vec!["ripgrep".into()];
    spec.aliases = BTreeMap::from([("ll".into(), "ls -la".into())]);
    spec.environment = BTreeMap::from([("APP_ENV".into(), "development".into())]);
    spec.timezone = Some("Europe/London".into());
    spec
}

fn context(spec: &ProvisionSpec) -> BuildContext {
    BuildContext::new(&provision(spec).unwrap())
}

fn rendered(context: &BuildContext) -> String {
    context
        .files
        .iter()
        .map(|file| format!("===== {} ({:o})\n{}", file.path, file.mode, file.contents))
        .collect()
}

#[test]
fn the_build_context_of_a_full_machine() {
    let spec = full_spec();
    let context = context(&spec);
    insta::assert_snapshot!(rendered(&context));
    insta::assert_snapshot!(context.image_tag(&spec.project).to_string());
}

#[test]
fn the_vagrant_script_of_a_full_machine() {
    insta::assert_snapshot!(provision(&full_spec()).unwrap().vagrant_script());
}

#[test]
fn the_order_of_lists_changes_nothing_and_one_more_npm_package_changes_only_its_stage() {
    let spec = full_spec();
    let mut reordered = spec.clone();
    reordered.apt_packages.reverse();
    reordered.npm_packages.reverse();
    reordered.services.reverse();
    assert_eq!(context(&spec), context(&reordered));

    let mut more = spec.clone();
    more.npm_packages.push("typescript".into());
    let (before, after) = (context(&spec), context(&more));
    let changed: Vec<&str> = before
        .files
        .iter()
        .zip(&after.files)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a.path.as_str())
        .collect();
    assert_eq!(changed, ["provision/40-npm.sh"]);
    assert_ne!(before.image_tag("shop"), after.image_tag("shop"));
}

#[test]
fn stages_with_nothing_to_do_have_no_layer() {
    let spec = ProvisionSpec::new("bare", "vm-base:latest", "vagrant");
    let provisioning = provision(&spec).unwrap();
    let stages: Vec<Stage> = provisioning.stages.iter().map(|s| s.stage).collect();
    assert_eq!(stages, [Stage::Shell]);
}

#[test]
fn package_lists_imply_their_language_and_the_machine_reports_ports_devices_and_privilege() {
    let mut spec = ProvisionSpec::new("p", "vm-base:latest", "vagrant");
    spec.pip_packages = vec!["six".into()];
    spec.services = ["docker", "audio", "postgresql"]
        .into_iter()
        .map(|name| ServiceSpec {
            name: name.into(),
            port: (name == "postgresql").then_some(5433),
            ..ServiceSpec::default()
        })
        .collect();
    let provisioning = provision(&spec).unwrap();
    let languages = &provisioning.stages[0];
    assert_eq!(languages.stage, Stage::Languages);
    assert!(languages.script.contains("python3-pip"));
    assert_eq!(
        provisioning.ports,
        BTreeMap::from([("postgresql".into(), 5433)])
    );
    assert_eq!(provisioning.devices, ["/dev/snd"]);
    assert!(provisioning.privileged);
    assert_eq!(
        provisioning.environment["DATABASE_URL"],
        "postgresql://postgres:postgres@localhost:5433/p_dev"
    );
}

#[test]
fn versions_debian_lacks_come_from_upstream_installers() {
    let mut spec = ProvisionSpec::new("p", "vm-base:latest", "vagrant");
    spec.languages = [
        ("rust", "stable"),
        ("go", "1.22.1"),
        ("ruby", "3.3.0"),
        ("python", "3.11"),
    ]
    .into_iter()
    .map(|(name, version)| LanguageSpec {
        name: name.into(),
        version: Some(version.into()),
        ..LanguageSpec::default()
    })
    .collect();
    let script = &provision(&spec).unwrap().stages[0].script;
    for needle in [
        "https://sh.rustup.rs | sh -s -- -y --no-modify-path --profile minimal --default-toolchain stable",
        "https://go.dev/dl/go\"1.22.1\".linux-",
        "ruby-build 3.3.0 /usr/local",
        "apt-get install -y --no-install-recommends python3 python3-pip python3-venv",
    ] {
        assert!(script.contains(needle), "no {needle:?} in:\n{script}");
    }
}

#[test]
fn input_no_script_can_carry_is_refused_with_its_reason() {
    let refused = |change: &dyn Fn(&mut ProvisionSpec)| {
        let mut spec = ProvisionSpec::new("p", "vm-base:latest", "vagrant");
        change(&mut spec);
        provision(&spec).unwrap_err().to_string()
    };
    assert_eq!(
        refused(&|s| s.npm_packages = vec!["--prefix=/etc".into()]),
        "npm package `--prefix=/etc` starts with `-`, so the installer would read it as an option"
    );
    assert!(
        refused(&|s| {
            s.environment.insert("A B".into(), "x".into());
        })
        .starts_with("environment variable `A B` is not a valid name")
    );
    assert!(
        refused(&|s| {
            s.aliases.insert("a;b".into(), "x".into());
        })
        .starts_with("alias `a;b` is not a valid name")
    );
    assert!(
        refused(&|s| {
            s.environment.insert("A".into(), "line\nbreak".into());
        })
        .contains("control character")
    );
    assert!(refused(&|s| s.timezone = Some("../../etc/passwd".into())).contains("not a zone name"));
    assert!(refused(&|s| s.base_image = "x\nRUN evil".into()).starts_with("base image"));
    assert_eq!(
        refused(&|s| s.services = vec![ServiceSpec {
            name: "node".into(),
            ..ServiceSpec::default()
        }]),
        "`node` is not a service vm knows"
    );
    assert_eq!(
        refused(&|s| s.prompt.theme = "neon".into()),
        "`neon` is not a terminal theme vm knows"
    );
}

/// Values that would run a command if any script let the shell read them as code.
const HOSTILE: [&str; 6] = [
    "$(touch PWNED)",
    "`touch PWNED`",
    "'; touch PWNED; '",
    "\"; touch PWNED; \"",
    "a\nVM_EOF\ntouch PWNED",
    "\\$HOME \\\\ ${HOME}",
];

fn bash(dir: &std::path::Path, script: &str) -> String {
    let output = Command::new("bash")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!dir.join("PWNED").exists(), "a value ran as a command");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn aliases_environment_and_prompt_values_reach_bash_as_written_and_never_run() {
    let dir = tempfile::tempdir().unwrap();
    for value in HOSTILE {
        if value.contains('\n') {
            continue; // refused for the environment (no Dockerfile ENV can hold it); aliases take it below
        }
        let mut spec = ProvisionSpec::new("p", "vm-base:latest", "vagrant");
        spec.environment.insert("VALUE".into(), value.into());
        spec.aliases.insert(
            "show".into(),
            format!("printf %s {}", quote(value).unwrap()),
        );
        spec.prompt.emoji = value.into();
        spec.prompt.username = value.into();
        let context = context(&spec);
        let shell = &context
            .files
            .iter()
            .find(|f| f.path.ends_with("shell.sh"))
            .unwrap()
            .contents;
        // The shell stage writes its files with here-documents; unpack them under the scratch directory.
        let script = shell
            .replace("'/etc/", "'etc/")
            .replace("/etc/bash.bashrc", "bashrc");
        let script = script.replace("set -euo pipefail", "set -eu");
        bash(dir.path(), &script);
        let printed = bash(
            dir.path(),
            "shopt -s expand_aliases; . etc/profile.d/vm.sh; . etc/vm/prompt.sh; __vm_prompt\nprintf '%s|' \"$VALUE\"; show; printf '|%s' \"${PS1@P}\"",
        );
        let (environment, rest) = printed.split_once('|').unwrap();
        assert_eq!(environment, value);
        assert!(rest.starts_with(&format!("{value}|{value} ")), "{rest:?}");
        // PS1 as bash shows it: the name is there, as written, in its colour.
        assert!(rest.contains(&format!("m{value}\u{1b}[0m")), "{rest:?}");
    }
}

#[test]
fn service_values_and_package_names_are_single_words() {
    let dir = tempfile::tempdir().unwrap();
    for value in HOSTILE {
        let filled =
            shell_words::fill("printf '%s\\n' {database}", &[("database", value)]).unwrap();
        assert_eq!(bash(dir.path(), &filled), format!("{value}\n"));
        let words =
            shell_words::package_words("apt package", &[value.to_owned(), "b".into()]).unwrap();
        assert_eq!(
            bash(dir.path(), &format!("printf '%s\\n' {words}")),
            format!("{value}\nb\n")
        );
    }
    let mut spec = full_spec();
    spec.services = vec![ServiceSpec {
        name: "postgresql".into(),
        database: Some(HOSTILE[0].into()),
        user: Some(HOSTILE[2].into()),
        password: Some(HOSTILE[3].into()),
        ..ServiceSpec::default()
    }];
    let start = provision(&spec).unwrap().start_services;
    // The script parses, and its one call passes six words.
    let from = start.find("vm_service postgresql").unwrap();
    let call = &start[from..from + start[from..].find(" || status=1").unwrap()];
    let counted = bash(
        dir.path(),
        &format!("vm_service() {{ echo $#; printf '%s\\n' \"$5\" > setup; }}\n{call}"),
    );
    assert_eq!(counted, "6\n");
    let setup = std::fs::read_to_string(dir.path().join("setup")).unwrap();
    assert!(
        setup.contains(&format!("-v db={}", quote(HOSTILE[0]).unwrap())),
        "{setup}"
    );
}

#[test]
fn an_addon_is_installed_after_its_service_and_named_in_its_description_and_an_unknown_one_is_refused()
 {
    let mut spec = ProvisionSpec::new("p", "vm-base:latest", "vagrant");
    spec.services = vec![ServiceSpec {
        name: "docker".into(),
        addons: vec!["buildx".into()],
        ..ServiceSpec::default()
    }];
    let provisioning = provision(&spec).unwrap();
    let services = &provisioning.stages[0].script;
    let installed = services.find("apt-get install -y --no-install-recommends docker.io");
    let buildx = services.find("# service.docker with buildx");
    assert!(installed.is_some() && buildx > installed, "{services}");
    assert!(services.contains("/usr/libexec/docker/cli-plugins/docker-buildx"));
    assert_eq!(
        provisioning.services[0].description,
        "Docker (Debian's docker.io, with docker-compose), with Buildx (docker/buildx's release, from github.com)"
    );

    spec.services[0].addons = vec!["compose-v3".into()];
    let error = provision(&spec).unwrap_err();
    assert!(
        matches!(&error, ProvisionError::Unknown { kind: "add-on", name } if name == "docker.compose-v3"),
        "{error:?}"
    );
    spec.services[0].addons.clear();
    let without = provision(&spec).unwrap();
    assert!(!without.stages[0].script.contains("buildx"));
}

/// A host behind a TLS-inspecting proxy: two extra authorities and a proxy with a password.
fn corporate_network() -> crate::network::HostNetwork {
    use crate::network::{CertificateAuthority, HostNetwork, ProxySettings};
    let authority = |name: &str, byte: u8| CertificateAuthority {
        name: name.into(),
        pem: pem::encode(&pem::Pem::new("CERTIFICATE", vec![byte; 24])),
    };
    HostNetwork {
        authorities: vec![authority("corp-root.crt", 1), authority("proxy.crt", 2)],
        proxy: ProxySettings {
            variables: BTreeMap::from([
                ("HTTPS_PROXY".into(), "http://bob:s3cret@proxy:3128".into()),
                ("https_proxy".into(), "http://bob:s3cret@proxy:3128".into()),
            ]),
        },
    }
}

#[test]
fn the_hosts_network_is_the_first_layer_and_reaches_every_later_step_and_the_machine() {
    let mut spec = ProvisionSpec::new("shop", "vm-base:latest", "vagrant");
    spec.npm_packages = vec!["prettier".into()];
    let without = context(&spec);
    spec.host_network = corporate_network();
    let provisioning = provision(&spec).unwrap();
    let context = BuildContext::new(&provisioning);
    insta::assert_snapshot!(context.dockerfile());
    let trust = &provisioning.stages[0];
    assert_eq!(trust.stage, Stage::Trust);
    assert!(
        trust
            .script
            .contains("/usr/local/share/ca-certificates/vm-host/proxy.crt")
    );
    assert_eq!(
        provisioning.environment["NODE_EXTRA_CA_CERTS"],
        "/etc/ssl/certs/ca-certificates.crt"
    );
    assert_eq!(
        provisioning.environment["https_proxy"],
        "http://bob:s3cret@proxy:3128"
    );
    assert_eq!(provisioning.build_arguments().len(), 2);
    assert_ne!(context.image_tag("shop"), without.image_tag("shop"));
    assert_ne!(context.machine_layers, without.machine_layers);
    let vagrant = provisioning.vagrant_script();
    let export = vagrant.find("export HTTPS_PROXY=").unwrap();
    let trust_stage = vagrant.find("# stage: trust").unwrap();
    assert!(
        export < trust_stage,
        "the proxy is exported before any stage runs"
    );

    // Another certificate is another image; a project that turns the network off gets the image it had.
    spec.host_network.authorities[1].pem = pem::encode(&pem::Pem::new("CERTIFICATE", vec![3; 24]));
    assert_ne!(
        self::context(&spec).image_tag("shop"),
        context.image_tag("shop")
    );
    spec.host_network = Default::default();
    assert_eq!(
        self::context(&spec).image_tag("shop"),
        without.image_tag("shop")
    );
}

#[test]
fn the_trust_stage_adds_the_authorities_to_the_system_store_of_a_base_without_any_store_tool() {
    let mut spec = ProvisionSpec::new("shop", "vm-base:latest", "vagrant");
    spec.host_network = corporate_network();
    let provisioning = provision(&spec).unwrap();
    let script = &provisioning.stages[0].script;
    // The script's own paths, rooted in a scratch directory: it writes the files, then picks a store to update.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_str().unwrap();
    let rooted = script
        .replace("/usr/local/share/ca-certificates", &format!("{root}/local"))
        .replace("/etc/ssl/certs", &format!("{root}/certs"))
        .replace(
            "if command -v update-ca-certificates",
            "if false && command -v update-ca-certificates",
        )
        .replace("elif command -v apt-get", "elif false")
        .replace("elif command -v update-ca-trust", "elif false")
        .replace("elif command -v apk", "elif false");
    bash(dir.path(), &rooted);
    let bundle = std::fs::read_to_string(dir.path().join("certs/ca-certificates.crt")).unwrap();
    let expected: String = corporate_network()
        .authorities
        .iter()
        .map(|a| a.pem.clone())
        .collect();
    assert_eq!(bundle, expected);
}
