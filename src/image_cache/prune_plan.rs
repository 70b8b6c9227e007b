use std::collections::BTreeSet;
use std::time::{Duration, SystemTime};

use super::{FreedSpace, ImageRecord, Inventory, VmBuild, freed_by, vm_build};

/// Which of vm's images `vm prune` considers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PruneRules {
    /// Only the images built for this project.
    pub project: Option<String>,
    /// Only images built at least this long before `now`: an image a `vm apply` has just built has no container
    /// yet, for a moment.
    pub older_than: Duration,
    pub now: SystemTime,
}

/// What `vm prune` removes, and what it keeps, from one reading of the engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrunePlan {
    pub rules: PruneRules,
    /// The images to remove, oldest first, with the project each was built for where it is known.
    pub remove: Vec<(ImageRecord, VmBuild)>,
    /// vm's images a container uses, or an image built on them.
    pub in_use: Vec<ImageRecord>,
    /// vm's images built within `older_than`.
    pub recent: Vec<ImageRecord>,
    /// What removing `remove` frees.
    pub frees: FreedSpace,
    /// The engine as it was read.
    pub inventory: Inventory,
}

impl PrunePlan {
    /// vm's images (see [`vm_build`]) that no container uses, no image is built on, and that are older than the
    /// rules say; the intermediate images under them go with them. Pure.
    pub fn of(inventory: Inventory, rules: PruneRules) -> PrunePlan {
        let children = inventory.children();
        let built_before = rules
            .now
            .checked_sub(rules.older_than)
            .unwrap_or(SystemTime::UNIX_EPOCH);
        let (mut remove, mut in_use, mut recent) = (Vec::new(), Vec::new(), Vec::new());
        for image in &inventory.images {
            let Some(build) = vm_build(image) else {
                continue;
            };
            if rules
                .project
                .as_ref()
                .is_some_and(|project| build.project.as_ref() != Some(project))
            {
                continue;
            }
            let has_children = children.contains_key(image.id.as_str());
            if has_children && image.tags.is_empty() {
                // An intermediate image: it goes with the images built on it, or stays with them.
                continue;
            }
            if has_children || !inventory.users_of(&image.id).is_empty() {
                in_use.push(image.clone());
            } else if image.created > built_before {
                recent.push(image.clone());
            } else {
                remove.push((image.clone(), build));
            }
        }
        remove.sort_by(|(a, _), (b, _)| a.created.cmp(&b.created).then(a.id.cmp(&b.id)));
        let ids: BTreeSet<&str> = remove.iter().map(|(image, _)| image.id.as_str()).collect();
        let frees = freed_by(&inventory, &ids);
        PrunePlan {
            rules,
            remove,
            in_use,
            recent,
            frees,
            inventory,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.remove.is_empty()
    }

    /// What removing the images `removed` (by id), some of [`PrunePlan::remove`], freed.
    pub fn freed_by_removing(&self, removed: &BTreeSet<&str>) -> FreedSpace {
        freed_by(&self.inventory, removed)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::image_cache::ContainerRecord;

    const HOUR: Duration = Duration::from_secs(3600);

    fn at(hours_ago: u64) -> SystemTime {
        now() - HOUR * hours_ago as u32
    }

    fn now() -> SystemTime {
        humantime::parse_rfc3339("2026-12-03T12:00:00Z").unwrap()
    }

    fn image(
        id: &str,
        tags: &[&str],
        labels: &[(&str, &str)],
        parent: Option<&str>,
        hours_ago: u64,
    ) -> ImageRecord {
        ImageRecord {
            id: id.to_owned(),
            tags: tags.iter().map(|tag| (*tag).to_owned()).collect(),
            parent: parent.map(str::to_owned),
            created: at(hours_ago),
            size: 1000,
            layers: vec![format!("layer-{id}")],
            labels: labels
                .iter()
                .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
                .collect::<BTreeMap<_, _>>(),
        }
    }

    fn engine() -> Inventory {
        let vm = ("dev.vm.built-by", "vm");
        Inventory {
            images: vec![
                image("base", &["vm-base:latest"], &[], None, 100),
                image("busybox-copy", &["foreign:1"], &[], None, 100),
                image(
                    "shop-old",
                    &["vm-shop:0000000000000001"],
                    &[("dev.vm.built-for", "shop"), vm],
                    Some("base"),
                    50,
                ),
                image(
                    "shop-new",
                    &["vm-shop:0000000000000002"],
                    &[("dev.vm.built-for", "shop"), vm],
                    Some("base"),
                    40,
                ),
                image(
                    "blog",
                    &["vm-blog:0000000000000001"],
                    &[("dev.vm.built-for", "blog")],
                    Some("base"),
                    30,
                ),
                image(
                    "stopped",
                    &["vm-app:0000000000000001"],
                    &[("dev.vm.built-for", "app")],
                    Some("base"),
                    30,
                ),
                image(
                    "fresh",
                    &["vm-next:0000000000000001"],
                    &[("dev.vm.built-for", "next"), vm],
                    Some("base"),
                    0,
                ),
                image("left-behind", &[], &[vm], Some("base"), 20),
                image("intermediate", &[], &[vm], Some("base"), 20),
                image(
                    "on-top",
                    &["vm-top:0000000000000001"],
                    &[("dev.vm.built-for", "top"), vm],
                    Some("intermediate"),
                    20,
                ),
                image(
                    "built-on",
                    &["vm-lib:0000000000000001"],
                    &[("dev.vm.built-for", "lib")],
                    Some("base"),
                    20,
                ),
                image(
                    "theirs",
                    &["mine:1"],
                    &[("dev.vm.built-for", "lib")],
                    Some("built-on"),
                    20,
                ),
            ],
            containers: vec![
                ContainerRecord {
                    id: "c1".to_owned(),
                    name: "shop-dev".to_owned(),
                    image: "shop-new".to_owned(),
                },
                ContainerRecord {
                    id: "c2".to_owned(),
                    name: "stopped-one".to_owned(),
                    image: "stopped".to_owned(),
                },
            ],
        }
    }

    fn names(images: &[&ImageRecord]) -> Vec<String> {
        images.iter().map(|image| image.display_name()).collect()
    }

    #[test]
    fn unused_images_of_vm_are_removed_and_every_other_image_is_kept() {
        let plan = PrunePlan::of(
            engine(),
            PruneRules {
                project: None,
                older_than: HOUR,
                now: now(),
            },
        );
        let removed: Vec<&ImageRecord> = plan.remove.iter().map(|(image, _)| image).collect();
        assert_eq!(
            names(&removed),
            [
                "vm-shop:0000000000000001",
                "vm-blog:0000000000000001",
                "<untagged> left-behind",
                "vm-top:0000000000000001"
            ]
        );
        assert_eq!(
            plan.remove
                .iter()
                .map(|(_, build)| build.project.as_deref())
                .collect::<Vec<_>>(),
            [Some("shop"), Some("blog"), None, Some("top")]
        );
        assert_eq!(
            names(&plan.in_use.iter().collect::<Vec<_>>()),
            [
                "vm-shop:0000000000000002",
                "vm-app:0000000000000001",
                "vm-lib:0000000000000001"
            ]
        );
        assert_eq!(
            names(&plan.recent.iter().collect::<Vec<_>>()),
            ["vm-next:0000000000000001"]
        );
        // Each removed image's own layer, and that of the intermediate image under vm-top, which goes with it.
        assert_eq!(
            plan.frees,
            FreedSpace {
                bytes: 5000,
                exact: true
            }
        );
    }

    #[test]
    fn a_project_and_an_age_narrow_what_is_removed() {
        let rules = |project: Option<&str>, older_than| PruneRules {
            project: project.map(str::to_owned),
            older_than,
            now: now(),
        };
        let removed = |rules| -> Vec<String> {
            PrunePlan::of(engine(), rules)
                .remove
                .iter()
                .map(|(image, _)| image.display_name())
                .collect()
        };
        assert_eq!(
            removed(rules(Some("shop"), HOUR)),
            ["vm-shop:0000000000000001"]
        );
        assert_eq!(removed(rules(Some("next"), HOUR)), Vec::<String>::new());
        assert_eq!(
            removed(rules(Some("next"), Duration::ZERO)),
            ["vm-next:0000000000000001"]
        );
        assert_eq!(
            removed(rules(None, HOUR * 45)),
            ["vm-shop:0000000000000001"]
        );
    }
}
