//! Vagrant plans without Vagrant: what compile makes of a Vagrant project with services, which provider each resource
//! kind is bound to, what the planner decides against observed states, and a VM backend through a stand-in for
//! Vagrant.

use std::path::Path;

use vm::config::{Config, ProviderKind};

use crate::common::{Project, assert_contains_all, assert_success, free_port, stderr, stdout};
use vm::graph::{Owner, ResourceGraph, ResourceId, ResourceKind, compile};
use vm::plan::{Action, Reason, plan};
use vm::provider::Providers;
use vm::state::{Health, Observed, ProvisionedState, ResourceState};

const DOCKER_BACKEND: &str = r#"{ "provider": "vagrant", "vagrant": { "provider": "docker" }, "project": { "name": "app" },
    "services": { "postgresql": { "enabled": true }, "redis": { "enabled": true } }, "npm_packages": ["is-number"],
    "persist_databases": true }"#;
const VM_BACKEND: &str = r#"{ "provider": "vagrant", "project": { "name": "app" },
    "services": { "postgresql": { "enabled": true } }, "versions": { "node": "22" }, "persist_databases": true }"#;

fn graph(config: &str) -> ResourceGraph {
    let config: Config = serde_json::from_str(config).unwrap();
    compile(&config, &crate::common::stable_host("/home/dev/app", &[])).unwrap()
}

fn providers(machine_provider: ProviderKind) -> Providers {
    vm::provider::registry::providers(
        "app",
        Path::new("/home/dev/app/vm.json"),
        machine_provider,
        Owner {
            uid: 1000,
            gid: 1000,
        },
    )
}

fn id(kind: ResourceKind, name: &str) -> ResourceId {
    ResourceId::new(kind, name)
}

#[test_case::test_case(DOCKER_BACKEND ; "docker backend")]
#[test_case::test_case(VM_BACKEND ; "vm backend")]
fn what_is_inside_a_vagrant_machine_is_resources_that_need_the_machine(config: &str) {
    let graph = graph(config);
    let machine = id(ResourceKind::VagrantMachine, "app");
    let inside: Vec<&ResourceId> = graph
        .in_apply_order()
        .into_iter()
        .map(|resource| &resource.id)
        .filter(|id| {
            matches!(
                id.kind,
                ResourceKind::Service
                    | ResourceKind::Language
                    | ResourceKind::Packages
                    | ResourceKind::Shell
            )
        })
        .collect();
    assert!(inside.contains(&&id(ResourceKind::Service, "postgresql")));
    assert!(inside.contains(&&id(ResourceKind::Shell, "vagrant")));
    for resource in inside {
        assert!(
            graph.dependencies(resource).contains(&&machine),
            "{resource} does not need the machine"
        );
    }
}

#[test]
fn the_docker_backend_keeps_databases_in_volumes_the_machine_needs_and_a_vm_has_none() {
    let docker_backend = graph(DOCKER_BACKEND);
    let machine = id(ResourceKind::VagrantMachine, "app");
    let volumes = docker_backend.dependencies(&machine);
    assert!(volumes.contains(&&id(ResourceKind::Volume, "postgresql_data")));
    assert!(volumes.contains(&&id(ResourceKind::Volume, "redis_data")));
    let vm_backend = graph(VM_BACKEND);
    assert!(
        vm_backend
            .in_apply_order()
            .iter()
            .all(|resource| resource.id.kind != ResourceKind::Volume)
    );
}

/// The provider a kind is bound to, by its type's name.
fn provider_of(providers: &Providers, kind: ResourceKind) -> String {
    let provider = format!("{:?}", providers.for_kind(kind).unwrap());
    provider.split([' ', '{']).next().unwrap().to_owned()
}

#[test]
fn what_is_inside_the_machine_is_bound_to_the_provider_that_runs_it() {
    for kind in [
        ResourceKind::Service,
        ResourceKind::Language,
        ResourceKind::Packages,
        ResourceKind::Shell,
    ] {
        assert_eq!(
            provider_of(&providers(ProviderKind::Vagrant), kind),
            "VagrantProvider"
        );
        assert_eq!(
            provider_of(&providers(ProviderKind::Docker), kind),
            "DockerProvider"
        );
    }
    // Volumes and images are Docker's on either provider: Vagrant's docker backend runs them.
    for kind in [ResourceKind::Volume, ResourceKind::DockerImage] {
        assert_eq!(
            provider_of(&providers(ProviderKind::Vagrant), kind),
            "DockerProvider"
        );
    }
}

/// Everything observed as declared, with `service` stopped.
fn converged_but_stopped(graph: &ResourceGraph, service: &str) -> Observed {
    let mut observed = Observed::default();
    for resource in graph.in_apply_order() {
        let mut state = resource.desired_state();
        if let ResourceState::Provisioned(ProvisionedState::Service(status)) = &mut state
            && resource.id.name == service
        {
            status.health = Health::Stopped;
        }
        observed.insert(resource.id.clone(), state);
    }
    observed
}

#[test_case::test_case(DOCKER_BACKEND ; "docker backend")]
#[test_case::test_case(VM_BACKEND ; "vm backend")]
fn a_stopped_service_of_a_vagrant_machine_is_started_in_place(config: &str) {
    let graph = graph(config);
    let plan = plan(
        &graph,
        &converged_but_stopped(&graph, "postgresql"),
        &providers(ProviderKind::Vagrant),
    );
    let changes: Vec<(String, Action, Reason)> = plan
        .changes
        .iter()
        .filter(|change| change.action != Action::NoOp)
        .map(|change| {
            (
                change.resource.to_string(),
                change.action,
                change.reason.clone(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [(
            "service.postgresql".to_owned(),
            Action::Update,
            Reason::NotRunning
        )]
    );
}

/// `vm <args>` with the Vagrant stand-in of a VM backend, its ssh commands logged to `calls`.
fn with_stand_in(project: &Project, args: &[&str], calls: &Path) -> std::process::Output {
    let stand_in = std::fs::canonicalize("tests/fault-injection/vagrant-vm-stand-in").unwrap();
    project.run_with_env(
        args,
        &[
            ("VM_VAGRANT", stand_in.to_str().unwrap()),
            ("VM_VAGRANT_CALLS", calls.to_str().unwrap()),
        ],
    )
}

/// The ssh commands logged since the last call, and the log emptied.
fn take_calls(calls: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(calls).unwrap_or_default();
    let _ = std::fs::remove_file(calls);
    text.lines().map(str::to_owned).collect()
}

#[test]
fn a_vagrant_vm_is_asked_for_its_services_health_in_one_ssh_and_a_stopped_service_is_started() {
    let port = free_port();
    let project = Project::new(
        "vagrant-vm-health",
        &format!(
            r#"{{ "provider": "vagrant", "project": {{ "name": "NAME" }},
                 "services": {{ "postgresql": {{ "enabled": true, "port": {port} }} }}, "persist_databases": true }}"#
        ),
    );
    let calls = project.root.path().join("vagrant-calls");
    let json = with_stand_in(&project, &["plan", "--json"], &calls);
    assert_success(&json);
    let document: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        document["warnings"],
        serde_json::json!([{
            "kind": "volumes_need_a_container",
            "keys": ["persist_databases"],
            "message": "a Vagrant VM cannot keep its databases in Docker volumes, so `vm destroy` deletes them with \
                        it (set vagrant.provider to docker to keep them): persist_databases"
        }])
    );

    let apply = with_stand_in(&project, &["apply", "--yes"], &calls);
    assert_success(&apply);
    assert_contains_all(&stdout(&apply), &["service.postgresql: Created in"]);
    assert_eq!(take_calls(&calls), ["sudo /usr/local/sbin/vm-health"]);
    let plan = with_stand_in(&project, &["plan", "--detailed-exitcode"], &calls);
    assert_eq!(plan.status.code(), Some(0), "{}", stdout(&plan));
    assert_eq!(take_calls(&calls), ["sudo /usr/local/sbin/vm-health"]);

    std::fs::write(
        project.dir().join(".vm/vagrant/.stand-in-health"),
        "stopped\n",
    )
    .unwrap();
    let plan = with_stand_in(&project, &["plan", "--detailed-exitcode"], &calls);
    assert_eq!(plan.status.code(), Some(2), "{}", stdout(&plan));
    assert_contains_all(
        &stdout(&plan),
        &[
            "# (start: not running)\n  ~ service.postgresql {",
            "~ health = \"stopped\" -> \"running\"",
        ],
    );
    take_calls(&calls);
    assert_success(&with_stand_in(&project, &["apply", "--yes"], &calls));
    assert_eq!(
        take_calls(&calls),
        [
            "sudo /usr/local/sbin/vm-health",
            "sudo /usr/local/sbin/vm-start-services",
            "sudo /usr/local/sbin/vm-health",
        ]
    );
    let destroy = with_stand_in(&project, &["destroy", "--yes"], &calls);
    assert_success(&destroy);
    assert_eq!(
        stderr(&destroy),
        "warning: the data of postgresql goes with the machine: a Vagrant VM keeps it inside\n"
    );
    assert!(!project.dir().join(".vm").exists());
}

#[test]
fn each_kind_is_what_its_own_provider_observed() {
    // The project moved from Docker to Vagrant: the old container still records its services, and the new machine
    // has none yet, so the services are made (and waited for) on the new one.
    let old_machine = crate::fake_provider::FakeProvider::default();
    let new_machine = crate::fake_provider::FakeProvider::default();
    let graph = graph(VM_BACKEND);
    let service = id(ResourceKind::Service, "postgresql");
    let recorded = graph.get(&service).unwrap().desired_state();
    old_machine
        .world
        .lock()
        .unwrap()
        .resources
        .insert(service.clone(), recorded.clone());
    let providers = Providers::default()
        .register(old_machine, &[ResourceKind::DockerContainer])
        .register(
            new_machine.clone(),
            &[
                ResourceKind::VagrantMachine,
                ResourceKind::SyncedFolder,
                ResourceKind::Service,
                ResourceKind::Language,
                ResourceKind::Shell,
            ],
        );
    assert_eq!(providers.observe(&graph).unwrap().get(&service), None);
    new_machine
        .world
        .lock()
        .unwrap()
        .resources
        .insert(service.clone(), recorded.clone());
    assert_eq!(
        providers.observe(&graph).unwrap().get(&service),
        Some(&recorded)
    );
}
