//! Each example's plan against a machine with nothing on it, as `plans/<example>.txt` records it.
//! `UPDATE_GOLDEN=1 cargo test --test integration golden_plans` rewrites the files; review the diff like code.

use std::path::{Path, PathBuf};

use vm::engine::Warning;
use vm::graph::{HostContext, ResourceSpec, compile};
use vm::plan::{PlanKind, plan, render_text};
use vm::provider::vagrant::machine_vagrantfile;
use vm::state::Observed;

/// A host that is the same everywhere, so the rendering is too; with a sound card and a GPU, so the examples that
/// ask for them get them.
/// The `remote-*` examples run on an engine of another host, over ssh, which cannot see this host's files.
fn stable_host(example: &str) -> HostContext {
    let mut host = crate::common::stable_host(
        &format!("/home/dev/src/{example}"),
        &["/dev/dri", "/dev/snd"],
    );
    if example.starts_with("remote-") {
        host.engine = vm::docker_engine::DockerEngine {
            context: "buildbox".to_owned(),
            endpoint: "ssh://dev@buildbox".to_owned(),
        };
        host.engine_sees_host_files = false;
    }
    host
}

fn examples() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir("examples")
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .collect();
    paths.sort();
    paths
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// Each example's plan against a machine with nothing on it, and the Vagrantfile of each Vagrant example.
fn renderings(example: &Path) -> Vec<(PathBuf, String)> {
    let name = stem(example);
    let loaded = vm::config::load(example).unwrap_or_else(|error| panic!("{name}: {error:?}"));
    let graph = compile(&loaded.config, &stable_host(&name)).unwrap();
    let rules = vm::provider::registry::providers(
        &loaded.config.project.name,
        example,
        loaded.config.provider,
        stable_host(&name).data_owner,
    );
    let mut plan = render_text(
        &plan(&graph, &Observed::default(), &rules),
        Path::new("/home/dev"),
    );
    // The warnings are part of what the user reads, on standard error.
    for warning in Warning::of_plan(
        &loaded.config,
        &graph,
        PlanKind::Apply,
        &Observed::default(),
    ) {
        plan.push_str(&format!("warning: {warning}\n"));
    }
    let mut renderings = vec![(Path::new("plans").join(format!("{name}.txt")), plan)];
    for resource in graph.in_apply_order() {
        if let ResourceSpec::VagrantMachine(spec) = &resource.spec {
            renderings.push((
                Path::new("plans").join(format!("{name}.Vagrantfile")),
                machine_vagrantfile(spec).unwrap(),
            ));
        }
    }
    renderings
}

#[test]
fn every_example_plan_matches_its_golden_file() {
    let mut mismatches = Vec::new();
    for (golden, rendered) in examples().iter().flat_map(|example| renderings(example)) {
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            assert!(
                std::env::var_os("CI").is_none(),
                "UPDATE_GOLDEN rewrites what CI must check"
            );
            std::fs::write(&golden, &rendered).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&golden).unwrap_or_default();
        if expected != rendered {
            let diff = similar::TextDiff::from_lines(&expected, &rendered);
            mismatches.push(format!(
                "{}:\n{}",
                golden.display(),
                diff.unified_diff().header("golden", "rendered")
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "plans changed (UPDATE_GOLDEN=1 rewrites them):\n{}",
        mismatches.join("\n")
    );
}

#[test]
fn every_golden_file_has_its_example() {
    let examples: Vec<String> = examples().iter().map(|path| stem(path)).collect();
    for entry in std::fs::read_dir("plans").unwrap() {
        let name = stem(&entry.unwrap().path());
        assert!(
            examples.contains(&name),
            "plans/{name}.* has no examples/{name}.json"
        );
    }
    assert_eq!(
        examples.len(),
        10,
        "minimal, claude-sync, services, ports-and-env, full, vagrant, vagrant-docker, vagrant-services, \
         vagrant-vm-services, remote-engine"
    );
}
