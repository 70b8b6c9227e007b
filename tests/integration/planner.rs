//! The pure planner, case by case: desired graph + observed attributes → actions and reasons. No Docker.

use test_case::test_case;
use vm::config::Config;
use vm::graph::{Owner, ResourceGraph, ResourceId, compile};
use vm::plan::{Action, Plan, Reason, destroy_plan};
use vm::provider::Providers;
use vm::state::{
    AttributeName, ContainerState, HostDirState, MachineState, MachineUser, Memory, Observed,
    ResourceState,
};

fn graph(config: &str) -> ResourceGraph {
    graph_on_a_host_with(config, &[])
}

/// `config` compiled on a host that has `devices`.
fn graph_on_a_host_with(config: &str, devices: &[&str]) -> ResourceGraph {
    let config: Config = serde_json::from_str(config).unwrap();
    compile(
        &config,
        &crate::common::stable_host("/home/dev/app", devices),
    )
    .unwrap()
}

const SYNCED: &str = r#"{"project":{"name":"app"},"claude_sync":true,"environment":{"A":"1"}}"#;
const PLAIN: &str = r#"{"project":{"name":"app"}}"#;

/// Everything observed exactly as declared.
fn converged(graph: &ResourceGraph) -> Observed {
    let mut observed = Observed::default();
    for resource in graph.in_apply_order() {
        observed.insert(resource.id.clone(), resource.desired_state());
    }
    observed
}

/// `resource: action (reason)` per line, the planner's decisions in a form a table can hold.
fn decisions(plan: &Plan) -> String {
    plan.changes
        .iter()
        .map(|change| {
            format!(
                "{}: {:?} ({})",
                change.resource, change.action, change.reason
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The providers' rules for which changes a resource takes in place.
fn rules() -> Providers {
    vm::provider::registry::providers(
        "app",
        std::path::Path::new("/home/dev/app/vm.json"),
        vm::config::ProviderKind::Docker,
        Owner {
            uid: 1000,
            gid: 1000,
        },
    )
}

fn plan(desired: &ResourceGraph, observed: &Observed) -> Plan {
    vm::plan::plan(desired, observed, &rules())
}

fn edit_container(observed: &mut Observed, edit: fn(&mut ContainerState)) {
    let id = ResourceId::parse("docker_container.app-dev").unwrap();
    let Some(ResourceState::DockerContainer(container)) = observed.get(&id) else {
        panic!("no container observed");
    };
    let mut container = container.clone();
    edit(&mut container);
    observed.insert(id, ResourceState::DockerContainer(container));
}

fn edit_host_dir(observed: &mut Observed, edit: fn(&mut HostDirState)) {
    let id = ResourceId::parse("host_dir.claude_data").unwrap();
    let Some(ResourceState::HostDir(dir)) = observed.get(&id) else {
        panic!("no host directory observed");
    };
    let mut dir = dir.clone();
    edit(&mut dir);
    observed.insert(id, ResourceState::HostDir(dir));
}

#[test]
fn a_fresh_machine_creates_everything_in_dependency_order() {
    let plan = plan(&graph(SYNCED), &Observed::default());
    assert_eq!(
        decisions(&plan),
        "host_dir.claude_data: Create (does not exist)
mount.workspace: Create (does not exist)
mount.claude_data: Create (does not exist)
docker_container.app-dev: Create (does not exist)"
    );
    assert_eq!(
        (
            plan.summary().add,
            plan.summary().change,
            plan.summary().destroy
        ),
        (4, 0, 0)
    );
}

#[test]
fn a_converged_machine_has_no_changes() {
    let graph = graph(SYNCED);
    let plan = plan(&graph, &converged(&graph));
    assert!(!plan.has_changes());
    assert!(
        plan.changes
            .iter()
            .all(|change| change.action == Action::NoOp)
    );
}

#[test_case(|c| { c.environment.insert("A".into(), "2".into()); }, Action::Replace, "forces replacement: environment changed" ; "environment value changed")]
#[test_case(|c| { c.environment.insert("B".into(), "x".into()); }, Action::Replace, "forces replacement: environment changed" ; "environment key no longer declared")]
#[test_case(|c| c.image = "other:1".into(), Action::Replace, "forces replacement: image changed" ; "image changed")]
#[test_case(|c| c.superseded_build = Some("0123456789ab".into()), Action::Replace, "forces replacement: image changed" ; "image rebuilt since")]
#[test_case(|c| { c.mounts.remove("/home/vagrant/.claude"); }, Action::Replace, "forces replacement: mounts changed" ; "mount missing")]
#[test_case(|c| c.memory = Memory::without_swap(1024), Action::Update, "memory changed" ; "memory changes in place")]
#[test_case(|c| c.state = MachineState::from_docker("exited"), Action::Update, "state changed" ; "a stopped machine is started")]
#[test_case(|c| c.state = MachineState::Paused, Action::Update, "state changed" ; "a paused machine is unpaused")]
#[test_case(|c| c.state = MachineState::from_docker("dead"), Action::Replace, "forces replacement: state changed" ; "a dead machine is replaced")]
#[test_case(|c| c.user = "vagrant (4321:4321)".parse::<MachineUser>().ok(), Action::Replace, "forces replacement: user changed" ; "new user ids make a new machine")]
#[test_case(|c| c.name = "app-dev.setting-up".into(), Action::Update, "name changed" ; "a set-up cut short is finished in place")]
#[test_case(|c| c.name = "app-dev-renamed".into(), Action::Update, "name changed" ; "a renamed machine is renamed back")]
fn container_differences(edit: fn(&mut ContainerState), action: Action, reason: &str) {
    let graph = graph(SYNCED);
    let mut observed = converged(&graph);
    edit_container(&mut observed, edit);
    let plan = plan(&graph, &observed);
    let changed: Vec<_> = plan
        .changes
        .iter()
        .filter(|change| change.action.changes_anything())
        .collect();
    assert_eq!(changed.len(), 1, "{}", decisions(&plan));
    assert_eq!(changed[0].resource.to_string(), "docker_container.app-dev");
    assert_eq!(changed[0].action, action);
    assert_eq!(changed[0].reason.to_string(), reason);
}

#[test]
fn a_replacement_marks_only_the_attributes_that_force_it() {
    let graph = graph(SYNCED);
    let mut observed = converged(&graph);
    edit_container(&mut observed, |c| {
        c.environment.insert("A".into(), "2".into());
        c.memory = Memory::without_swap(1024);
    });
    let plan = plan(&graph, &observed);
    let container = plan.changes.last().unwrap();
    assert_eq!(
        container.reason,
        Reason::ForcesReplacement {
            groups: vec!["environment".into()]
        }
    );
    let forcing: Vec<_> = container
        .attributes
        .iter()
        .filter(|attribute| attribute.forces_replacement)
        .map(|attribute| attribute.name.clone())
        .collect();
    assert_eq!(forcing, [AttributeName::Environment("A".into())]);
}

#[test]
fn a_host_dir_with_the_wrong_mode_is_repaired_in_place() {
    let graph = graph(SYNCED);
    let mut observed = converged(&graph);
    edit_host_dir(&mut observed, |dir| dir.mode = 0o755);
    let plan = plan(&graph, &observed);
    assert_eq!(
        decisions(&plan).lines().next().unwrap(),
        "host_dir.claude_data: Update (mode changed)"
    );
}

#[test]
fn turning_claude_sync_off_replaces_the_container_and_never_plans_to_delete_the_data() {
    let synced = graph(SYNCED);
    let observed = converged(&synced);
    let plain = graph(r#"{"project":{"name":"app"},"environment":{"A":"1"}}"#);
    let plan = plan(&plain, &observed);
    assert_eq!(
        decisions(&plan),
        "mount.claude_data: Delete (no longer in vm.json)
host_dir.claude_data: Keep (host data is kept: vm destroy never deletes it)
mount.workspace: NoOp (up to date)
docker_container.app-dev: Replace (forces replacement: mounts changed)"
    );
    assert!(plan.changes.iter().all(|change| change.resource.kind
        != vm::graph::ResourceKind::HostDir
        || change.action == Action::Keep));
}

#[test]
fn containers_of_the_project_that_are_not_declared_are_deleted_first() {
    let graph = graph(PLAIN);
    let mut observed = converged(&graph);
    let old = observed
        .get(&ResourceId::parse("docker_container.app-dev").unwrap())
        .unwrap()
        .clone();
    observed.insert(ResourceId::parse("docker_container.old-dev").unwrap(), old);
    let plan = plan(&graph, &observed);
    assert_eq!(
        decisions(&plan).lines().next().unwrap(),
        "docker_container.old-dev: Delete (no longer in vm.json)"
    );
}

#[test]
fn destroy_removes_dependents_first_and_keeps_host_data() {
    let graph = graph(SYNCED);
    let plan = destroy_plan(&graph, &converged(&graph));
    assert_eq!(
        decisions(&plan),
        "docker_container.app-dev: Delete (destroy requested)
mount.claude_data: Delete (destroy requested)
mount.workspace: Delete (destroy requested)
host_dir.claude_data: Keep (host data is kept: vm destroy never deletes it)"
    );
    assert_eq!(
        (
            plan.summary().add,
            plan.summary().change,
            plan.summary().destroy
        ),
        (0, 0, 3)
    );
}

#[test]
fn destroying_nothing_plans_nothing() {
    let plan = destroy_plan(&graph(SYNCED), &Observed::default());
    assert!(plan.changes.is_empty());
}

/// The services' devices, on a host with `devices`: the graph's warnings, whether `service.gpu` is a resource,
/// and the devices the container is made with.
fn with_devices(devices: &[&str]) -> (Vec<String>, bool, Vec<String>) {
    let graph = graph_on_a_host_with(
        r#"{ "project": { "name": "app" }, "services": { "gpu": { "enabled": true }, "audio": { "enabled": true } } }"#,
        devices,
    );
    let container = graph
        .get(&ResourceId::parse("docker_container.app-dev").unwrap())
        .unwrap();
    let vm::graph::ResourceSpec::DockerContainer(spec) = &container.spec else {
        panic!("not a container");
    };
    (
        graph.notes().to_vec(),
        graph.contains(&ResourceId::parse("service.gpu").unwrap()),
        spec.devices.clone(),
    )
}

#[test]
fn a_host_without_a_services_devices_is_warned_about_and_never_waited_for() {
    let (notes, gpu, devices) = with_devices(&[]);
    assert_eq!(
        notes,
        [
            "this host has no /dev/snd: service.audio runs without it, and what needs it will not work",
            "this host has none of /dev/dri, /dev/nvidia0, /dev/nvidiactl, /dev/nvidia-uvm: service.gpu is not provided (its packages are installed)",
        ]
    );
    assert!(
        !gpu,
        "a GPU service without a GPU would be waited for forever"
    );
    assert!(devices.is_empty());

    let (notes, gpu, devices) = with_devices(&["/dev/dri", "/dev/snd"]);
    assert!(notes.is_empty(), "{notes:?}");
    assert!(gpu);
    assert_eq!(devices, ["/dev/snd", "/dev/dri"]);
}

const WITH_SERVICES: &str = r#"{"project":{"name":"app"},"services":{"postgresql":{"enabled":true},"redis":{"enabled":true}}}"#;

#[test]
fn the_services_of_a_machine_made_again_or_started_are_made_again_or_started_with_it() {
    let desired = graph(WITH_SERVICES);
    let decision = |edit: fn(&mut ContainerState), service: &str| -> String {
        let mut observed = converged(&desired);
        edit_container(&mut observed, edit);
        decisions(&plan(&desired, &observed))
            .lines()
            .find(|line| line.starts_with(&format!("service.{service}:")))
            .unwrap()
            .to_owned()
    };
    assert_eq!(
        decision(|_| {}, "postgresql"),
        "service.postgresql: NoOp (up to date)"
    );
    assert_eq!(
        decision(|c| c.hostname = "elsewhere".into(), "postgresql"),
        "service.postgresql: Replace (the machine is replaced)"
    );
    assert_eq!(
        decision(|c| c.state = MachineState::from_docker("exited"), "redis"),
        "service.redis: Update (the machine starts)"
    );
    assert_eq!(
        decision(|c| c.memory = Memory::without_swap(1024), "redis"),
        "service.redis: NoOp (up to date)",
        "a machine changed in place keeps its services running"
    );
}

#[test]
fn a_machine_made_before_its_services_had_volumes_is_told_to_move_its_data_when_replaced() {
    let desired = graph(WITH_SERVICES);
    let mut observed = converged(&desired);
    // As a machine of an older vm: no volumes, the data inside.
    edit_container(&mut observed, |c| c.volumes.clear());
    let plan = plan(&desired, &observed);
    let text = vm::plan::render_text(&plan, std::path::Path::new("/home/dev"));
    crate::common::assert_contains_all(
        &text,
        &[
            "  # docker_container.app-dev must be replaced\n  # (forces replacement: volumes changed)\n  # (replacing it loses what is only inside the machine, such as the user's home and packages installed by hand; kept: /workspace, /var/lib/postgresql, /var/lib/redis)\n",
            "  # (the data at /var/lib/postgresql is inside the machine, made before its service had a volume: apply moves it into vm-app-postgresql-data first)\n",
            "+ volumes./var/lib/redis",
        ],
    );
}
