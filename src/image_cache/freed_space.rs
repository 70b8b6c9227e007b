use std::collections::{BTreeSet, HashMap, HashSet};

use super::Inventory;

/// What removing some images frees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FreedSpace {
    pub bytes: u64,
    /// False where some of it could not be measured (see [`freed_by`]): then `bytes` is what surely goes.
    pub exact: bool,
}

/// The bytes removing the images `removed` (by id) frees: the layers no image that stays holds. Docker removes,
/// with each image, the untagged images under it that nothing else needs (its build's intermediate images), so
/// their layers count; layers shared with an image that stays (the base, another build's cached stages) do not.
///
/// Docker gives no layer's size, only each image's total, so a run of layers is measured as the difference between
/// the totals of two images, one built on the other. The legacy builder, which vm's builds use, makes an image of
/// every step, so two images part only where one of them ends: each run is held whole or not at all. Where images
/// part inside a run (BuildKit's, pulled ones), its layers cannot be told apart: it counts as kept, and the result
/// is a lower bound.
pub fn freed_by(inventory: &Inventory, removed: &BTreeSet<&str>) -> FreedSpace {
    let gone = gone_with(inventory, removed);
    let mut chains = LayerChains::default();
    let image_chains: Vec<Vec<usize>> = inventory
        .images
        .iter()
        .map(|image| chains.chain_of(&image.layers))
        .collect();
    // The size of every layer up to a link, where an image ends there.
    let mut total_up_to: HashMap<usize, u64> = HashMap::new();
    for (image, chain) in inventory.images.iter().zip(&image_chains) {
        if let Some(end) = chain.last() {
            total_up_to.entry(*end).or_insert(image.size);
        }
    }
    let mut holders: HashMap<usize, usize> = HashMap::new();
    let mut held_by_kept = HashSet::new();
    let mut held_by_gone = HashSet::new();
    // Each run of layers by the link it ends at: its size, and its first link.
    let mut runs: HashMap<usize, (u64, usize)> = HashMap::new();
    for (image, chain) in inventory.images.iter().zip(&image_chains) {
        let (mut below, mut first) = (0, None);
        for &link in chain {
            *holders.entry(link).or_default() += 1;
            if gone.contains(image.id.as_str()) {
                held_by_gone.insert(link);
            } else {
                held_by_kept.insert(link);
            }
            let first_link = *first.get_or_insert(link);
            if let Some(&total) = total_up_to.get(&link) {
                runs.insert(link, (total.saturating_sub(below), first_link));
                (below, first) = (total, None);
            }
        }
    }
    let mut freed = FreedSpace {
        bytes: 0,
        exact: true,
    };
    for (end, (size, first)) in runs {
        if !held_by_gone.contains(&end) || held_by_kept.contains(&end) {
            continue;
        }
        // Some of the run goes; all of it, where every image holding its first layer holds the whole run.
        if !held_by_kept.contains(&first) && holders[&first] == holders[&end] {
            freed.bytes += size;
        } else {
            freed.exact = false;
        }
    }
    freed
}

/// `removed`, and the untagged images Docker removes with them: those whose every child goes and that no
/// container uses.
fn gone_with<'a>(inventory: &'a Inventory, removed: &BTreeSet<&'a str>) -> HashSet<&'a str> {
    let children = inventory.children();
    let mut gone: HashSet<&str> = removed.iter().copied().collect();
    loop {
        let follows: Vec<&str> = inventory
            .images
            .iter()
            .filter(|image| !gone.contains(image.id.as_str()) && image.tags.is_empty())
            .filter(|image| inventory.users_of(&image.id).is_empty())
            .filter(|image| {
                children
                    .get(image.id.as_str())
                    .is_some_and(|kids| kids.iter().all(|kid| gone.contains(kid)))
            })
            .map(|image| image.id.as_str())
            .collect();
        if follows.is_empty() {
            return gone;
        }
        gone.extend(follows);
    }
}

/// Each distinct run of layers from the bottom (a chain, as Docker's chain ids name them) as a number.
#[derive(Default)]
struct LayerChains<'a> {
    numbers: HashMap<(Option<usize>, &'a str), usize>,
}

impl<'a> LayerChains<'a> {
    /// The number of each chain from the bottom layer up to each of `layers`.
    fn chain_of(&mut self, layers: &'a [String]) -> Vec<usize> {
        let mut below = None;
        layers
            .iter()
            .map(|layer| {
                let next = self.numbers.len();
                let number = *self.numbers.entry((below, layer.as_str())).or_insert(next);
                below = Some(number);
                number
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

    use super::*;
    use crate::image_cache::{ContainerRecord, ImageRecord};

    const MB: u64 = 1_000_000;

    fn image(
        id: &str,
        tag: Option<&str>,
        parent: Option<&str>,
        layers: &[&str],
        size: u64,
    ) -> ImageRecord {
        ImageRecord {
            id: id.to_owned(),
            tags: tag.map(str::to_owned).into_iter().collect(),
            parent: parent.map(str::to_owned),
            created: SystemTime::UNIX_EPOCH,
            size,
            layers: layers.iter().map(|layer| (*layer).to_owned()).collect(),
            labels: Default::default(),
        }
    }

    /// A base of two layers (100 MB), and two project images built on it by the legacy builder, sharing an apt
    /// stage (200 MB): `shop` adds 50 MB of npm, `blog` 30 MB of pip. Each build's last step (its label) adds no
    /// layer.
    fn engine() -> Inventory {
        Inventory {
            images: vec![
                image(
                    "base",
                    Some("vm-base:latest"),
                    None,
                    &["b1", "b2"],
                    100 * MB,
                ),
                image("apt", None, Some("base"), &["b1", "b2", "apt"], 300 * MB),
                image(
                    "shop-npm",
                    None,
                    Some("apt"),
                    &["b1", "b2", "apt", "npm"],
                    350 * MB,
                ),
                image(
                    "shop",
                    Some("vm-shop:0123456789abcdef"),
                    Some("shop-npm"),
                    &["b1", "b2", "apt", "npm"],
                    350 * MB,
                ),
                image(
                    "blog-pip",
                    None,
                    Some("apt"),
                    &["b1", "b2", "apt", "pip"],
                    330 * MB,
                ),
                image(
                    "blog",
                    Some("vm-blog:0123456789abcdef"),
                    Some("blog-pip"),
                    &["b1", "b2", "apt", "pip"],
                    330 * MB,
                ),
            ],
            containers: Vec::new(),
        }
    }

    fn freed(inventory: &Inventory, removed: &[&str]) -> u64 {
        let freed = freed_by(inventory, &removed.iter().copied().collect());
        assert!(freed.exact);
        freed.bytes
    }

    #[test]
    fn one_image_frees_only_the_layers_it_alone_holds() {
        assert_eq!(freed(&engine(), &["shop"]), 50 * MB);
        assert_eq!(freed(&engine(), &["blog"]), 30 * MB);
    }

    #[test]
    fn images_that_go_together_free_the_layers_they_share_too_but_never_the_base() {
        assert_eq!(freed(&engine(), &["shop", "blog"]), 280 * MB);
    }

    #[test]
    fn a_container_on_an_intermediate_image_keeps_its_layers() {
        let mut inventory = engine();
        inventory.containers.push(ContainerRecord {
            id: "c".to_owned(),
            name: "debug".to_owned(),
            image: "apt".to_owned(),
        });
        assert_eq!(freed(&inventory, &["shop", "blog"]), 80 * MB);
    }

    #[test]
    fn a_left_behind_layer_frees_what_it_adds() {
        let mut inventory = engine();
        inventory.images.push(image(
            "failed",
            None,
            Some("apt"),
            &["b1", "b2", "apt", "cargo"],
            700 * MB,
        ));
        assert_eq!(freed(&inventory, &["failed"]), 400 * MB);
    }

    #[test]
    fn images_that_part_where_no_image_ends_count_what_surely_goes() {
        // As BuildKit builds: no intermediate images; the two part after "x", where no image ends.
        let inventory = Inventory {
            images: vec![
                image("base", Some("vm-base:latest"), None, &["b1"], 100 * MB),
                image(
                    "one",
                    Some("vm-a:0123456789abcdef"),
                    None,
                    &["b1", "x", "y"],
                    400 * MB,
                ),
                image(
                    "two",
                    Some("vm-a:fedcba9876543210"),
                    None,
                    &["b1", "x", "z"],
                    450 * MB,
                ),
                image(
                    "three",
                    Some("vm-c:0123456789abcdef"),
                    None,
                    &["b1", "w"],
                    120 * MB,
                ),
            ],
            containers: Vec::new(),
        };
        let freed = |removed: &[&str]| freed_by(&inventory, &removed.iter().copied().collect());
        assert_eq!(
            freed(&["one"]),
            FreedSpace {
                bytes: 0,
                exact: false
            }
        );
        assert_eq!(
            freed(&["one", "three"]),
            FreedSpace {
                bytes: 20 * MB,
                exact: false
            }
        );
        assert_eq!(
            freed(&["three"]),
            FreedSpace {
                bytes: 20 * MB,
                exact: true
            }
        );
    }
}
