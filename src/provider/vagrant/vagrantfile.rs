use std::fmt::Write;

use super::environment_script::{ENVIRONMENT_FILE, environment_script};
use super::ruby_literal::{ruby_path, ruby_string};
use super::{VagrantBackend, VagrantfileSpec};
use crate::shell_word::NulInShellWord;

/// The first line of every Vagrantfile vm writes.
pub const HEADER: &str = "# Written by vm from vm.json; vm rewrites it, so change vm.json instead.";

/// The command the docker backend's container runs, so that it keeps running without ssh.
const KEEP_ALIVE: [&str; 2] = ["sleep", "infinity"];

/// The Vagrantfile of one machine. Every value from the spec is written as an escaped Ruby
/// string literal (or a number), so no path, name or value can become Ruby code; the same spec
/// always gives the same text.
pub fn render_vagrantfile(spec: &VagrantfileSpec) -> Result<String, NulInShellWord> {
    let mut out = String::new();
    let mut line = |indent: usize, text: &str| {
        writeln!(out, "{:indent$}{text}", "", indent = indent * 2).expect("writing to a String")
    };
    let backend = spec.backend;
    line(0, HEADER);
    line(0, "Vagrant.configure(\"2\") do |config|");
    line(
        1,
        &format!(
            "config.vm.define {} do |machine|",
            ruby_string(&spec.machine_name)
        ),
    );
    if backend != VagrantBackend::Docker {
        line(2, &format!("machine.vm.box = {}", ruby_string(&spec.r#box)));
    }
    line(
        2,
        &format!("machine.vm.hostname = {}", ruby_string(&spec.hostname)),
    );
    for port in &spec.forwarded_ports {
        line(
            2,
            &format!(
                "machine.vm.network \"forwarded_port\", host_ip: {}, host: {}, guest: {}, auto_correct: false",
                ruby_string(&port.host_ip),
                port.host_port,
                port.guest_port
            ),
        );
    }
    // Vagrant shares the Vagrantfile's directory at /vagrant unless told not to.
    line(
        2,
        "machine.vm.synced_folder \".\", \"/vagrant\", disabled: true",
    );
    for folder in &spec.synced_folders {
        let owner = match backend {
            // Bind mounts: the files keep their host owner.
            VagrantBackend::Docker => String::new(),
            _ => format!(
                ", owner: {user}, group: {user}",
                user = ruby_string(&spec.user)
            ),
        };
        line(
            2,
            &format!(
                "machine.vm.synced_folder {}, {}, create: true{owner}",
                ruby_path(&folder.host_path),
                ruby_string(&folder.guest_path)
            ),
        );
    }
    if backend != VagrantBackend::Docker && !spec.environment.is_empty() {
        line(
            2,
            &format!(
                "machine.vm.provision \"environment\", type: \"shell\", run: \"always\", inline: {}",
                ruby_string(&environment_script(&spec.environment, ENVIRONMENT_FILE)?)
            ),
        );
    }
    if let Some(script) = spec
        .provision_script
        .as_ref()
        .filter(|_| backend != VagrantBackend::Docker)
    {
        line(
            2,
            &format!(
                "machine.vm.provision \"vm\", type: \"shell\", inline: {}",
                ruby_string(script)
            ),
        );
    }
    let (variable, settings) = provider_settings(spec);
    line(
        2,
        &format!(
            "machine.vm.provider {} do |{variable}|",
            ruby_string(backend.provider_name())
        ),
    );
    for setting in settings {
        line(3, &format!("{variable}.{setting}"));
    }
    line(2, "end");
    line(1, "end");
    line(0, "end");
    Ok(out)
}

/// The block variable of the provider's settings, and the settings, one a line.
fn provider_settings(spec: &VagrantfileSpec) -> (&'static str, Vec<String>) {
    let memory = spec.memory_mib;
    let cpus = spec.cpus;
    let gui = spec.gui;
    match spec.backend {
        VagrantBackend::Virtualbox => (
            "virtualbox",
            vec![
                format!("memory = {memory}"),
                format!("cpus = {cpus}"),
                format!("gui = {gui}"),
            ],
        ),
        VagrantBackend::Libvirt => (
            "libvirt",
            vec![format!("memory = {memory}"), format!("cpus = {cpus}")],
        ),
        VagrantBackend::Parallels => (
            "parallels",
            vec![format!("memory = {memory}"), format!("cpus = {cpus}")],
        ),
        VagrantBackend::VmwareDesktop => (
            "vmware",
            vec![
                format!("vmx[\"memsize\"] = \"{memory}\""),
                format!("vmx[\"numvcpus\"] = \"{cpus}\""),
                format!("gui = {gui}"),
            ],
        ),
        VagrantBackend::Docker => {
            let mut create_args: Vec<String> = [
                "--init",
                "--memory",
                &format!("{memory}m"),
                "--memory-swap",
                &format!("{memory}m"),
                "--cpus",
                &cpus.to_string(),
            ]
            .map(str::to_owned)
            .into();
            // Services' data in Docker volumes, as the Docker provider's containers carry them.
            for (name, target) in &spec.volumes {
                create_args.push("--mount".to_owned());
                create_args.push(format!("type=volume,source={name},target={target}"));
            }
            let mut settings = vec![
                format!("image = {}", ruby_string(&spec.docker_image)),
                "has_ssh = false".to_owned(),
                format!("cmd = {}", ruby_array(KEEP_ALIVE)),
                // As the Docker provider's containers: an init that stops at once and reaps,
                // and memory without swap.
                format!(
                    "create_args = {}",
                    ruby_array(create_args.iter().map(String::as_str))
                ),
            ];
            if !spec.environment.is_empty() {
                let pairs: Vec<String> = spec
                    .environment
                    .iter()
                    .map(|(name, value)| format!("{} => {}", ruby_string(name), ruby_string(value)))
                    .collect();
                settings.push(format!("env = {{ {} }}", pairs.join(", ")));
            }
            ("docker", settings)
        }
    }
}

fn ruby_array<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    let words: Vec<String> = words.into_iter().map(ruby_string).collect();
    format!("[{}]", words.join(", "))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::provider::vagrant::{ForwardedPort, SyncedFolder};

    fn spec(backend: VagrantBackend) -> VagrantfileSpec {
        VagrantfileSpec {
            machine_name: "myapp".to_owned(),
            backend,
            r#box: "bento/debian-12".to_owned(),
            docker_image: "vm-base:latest".to_owned(),
            hostname: "dev.myapp.local".to_owned(),
            memory_mib: 2048,
            cpus: 2,
            gui: false,
            forwarded_ports: vec![
                ForwardedPort {
                    host_ip: "127.0.0.1".to_owned(),
                    host_port: 3000,
                    guest_port: 3000,
                },
                ForwardedPort {
                    host_ip: "127.0.0.1".to_owned(),
                    host_port: 15432,
                    guest_port: 5432,
                },
            ],
            synced_folders: vec![
                SyncedFolder {
                    host_path: PathBuf::from("/home/alice/myapp"),
                    guest_path: "/workspace".to_owned(),
                },
                SyncedFolder {
                    host_path: PathBuf::from("/home/alice/.claude/vms/myapp"),
                    guest_path: "/home/vagrant/.claude".to_owned(),
                },
            ],
            environment: BTreeMap::from([
                ("NODE_ENV".to_owned(), "development".to_owned()),
                ("GREETING".to_owned(), "hello, \"world\"".to_owned()),
            ]),
            volumes: vec![(
                "vm-myapp-postgresql-data".to_owned(),
                "/var/lib/postgresql".to_owned(),
            )],
            user: "vagrant".to_owned(),
            provision_script: Some(
                "#!/bin/bash\napt-get install -y jq\necho \"done for $USER\"\n".to_owned(),
            ),
        }
    }

    /// Injection attempts in every string the spec holds.
    fn hostile_spec(backend: VagrantBackend, marker: &Path) -> VagrantfileSpec {
        let run = format!("#{{`touch {}`}}", marker.display());
        let mut spec = spec(backend);
        spec.machine_name = format!("m\"; system(\"touch {}\"); \"{run}", marker.display());
        spec.hostname = format!("host{run}");
        spec.synced_folders = vec![SyncedFolder {
            host_path: marker.with_file_name(format!("dir \"with\" quotes, commas\\ and {run}\n")),
            guest_path: format!("/home/vagrant/'x'{run}"),
        }];
        spec.environment = BTreeMap::from([
            (
                format!("KEY{run}"),
                format!(
                    "value\"; `touch {}` $(touch {}) '",
                    marker.display(),
                    marker.display()
                ),
            ),
            ("LINES".to_owned(), "one\ntwo\\n#@x #$y".to_owned()),
        ]);
        spec.provision_script = Some(format!("echo '{run}'\n"));
        spec.volumes = vec![(format!("volume{run}"), format!("/data\"{run}"))];
        spec
    }

    fn golden_path(backend: VagrantBackend) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/provider/vagrant/golden")
            .join(format!("{}.Vagrantfile", backend.provider_name()))
    }

    /// `UPDATE_GOLDEN=1 cargo test --lib vagrantfile` rewrites the files; review the diff like code.
    #[test]
    fn each_backend_renders_as_its_golden_file() {
        for backend in VagrantBackend::ALL {
            let rendered = render_vagrantfile(&spec(backend)).unwrap();
            let path = golden_path(backend);
            if std::env::var_os("UPDATE_GOLDEN").is_some() {
                std::fs::write(&path, &rendered).unwrap();
            }
            let golden = std::fs::read_to_string(&path).unwrap_or_default();
            assert_eq!(
                rendered,
                golden,
                "{} differs; UPDATE_GOLDEN=1 rewrites it",
                path.display()
            );
        }
    }

    #[test]
    fn no_environment_writes_no_environment() {
        for backend in VagrantBackend::ALL {
            let mut spec = spec(backend);
            spec.environment.clear();
            let rendered = render_vagrantfile(&spec).unwrap();
            assert!(!rendered.contains("env"), "{backend}: {rendered}");
        }
    }

    #[test]
    fn hostile_strings_stay_inside_their_literals() {
        let marker = Path::new("/nonexistent/ran");
        for backend in VagrantBackend::ALL {
            let rendered = render_vagrantfile(&hostile_spec(backend, marker)).unwrap();
            // Every line is either fixed text or fixed text around escaped literals: no raw line break or
            // unescaped `#{`.
            assert!(!rendered.contains("\"#{"), "{rendered}");
            assert!(!rendered.contains(" #{"), "{rendered}");
            assert_eq!(
                rendered.lines().count(),
                render_vagrantfile(&spec(backend)).unwrap().lines().count() - 1
            );
        }
    }

    /// `vagrant validate` accepts what vm renders, and loading it runs nothing from the spec.
    #[test]
    fn vagrant_validates_the_rendered_files() {
        if std::process::Command::new("vagrant")
            .arg("--version")
            .output()
            .is_err()
        {
            println!("skipped: no vagrant");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let marker = dir.path().join("ran");
        let mut cases = Vec::new();
        for backend in VagrantBackend::ALL {
            cases.push((
                format!("plain-{backend}"),
                backend,
                render_vagrantfile(&spec(backend)).unwrap(),
            ));
            cases.push((
                format!("hostile-{backend}"),
                backend,
                render_vagrantfile(&hostile_spec(backend, &marker)).unwrap(),
            ));
        }
        // All at once: each is a second of Ruby start-up.
        let running: Vec<_> = cases
            .into_iter()
            .map(|(name, backend, vagrantfile)| {
                let project = dir.path().join(&name);
                std::fs::create_dir_all(&project).unwrap();
                std::fs::write(project.join("Vagrantfile"), &vagrantfile).unwrap();
                // Only the docker backend is usable here: validating another one's settings fails with
                // "No usable default provider could be found", so those are checked without them.
                let ignore_provider =
                    (backend != VagrantBackend::Docker).then_some("--ignore-provider");
                let child = std::process::Command::new("vagrant")
                    .arg("validate")
                    .args(ignore_provider)
                    .env("VAGRANT_CWD", &project)
                    .env("VAGRANT_CHECKPOINT_DISABLE", "1")
                    .env("VAGRANT_NO_COLOR", "1")
                    .stdin(std::process::Stdio::null())
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap();
                (name, vagrantfile, child)
            })
            .collect();
        for (name, vagrantfile, child) in running {
            let output = child.wait_with_output().unwrap();
            let said = format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            // The VM backends refuse the hostile machine name and hostname in their own words,
            // after Ruby has read the whole file: that is the point of the escaping.
            let refused_in_vagrants_words = name.starts_with("hostile")
                && said.contains("There are errors in the configuration of this machine");
            assert!(
                output.status.success() || refused_in_vagrants_words,
                "{name}: vagrant validate failed:\n{said}\n{vagrantfile}"
            );
            assert!(
                !marker.exists(),
                "{name}: loading the Vagrantfile ran a command"
            );
        }
    }
}
