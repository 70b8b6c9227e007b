use std::collections::BTreeMap;

use petgraph::algo::toposort;
use petgraph::graph::{DiGraph, NodeIndex};

use super::{Resource, ResourceId};

/// Resources as nodes, "needs" as edges from the needed resource to the one that needs it.
#[derive(Debug, Default, Clone)]
pub struct ResourceGraph {
    graph: DiGraph<Resource, ()>,
    index: BTreeMap<ResourceId, NodeIndex>,
    /// What the configuration asks for that this machine will not have (a device, a backup), and why: the plan
    /// warns of each.
    notes: Vec<String>,
}

impl ResourceGraph {
    pub fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    pub fn add(&mut self, resource: Resource) -> ResourceId {
        let id = resource.id.clone();
        let node = self.graph.add_node(resource);
        self.index.insert(id.clone(), node);
        id
    }

    /// Records that `dependent` needs `dependency`: apply makes `dependency` first, destroy removes it last.
    pub fn needs(&mut self, dependent: &ResourceId, dependency: &ResourceId) {
        self.graph
            .add_edge(self.index[dependency], self.index[dependent], ());
    }

    pub fn get(&self, id: &ResourceId) -> Option<&Resource> {
        self.index.get(id).map(|&node| &self.graph[node])
    }

    pub fn contains(&self, id: &ResourceId) -> bool {
        self.index.contains_key(id)
    }

    /// The resources a resource needs, directly.
    pub fn dependencies(&self, id: &ResourceId) -> Vec<&ResourceId> {
        let mut dependencies: Vec<&ResourceId> = self
            .graph
            .neighbors_directed(self.index[id], petgraph::Direction::Incoming)
            .map(|node| &self.graph[node].id)
            .collect();
        dependencies.sort();
        dependencies
    }

    /// Every resource after all it needs: by depth in the graph, then by id, so the order is stable.
    pub fn in_apply_order(&self) -> Vec<&Resource> {
        let order = toposort(&self.graph, None).expect("compile never makes a cycle");
        let mut placed: BTreeMap<NodeIndex, usize> = BTreeMap::new();
        for node in &order {
            let depth = self
                .graph
                .neighbors_directed(*node, petgraph::Direction::Incoming)
                .map(|dependency| placed[&dependency] + 1)
                .max()
                .unwrap_or(0);
            placed.insert(*node, depth);
        }
        let mut ordered: Vec<(usize, &Resource)> = placed
            .into_iter()
            .map(|(node, depth)| (depth, &self.graph[node]))
            .collect();
        ordered.sort_by(|(depth_a, a), (depth_b, b)| depth_a.cmp(depth_b).then(a.id.cmp(&b.id)));
        ordered.into_iter().map(|(_, resource)| resource).collect()
    }

    pub fn len(&self) -> usize {
        self.graph.node_count()
    }

    pub fn is_empty(&self) -> bool {
        self.graph.node_count() == 0
    }
}
