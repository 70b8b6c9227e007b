//! End to end on a real Vagrant, with its docker backend on the local engine (`scripts/setup-engine` installs
//! both): the same vm.json, commands and plans as a Docker machine.

use std::path::Path;

use crate::common::{
    Project, assert_contains_all, assert_success, docker, docker_calls_of_a_no_op_plan, stderr,
    stdout, vagrant, vagrant_with_docker,
};

const SYNCED: &str = r#"{
  "provider": "vagrant",
  "vagrant": { "provider": "docker" },
  "project": { "name": "NAME" },
  "vm": { "memory": 1024, "cpus": 1 },
  "environment": { "GREETING": "hello, vagrant" },
  "claude_sync": true
}"#;

/// Vagrant's docker backend creates and prunes shared Docker networks as machines come and go: two machines brought
/// up and destroyed at once race on them ("No such object"), so these tests take turns.
static ONE_VAGRANT_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn take_turn() -> std::sync::MutexGuard<'static, ()> {
    ONE_VAGRANT_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `vm apply --yes` succeeds and leaves nothing for the next plan.
fn apply_and_converge(project: &Project) {
    assert_success(&project.run(&["apply", "--yes"]));
    let plan = project.run(&["plan", "--detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(0), "{}", stdout(&plan));
}

/// A Vagrant project applied, or `None` where Vagrant or a Docker engine is missing.
fn applied_project(name: &str, config: &str) -> Option<Project> {
    if !vagrant_with_docker() {
        return None;
    }
    let project = Project::new(name, config);
    apply_and_converge(&project);
    Some(project)
}

fn exec(project: &Project, script: &str) -> String {
    let output = project.run(&["exec", "sh", "-c", script]);
    assert_success(&output);
    stdout(&output)
}

#[test]
fn apply_makes_a_vagrant_machine_whose_claude_data_is_the_hosts_both_ways() {
    let _turn = take_turn();
    let Some(project) = applied_project("vagrant-sync", SYNCED) else {
        return;
    };
    let vagrant_dir = project.dir().join(".vm/vagrant");
    assert!(vagrant_dir.join("Vagrantfile").is_file());
    assert_eq!(
        std::fs::read_to_string(vagrant_dir.join(".gitignore")).unwrap(),
        "*\n"
    );
    let status = stdout(&project.run(&["status"]));
    assert_contains_all(
        &status,
        &[&format!("vagrant_machine.{}", project.name), "running"],
    );
    let inside = exec(
        &project,
        "id -un; pwd; echo \"$GREETING\"; echo from-machine > ~/.claude/machine.txt; cat ~/.claude/host.txt 2>/dev/null || true",
    );
    assert_contains_all(&inside, &["vagrant\n", "/workspace\n", "hello, vagrant\n"]);
    assert_eq!(
        std::fs::read_to_string(project.claude_dir().join("machine.txt")).unwrap(),
        "from-machine\n"
    );
    std::fs::write(project.claude_dir().join("host.txt"), "from-host\n").unwrap();
    assert_eq!(exec(&project, "cat ~/.claude/host.txt"), "from-host\n");
}

#[test]
fn a_changed_memory_or_a_new_port_is_planned_as_a_replacement_on_the_docker_backend_and_converges()
{
    let Some(project) = applied_project("vagrant-change", SYNCED) else {
        return;
    };
    project.write_config(&SYNCED.replace("\"memory\": 1024", "\"memory\": 1536"));
    let plan = project.run(&["plan", "--detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(2), "{}", stderr(&plan));
    assert_contains_all(
        &stdout(&plan),
        &[
            "(forces replacement: memory changed)",
            "~ memory = \"1024 MiB\" -> \"1536 MiB\" # forces replacement",
            "Plan: 1 to add, 0 to change, 1 to destroy.",
        ],
    );
    apply_and_converge(&project);
    let limit = exec(
        &project,
        "cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes",
    );
    assert_eq!(limit.trim(), (1536u64 * 1024 * 1024).to_string());

    let port = 20_000 + std::process::id() % 20_000;
    project.write_config(&SYNCED.replace(
        "\"claude_sync\": true",
        &format!("\"claude_sync\": true, \"ports\": {{ \"web\": {port} }}"),
    ));
    let plan = stdout(&project.run(&["plan"]));
    assert_contains_all(
        &plan,
        &[&format!(
            "+ ports.{port} = \"127.0.0.1:{port}\" # forces replacement"
        )],
    );
    apply_and_converge(&project);
}

#[test]
fn a_halt_behind_vms_back_shows_in_the_plan_and_apply_starts_the_machine_again() {
    let _turn = take_turn();
    let Some(project) = applied_project("vagrant-drift", SYNCED) else {
        return;
    };
    assert_success(&vagrant(&project, &["halt", "--no-tty"]));
    let plan = project.run(&["plan", "--detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(2));
    assert_contains_all(
        &stdout(&plan),
        &[
            "will be updated in place",
            "~ state = \"stopped\" -> \"running\"",
        ],
    );
    apply_and_converge(&project);
    assert_eq!(exec(&project, "echo up"), "up\n");
}

#[test]
fn destroy_removes_the_machine_and_its_vagrant_files_and_keeps_the_host_data() {
    let _turn = take_turn();
    let Some(project) = applied_project("vagrant-destroy", SYNCED) else {
        return;
    };
    exec(&project, "echo kept > ~/.claude/history.jsonl");
    let destroy = project.run(&["destroy", "--yes"]);
    assert_success(&destroy);
    assert_contains_all(
        &stdout(&destroy),
        &[
            "host_dir.claude_data: kept",
            "Destroy complete! Resources: 3 destroyed.",
        ],
    );
    assert!(!project.dir().join(".vm").exists());
    assert_eq!(
        std::fs::read_to_string(project.claude_dir().join("history.jsonl")).unwrap(),
        "kept\n"
    );
    let plan = project.run(&["plan", "--destroy", "--detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(0), "{}", stdout(&plan));
}

#[test]
fn switching_to_docker_and_back_moves_the_machine_and_keeps_the_data() {
    let _turn = take_turn();
    let Some(project) = applied_project("vagrant-switch", SYNCED) else {
        return;
    };
    exec(&project, "echo first > ~/.claude/notes.txt");
    project
        .write_config(&SYNCED.replace("\"provider\": \"vagrant\",", "\"provider\": \"docker\","));
    let plan = stdout(&project.run(&["plan"]));
    assert_contains_all(
        &plan,
        &[
            &format!(
                "(the machine moves to docker_container.{}; its host data directories are kept)",
                project.container()
            ),
            &format!("+ docker_container.{} {{", project.container()),
        ],
    );
    apply_and_converge(&project);
    assert_eq!(exec(&project, "cat ~/.claude/notes.txt"), "first\n");
    assert!(!project.dir().join(".vm").exists());

    project.write_config(SYNCED);
    apply_and_converge(&project);
    assert_eq!(exec(&project, "cat ~/.claude/notes.txt"), "first\n");
}

#[test]
fn every_vagrant_example_plans_and_applies_on_the_docker_backend() {
    let _turn = take_turn();
    if !vagrant_with_docker() {
        return;
    }
    for example in std::fs::read_dir("examples").unwrap() {
        let path = example.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let mut config: serde_json::Value = serde_json::from_str(&text).unwrap();
        if config["provider"] != "vagrant" {
            continue;
        }
        // No VirtualBox or libvirt here: the example's machine runs on Vagrant's docker backend instead.
        config["vagrant"] = serde_json::json!({ "provider": "docker" });
        config["project"]["name"] = "NAME".into();
        config.as_object_mut().unwrap().remove("$schema");
        // The engine and the host are shared: published ports and services go to free ports.
        crate::common::with_free_ports(&mut config);
        let services: Vec<String> = config["services"]
            .as_object()
            .map(|services| services.keys().cloned().collect())
            .unwrap_or_default();
        let stem = Path::new(&path)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let project = Project::new(&format!("example-{stem}"), &config.to_string());
        apply_and_converge(&project);
        assert_success(&project.run(&["destroy", "--yes"]));
        if config["persist_databases"] == true {
            for service in &services {
                let volume = format!("vm-{}-{service}-data", project.name);
                assert!(docker(&["volume", "rm", &volume]).status.success());
            }
        }
    }
}

#[test]
fn a_vagrant_machine_on_the_docker_backend_runs_the_provisioned_image_with_postgresql_and_node() {
    let _turn = take_turn();
    if !vagrant_with_docker() {
        return;
    }
    let base = vm::config::DEFAULT_IMAGE.to_owned();
    let port = crate::common::free_port();
    let config = format!(
        r#"{{
  "provider": "vagrant",
  "vagrant": {{ "provider": "docker" }},
  "project": {{ "name": "NAME" }},
  "vm": {{ "image": "{base}" }},
  "versions": {{ "node": "22" }},
  "services": {{ "postgresql": {{ "enabled": true, "port": {port} }} }}
}}"#
    );
    let project = Project::new("vagrant-provisioned", &config);
    let plan = stdout(&project.run(&["plan"]));
    assert_contains_all(
        &plan,
        &[
            &format!("+ docker_image.{} {{", project.name),
            "+ stages.languages",
            "+ stages.services",
            &format!("+ ports.{port}"),
        ],
    );
    apply_and_converge(&project);
    let inside = exec(
        &project,
        &format!(
            "for i in $(seq 60); do pg_isready -q -h localhost -p {port} && break; sleep 1; done; \
             node -v; psql \"$DATABASE_URL\" -tAc 'select 6 * 7'"
        ),
    );
    assert_contains_all(&inside, &["v22.", "42\n"]);
}

/// The docker backend's container of a project's machine, as Vagrant records it.
fn vagrant_container(project: &Project) -> String {
    std::fs::read_to_string(project.dir().join(format!(
        ".vm/vagrant/.vagrant/machines/{}/docker/id",
        project.name
    )))
    .unwrap()
    .trim()
    .to_owned()
}

#[test]
fn services_on_the_docker_backend_are_waited_for_observed_in_one_call_repaired_and_persisted() {
    let _turn = take_turn();
    if !vagrant_with_docker() {
        return;
    }
    let base = vm::config::DEFAULT_IMAGE.to_owned();
    let (postgres, redis) = (crate::common::free_port(), crate::common::free_port());
    let config = format!(
        r#"{{
  "provider": "vagrant",
  "vagrant": {{ "provider": "docker" }},
  "project": {{ "name": "NAME" }},
  "vm": {{ "image": "{base}", "memory": 1024 }},
  "services": {{ "postgresql": {{ "enabled": true, "port": {postgres} }}, "redis": {{ "enabled": true, "port": {redis} }} }},
  "persist_databases": true
}}"#
    );
    let project = Project::new("vagrant-services", &config);
    let volume = format!("vm-{}-postgresql-data", project.name);
    let plan = stdout(&project.run(&["plan"]));
    assert_contains_all(
        &plan,
        &[
            "+ service.postgresql {",
            "+ service.redis {",
            "+ volume.postgresql_data {",
            &format!("+ volumes./var/lib/postgresql = \"{volume}\""),
        ],
    );

    // Apply waits for each service: the moment it is done, both answer.
    let apply = project.run(&["apply", "--yes"]);
    assert_success(&apply);
    assert_contains_all(
        &stdout(&apply),
        &[
            "service.postgresql: Created in",
            "service.redis: Created in",
        ],
    );
    assert_eq!(
        exec(&project, "psql \"$DATABASE_URL\" -tAc 'select 6 * 7'"),
        "42\n"
    );
    let container = vagrant_container(&project);
    let ping = docker(&[
        "exec",
        &container,
        "redis-cli",
        "-p",
        &redis.to_string(),
        "ping",
    ]);
    assert_eq!(stdout(&ping), "PONG\n");

    // A no-op plan asks both services' health in one docker exec.
    let calls = docker_calls_of_a_no_op_plan(&project);
    assert_eq!(
        calls.iter().filter(|call| *call == "exec").count(),
        1,
        "{calls:?}"
    );

    // A service stopped behind vm's back is planned to start, and apply starts it.
    let stop = docker(&[
        "exec",
        &container,
        "sh",
        "-c",
        "pg_ctlcluster $(pg_lsclusters -h | awk '{print $1, $2}') stop",
    ]);
    assert_success(&stop);
    let plan = project.run(&["plan", "--detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(2), "{}", stdout(&plan));
    assert_contains_all(
        &stdout(&plan),
        &[
            "# (start: not running)\n  ~ service.postgresql {",
            "~ health = \"stopped\" -> \"running\"",
            "Plan: 0 to add, 1 to change, 0 to destroy.",
        ],
    );
    let status = stdout(&project.run(&["status"]));
    let row = status
        .lines()
        .find(|line| line.starts_with("service.postgresql "))
        .unwrap_or_else(|| panic!("no service.postgresql in:\n{status}"));
    assert_eq!(
        row.split_whitespace().take(2).collect::<Vec<_>>(),
        ["service.postgresql", "stopped"]
    );
    apply_and_converge(&project);
    exec(
        &project,
        "psql \"$DATABASE_URL\" -c 'create table kept (note text)' -c \"insert into kept values ('survived')\"",
    );

    // The database's volume outlives the machine.
    let destroy = project.run(&["destroy", "--yes"]);
    assert_success(&destroy);
    assert_contains_all(
        &stdout(&destroy),
        &["volume.postgresql_data: kept (database data is kept"],
    );
    apply_and_converge(&project);
    assert_eq!(
        exec(
            &project,
            "psql \"$DATABASE_URL\" -tAc 'select note from kept'"
        ),
        "survived\n"
    );
    assert_success(&project.run(&["destroy", "--yes"]));
    for service in ["postgresql", "redis"] {
        let volume = format!("vm-{}-{service}-data", project.name);
        assert!(docker(&["volume", "rm", &volume]).status.success());
    }
}

/// The examples' fixed host ports (3000, 8080, 5432...) become free ones in the copies the tests apply, one number
/// for one number, so a port shared by a service and a `ports` entry stays shared.
#[test]
fn examples_are_applied_on_free_ports_only() {
    for example in std::fs::read_dir("examples").unwrap() {
        let path = example.unwrap().path();
        let mut config: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let ports_of = |config: &serde_json::Value| -> Vec<u64> {
            config["ports"]
                .as_object()
                .map(|ports| {
                    ports
                        .values()
                        .filter_map(serde_json::Value::as_u64)
                        .collect()
                })
                .unwrap_or_default()
        };
        let fixed = ports_of(&config);
        let keys: Vec<String> = config.as_object().unwrap().keys().cloned().collect();
        crate::common::with_free_ports(&mut config);
        let keys_after: Vec<String> = config.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys_after, keys, "{}: only ports change", path.display());
        let mut published = ports_of(&config);
        if let Some(services) = config["services"].as_object() {
            for service in services.values() {
                published.push(service["port"].as_u64().expect("every service gets a port"));
            }
        }
        for port in &published {
            assert!(
                !fixed.contains(port) && ![3000, 3306, 5432, 6379, 8080, 27017].contains(port),
                "{}: {port} is fixed",
                path.display()
            );
        }
    }
}
