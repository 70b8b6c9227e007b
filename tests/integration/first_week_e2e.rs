//! A real user's first week, on the real engine: the host's network reaches builds and the machine, the
//! configurations users of the original tool wrote give a working machine, no change but destroy loses a
//! database, apply ends when the services answer, and a taken port is found at plan time on every provider.

use std::process::Command;

use crate::common::{
    Project, assert_contains_all, assert_success, docker, docker_engine, docker_exec_as_root,
    free_port, in_machine, stderr, stdout,
};

/// The PEM bodies of the authorities this host trusts beyond its system set: what a machine must trust too.
fn host_authorities() -> Vec<String> {
    vm::network::HostNetwork::of_this_host()
        .authorities
        .into_iter()
        .map(|authority| authority.pem)
        .collect()
}

#[test]
fn the_hosts_authorities_are_trusted_in_the_machine_whatever_its_base_image() {
    if !docker_engine() {
        return;
    }
    let authorities = host_authorities();
    if authorities.is_empty() {
        println!("skipped: this host trusts no certificate authority beyond its system set");
        return;
    }
    for image in ["vm-base:latest", "vm-busybox:latest"] {
        let project = Project::new(
            "week-trust",
            &format!(r#"{{ "project": {{ "name": "NAME" }}, "vm": {{ "image": "{image}" }} }}"#),
        );
        let plan = stdout(&project.run(&["plan"]));
        let summary = vm::network::HostNetwork::of_this_host()
            .authorities_summary()
            .unwrap();
        assert_contains_all(
            &plan,
            &[
                &format!("+ docker_image.{} {{", project.name),
                &format!("+ trust.host_authorities = \"{summary}\""),
            ],
        );
        assert_success(&project.run(&["apply", "--yes"]));
        let bundle = project.run(&["exec", "--", "cat", "/etc/ssl/certs/ca-certificates.crt"]);
        assert_success(&bundle);
        for authority in &authorities {
            assert!(
                stdout(&bundle).contains(authority.trim()),
                "{image}: the machine's store lacks a host authority"
            );
        }
        let variable = project.run(&["exec", "--", "sh", "-c", "echo \"$NODE_EXTRA_CA_CERTS\""]);
        assert_eq!(
            stdout(&variable),
            "/etc/ssl/certs/ca-certificates.crt\n",
            "{image}"
        );
        assert_eq!(
            project.run(&["plan", "--detailed-exitcode"]).status.code(),
            Some(0),
            "{image}"
        );
    }
}

#[test]
fn the_proxy_shows_in_the_plan_without_its_password_and_the_switch_turns_the_network_off() {
    if !docker_engine() {
        return;
    }
    let project = Project::new("week-proxy", r#"{ "project": { "name": "NAME" } }"#);
    let plan = project.run_with_env(
        &["plan"],
        &[
            ("HTTPS_PROXY", "http://bob:s3cret@127.0.0.1:3128"),
            ("NO_PROXY", "localhost"),
        ],
    );
    assert_success(&plan);
    assert_contains_all(
        &stdout(&plan),
        &[
            &format!("+ docker_image.{} {{", project.name),
            "+ proxy ",
            "\"https via http://bob:***@127.0.0.1:3128, not for localhost\"",
        ],
    );
    assert!(!stdout(&plan).contains("s3cret"), "{}", stdout(&plan));

    project.write_config(
        r#"{ "project": { "name": "NAME" }, "vm": { "inherit_host_network": false } }"#,
    );
    let plan = project.run_with_env(&["plan"], &[("HTTPS_PROXY", "http://127.0.0.1:3128")]);
    assert_success(&plan);
    assert!(
        !stdout(&plan).contains("docker_image."),
        "{}",
        stdout(&plan)
    );
}

/// A vm.json as users of the original tool wrote theirs: the versions, packages and size found in its public
/// configurations.
const USERS_CONFIG: &str = r#"{
  "version": "1.0",
  "project": { "name": "NAME" },
  "vm": { "cpus": 4, "memory": 4096 },
  "versions": { "node": "22", "npm": "latest", "pnpm": "10.12.3", "yarn": "4.9.2" },
  "npm_packages": ["@anthropic-ai/claude-code", "@google/gemini-cli", "npm-check-updates", "prettier", "eslint"],
  "pip_packages": ["black", "pytest"],
  "cargo_packages": ["ripgrep"],
  "claude_sync": true
}"#;

#[test]
fn a_config_users_wrote_gives_a_machine_whose_every_tool_runs() {
    if !docker_engine() {
        return;
    }
    let project = Project::new("week-tools", USERS_CONFIG);
    let apply = project.run(&["apply", "--yes"]);
    assert_success(&apply);
    let cpus = std::thread::available_parallelism().unwrap().get();
    if cpus < 4 {
        assert!(
            stderr(&apply).contains(&format!(
                "warning: vm.cpus asks for 4 CPUs, more than the {cpus} CPUs the engine has: the machine gets {cpus}"
            )),
            "{}",
            stderr(&apply)
        );
        let limit = docker(&[
            "inspect",
            "--format",
            "{{.HostConfig.NanoCpus}}",
            &project.container(),
        ]);
        assert_eq!(stdout(&limit).trim(), format!("{cpus}000000000"));
    }
    assert_eq!(
        project.run(&["plan", "--detailed-exitcode"]).status.code(),
        Some(0)
    );
    let versions = in_machine(
        &project,
        "node --version; npm --version; pnpm --version; yarn --version; claude --version; gemini --version; \
         ncu --version; prettier --version; eslint --version; black --version; pytest --version; rg --version",
    );
    let lines: Vec<&str> = versions.lines().collect();
    assert!(lines[0].starts_with("v22."), "{versions}");
    assert!(
        lines[1].starts_with(|c: char| c.is_ascii_digit()),
        "{versions}"
    );
    assert_eq!(lines[2], "10.12.3", "{versions}");
    assert_eq!(lines[3], "4.9.2", "{versions}");
    assert!(lines[4].contains("Claude Code"), "{versions}");
    assert_contains_all(&versions, &["black, ", "pytest ", "ripgrep "]);
}

/// The services' ports of one test, free on this host.
struct Ports {
    postgres: u16,
    mysql: u16,
    redis: u16,
}

fn databases(ports: &Ports, extra: &str) -> String {
    format!(
        r#"{{
  "project": {{ "name": "NAME" }},
  "services": {{
    "postgresql": {{ "enabled": true, "port": {}, "database": "shop", "user": "shopper", "password": "s3cret" }},
    "mysql": {{ "enabled": true, "port": {} }},
    "redis": {{ "enabled": true, "port": {} }}
  }}{extra}
}}"#,
        ports.postgres, ports.mysql, ports.redis
    )
}

/// `psql` from the host, through the published port, as the configured user: its output, on the first try.
fn psql_from_the_host(port: u16, sql: &str) -> String {
    let output = Command::new("psql")
        .args(["-X", "-tA", "-h", "127.0.0.1", "-p", &port.to_string()])
        .args(["-U", "shopper", "-d", "shop", "-c", sql])
        .env("PGPASSWORD", "s3cret")
        .env("PGCONNECT_TIMEOUT", "5")
        .output()
        .unwrap();
    assert_success(&output);
    stdout(&output)
}

/// MariaDB's client as the configured user, on the configured database, both read from `MYSQL_URL`.
const MARIADB: &str = r#"url=$MYSQL_URL; at=${url#*@}; port=${at%%/*}; port=${port##*:}; mysql -N -B -h 127.0.0.1 -P "$port" -u dev -pdev "${url##*/}""#;

/// The data of each database, read inside the machine; `psql` on its first try, as the configured user.
fn data_of(project: &Project) -> String {
    in_machine(
        project,
        &format!(
            r#"psql -X -tA "$DATABASE_URL" -c 'select note from notes'
               {MARIADB} -e 'select note from notes'
               redis-cli -u "$REDIS_URL" get note"#
        ),
    )
}

#[test]
fn service_data_survives_every_replacement_and_destroy_follows_persist_databases() {
    if !docker_engine() {
        return;
    }
    let ports = Ports {
        postgres: free_port(),
        mysql: free_port(),
        redis: free_port(),
    };
    let project = Project::new("week-data", &databases(&ports, ""));
    assert_success(&project.run(&["apply", "--yes"]));
    in_machine(
        &project,
        &format!(
            r#"psql -X -q "$DATABASE_URL" -c "create table notes (note text); insert into notes values ('pg kept')"
           {MARIADB} -e "create table notes (note text); insert into notes values ('maria kept')"
           redis-cli -u "$REDIS_URL" set note 'redis kept' >/dev/null"#
        ),
    );
    let kept = "pg kept\nmaria kept\nredis kept\n";
    assert_eq!(data_of(&project), kept);

    // A new port replaces the machine: the plan says what goes with it and that the services come back.
    let web = free_port();
    project.write_config(&databases(
        &ports,
        &format!(r#", "ports": {{ "web": {web} }}"#),
    ));
    let plan = stdout(&project.run(&["plan"]));
    assert_contains_all(
        &plan,
        &[
            &format!("-/+ docker_container.{} {{", project.container()),
            "# (replacing it loses what is only inside the machine, such as the user's home and packages installed by hand; kept: /workspace, /var/lib/mysql, /var/lib/postgresql, /var/lib/redis)",
            "# service.postgresql must be replaced",
            "# (the machine is replaced)",
        ],
    );
    assert_success(&project.run(&["apply", "--yes"]));
    // Ready when apply says so: the first connection, from the host and from inside, works.
    assert_eq!(
        psql_from_the_host(ports.postgres, "select note from notes"),
        "pg kept\n"
    );
    assert_eq!(data_of(&project), kept);
    // The old machine's services were stopped cleanly: PostgreSQL starts on its data without crash recovery (and
    // Redis's key above was saved on the way down).
    let log = docker_exec_as_root(&project, &["sh", "-c", "cat /var/log/postgresql/*.log"]);
    assert!(
        stdout(&log).contains("database system is ready"),
        "{}",
        stdout(&log)
    );
    assert!(
        !stdout(&log).contains("not properly shut down"),
        "{}",
        stdout(&log)
    );

    // Another image replaces it too (the same base under another name): the data is still there.
    let base = format!("vm-test-week-base-{}:latest", std::process::id());
    assert!(docker(&["tag", "vm-base:latest", &base]).status.success());
    project.write_config(&databases(
        &ports,
        &format!(r#", "vm": {{ "image": "{base}" }}"#),
    ));
    assert!(stdout(&project.run(&["plan"])).contains("# (forces replacement: "));
    assert_success(&project.run(&["apply", "--yes"]));
    assert_eq!(
        psql_from_the_host(ports.postgres, "select note from notes"),
        "pg kept\n"
    );
    assert_eq!(data_of(&project), kept);
    docker(&["image", "rm", &base]);

    // Restarted behind vm's back: the next apply waits for the services, then the first connection works.
    assert!(docker(&["restart", &project.container()]).status.success());
    assert_success(&project.run(&["apply", "--yes"]));
    assert_eq!(psql_from_the_host(ports.postgres, "select 1"), "1\n");

    // Without persist_databases, destroy deletes the volumes and names them.
    let destroy_plan = project.run(&["plan", "--destroy"]);
    let volume = |service: &str| format!("vm-{}-{service}-data", project.name);
    assert!(
        stderr(&destroy_plan).contains(&format!(
            "warning: destroy deletes the data of mysql, postgresql, redis with its volumes {}, {}, {}; \"persist_databases\": true keeps them",
            volume("mysql"),
            volume("postgresql"),
            volume("redis")
        )),
        "{}",
        stderr(&destroy_plan)
    );
    assert!(
        stdout(&destroy_plan).contains("- volume.postgresql_data {"),
        "{}",
        stdout(&destroy_plan)
    );
    assert_success(&project.run(&["destroy", "--yes"]));
    let left = docker(&[
        "volume",
        "ls",
        "--quiet",
        "--filter",
        &format!("label=dev.vm.project={}", project.name),
    ]);
    assert_eq!(stdout(&left), "");

    // With it, destroy keeps them, and the next machine finds the data.
    let persisted = databases(&ports, r#", "persist_databases": true"#);
    project.write_config(&persisted);
    assert_success(&project.run(&["apply", "--yes"]));
    in_machine(
        &project,
        r#"psql -X -q "$DATABASE_URL" -c "create table notes (note text); insert into notes values ('pg kept')""#,
    );
    let destroy = project.run(&["destroy", "--yes"]);
    assert_success(&destroy);
    assert!(
        stdout(&destroy).contains("volume.postgresql_data: kept"),
        "{}",
        stdout(&destroy)
    );
    assert_success(&project.run(&["apply", "--yes"]));
    assert_eq!(
        psql_from_the_host(ports.postgres, "select note from notes"),
        "pg kept\n"
    );
}

#[test]
fn a_taken_forwarded_port_stops_a_vagrant_apply_before_anything_is_made() {
    let holder = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = holder.local_addr().unwrap().port();
    let project = Project::new(
        "week-vagrant-port",
        &format!(
            r#"{{ "provider": "vagrant", "vagrant": {{ "provider": "docker" }}, "project": {{ "name": "NAME" }}, "ports": {{ "web": {port} }}, "claude_sync": true }}"#
        ),
    );
    // Nothing of Vagrant runs before the check: a vagrant that does not exist shows it.
    let output = project.run_with_env(
        &["apply", "--yes"],
        &[("VM_VAGRANT", "/nonexistent/vagrant")],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(
        stderr(&output).contains(&format!("127.0.0.1:{port} is already taken, by ")),
        "{}",
        stderr(&output)
    );
    assert!(!project.dir().join(".vm").exists());
    assert!(!project.claude_dir().exists());
    drop(holder);
}
