//! Provisioning on the real engine: an image built from the generated context (`docker build --network host`
//! from `vm-base:latest`), its services started by the entrypoint and checked from the host.

use std::collections::BTreeMap;
use std::process::Command;
use std::time::{Duration, Instant};

use vm::provision::{
    BuildContext, HealthReport, LanguageSpec, ProvisionSpec, ServiceSpec, ServiceState, provision,
};

use crate::common::{docker, docker_engine, stderr, stdout};

/// Everything this file makes carries this label, so that a run cut short can be cleaned up by it.
const LABEL: &str = "dev.vm.test=provision-e2e";

/// A tricky value: quotes, `$`, a backslash and a command substitution must all arrive as written.
const TRICKY: &str = r#"it's "quoted" $HOME \ `id` $(touch /tmp/pwned)"#;

fn spec(project: &str) -> ProvisionSpec {
    let mut spec = ProvisionSpec::new(project, "vm-base:latest", "vagrant");
    spec.apt_packages = vec!["jq".into()];
    spec.languages = vec![LanguageSpec {
        name: "node".into(),
        version: Some("22".into()),
        ..LanguageSpec::default()
    }];
    spec.services = vec![
        ServiceSpec {
            name: "postgresql".into(),
            database: Some("app_db".into()),
            user: Some("app".into()),
            password: Some("s3cr'et $x".into()),
            ..ServiceSpec::default()
        },
        ServiceSpec {
            name: "redis".into(),
            ..ServiceSpec::default()
        },
        ServiceSpec {
            name: "mysql".into(),
            ..ServiceSpec::default()
        },
    ];
    spec.npm_packages = vec!["@anthropic-ai/claude-code".into()];
    spec.pip_packages = vec!["six".into()];
    spec.aliases = BTreeMap::from([("hello".into(), "echo hello-from-alias".into())]);
    spec.environment = BTreeMap::from([("VM_TRICKY".into(), TRICKY.into())]);
    spec.timezone = Some("Europe/London".into());
    spec
}

/// Builds the context of `spec`; the image's name and the build's duration.
fn build(spec: &ProvisionSpec) -> (String, Duration) {
    let context = BuildContext::new(&provision(spec).unwrap());
    let image = context.image_tag(&spec.project).to_string();
    let dir = tempfile::tempdir().unwrap();
    context.write_to(dir.path()).unwrap();
    let started = Instant::now();
    let output = Command::new("docker")
        .args([
            "build",
            "--force-rm",
            "--network",
            "host",
            "--label",
            LABEL,
            "--tag",
            &image,
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "docker build failed:\n{}{}",
        stdout(&output),
        stderr(&output)
    );
    (image, started.elapsed())
}

fn exec(container: &str, command: &[&str]) -> String {
    let output = docker(&[&["exec", "--user", "vagrant", container], command].concat());
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}{}",
        stdout(&output),
        stderr(&output)
    );
    stdout(&output).trim_end().to_owned()
}

/// Waits (at most 3 minutes) until every service of the machine answers, with one `docker exec` per look.
fn wait_until_running(container: &str) -> HealthReport {
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        let report = HealthReport::parse(&stdout(&docker(&["exec", container, "vm-health"])));
        let all_running = !report.services.is_empty()
            && report
                .services
                .values()
                .all(|state| *state == ServiceState::Running);
        if all_running || Instant::now() > deadline {
            return report;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

fn host_port(container: &str, port: u16) -> String {
    let published = stdout(&docker(&["port", container, &format!("{port}/tcp")]));
    published.trim().rsplit(':').next().unwrap().to_owned()
}

/// Removes what the test made, even when it failed halfway.
struct Cleanup {
    container: String,
    images: Vec<String>,
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        let _ = docker(&["rm", "--force", &self.container]);
        for image in &self.images {
            let _ = docker(&["rmi", "--force", image]);
        }
    }
}

#[test]
fn a_provisioned_image_runs_its_services_languages_packages_and_shell_and_caches_its_layers() {
    if !docker_engine() {
        return;
    }
    let project = format!("vmprov-{}", std::process::id());
    let mut cleanup = Cleanup {
        container: format!("{project}-e2e"),
        images: Vec::new(),
    };
    let mut spec = spec(&project);
    spec.host_network = vm::network::HostNetwork::of_this_host();
    let (image, full_build) = build(&spec);
    cleanup.images.push(image.clone());
    let (again, unchanged_build) = build(&spec);
    assert_eq!(again, image, "an unchanged spec names the same image");

    let container = cleanup.container.clone();
    let run = docker(&[
        "run",
        "--detach",
        "--init",
        "--name",
        &container,
        "--label",
        LABEL,
        "--publish",
        "127.0.0.1::5432",
        "--publish",
        "127.0.0.1::6379",
        &image,
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let started = Instant::now();
    let report = wait_until_running(&container);
    let services_up = started.elapsed();
    assert_eq!(
        report
            .services
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        ["mysql", "postgresql", "redis"]
    );
    assert!(
        report
            .services
            .values()
            .all(|state| *state == ServiceState::Running),
        "{report:?}\n{}",
        stdout(&docker(&["logs", &container]))
    );

    // PostgreSQL from the host, through the published port, as the configured user on the configured database.
    let psql = Command::new("psql")
        .args([
            "-h",
            "127.0.0.1",
            "-p",
            &host_port(&container, 5432),
            "-U",
            "app",
            "-d",
            "app_db",
        ])
        .args(["-tAc", "SELECT current_user || '@' || current_database()"])
        .env("PGPASSWORD", "s3cr'et $x")
        .output()
        .unwrap();
    assert_eq!(stdout(&psql).trim(), "app@app_db", "{}", stderr(&psql));

    // Redis from the host: set a key, get it back.
    let redis_port = host_port(&container, 6379);
    if Command::new("redis-cli").arg("--version").output().is_ok() {
        let set = Command::new("redis-cli")
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &redis_port,
                "SET",
                "greeting",
                "hello",
            ])
            .output()
            .unwrap();
        assert_eq!(stdout(&set).trim(), "OK");
        let get = Command::new("redis-cli")
            .args(["-h", "127.0.0.1", "-p", &redis_port, "GET", "greeting"])
            .output()
            .unwrap();
        assert_eq!(stdout(&get).trim(), "hello");
    } else {
        println!("skipped: redis-cli on the host (apt install redis-tools)");
    }

    // MariaDB: the client runs a query as the created user.
    assert_eq!(
        exec(
            &container,
            &[
                "mysql",
                "-h",
                "127.0.0.1",
                "-u",
                "dev",
                "-pdev",
                "-N",
                "-e",
                "SELECT DATABASE()",
                &format!("{project}_dev")
            ]
        ),
        format!("{project}_dev")
    );

    // Languages, packages and the shell.
    assert!(exec(&container, &["node", "-v"]).starts_with("v22."));
    assert!(!exec(&container, &["claude", "--version"]).is_empty());
    exec(&container, &["python3", "-c", "import six"]);
    exec(&container, &["jq", "--version"]);
    assert_eq!(
        exec(&container, &["bash", "-lc", "hello"]),
        "hello-from-alias"
    );
    assert_eq!(exec(&container, &["cat", "/etc/timezone"]), "Europe/London");
    assert!(["GMT", "BST"].contains(&exec(&container, &["date", "+%Z"]).as_str()));
    assert_eq!(exec(&container, &["printenv", "VM_TRICKY"]), TRICKY);
    assert_eq!(
        exec(&container, &["bash", "-lc", "printenv VM_TRICKY"]),
        TRICKY
    );
    assert!(
        exec(&container, &["bash", "-lc", "echo $DATABASE_URL"])
            .starts_with("postgresql://app:s3cr%27et%20%24x@localhost:5432/app_db")
    );
    assert!(exec(&container, &["printenv", "REDIS_URL"]).starts_with("redis://localhost:6379"));
    assert!(
        !docker(&["exec", &container, "test", "-e", "/tmp/pwned"])
            .status
            .success()
    );

    // `docker restart` brings the services back through the entrypoint.
    assert!(docker(&["restart", &container]).status.success());
    let report = wait_until_running(&container);
    assert!(
        report
            .services
            .values()
            .all(|state| *state == ServiceState::Running),
        "{report:?}"
    );

    // One more npm package: only the npm layer and those after it are built again.
    let mut more = spec.clone();
    more.npm_packages.push("is-number".into());
    let (changed, npm_rebuild) = build(&more);
    cleanup.images.push(changed.clone());
    assert_ne!(changed, image);
    // Docker's cache kept the layers before the npm stage: the two images share them, beyond the base's own.
    let layers = |image: &str| -> Vec<String> {
        let output = docker(&[
            "image",
            "inspect",
            "--format",
            "{{json .RootFS.Layers}}",
            image,
        ]);
        serde_json::from_slice(&output.stdout).unwrap()
    };
    let shared = layers(&image)
        .iter()
        .zip(layers(&changed))
        .take_while(|(one, other)| **one == *other)
        .count();
    assert!(
        shared > layers(&spec.base_image).len(),
        "only {shared} layers shared: the stages before npm were built again"
    );
    println!(
        "timings: full build {:.1}s, unchanged {:.1}s, one more npm package {:.1}s, services up {:.1}s",
        full_build.as_secs_f64(),
        unchanged_build.as_secs_f64(),
        npm_rebuild.as_secs_f64(),
        services_up.as_secs_f64()
    );
}

/// Sources users' machines fetch from that this machine cannot reach: the generated scripts are checked instead
/// (their text is pinned by the golden tests of `src/provision`), and the build is reported as skipped.
#[test]
fn upstream_installers_that_cannot_be_fetched_here_are_generated_and_skipped() {
    let cases = [
        (
            "mongodb",
            "repo.mongodb.org/apt/debian bookworm/mongodb-org/8.0",
            "MongoDB's apt repository (repo.mongodb.org)",
        ),
        (
            "python 3.12",
            "github.com/pyenv/pyenv.git",
            "pyenv (github.com)",
        ),
        (
            "rust stable",
            "https://sh.rustup.rs",
            "rustup (sh.rustup.rs)",
        ),
        (
            "go 1.22.1",
            "https://go.dev/dl/go",
            "Go's releases (go.dev)",
        ),
        (
            "docker+buildx",
            "https://github.com/docker/buildx/releases/download/",
            "Buildx's releases (github.com)",
        ),
    ];
    for (what, needle, source) in cases {
        let mut spec = ProvisionSpec::new("upstream", "vm-base:latest", "vagrant");
        match what.split_once(' ') {
            Some((language, version)) => spec.languages.push(LanguageSpec {
                name: language.into(),
                version: Some(version.into()),
                ..LanguageSpec::default()
            }),
            None => {
                let (service, addons) = what.split_once('+').unwrap_or((what, ""));
                spec.services.push(ServiceSpec {
                    name: service.into(),
                    addons: addons.split_terminator(',').map(str::to_owned).collect(),
                    ..ServiceSpec::default()
                });
            }
        }
        let script = provision(&spec).unwrap().vagrant_script();
        assert!(script.contains(needle), "{what}: no {needle:?}");
        println!("skipped: building {what}: {source} cannot be fetched here");
    }
}

/// nvm and the Node.js builds it installs come from GitHub and nodejs.org, which this machine cannot reach: the
/// script is checked here (and pinned by the snapshot in `src/provision`), and the build is reported as skipped.
#[test]
fn node_through_nvm_is_generated_and_its_build_skipped() {
    let mut spec = ProvisionSpec::new("nvm", "vm-base:latest", "vagrant");
    spec.languages.push(LanguageSpec {
        name: "node".into(),
        version: Some("20".into()),
        manager: Some("v0.39.7".into()),
        ..LanguageSpec::default()
    });
    let script = provision(&spec).unwrap().vagrant_script();
    for needle in [
        "runuser -u vagrant --",
        "https://raw.githubusercontent.com/nvm-sh/nvm/$1/install.sh\" | bash' nvm v0.39.7",
        "nvm install \"$1\"; nvm alias default \"$1\"' nvm 20",
        "/etc/profile.d/nvm.sh",
        "ln -sf \"$bin/$tool\" /usr/local/bin/",
    ] {
        assert!(script.contains(needle), "no {needle:?} in:\n{script}");
    }
    assert!(!script.contains("node-linux-$arch"));
    println!(
        "skipped: building node 20 through nvm v0.39.7: nvm's installer (raw.githubusercontent.com) and Node.js's \
         builds (nodejs.org) cannot be fetched here"
    );
}
