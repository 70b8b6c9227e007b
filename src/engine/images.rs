//! vm's images: their sizes (`vm status`), and removing them: those no container uses, engine-wide (`vm prune`),
//! and a project's own with its machine (`vm destroy --images`).

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant, SystemTime};

use super::{ApplyInterrupted, Planned, Project};
use crate::error::Error;
use crate::graph::{ResourceId, ResourceKind, ResourceSpec};
use crate::image_cache::{ImageRecord, Inventory, PrunePlan, PruneRules};
use crate::interrupt::{Interrupt, InterruptPolicy};
use crate::plan::{Action, Plan, destroying_images};
use crate::provider::ProviderError;
use crate::provider::docker::{ImageStore, Removal};
use crate::state::{AttributeName, Observed, ResourceState};

/// What removing images reports as it goes, for the caller to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemovalEvent {
    Started {
        image: String,
    },
    Removed {
        image: String,
        elapsed: Duration,
    },
    /// Docker refused, or someone else removed it meanwhile: in its own words.
    Kept {
        image: String,
        why: String,
    },
}

/// `vm prune`'s plan: the engine read once, and what `rules` remove of it.
pub fn plan_prune(rules: PruneRules) -> Result<PrunePlan, Error> {
    Ok(PrunePlan::of(ImageStore::new().inventory()?, rules))
}

/// Removes `images`, one at a time, never forcing: an image a container has started to use since it was read is
/// kept (Docker refuses it), and said so. A signal stops it between two images; `command` is the command to run
/// again. The ids of the images it removed.
pub fn remove_images(
    images: &[&ImageRecord],
    command: &'static str,
    on_event: &mut dyn FnMut(RemovalEvent),
) -> Result<BTreeSet<String>, Error> {
    let _finish_step = Interrupt::policy_while(InterruptPolicy::FinishStep);
    let store = ImageStore::new();
    let mut removed = BTreeSet::new();
    for image in images {
        if Interrupt::requested() {
            return Err(ApplyInterrupted { command }.into());
        }
        let name = image.display_name();
        Interrupt::step_started(&name);
        on_event(RemovalEvent::Started {
            image: name.clone(),
        });
        let started = Instant::now();
        let removal = store.remove(image).map_err(|error| match error {
            ProviderError::Interrupted { .. } => ApplyInterrupted { command }.into(),
            other => Error::from(other),
        })?;
        match removal {
            Removal::Removed => {
                removed.insert(image.id.clone());
                on_event(RemovalEvent::Removed {
                    image: name,
                    elapsed: started.elapsed(),
                });
            }
            Removal::InUse { why } => on_event(RemovalEvent::Kept { image: name, why }),
            Removal::AlreadyGone => on_event(RemovalEvent::Kept {
                image: name,
                why: "it was removed meanwhile".to_owned(),
            }),
        }
    }
    Ok(removed)
}

/// The images `vm destroy --images` removes: all of them, and the ids of those the destroy plan itself removes
/// (the machine's image, a `docker_image` change); the others go after it.
#[derive(Debug, Clone)]
pub struct ProjectImages {
    pub plan: PrunePlan,
    pub in_the_destroy: BTreeSet<String>,
}

impl ProjectImages {
    /// The images to remove once the destroy is done.
    pub fn after_the_destroy(&self) -> Vec<&ImageRecord> {
        self.plan
            .remove
            .iter()
            .map(|(image, _)| image)
            .filter(|image| !self.in_the_destroy.contains(&image.id))
            .collect()
    }
}

impl Project {
    /// `vm destroy --images`, from the destroy plan `planned`: its image change becomes a removal, unless a
    /// container the destroy leaves (or an image built on it) uses the image; with it go the images vm built
    /// earlier for the project that nothing the destroy leaves uses. The project's lock keeps its own applies from
    /// building meanwhile, so every age counts.
    pub fn plan_image_removal(&self, planned: &mut Planned) -> Result<ProjectImages, Error> {
        let mut inventory = match ImageStore::new().inventory() {
            Ok(inventory) => inventory,
            // A Vagrant VM's project need not have Docker: it has no images either.
            Err(ProviderError::CommandNotRun { .. }) if !self.declares_an_image() => {
                Inventory::default()
            }
            Err(error) => return Err(error.into()),
        };
        let leaving: BTreeSet<&str> = planned
            .plan
            .changes
            .iter()
            .filter(|change| change.resource.kind.is_machine() && change.action == Action::Delete)
            .filter_map(|change| planned.observed.identity(&change.resource))
            .collect();
        inventory
            .containers
            .retain(|container| !leaving.contains(container.id.as_str()));
        let children = inventory.children();
        let destroy = std::mem::replace(
            &mut planned.plan,
            Plan {
                changes: Vec::new(),
            },
        );
        planned.plan = destroying_images(destroy, |tag| {
            let Some(image) = inventory.find(tag) else {
                return Vec::new();
            };
            let built_on = children.get(image.id.as_str()).into_iter().flatten();
            inventory
                .users_of(&image.id)
                .into_iter()
                .map(str::to_owned)
                .chain(
                    built_on
                        .filter_map(|id| inventory.image(id))
                        .map(|child| format!("image {}", child.display_name())),
                )
                .collect()
        });
        let in_the_destroy: BTreeSet<String> = planned
            .plan
            .changes
            .iter()
            .filter(|change| {
                change.resource.kind == ResourceKind::DockerImage && change.action == Action::Delete
            })
            .filter_map(|change| change.before(&AttributeName::Tag))
            .filter_map(|tag| inventory.find(tag))
            .map(|image| image.id.clone())
            .collect();
        let plan = PrunePlan::of(
            inventory,
            PruneRules {
                project: Some(self.name().to_owned()),
                older_than: Duration::ZERO,
                now: SystemTime::now(),
            },
        );
        Ok(ProjectImages {
            plan,
            in_the_destroy,
        })
    }

    /// The size of each of the project's images that exists, by resource id, as `docker image ls` shows it.
    pub fn image_sizes(&self, observed: &Observed) -> Result<BTreeMap<ResourceId, u64>, Error> {
        let store = ImageStore::new();
        let mut sizes = BTreeMap::new();
        for resource in self.graph.in_apply_order() {
            if !matches!(resource.spec, ResourceSpec::DockerImage(_)) {
                continue;
            }
            // The image observed may be the machine's, an older build than the declared one.
            let tag = match observed.get(&resource.id) {
                Some(ResourceState::DockerImage(state)) => &state.tag,
                _ => continue,
            };
            if let Some(size) = store.size_of(tag)? {
                sizes.insert(resource.id.clone(), size);
            }
        }
        Ok(sizes)
    }

    fn declares_an_image(&self) -> bool {
        self.graph
            .in_apply_order()
            .iter()
            .any(|resource| matches!(resource.spec, ResourceSpec::DockerImage(_)))
    }
}
