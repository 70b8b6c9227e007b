use std::collections::BTreeMap;
use std::sync::Arc;

use super::{Provider, ProviderError, StepProgress};
use crate::graph::{Resource, ResourceGraph, ResourceId, ResourceKind};
use crate::plan::{Change, ChangeRules, Mutability};
use crate::state::{AttributeName, Observed, ResourceState};

/// The providers of a project, each with the resource kinds it owns; a kind has at most one.
#[derive(Debug, Clone, Default)]
pub struct Providers {
    providers: Vec<Arc<dyn Provider>>,
    by_kind: BTreeMap<ResourceKind, usize>,
}

impl Providers {
    /// Adds `provider` as the owner of `kinds`.
    pub fn register(mut self, provider: impl Provider + 'static, kinds: &[ResourceKind]) -> Self {
        self.providers.push(Arc::new(provider));
        for kind in kinds {
            let previous = self.by_kind.insert(*kind, self.providers.len() - 1);
            assert!(previous.is_none(), "{kind:?} has two providers");
        }
        self
    }

    /// The provider that owns `kind`; a kind without one is a configuration vm cannot run yet.
    pub fn for_kind(&self, kind: ResourceKind) -> Result<&dyn Provider, ProviderError> {
        self.by_kind
            .get(&kind)
            .map(|&index| self.providers[index].as_ref())
            .ok_or(ProviderError::ProviderUnavailable {
                provider: kind.as_str(),
            })
    }

    /// What exists now: every provider observes in one batch of its own, all of them at once.
    pub fn observe(&self, graph: &ResourceGraph) -> Result<Observed, ProviderError> {
        for resource in graph.in_apply_order() {
            self.for_kind(resource.id.kind)?;
        }
        let results: Vec<Result<Observed, ProviderError>> = std::thread::scope(|scope| {
            let running: Vec<_> = self
                .providers
                .iter()
                .map(|provider| scope.spawn(|| provider.observe(graph)))
                .collect();
            running
                .into_iter()
                .map(|handle| handle.join().expect("observing does not panic"))
                .collect()
        });
        // Each kind is what its own provider found: a machine of the other provider (the project switched) may
        // still hold records of what is inside it, which are no longer this kind's.
        let mut observed = Observed::default();
        for (index, result) in results.into_iter().enumerate() {
            let mut found = result?;
            found.retain_kinds(|kind| self.by_kind.get(&kind) == Some(&index));
            observed.extend(found);
        }
        Ok(observed)
    }

    pub fn execute(
        &self,
        change: &Change,
        resource: Option<&Resource>,
        progress: &mut dyn FnMut(StepProgress<'_>),
    ) -> Result<(), ProviderError> {
        self.for_kind(change.resource.kind)?
            .execute(change, resource, progress)
    }

    /// Every provider's check of what would stop an apply halfway.
    pub fn preflight(&self, graph: &ResourceGraph, observed: &Observed) -> Vec<ProviderError> {
        self.providers
            .iter()
            .flat_map(|provider| provider.preflight(graph, observed))
            .collect()
    }

    /// Every provider's own check of the resources it would make.
    pub fn validate(&self, graph: &ResourceGraph) -> Result<(), ProviderError> {
        self.providers
            .iter()
            .try_for_each(|provider| provider.validate(graph))
    }
}

impl ChangeRules for Providers {
    fn mutability(
        &self,
        resource: &ResourceId,
        attribute: &AttributeName,
        before: &ResourceState,
    ) -> Mutability {
        match self.for_kind(resource.kind) {
            Ok(provider) => provider.mutability(attribute, before),
            Err(_) => Mutability::Replace,
        }
    }
}
