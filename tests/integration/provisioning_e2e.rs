//! What goes inside a Docker machine, through `vm apply` on the real engine: services answering from the host,
//! languages, packages, the shell; then changes, drift, and the number of processes a no-op plan spawns.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use vm::provision::{HealthReport, ServiceState};

use crate::common::{
    Project, assert_contains_all, assert_success, docker, docker_calls_of_a_no_op_plan,
    docker_engine, docker_exec_as_root, free_port, in_machine, stderr, stdout,
};

/// The services' ports of one test.
#[derive(Clone, Copy)]
struct Ports {
    postgres: u16,
    redis: u16,
    mysql: u16,
}

impl Ports {
    fn free() -> Ports {
        Ports {
            postgres: free_port(),
            redis: free_port(),
            mysql: free_port(),
        }
    }
}

fn config(base: &str, services: &str, npm: &[&str]) -> String {
    format!(
        r#"{{
  "project": {{ "name": "NAME" }},
  "vm": {{ "image": "{base}", "timezone": "Europe/London" }},
  "versions": {{ "node": "22" }},
  "services": {{ {services} }},
  "npm_packages": {npm},
  "pip_packages": ["six"],
  "apt_packages": ["jq"],
  "aliases": {{ "greet": "echo hello-from-alias" }},
  "environment": {{ "GREETING": "hi" }}
}}"#,
        npm = serde_json::to_string(npm).unwrap()
    )
}

fn all_services(ports: Ports) -> String {
    format!(
        r#""postgresql": {{ "enabled": true, "port": {}, "database": "shop", "user": "shopper", "password": "s3cret" }},
    "redis": {{ "enabled": true, "port": {} }},
    "mysql": {{ "enabled": true, "port": {} }}"#,
        ports.postgres, ports.redis, ports.mysql
    )
}

fn redis_only(ports: Ports) -> String {
    format!(r#""redis": {{ "enabled": true, "port": {} }}"#, ports.redis)
}

/// Applies, checks that nothing is left to do, and says how long the apply took.
fn apply_and_converge(project: &Project) -> Duration {
    let started = Instant::now();
    assert_success(&project.run(&["apply", "--yes"]));
    let took = started.elapsed();
    let plan = project.run(&["plan", "--detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(0), "{}", stdout(&plan));
    took
}

/// One Redis command over the published port, from the host; its reply.
fn redis(port: u16, command: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream
        .write_all(format!("{command}\r\n").as_bytes())
        .unwrap();
    let mut reply = [0u8; 64];
    let read = stream.read(&mut reply).unwrap();
    String::from_utf8_lossy(&reply[..read]).into_owned()
}

#[test]
fn services_languages_packages_and_the_shell_are_applied_changed_and_kept_converged() {
    if !docker_engine() {
        return;
    }
    let base = vm::config::DEFAULT_IMAGE.to_owned();
    let ports = Ports::free();
    let project = Project::new(
        "provisioned",
        &config(&base, &all_services(ports), &["@anthropic-ai/claude-code"]),
    );
    let plan = stdout(&project.run(&["plan"]));
    assert_contains_all(
        &plan,
        &[
            &format!("+ docker_image.{} {{", project.name),
            "+ service.postgresql {",
            "\"MariaDB (Debian's default-mysql-server)\"",
            "+ language.node {",
            "= \"22\"",
            "+ packages.npm {",
            "+ package.@anthropic-ai/claude-code = \"installed\"",
            "+ shell.vagrant {",
            "= \"Europe/London\"",
        ],
    );
    let full_build = apply_and_converge(&project);

    // PostgreSQL from the host, through the published port, as the configured user on the configured database.
    let psql = std::process::Command::new("psql")
        .args([
            "-h",
            "127.0.0.1",
            "-p",
            &ports.postgres.to_string(),
            "-U",
            "shopper",
            "-d",
            "shop",
        ])
        .args(["-tAc", "select current_user || ' ' || current_database()"])
        .env("PGPASSWORD", "s3cret")
        .output();
    match psql {
        Ok(output) => {
            assert_success(&output);
            assert_eq!(stdout(&output).trim(), "shopper shop");
        }
        Err(_) => println!("skipped: the PostgreSQL check from the host (no psql on this host)"),
    }
    assert_eq!(redis(ports.redis, "SET vm-test ok"), "+OK\r\n");
    assert_eq!(redis(ports.redis, "GET vm-test"), "$2\r\nok\r\n");
    let inside = in_machine(
        &project,
        &format!(
            "mysql -h 127.0.0.1 -P {} -u dev -pdev -N -e 'select 40 + 2'; echo \"$DATABASE_URL\"; echo \"$REDIS_URL\"; \
         node -v; claude --version; python3 -c 'import six; print(\"six\", six.__version__)'; jq --version; \
         greet; cat /etc/timezone; echo \"$GREETING\"",
            ports.mysql
        ),
    );
    assert_contains_all(
        &inside,
        &[
            "42\n",
            &format!(
                "postgresql://shopper:s3cret@localhost:{}/shop\n",
                ports.postgres
            ),
            &format!("redis://localhost:{}\n", ports.redis),
            "v22.",
            "Claude Code",
            "six 1.",
            "jq-1.6\n",
            "hello-from-alias\n",
            "Europe/London\n",
            "hi\n",
        ],
    );

    // A no-op plan asks every service's health in one docker exec: three services cost what one does.
    let calls_with_three = docker_calls_of_a_no_op_plan(&project).len();

    // Disabling two services is a precise plan, and converges.
    project.write_config(&config(
        &base,
        &redis_only(ports),
        &["@anthropic-ai/claude-code"],
    ));
    let plan = stdout(&project.run(&["plan"]));
    assert_contains_all(
        &plan,
        &[
            "- service.mysql {",
            "- service.postgresql {",
            "(forces replacement: image, ports, volumes changed)",
            "~ stages.services",
        ],
    );
    apply_and_converge(&project);
    assert_eq!(
        docker_calls_of_a_no_op_plan(&project).len(),
        calls_with_three
    );

    // One more npm package is a change in place: the machine keeps running (its Redis data too, without
    // persist_databases) and installs just that package; the image for the next machine builds from the npm layer
    // on, the layers before it from the cache.
    let container_id = |project: &Project| {
        stdout(&docker(&[
            "inspect",
            "--format",
            "{{.Id}}",
            &format!("{}-dev", project.name),
        ]))
    };
    let machine_before = container_id(&project);
    assert_eq!(redis(ports.redis, "SET kept-by-the-machine yes"), "+OK\r\n");
    project.write_config(&config(
        &base,
        &redis_only(ports),
        &["@anthropic-ai/claude-code", "is-number"],
    ));
    let plan = stdout(&project.run(&["plan"]));
    assert_contains_all(
        &plan,
        &[
            "~ packages.npm {",
            "+ package.is-number = \"installed\"",
            "~ stages.npm",
        ],
    );
    assert!(!plan.contains("~ stages.services"), "{plan}");
    assert!(!plan.contains("docker_container"), "{plan}");
    let started = Instant::now();
    let apply = project.run(&["apply", "--yes"]);
    assert_success(&apply);
    let one_more_package = started.elapsed();
    let step = |resource: &str| {
        stdout(&apply)
            .lines()
            .find_map(|line| line.strip_prefix(&format!("{resource}: Updated in ")))
            .unwrap_or("?")
            .to_owned()
    };
    println!(
        "figures: full build and apply {:.1} s; one more npm package {:.1} s: the image for the next machine {}, \
         the install in the running machine {}",
        full_build.as_secs_f64(),
        one_more_package.as_secs_f64(),
        step(&format!("docker_image.{}", project.name)),
        step("packages.npm"),
    );
    let plan = project.run(&["plan", "--detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(0), "{}", stdout(&plan));
    assert_eq!(
        container_id(&project),
        machine_before,
        "the machine was made again"
    );
    assert_eq!(
        redis(ports.redis, "GET kept-by-the-machine"),
        "$3\r\nyes\r\n"
    );
    assert!(in_machine(&project, "npm ls -g is-number").contains("is-number@"));

    // Taking a package out and changing an alias: in place too, and the next plan sees the machine as it is now.
    let mut changed = config(&base, &redis_only(ports), &["is-number"]);
    changed = changed.replace("hello-from-alias", "hello-again");
    project.write_config(&changed);
    let plan = stdout(&project.run(&["plan"]));
    assert_contains_all(
        &plan,
        &[
            "- package.@anthropic-ai/claude-code = \"installed\"",
            "~ aliases.greet = \"echo hello-from-alias\" -> \"echo hello-again\"",
        ],
    );
    assert!(!plan.contains("docker_container"), "{plan}");
    apply_and_converge(&project);
    assert_eq!(
        container_id(&project),
        machine_before,
        "the machine was made again"
    );
    assert_contains_all(
        &in_machine(&project, "greet; command -v claude || echo no-claude"),
        &["hello-again\n", "no-claude\n"],
    );

    // A stopped machine runs nothing to be asked, and its records are copied out of it: the plan starts it, and
    // shows no package or shell changed in place as changing again.
    assert!(
        docker(&["stop", &format!("{}-dev", project.name)])
            .status
            .success()
    );
    let plan = stdout(&project.run(&["plan"]));
    assert_contains_all(&plan, &["~ state = \"exited\" -> \"running\""]);
    assert!(
        !plan.contains("packages.") && !plan.contains("shell."),
        "{plan}"
    );
    apply_and_converge(&project);

    // A package whose copy into the machine fails fails the apply with Docker's words and changes nothing in the
    // machine; the throwaway fetching container is gone, and the next plan still has the package to install.
    project.write_config(&config(&base, &redis_only(ports), &["is-number", "is-odd"]));
    let failing_copy =
        std::fs::canonicalize("tests/fault-injection/docker-that-fails-to-copy-into-a-machine")
            .unwrap();
    let failed = project.run_with_env(
        &["apply", "--yes"],
        &[("VM_DOCKER", failing_copy.to_str().unwrap())],
    );
    assert_eq!(failed.status.code(), Some(1), "{}", stdout(&failed));
    // The stand-in's path as the error shows it: one word, quoted where the checkout's path needs it.
    let copy_into = format!(
        "{} cp -",
        vm::shell_word::for_display(failing_copy.to_str().unwrap())
    );
    assert_contains_all(
        &stderr(&failed),
        &[
            "packages.npm: updating failed: ",
            &copy_into,
            "injected fault",
        ],
    );
    assert_eq!(
        container_id(&project),
        machine_before,
        "the machine was made again"
    );
    let fetchers = stdout(&docker(&[
        "ps",
        "--all",
        "--quiet",
        "--filter",
        &format!("label=dev.vm.fetches-for={}", project.name),
    ]));
    assert_eq!(fetchers.trim(), "", "a fetching container was left behind");
    assert!(
        in_machine(&project, "npm ls -g is-odd || true").contains("(empty)"),
        "half a package in the machine"
    );
    let plan = stdout(&project.run(&["plan"]));
    assert!(plan.contains("+ package.is-odd = \"installed\""), "{plan}");
    apply_and_converge(&project);
    assert!(in_machine(&project, "npm ls -g is-odd").contains("is-odd@"));

    // A service stopped behind vm's back is started again.
    let container = format!("{}-dev", project.name);
    let shutdown = docker(&[
        "exec",
        &container,
        "redis-cli",
        "-p",
        &ports.redis.to_string(),
        "shutdown",
        "nosave",
    ]);
    assert!(shutdown.status.code().is_some());
    let plan = stdout(&project.run(&["plan"]));
    assert_contains_all(
        &plan,
        &[
            "(start: not running)",
            "~ health = \"stopped\" -> \"running\"",
        ],
    );
    let status = stdout(&project.run(&["status"]));
    let redis_row = status
        .lines()
        .find(|line| line.starts_with("service.redis "))
        .unwrap_or_else(|| panic!("no service.redis in:\n{status}"));
    assert_eq!(
        redis_row.split_whitespace().collect::<Vec<_>>(),
        [
            "service.redis",
            "stopped",
            "will",
            "be",
            "updated",
            "in",
            "place"
        ]
    );
    apply_and_converge(&project);
    assert_eq!(redis(ports.redis, "PING"), "+PONG\r\n");

    // Destroy keeps the image as the next machine's build cache.
    let destroy = project.run(&["destroy", "--yes"]);
    assert_success(&destroy);
    assert_contains_all(
        &stdout(&destroy),
        &[&format!(
            "docker_image.{}: kept (kept as the build cache of the next machine",
            project.name
        )],
    );
}

/// The machine's `vm-health`, run as a no-op plan runs it (one `docker exec`, as root): its exit code and report.
fn vm_health(project: &Project) -> (Option<i32>, String) {
    let output = docker_exec_as_root(project, &[vm::provision::HEALTH_CHECK]);
    (output.status.code(), stdout(&output))
}

/// The state of each service in a `vm-health` report, by name; every service's line comes before the records.
fn service_states(report: &str) -> Vec<(String, ServiceState)> {
    let records = report
        .lines()
        .position(|line| line == "vm-health-packages")
        .unwrap_or_else(|| panic!("no records line in:\n{report}"));
    let services = HealthReport::parse(report).services;
    assert_eq!(
        records,
        services.len(),
        "the services' lines are not all, and alone, before the records:\n{report}"
    );
    services.into_iter().collect()
}

#[test]
fn vm_health_tells_running_databases_from_stopped_ones_and_the_plan_starts_them_again() {
    if !docker_engine() {
        return;
    }
    let base = vm::config::DEFAULT_IMAGE.to_owned();
    let (postgres, redis_port) = (free_port(), free_port());
    let project = Project::new(
        "health",
        &format!(
            r#"{{ "project": {{ "name": "NAME" }}, "vm": {{ "image": "{base}" }},
                 "services": {{ "postgresql": {{ "enabled": true, "port": {postgres} }}, "redis": {{ "enabled": true, "port": {redis_port} }} }} }}"#
        ),
    );
    apply_and_converge(&project);
    let running = |name: &str| (name.to_owned(), ServiceState::Running);
    let stopped = |name: &str| (name.to_owned(), ServiceState::Stopped);
    let (code, report) = vm_health(&project);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(
        service_states(&report),
        [running("postgresql"), running("redis")]
    );
    // The check asks the server's own pg_isready, not Debian's wrapper on PATH (a Perl script, far slower): with a
    // pg_isready on PATH that always says "no answer", PostgreSQL is still running.
    let as_root = |script: &str| {
        let output = docker_exec_as_root(&project, &["sh", "-c", script]);
        assert!(output.status.success(), "{script}: {}", stderr(&output));
    };
    as_root(
        "mv /usr/bin/pg_isready /usr/bin/pg_isready.wrapper && printf '#!/bin/sh\\nexit 2\\n' >/usr/bin/pg_isready && chmod +x /usr/bin/pg_isready",
    );
    let (_, report) = vm_health(&project);
    as_root("mv /usr/bin/pg_isready.wrapper /usr/bin/pg_isready");
    assert_eq!(
        service_states(&report),
        [running("postgresql"), running("redis")],
        "{report}"
    );

    assert!(
        docker(&[
            "exec",
            &project.container(),
            "redis-cli",
            "-p",
            &redis_port.to_string(),
            "shutdown",
            "nosave"
        ])
        .status
        .code()
        .is_some()
    );
    let (code, report) = vm_health(&project);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(
        service_states(&report),
        [running("postgresql"), stopped("redis")]
    );

    // vm's own clean stop, as `docker stop` runs it: PostgreSQL stopped too.
    assert_success(&docker_exec_as_root(
        &project,
        &["/usr/local/sbin/vm-stop-services"],
    ));
    let (code, report) = vm_health(&project);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(
        service_states(&report),
        [stopped("postgresql"), stopped("redis")]
    );
    let plan = stdout(&project.run(&["plan"]));
    assert_contains_all(
        &plan,
        &[
            "~ service.postgresql {",
            "~ service.redis {",
            "~ health = \"stopped\" -> \"running\"",
        ],
    );
    apply_and_converge(&project);
    assert_eq!(
        service_states(&vm_health(&project).1),
        [running("postgresql"), running("redis")]
    );
    assert_success(&project.run(&["destroy", "--yes"]));
}

#[test]
fn with_persist_databases_a_row_survives_destroy_and_apply() {
    if !docker_engine() {
        return;
    }
    let base = vm::config::DEFAULT_IMAGE.to_owned();
    let port = free_port();
    let project = Project::new(
        "persisted",
        &format!(
            r#"{{ "project": {{ "name": "NAME", "env_template_path": ".env.example" }}, "vm": {{ "image": "{base}" }}, "persist_databases": true,
                 "services": {{ "postgresql": {{ "enabled": true, "port": {port} }} }} }}"#
        ),
    );
    let plan = stdout(&project.run(&["plan"]));
    assert_contains_all(
        &plan,
        &[
            "+ volume.postgresql_data {",
            &format!("+ name = \"vm-{}-postgresql-data\"", project.name),
            &format!(
                "+ volumes./var/lib/postgresql = \"vm-{}-postgresql-data\"",
                project.name
            ),
        ],
    );
    std::fs::write(project.dir().join(".env.example"), "APP=1\n").unwrap();
    apply_and_converge(&project);
    assert_contains_all(
        &std::fs::read_to_string(project.dir().join(".env")).unwrap(),
        &[
            "APP=1\n",
            &format!(
                "# The machine's services, added by vm\nDATABASE_URL=postgresql://postgres:postgres@localhost:{port}/"
            ),
        ],
    );
    in_machine(
        &project,
        "psql \"$DATABASE_URL\" -c 'create table kept (note text)' -c \"insert into kept values ('survived')\"",
    );
    let destroy = project.run(&["destroy", "--yes"]);
    assert_success(&destroy);
    assert_contains_all(
        &stdout(&destroy),
        &["volume.postgresql_data: kept (database data is kept"],
    );
    apply_and_converge(&project);
    assert_eq!(
        in_machine(
            &project,
            "psql \"$DATABASE_URL\" -tAc 'select note from kept'"
        ),
        "survived\n"
    );
    assert_success(&project.run(&["destroy", "--yes"]));
    let volume = format!("vm-{}-postgresql-data", project.name);
    assert!(docker(&["volume", "inspect", &volume]).status.success());
    assert!(docker(&["volume", "rm", &volume]).status.success());
}

#[test]
fn without_persist_databases_destroy_deletes_the_data_volumes_and_names_them() {
    if !docker_engine() {
        return;
    }
    let base = vm::config::DEFAULT_IMAGE.to_owned();
    let port = free_port();
    let project = Project::new(
        "unpersisted",
        &format!(
            r#"{{ "project": {{ "name": "NAME" }}, "vm": {{ "image": "{base}" }},
                 "services": {{ "redis": {{ "enabled": true, "port": {port} }} }} }}"#
        ),
    );
    apply_and_converge(&project);
    let destroy = project.run(&["destroy", "--yes"]);
    assert_success(&destroy);
    let volume = format!("vm-{}-redis-data", project.name);
    assert_eq!(
        stderr(&destroy),
        format!(
            "warning: destroy deletes the data of redis with its volumes {volume}; \"persist_databases\": true keeps them\n"
        )
    );
    assert!(
        stdout(&destroy).contains("volume.redis_data: Destroying..."),
        "{}",
        stdout(&destroy)
    );
    assert!(!docker(&["volume", "inspect", &volume]).status.success());
}

/// The GPU devices a host may have.
const GPU_DEVICES: [&str; 4] = [
    "/dev/dri",
    "/dev/nvidia0",
    "/dev/nvidiactl",
    "/dev/nvidia-uvm",
];

#[test]
fn a_headless_browser_and_sound_run_in_the_machine_and_a_gpu_the_host_lacks_is_named() {
    if !docker_engine() {
        return;
    }
    let base = vm::config::DEFAULT_IMAGE.to_owned();
    let project = Project::new(
        "extras",
        &format!(
            r#"{{ "project": {{ "name": "NAME" }}, "vm": {{ "image": "{base}" }},
  "services": {{ "headless_browser": {{ "enabled": true }}, "audio": {{ "enabled": true }}, "gpu": {{ "enabled": true }} }} }}"#
        ),
    );
    let plan = project.run(&["plan"]);
    assert_success(&plan);
    assert_contains_all(
        &stdout(&plan),
        &["+ service.headless_browser {", "+ service.audio {"],
    );
    let has_gpu = GPU_DEVICES
        .iter()
        .any(|device| std::path::Path::new(device).exists());
    if has_gpu {
        assert!(
            stdout(&plan).contains("+ service.gpu {"),
            "{}",
            stdout(&plan)
        );
    } else {
        assert!(!stdout(&plan).contains("service.gpu"), "{}", stdout(&plan));
        assert!(
            stderr(&plan).contains("service.gpu is not provided"),
            "{}",
            stderr(&plan)
        );
        println!("skipped: the GPU in the machine (this host has none of {GPU_DEVICES:?})");
    }
    apply_and_converge(&project);
    let inside = in_machine(
        &project,
        "echo \"$DISPLAY $PUPPETEER_EXECUTABLE_PATH\"; \
         chromium --headless --no-sandbox --disable-gpu --dump-dom 'data:text/html,<p>rendered-here</p>' 2>/dev/null; \
         pactl info | grep '^Server String'",
    );
    assert_contains_all(
        &inside,
        &[
            ":99 /usr/bin/chromium\n",
            "<p>rendered-here</p>",
            "Server String: unix:/var/run/pulse/native\n",
        ],
    );
}

#[test]
fn docker_in_the_machine_runs_where_the_engine_allows_privileged_containers() {
    if !docker_engine() {
        return;
    }
    let base = vm::config::DEFAULT_IMAGE.to_owned();
    let project = Project::new(
        "dind",
        &format!(
            r#"{{ "project": {{ "name": "NAME" }}, "vm": {{ "image": "{base}" }}, "services": {{ "docker": {{ "enabled": true, "buildx": false }} }} }}"#
        ),
    );
    assert_contains_all(
        &stdout(&project.run(&["plan"])),
        &[
            "\"true (Docker in the machine needs it)\"",
            "+ service.docker {",
        ],
    );
    let probe = docker(&["run", "--rm", "--privileged", "vm-busybox:latest", "true"]);
    if !probe.status.success() {
        // An engine that is itself confined refuses: vm says so in plain words, and changes nothing else.
        let apply = project.run(&["apply", "--yes"]);
        assert_eq!(apply.status.code(), Some(1), "{}", stdout(&apply));
        assert!(
            stderr(&apply).contains("this Docker engine cannot start a privileged container"),
            "{}",
            stderr(&apply)
        );
        println!(
            "skipped: Docker in the machine: this engine cannot start a privileged container ({})",
            stderr(&probe)
                .lines()
                .find(|line| line.contains("rror"))
                .unwrap_or_default()
        );
        return;
    }
    apply_and_converge(&project);
    let version = in_machine(&project, "docker info --format '{{.ServerVersion}}'");
    assert!(!version.trim().is_empty(), "{version}");
}

#[test_case::test_case("build-race", "unable to find image \"sha256:0123456789ab\"" ; "an image")]
#[test_case::test_case(
    "build-race-record",
    "failed to get digest sha256:0123: open /var/lib/docker/image/overlay2/imagedb/content/sha256/0123: no such file or directory"
    ; "an image's record"
)]
fn an_image_build_that_loses_a_race_for_its_cache_is_run_again(name: &str, message: &str) {
    if !docker_engine() {
        return;
    }
    let project = Project::new(
        name,
        r#"{ "project": { "name": "NAME" }, "aliases": { "ll": "ls -l" } }"#,
    );
    let mark = project.root.path().join("build-race-lost");
    let stand_in =
        std::fs::canonicalize("tests/fault-injection/docker-whose-first-build-loses-a-cache-race")
            .unwrap();
    let apply = project.run_with_env(
        &["apply", "--yes"],
        &[
            ("VM_DOCKER", stand_in.to_str().unwrap()),
            ("VM_FAULT_MARK", mark.to_str().unwrap()),
            ("VM_FAULT_MESSAGE", message),
        ],
    );
    assert_success(&apply);
    assert!(mark.exists(), "the injected fault never happened");
    assert!(
        stdout(&apply).contains(&format!(
            "docker_image.{}: building again: Docker lost an image it was reading for its cache\n",
            project.name
        )),
        "{}",
        stdout(&apply)
    );
    assert!(in_machine(&project, "alias ll").contains("ls -l"));
}
