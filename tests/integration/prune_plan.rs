//! What `vm prune` and `vm destroy --images` show, from a fixed engine: the plans as golden text, no Docker.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use vm::config::Config;
use vm::graph::compile;
use vm::image_cache::{
    ContainerRecord, ImageRecord, Inventory, PrunePlan, PruneRules, render_project_images,
    render_prune_plan,
};
use vm::plan::{Action, Reason, destroy_plan, destroying_images, render_text};
use vm::state::Observed;

const MB: u64 = 1_000_000;

fn now() -> SystemTime {
    humantime::parse_rfc3339("2026-12-03T12:00:00Z").unwrap()
}

fn hours_ago(hours: u64) -> SystemTime {
    now() - Duration::from_secs(hours * 3600)
}

/// An image as the legacy builder leaves it: its parent's layers, and its own.
fn image(
    id: &str,
    tag: Option<&str>,
    labels: &[(&str, &str)],
    parent: Option<(&str, &[&str])>,
    own_layers: &[&str],
    size: u64,
    hours: u64,
) -> ImageRecord {
    let mut layers: Vec<String> = parent
        .map(|(_, layers)| layers.iter().map(|layer| (*layer).to_owned()).collect())
        .unwrap_or_default();
    layers.extend(own_layers.iter().map(|layer| (*layer).to_owned()));
    ImageRecord {
        id: format!("sha256:{id}"),
        tags: tag.map(str::to_owned).into_iter().collect(),
        parent: parent.map(|(parent, _)| format!("sha256:{parent}")),
        created: hours_ago(hours),
        size,
        layers,
        labels: labels
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect::<BTreeMap<_, _>>(),
    }
}

/// An engine after a few projects: the base, two builds of `shop` sharing its apt stage (the older unused), `blog`
/// destroyed (its image kept as the cache), `api`'s machine stopped, `next` built a moment ago, a failed build's
/// leftover layer, and images vm did not build, one of them carrying vm's labels under a name of its own.
fn engine() -> Inventory {
    const BASE: &[&str] = &["base-1", "base-2"];
    const APT: &[&str] = &["base-1", "base-2", "apt"];
    let vm = ("dev.vm.built-by", "vm");
    let built_for = |project| ("dev.vm.built-for", project);
    Inventory {
        images: vec![
            image(
                "b0000000000000000",
                Some("vm-base:latest"),
                &[],
                None,
                BASE,
                123 * MB,
                300,
            ),
            image(
                "c0000000000000000",
                Some("vm-busybox:latest"),
                &[],
                None,
                &["busybox"],
                2 * MB,
                300,
            ),
            image(
                "c0000000000000001",
                Some("copy-of-busybox:1"),
                &[],
                None,
                &["busybox"],
                2 * MB,
                300,
            ),
            image(
                "a0000000000000000",
                None,
                &[vm],
                Some(("b0000000000000000", BASE)),
                &["apt"],
                423 * MB,
                120,
            ),
            image(
                "5000000000000000a",
                Some("vm-shop:1111111111111111"),
                &[vm, built_for("shop")],
                Some(("a0000000000000000", APT)),
                &["npm-1"],
                611 * MB,
                96,
            ),
            image(
                "5000000000000000b",
                Some("vm-shop:2222222222222222"),
                &[vm, built_for("shop")],
                Some(("a0000000000000000", APT)),
                &["npm-2"],
                640 * MB,
                20,
            ),
            image(
                "b1000000000000000",
                Some("vm-blog:3333333333333333"),
                &[built_for("blog")],
                Some(("b0000000000000000", BASE)),
                &["pip"],
                310 * MB,
                50,
            ),
            image(
                "a1000000000000000",
                Some("vm-api:4444444444444444"),
                &[vm, built_for("api")],
                Some(("b0000000000000000", BASE)),
                &["go"],
                700 * MB,
                30,
            ),
            image(
                "e0000000000000000",
                Some("vm-next:5555555555555555"),
                &[vm, built_for("next")],
                Some(("b0000000000000000", BASE)),
                &["ruby"],
                400 * MB,
                0,
            ),
            image(
                "f0000000000000000",
                None,
                &[vm],
                Some(("b0000000000000000", BASE)),
                &["half-done"],
                180 * MB,
                5,
            ),
            image(
                "d0000000000000000",
                Some("mine:latest"),
                &[vm, built_for("blog")],
                Some(("b0000000000000000", BASE)),
                &["theirs"],
                130 * MB,
                10,
            ),
        ],
        containers: vec![
            ContainerRecord {
                id: "1".to_owned(),
                name: "shop-dev".to_owned(),
                image: "sha256:5000000000000000b".to_owned(),
            },
            ContainerRecord {
                id: "2".to_owned(),
                name: "api-dev".to_owned(),
                image: "sha256:a1000000000000000".to_owned(),
            },
        ],
    }
}

fn rules(project: Option<&str>, older_than: Duration) -> PruneRules {
    PruneRules {
        project: project.map(str::to_owned),
        older_than,
        now: now(),
    }
}

const HOUR: Duration = Duration::from_secs(3600);

#[test]
fn the_prune_plan_names_each_image_its_project_and_size_and_what_removing_them_frees() {
    let plan = PrunePlan::of(engine(), rules(None, HOUR));
    insta::assert_snapshot!("prune_plan", render_prune_plan(&plan));
    // The older shop build's npm layer (611 - 423), blog's pip layer (310 - 123) and the leftover's (180 - 123):
    // the apt stage stays with the newer shop build, the base with everything.
    assert_eq!(plan.frees.bytes, (188 + 187 + 57) * MB);
    assert!(plan.frees.exact);
}

#[test]
fn a_prune_with_nothing_to_remove_says_why_each_image_is_kept() {
    let plan = PrunePlan::of(engine(), rules(Some("next"), HOUR));
    assert_eq!(
        render_prune_plan(&plan),
        "Nothing to prune.\nKept: 1 image built within the last 1h (--older-than).\n"
    );
    let plan = PrunePlan::of(engine(), rules(Some("api"), Duration::ZERO));
    assert_eq!(
        render_prune_plan(&plan),
        "Nothing to prune.\nKept: 1 image in use (by a container, or an image built on it).\n"
    );
}

#[test]
fn images_that_go_together_free_the_layers_they_share() {
    let mut engine = engine();
    engine
        .containers
        .retain(|container| container.name != "shop-dev");
    let plan = PrunePlan::of(engine, rules(Some("shop"), HOUR));
    // Both builds go, and the apt stage under them with them (640 - 123 + 611 - 423).
    assert_eq!(plan.frees.bytes, 705 * MB);
}

const SHOP: &str = r#"{ "project": { "name": "shop" }, "vm": { "inherit_host_network": false }, "apt_packages": ["jq"] }"#;

/// The destroy plan of `shop`, converged, its image `tag`: with `--images`, the image goes unless `users` use it.
fn destroy_with_images(users: &[&str]) -> vm::plan::Plan {
    let config: Config = serde_json::from_str(SHOP).unwrap();
    let graph = compile(&config, &crate::common::stable_host("/home/dev/shop", &[])).unwrap();
    let mut observed = Observed::default();
    for resource in graph.in_apply_order() {
        observed.insert(resource.id.clone(), resource.desired_state());
    }
    let plan = destroy_plan(&graph, &observed);
    destroying_images(plan, |_| {
        users.iter().map(|user| (*user).to_owned()).collect()
    })
}

#[test]
fn destroy_with_images_destroys_the_projects_image_in_its_plan() {
    let plan = destroy_with_images(&[]);
    insta::assert_snapshot!(
        "destroy_with_images",
        render_text(&plan, std::path::Path::new("/home/dev"))
    );
}

#[test]
fn destroy_with_images_keeps_an_image_another_container_uses_and_names_it() {
    let plan = destroy_with_images(&["other-dev"]);
    let image = plan
        .changes
        .iter()
        .find(|change| change.resource.to_string() == "docker_image.shop")
        .unwrap();
    assert_eq!(image.action, Action::Keep);
    assert_eq!(
        image.reason,
        Reason::ImageInUse {
            users: vec!["other-dev".to_owned()]
        }
    );
    let text = render_text(&plan, std::path::Path::new("/home/dev"));
    assert!(
        text.contains("  # docker_image.shop will be kept\n  # (in use by other-dev: vm never removes an image in use)\n"),
        "{text}"
    );
}

#[test]
fn destroy_with_images_shows_the_projects_images_below_the_plan() {
    let mut engine = engine();
    engine
        .containers
        .retain(|container| container.name != "shop-dev");
    let plan = PrunePlan::of(engine, rules(Some("shop"), Duration::ZERO));
    insta::assert_snapshot!("destroy_images_section", render_project_images(&plan));
}
