//! A provider with no world behind it but a map: it records what apply asks of it, can fail on one resource, and
//! shows the next plan what it made. The engine's walk is checked with it without Docker.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use vm::graph::{Resource, ResourceGraph, ResourceId};
use vm::plan::{Action, Change, Mutability};
use vm::provider::{Provider, ProviderError, StepProgress};
use vm::state::{AttributeName, Observed, ResourceState};

#[derive(Debug, Default)]
pub struct World {
    pub resources: BTreeMap<ResourceId, ResourceState>,
    /// `<action> <resource id>`, in the order apply asked.
    pub calls: Vec<String>,
    /// The resource whose change fails.
    pub failing: Option<ResourceId>,
    /// What each change's tool prints, after saying what it does: none by default.
    pub prints: Vec<String>,
}

/// Shares its world with the test, which arranges it and reads it afterwards.
#[derive(Debug, Clone, Default)]
pub struct FakeProvider {
    pub world: Arc<Mutex<World>>,
}

impl FakeProvider {
    pub fn fail_on(&self, id: &str) {
        self.world.lock().unwrap().failing = Some(ResourceId::parse(id).unwrap());
    }

    pub fn calls(&self) -> Vec<String> {
        self.world.lock().unwrap().calls.clone()
    }
}

impl Provider for FakeProvider {
    fn observe(&self, _graph: &ResourceGraph) -> Result<Observed, ProviderError> {
        let mut observed = Observed::default();
        for (id, state) in &self.world.lock().unwrap().resources {
            observed.insert(id.clone(), state.clone());
        }
        Ok(observed)
    }

    /// Memory changes in place; anything else is made again.
    fn mutability(&self, attribute: &AttributeName, _before: &ResourceState) -> Mutability {
        match attribute {
            AttributeName::Memory => Mutability::InPlace,
            _ => Mutability::Replace,
        }
    }

    fn execute(
        &self,
        change: &Change,
        resource: Option<&Resource>,
        progress: &mut dyn FnMut(StepProgress<'_>),
    ) -> Result<(), ProviderError> {
        let mut world = self.world.lock().unwrap();
        world
            .calls
            .push(format!("{:?} {}", change.action, change.resource));
        if !world.prints.is_empty() {
            progress(StepProgress::doing(format!(
                "working on {}",
                change.resource
            )));
            world
                .prints
                .iter()
                .for_each(|line| progress(StepProgress::Output(line)));
        }
        if world.failing.as_ref() == Some(&change.resource) {
            return Err(ProviderError::CommandFailed {
                command: format!("fake {}", change.resource),
                code: "1".to_owned(),
                stderr: "injected failure".to_owned(),
            });
        }
        match (change.action, resource) {
            (Action::Create | Action::Replace | Action::Update, Some(resource)) => {
                world
                    .resources
                    .insert(change.resource.clone(), resource.desired_state());
            }
            (Action::Delete, _) => {
                world.resources.remove(&change.resource);
            }
            _ => {}
        }
        Ok(())
    }
}
